"""Reference data (materials, export controls, quotas, shares, alternatives) in the database.

Reference rows carry origin=REFERENCE and a refresh touches only those: user rows are never
modified or deleted, and a reference row that user data still refers to is kept and reported.
Files are parsed completely before the one transaction starts, so a bad file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction, MeasureKind, Origin, SourceKind, SourceStatus
from rePlanner.domain.errors import DataFileError
from rePlanner.io.refdata_csv import RefFile, Row, SkippedRow, read_refdata_csv, read_refdata_folder
from rePlanner.paths import refdata_dir
from rePlanner.persistence import models as m
from rePlanner.persistence.base import utcnow
from rePlanner.persistence.database import Database
from rePlanner.services.session import current_user
from rePlanner.services.usage import blocking_references

REF = Origin.REFERENCE
_DERIVATION = "[derivation] "
_TRACKED: dict[str, Any] = {"market_share": m.MarketShare, "part_content": m.PartContentReference}


@dataclass
class TableCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: int = 0  # reference rows gone from the file but still used: not deleted
    user_owned: int = 0  # file rows whose key a user row holds: not written


@dataclass(frozen=True)
class KeptRow:
    table: str
    key: str
    reason: str


@dataclass
class RefdataSummary:
    tables: dict[str, TableCounts] = field(default_factory=dict)
    skipped: list[SkippedRow] = field(default_factory=list)
    kept: list[KeptRow] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    as_of: date | None = None

    def counts(self, table: str) -> TableCounts:
        return self.tables.setdefault(table, TableCounts())


def seed_reference(
    db: Database, user: str | None = None, folder: Path | str | None = None
) -> RefdataSummary:
    """Load every shipped reference file; on a database that has them already, it refreshes."""
    return _load(db, read_refdata_folder(folder or refdata_dir()), user)


def update_reference(db: Database, path: Path | str, user: str | None = None) -> RefdataSummary:
    """Refresh from one CSV (recognised by its header) or a folder of them, all or nothing."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(str(path), "no such file or folder")
    files = read_refdata_folder(path) if path.is_dir() else [read_refdata_csv(path)]
    return _load(db, files, user)


def reference_as_of(db: Database) -> date | None:
    with db.session(current_user(), audit=False) as s:
        value = s.get(m.AppMeta, "refdata_as_of")
        return date.fromisoformat(value.value) if value and value.value else None


def reference_counts(db: Database) -> dict[str, int]:
    """Reference rows per table (market shares and part content: the rows this loader owns)."""
    with db.session(current_user(), audit=False) as s:
        out: dict[str, int] = {}
        with_origin: tuple[Any, ...] = (
            m.Material,
            m.PolicyMeasure,
            m.QuotaBatch,
            m.AlternativeSource,
        )
        for model in with_origin:
            query = select(func.count()).select_from(model).where(model.origin == REF)
            out[model.__tablename__] = s.scalar(query) or 0
        ref_measures = select(m.PolicyMeasure.id).where(m.PolicyMeasure.origin == REF)
        query = select(func.count()).where(m.MeasureMaterial.measure_id.in_(ref_measures))
        out["measure_materials"] = s.scalar(query) or 0
        for model in _TRACKED.values():
            ids = [int(i) for i in _meta_json(s, f"refdata_ids:{model.__tablename__}")]
            query = select(func.count()).select_from(model).where(model.id.in_(ids))
            out[model.__tablename__] = s.scalar(query) or 0
        return out


def _load(db: Database, files: list[RefFile], user: str | None) -> RefdataSummary:
    if not files:
        raise DataFileError("reference data", "no CSV files to load")
    who = user or current_user()
    summary = RefdataSummary(files=[f.name for f in files])
    summary.skipped = [row for f in files for row in f.skipped]
    with db.session(who, audit=False) as s:
        loader = _Loader(s, {f.kind: f for f in files}, summary)
        loader.run()
        summary.as_of = _stamp(s, files, summary, who)
    return summary


