"""After a reference load: the data's as-of date, app_meta stamps, import batches and audit."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction
from rePlanner.io.refdata_csv import RefFile
from rePlanner.persistence import models as m
from rePlanner.persistence.base import utcnow
from rePlanner.services.refdata_records import REF, table_of
from rePlanner.services.refdata_summary import RefdataSummary

AS_OF_KEY, LOADED_AT_KEY = "refdata_as_of", "refdata_loaded_at"


def stamp(s: Session, files: list[RefFile], summary: RefdataSummary, who: str) -> date | None:
    """Record the load (as-of date, time, one import batch per file, one audit entry per
    table) and return the as-of date."""
    as_of = data_as_of(s)
    if as_of is not None:
        t = table_of(m.PolicyMeasure)
        stale = (t.c.as_of.is_(None)) | (t.c.as_of != as_of)
        s.execute(update(t).where(t.c.origin == REF, stale).values(as_of=as_of))
        set_meta(s, AS_OF_KEY, as_of.isoformat())
    set_meta(s, LOADED_AT_KEY, utcnow().isoformat(timespec="seconds"))
    _import_batches(s, files, who)
    _audit(s, summary, who)
    return as_of


def data_as_of(s: Session) -> date | None:
    """The files carry no compile date and their timestamps record copying, not research, so
    the data's own clock is used: the newest dated event among the reference measures
    (announced, effective or suspended from; 'suspended until' and 'ends' are future ends,
    not news). With the shipped files that is 2025-11-09, MOFCOM's suspension of EC05
    clause 2."""
    t = m.PolicyMeasure
    query = select(t.date_announced, t.date_effective, t.suspended_from).where(t.origin == REF)
    days = [d for row in s.execute(query) for d in row if d is not None]
    return max(days, default=None)


def set_meta(s: Session, key: str, value: str) -> None:
    row = s.get(m.AppMeta, key)
    if row is None:
        s.add(m.AppMeta(key=key, value=value))
    else:
        row.value = value
    s.flush()


def _import_batches(s: Session, files: list[RefFile], who: str) -> None:
    batches = [
        {
            "kind": "refdata",
            "file_name": str(f.path),
            "file_sha256": f.sha256,
            "imported_by": who,
            "row_count": len(f.rows),
            "message": f"{f.kind}: {len(f.rows)} rows loaded, {len(f.skipped)} skipped",
        }
        for f in files
    ]
    if batches:
        s.execute(insert(m.ImportBatch), batches)


def _audit(s: Session, summary: RefdataSummary, who: str) -> None:
    """A bulk load writes no per-row audit: one BULK entry per table says what it did."""
    names = ", ".join(summary.files)
    entries = [
        {
            "user": who,
            "action": AuditAction.BULK,
            "entity": table,
            "summary": f"reference data from {names}: "
            + ", ".join(f"{n} {what}" for what, n in asdict(c).items() if n),
            "changes": asdict(c),
        }
        for table, c in summary.tables.items()
    ]
    if entries:
        s.execute(insert(m.AuditEntry), entries)