class _Loader:
    """One refresh inside one session; each file kind owns the columns it fills."""

    def __init__(self, session: Session, files: dict[str, RefFile], summary: RefdataSummary):
        self.s, self.files, self.summary = session, files, summary
        self.doomed: dict[str, list[Any]] = {}  # reference rows gone from their file

    def run(self) -> None:
        if "materials" in self.files:
            self._materials()
        if {"export_controls", "measures_structured"} & self.files.keys():
            self._measures()
        if "quotas" in self.files:
            rows = [_plain(r) for r in self.files["quotas"].rows]
            self.doomed["quota_batches"] = self._upsert(
                m.QuotaBatch, ("year", "batch", "kind"), rows
            )
        if {"alt_producers", "alt_producers_materials"} & self.files.keys():
            self._alternatives()
        for kind, model in _TRACKED.items():
            if kind in self.files:
                self._replace_tracked(model, self.files[kind])
        self._delete_doomed()

    # --- generic upsert by natural key -------------------------------------------------

    def _upsert(
        self, model: Any, key: tuple[str, ...], records: list[Row], on_insert: Row | None = None
    ) -> list[Any]:
        """Insert new keys, update changed REFERENCE rows; return REFERENCE rows not in records."""
        table = _table(model)
        counts = self.summary.counts(table.name)
        existing: dict[tuple[Any, ...], Any] = {}
        for row in self.s.execute(select(table)).mappings():
            k = tuple(row[c] for c in key)
            if k not in existing or row["origin"] == REF:  # no unique key: prefer ours
                existing[k] = row
        inserts = []
        for rec in records:
            old = existing.get(tuple(rec[c] for c in key))
            if old is None:
                inserts.append({**(on_insert or {}), **rec, "origin": REF})
            elif old["origin"] != REF:
                counts.user_owned += 1
            elif changes := {c: v for c, v in rec.items() if old[c] != v}:
                self.s.execute(update(table).where(table.c.id == old["id"]).values(**changes))
                counts.updated += 1
            else:
                counts.unchanged += 1
        if inserts:
            self.s.execute(insert(table), _uniform(inserts))
            counts.inserted += len(inserts)
        wanted = {tuple(rec[c] for c in key) for rec in records}
        return [r for k, r in existing.items() if r["origin"] == REF and k not in wanted]

    # --- per file kind ------------------------------------------------------------------

    def _materials(self) -> None:
        rows = [
            {**_plain(r, "derivation"), "notes": r["derivation"]}
            for r in self.files["materials"].rows
        ]
        self.doomed["materials"] = self._upsert(m.Material, ("element", "stage"), rows)

    def _measures(self) -> None:
        raw, structured = self.files.get("export_controls"), self.files.get("measures_structured")
        table = _table(m.PolicyMeasure)
        existing = {r["code"]: r for r in self.s.execute(select(table)).mappings()}
        raw_rows = {r["code"]: r for r in raw.rows} if raw else {}
        st_rows = {r["code"]: r for r in structured.rows} if structured else {}
        records = []
        for code in [*raw_rows, *(c for c in st_rows if c not in raw_rows)]:
            r, t, old = raw_rows.get(code), st_rows.get(code), existing.get(code)
            if r is None and old is None and structured and t:
                self.summary.skipped.append(
                    SkippedRow(structured.name, t["_row"], f"no export_controls row {code}")
                )
                st_rows.pop(code)
                continue
            records.append(_measure_record(code, r, t, old))
        missing = self._upsert(m.PolicyMeasure, ("code",), records)
        if raw:  # the raw file decides which measures exist
            self.doomed["policy_measures"] = missing
        if structured:
            self._link_materials(structured, st_rows)

    def _link_materials(self, structured: RefFile, st_rows: dict[str, Row]) -> None:
        counts = self.summary.counts("measure_materials")
        query = select(m.PolicyMeasure.code, m.PolicyMeasure.id).where(
            m.PolicyMeasure.origin == REF
        )
        ids: dict[str, int] = {code: mid for code, mid in self.s.execute(query)}
        for code, row in st_rows.items():
            if code not in ids:
                continue  # held by a user measure: not ours to relink
            new = {self._material_id(structured, row, k, "materials") for k in row["materials"]}
            link = _table(m.MeasureMaterial)
            old = set(
                self.s.scalars(select(link.c.material_id).where(link.c.measure_id == ids[code]))
            )
            if old - new:
                self.s.execute(
                    delete(link).where(
                        link.c.measure_id == ids[code], link.c.material_id.in_(old - new)
                    )
                )
            if new - old:
                rows = [{"measure_id": ids[code], "material_id": mid} for mid in new - old]
                self.s.execute(insert(link), rows)
            counts.inserted += len(new - old)
            counts.deleted += len(old - new)
            counts.unchanged += len(old & new)

    def _material_id(self, file: RefFile, row: Row, key: tuple[str, Any], column: str) -> int:
        mid = self.s.scalar(
            select(m.Material.id).where(m.Material.element == key[0], m.Material.stage == key[1])
        )
        if mid is None:
            raise DataFileError(
                file.name,
                "no material with this element and stage",
                row=row["_row"],
                column=column,
                value=f"{key[0]}:{key[1].value}",
            )
        return mid

    def _alternatives(self) -> None:
        raw, mapping = self.files.get("alt_producers"), self.files.get("alt_producers_materials")
        table = _table(m.AlternativeSource)
        material_for: dict[tuple[Any, Any], int] = {}
        if mapping:
            for row in mapping.rows:
                mid = self._material_id(mapping, row, (row["element"], row["stage"]), "element")
                material_for[(row["name"], row["location"])] = mid
        if raw:
            records = [_alternative_record(r) for r in raw.rows]
        else:  # mapping only: re-point the reference alternatives we have
            query = select(table.c.name, table.c.location).where(table.c.origin == REF)
            records = [{"name": n, "location": loc} for n, loc in self.s.execute(query)]
        if mapping:
            for rec in records:
                rec["material_id"] = material_for.get((rec["name"], rec["location"]))
            known = {(rec["name"], rec["location"]) for rec in records}
            self.summary.skipped += [
                SkippedRow(mapping.name, r["_row"], "no alternative with this company and location")
                for r in mapping.rows
                if (r["name"], r["location"]) not in known
            ]
        on_insert = {"kind": SourceKind.SUPPLIER, "status": SourceStatus.CANDIDATE}
        missing = self._upsert(m.AlternativeSource, ("name", "location"), records, on_insert)
        if raw:
            self.doomed["alternative_sources"] = missing

    def _replace_tracked(self, model: Any, file: RefFile) -> None:
        """Tables without an origin column: replace the rows this loader inserted last time,
        unless someone has edited them since (their fingerprint no longer matches)."""
        table = _table(model)
        counts, meta_key = self.summary.counts(table.name), f"refdata_ids:{table.name}"
        cols = [c.name for c in table.columns if c.name != "id"]
        tracked = {int(k): v for k, v in _meta_json(self.s, meta_key).items()}
        current = {
            r["id"]: _fingerprint(r, cols)
            for r in self.s.execute(select(table).where(table.c.id.in_(tracked))).mappings()
        }
        ours = [i for i, fp in current.items() if fp == tracked[i]]
        for i in current.keys() - set(ours):
            self.summary.kept.append(KeptRow(table.name, f"#{i}", "edited since it was loaded"))
            counts.kept += 1
        records = [{c: r.get(c) for c in cols} for r in file.rows]
        if Counter(tracked[i] for i in ours) == Counter(_fingerprint(r, cols) for r in records):
            counts.unchanged += len(ours)
            _set_meta(self.s, meta_key, json.dumps({str(i): tracked[i] for i in ours}))
            return
        if ours:
            self.s.execute(delete(table).where(table.c.id.in_(ours)))
        new_ids = self.s.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), records
        ).all()
        fps = {str(i): _fingerprint(r, cols) for i, r in zip(new_ids, records, strict=True)}
        _set_meta(self.s, meta_key, json.dumps(fps))
        counts.deleted += len(ours)
        counts.inserted += len(records)

    def _delete_doomed(self) -> None:
        """Delete reference rows that left their file, unless something still uses them."""
        for name in ("alternative_sources", "policy_measures", "quota_batches", "materials"):
            rows = self.doomed.get(name, [])
            table = m.Base.metadata.tables[name]
            counts = self.summary.counts(name)
            for row in rows:
                reason = self._still_used(name, table, row)
                if reason:
                    self.summary.kept.append(KeptRow(name, _describe(name, row), reason))
                    counts.kept += 1
                else:
                    self.s.execute(delete(table).where(table.c.id == row["id"]))
                    counts.deleted += 1

    def _still_used(self, name: str, table: Table, row: Any) -> str | None:
        if name == "alternative_sources":
            worked_on = (
                row["status"] != SourceStatus.CANDIDATE or row["part_id"] or row["supplier_id"]
            )
            return "a user has worked on it (status, part or supplier set)" if worked_on else None
        used = blocking_references(self.s, table, {row["id"]})
        return (
            ("still used by " + ", ".join(f"{n} {t}" for t, n in sorted(used.items())))
            if used
            else None
        )


# --- records --------------------------------------------------------------------------


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _plain(row: Row, *drop: str) -> Row:
    return {k: v for k, v in row.items() if k != "_row" and k not in drop}


def _measure_record(code: str, raw: Row | None, st: Row | None, old: Any) -> Row:
    """Raw columns from export_controls, structured ones from measures_structured."""
    old_raw, old_derivation = _split_notes(old["notes"] if old is not None else None)
    rec: Row = {"code": code}
    if raw:
        rec.update(_plain(raw, "notes"))
    if st:
        rec.update(_plain(st, "materials", "derivation"))
    elif old is None:  # a new measure without structured data: best guess, said so
        rec.update(_guess_kind(rec.get("control_type")))
        st = {"derivation": "kind and licence_required guessed from control_type"}
    notes = raw["notes"] if raw else old_raw
    rec["notes"] = _join_notes(notes, st["derivation"] if st else old_derivation)
    return rec


def _guess_kind(control_type: str | None) -> Row:
    text = (control_type or "").lower()
    for word, kind in (
        ("suspension", MeasureKind.SUSPENSION),
        ("framework", MeasureKind.FRAMEWORK),
        ("technolog", MeasureKind.TECHNOLOGY),
        ("ban", MeasureKind.BAN),
    ):
        if word in text:
            return {"kind": kind, "licence_required": kind is MeasureKind.TECHNOLOGY}
    return {"kind": MeasureKind.EXPORT_CONTROL, "licence_required": "licen" in text}


def _split_notes(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    head, sep, tail = text.partition(_DERIVATION)
    return (head.strip() or None, tail.strip() or None) if sep else (text, None)


def _join_notes(notes: str | None, derivation: str | None) -> str | None:
    parts = [notes, _DERIVATION + derivation if derivation else None]
    return "\n\n".join(p for p in parts if p) or None


def _alternative_record(r: Row) -> Row:
    labelled = [
        ("Customers / offtake / support", r["customers"]),
        ("Additional sources", r["additional_sources"]),
        ("Notes", r["notes"]),
    ]
    notes = "\n".join(f"{label}: {text}" for label, text in labelled if text)
    rec = _plain(r, "customers", "additional_sources", "capacity_value")
    return {**rec, "notes": notes or None}


def _uniform(rows: list[Row]) -> list[Row]:
    """Executemany needs the same keys in every row."""
    keys = {k for r in rows for k in r}
    return [{k: r.get(k) for k in keys} for r in rows]


def _fingerprint(row: Any, cols: list[str]) -> str:
    values = [v.value if isinstance(v, Enum) else v for v in (row.get(c) for c in cols)]
    return hashlib.sha1(json.dumps(values, default=str).encode()).hexdigest()[:16]


def _describe(name: str, row: Any) -> str:
    keys = {
        "materials": ("element", "stage"),
        "policy_measures": ("code",),
        "quota_batches": ("year", "batch", "kind"),
        "alternative_sources": ("name", "location"),
    }
    return " / ".join(str(getattr(row[c], "value", row[c])) for c in keys[name])


# --- app_meta, provenance and audit ---------------------------------------------------


def _meta_json(s: Session, key: str) -> dict[str, Any]:
    row = s.get(m.AppMeta, key)
    return json.loads(row.value) if row and row.value else {}


def _set_meta(s: Session, key: str, value: str) -> None:
    row = s.get(m.AppMeta, key)
    if row is None:
        s.add(m.AppMeta(key=key, value=value))
    else:
        row.value = value
    s.flush()


def _as_of(s: Session) -> date | None:
    """The files carry no compile date and their timestamps record copying, not research, so
    the data's own clock is used: the newest dated event among the reference measures
    (announced, effective or suspended from; a 'suspended until' is a future end, not news).
    With the shipped files that is 2025-11-09, MOFCOM's suspension of EC05 clause 2."""
    t = m.PolicyMeasure
    query = select(t.date_announced, t.date_effective, t.suspended_from).where(t.origin == REF)
    days = [d for row in s.execute(query) for d in row if d is not None]
    return max(days, default=None)


def _stamp(s: Session, files: list[RefFile], summary: RefdataSummary, who: str) -> date | None:
    as_of = _as_of(s)
    if as_of is not None:
        t = _table(m.PolicyMeasure)
        stale = (t.c.as_of.is_(None)) | (t.c.as_of != as_of)
        s.execute(update(t).where(t.c.origin == REF, stale).values(as_of=as_of))
        _set_meta(s, "refdata_as_of", as_of.isoformat())
    _set_meta(s, "refdata_loaded_at", utcnow().isoformat(timespec="seconds"))
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
    return as_of
