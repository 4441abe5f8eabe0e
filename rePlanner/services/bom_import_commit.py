"""Writing a previewed BOM: one unit of work, all or nothing, fast enough for 500k lines.

Lines go in with Core bulk inserts, parents before children (depth by depth), so each child
knows its parent's database id. Cancellation is checked between chunks; raising Cancelled rolls
the whole unit of work back. One BULK audit entry describes the import.

A line created by the import gets a program of its name (powertrain ICE if none exists),
0 vehicles/day and a margin of 0 EUR: placeholders the preview warns about and the revision
note repeats, for the user to fill in (production_lines has no notes column).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction, Origin, Powertrain
from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.imports import ImportIssue
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.persistence.base import utcnow
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import (
    AuditEntry,
    BomLine,
    BomRevision,
    ImportBatch,
    Part,
    ProductionLine,
    Program,
    Supplier,
)
from rePlanner.services.bom_import import BomPreview, gc_paused
from rePlanner.services.bom_import_match import LineTarget, norm
from rePlanner.services.session import current_user

PARTS: Table = Part.__table__  # type: ignore[assignment]
LINES: Table = BomLine.__table__  # type: ignore[assignment]
CHUNK = 5000  # lines per insert call: progress and cancellation granularity
NEW_LINE_NOTE = "rate and margin are placeholders (0): set them before running scenarios"


class ImportBlocked(ReplannerError):
    """The preview holds errors; nothing was written."""

    def __init__(self, issues: list[ImportIssue]):
        self.issues = issues
        super().__init__(
            f"the import was refused because of {len(issues)} error"
            f"{'s' if len(issues) != 1 else ''}; nothing was written"
        )


@dataclass
class BomImportResult:
    line_id: int
    line_name: str
    revision: int
    revision_id: int
    import_batch_id: int
    lines_imported: int
    parts_created: int
    suppliers_created: int
    line_created: bool
    program_created: bool
    imported_at: datetime

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["imported_at"] = self.imported_at.isoformat(timespec="seconds")
        return d


def commit_bom(
    db: Database, preview: BomPreview, user: str | None = None, progress: Progress | None = None
) -> BomImportResult:
    """Write the previewed BOM as the line's new current revision, or nothing at all."""
    if not preview.ok or preview.target is None:
        raise ImportBlocked(preview.errors)
    who = user or current_user()
    prog = progress or NullProgress()
    parsed = preview.parsed
    with gc_paused(), db.session(who, audit=False) as s:
        line_id, program_created = _line(s, preview.target, parsed.file)
        now = utcnow()
        batch = ImportBatch(kind="bom", file_name=parsed.file, file_sha256=preview.file_sha256,
                            sheet=parsed.sheet, imported_at=now, imported_by=who,
                            row_count=parsed.rows_read,
                            message=f"BOM for line {preview.target.name}")  # fmt: skip
        s.add(batch)
        s.flush()
        suppliers, n_sup = _suppliers(s, preview)
        parts, n_parts = _parts(s, preview)
        check(prog, "the BOM import")
        rev = new_revision(s, line_id, who, batch.id, _note(preview))
        sheet, lines, batch_id = parsed.sheet, parsed.lines, batch.id

        def row(i: int) -> dict[str, Any]:  # made chunk by chunk: 500k dicts at once is 250 MB
            ln = lines[i]
            return {"revision_id": rev.id, "part_id": parts[ln.part_number],
                    "supplier_id": suppliers.get(norm(ln.supplier)) if ln.supplier else None,
                    "quantity": ln.quantity, "position": ln.position,
                    "import_batch_id": batch_id, "source_sheet": sheet, "source_row": ln.row}  # fmt: skip

        n = insert_lines(s, row, [ln.parent for ln in lines], prog)
        s.add(AuditEntry(user=who, action=AuditAction.BULK, entity="bom_revisions",
                         entity_id=str(rev.id), at=now,
                         summary=f"imported {n} BOM lines from {parsed.file} "
                                 f"(sheet {parsed.sheet!r}) as revision {rev.revision} of line "
                                 f"{preview.target.name!r}",
                         changes={"import_batch_id": batch.id, "line_id": line_id,
                                  "revision": rev.revision, "lines": n,
                                  "parts_created": n_parts, "suppliers_created": n_sup,
                                  "line_created": preview.target.create,
                                  "program_created": program_created}))  # fmt: skip
        return BomImportResult(line_id, preview.target.name, rev.revision, rev.id, batch.id,
                               n, n_parts, n_sup, preview.target.create,
                               program_created, now)  # fmt: skip


def _note(preview: BomPreview) -> str:
    parsed = preview.parsed
    note = f"Imported from {parsed.file}, sheet {parsed.sheet!r}"
    return (
        f"{note}. New line: {NEW_LINE_NOTE}" if preview.target and preview.target.create else note
    )


def _line(s: Session, t: LineTarget, file: str) -> tuple[int, bool]:
    """The target line's id, creating it (and its program) when asked; (id, program created)."""
    if not t.create:
        if t.line_id is None or s.get(ProductionLine, t.line_id) is None:
            raise ReplannerError(
                f"production line {t.name!r} was deleted meanwhile; nothing written"
            )
        return t.line_id, False
    assert t.plant_site_id is not None
    taken = s.scalars(
        select(ProductionLine.id).where(
            ProductionLine.name == t.name, ProductionLine.plant_site_id == t.plant_site_id
        )
    ).first()
    if taken is not None:
        raise ReplannerError(f"production line {t.name!r} was created meanwhile; preview again")
    program_id = s.scalars(select(Program.id).where(Program.name == t.name)).first()
    created = program_id is None
    if program_id is None:
        program = Program(name=t.name, powertrain=Powertrain.ICE, origin=Origin.IMPORT,
                          description=f"Created by the BOM import of {file}; check the "
                                      "powertrain")  # fmt: skip
        s.add(program)
        s.flush()
        program_id = program.id
    line = ProductionLine(name=t.name, plant_site_id=t.plant_site_id, program_id=program_id,
                          rate_per_day=0.0, margin_per_vehicle=0.0, currency="EUR",
                          working_days_per_week=5, origin=Origin.IMPORT)  # fmt: skip
    s.add(line)
    s.flush()
    return line.id, created


def _suppliers(s: Session, preview: BomPreview) -> tuple[dict[str, int], int]:
    """Normalised file name -> supplier id, creating the confirmed new ones."""
    out: dict[str, int] = {}
    known = {norm(n): i for i, n in s.execute(select(Supplier.id, Supplier.name)).tuples()}
    created = 0
    for key, m in preview.suppliers.items():
        if m.supplier_id is not None:
            out[key] = m.supplier_id
        elif key in known:  # created by someone else since the preview
            out[key] = known[key]
        elif m.status == "new":
            sup = Supplier(name=m.name, country="unknown", origin=Origin.IMPORT,
                           notes=f"Created by the BOM import of {preview.parsed.file} (first "
                                 f"named in row {m.first_row}); set country and tier")  # fmt: skip
            s.add(sup)
            s.flush()
            out[key], created = sup.id, created + 1
    return out, created


def _parts(s: Session, preview: BomPreview, chunk: int = 900) -> tuple[dict[str, int], int]:
    """Part number -> id for every line, inserting the new parts (re-read: the truth is now)."""
    numbers = list({ln.part_number: None for ln in preview.parsed.lines})
    ids: dict[str, int] = {}
    for k in range(0, len(numbers), chunk):
        stmt = select(Part.part_number, Part.id).where(Part.part_number.in_(numbers[k : k + chunk]))
        ids.update(s.execute(stmt).tuples().all())
    new = [preview.parts.new[pn] for pn in numbers if pn not in ids]
    rows = [{"part_number": p.part_number, "description": p.description, "uom": p.uom,
             "origin": Origin.IMPORT} for p in new]  # fmt: skip
    for k in range(0, len(rows), CHUNK):
        got = bulk_insert(s, PARTS, rows[k : k + CHUNK])
        ids.update(zip((p.part_number for p in new[k : k + CHUNK]), got, strict=True))
    return ids, len(rows)


def new_revision(
    s: Session, line_id: int, who: str, batch_id: int | None, note: str
) -> BomRevision:
    last = s.scalars(
        select(BomRevision.revision)
        .where(BomRevision.line_id == line_id)
        .order_by(BomRevision.revision.desc())
    ).first()
    s.execute(update(BomRevision).where(BomRevision.line_id == line_id).values(is_current=False))
    rev = BomRevision(line_id=line_id, revision=(last or 0) + 1, is_current=True,
                      created_by=who, import_batch_id=batch_id, note=note)  # fmt: skip
    s.add(rev)
    s.flush()
    return rev


def _allocate_ids(s: Session, table: Table, n: int) -> Sequence[int] | None:
    """Ids for n new rows, so that they can go in with a plain executemany (fast).

    SQLite: above the largest id; safe because this transaction already holds the write lock
    (the import batch row is written first). PostgreSQL: drawn from the column's sequence.
    Anything else: None (the rows are inserted with RETURNING instead).
    """
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        start = s.scalar(select(func.max(table.c.id))) or 0
        return range(start + 1, start + n + 1)
    if dialect == "postgresql":
        seq = text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                   "FROM generate_series(1, :n)")  # fmt: skip
        return list(s.scalars(seq, {"n": n}))
    return None


def bulk_insert(s: Session, table: Table, rows: list[dict[str, Any]]) -> Sequence[int]:
    """Insert rows (Core, no ORM objects) and return their ids in the rows' order."""
    if not rows:
        return []
    ids = _allocate_ids(s, table, len(rows))
    if ids is None:
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(s.scalars(stmt, rows))
    s.execute(insert(table), [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
    return ids


def depths(parents: Sequence[int | None]) -> list[int]:
    """Depth of each line (0 = under the vehicle) from parent indexes, in any order."""
    out: list[int] = [-1] * len(parents)
    for i in range(len(parents)):
        chain: list[int] = []
        j: int | None = i
        while j is not None and out[j] < 0:
            chain.append(j)
            if len(chain) > len(parents):
                raise ReplannerError("the BOM's parent links form a cycle; nothing was written")
            j = parents[j]
        d = -1 if j is None else out[j]
        for k in reversed(chain):
            d += 1
            out[k] = d
    return out


def insert_lines(
    s: Session,
    row: Callable[[int], dict[str, Any]],
    parents: Sequence[int | None],
    progress: Progress,
) -> int:
    """Insert BOM lines depth by depth: line i is row(i), under line parents[i] (None: top).

    Returns the number of lines written.
    """
    depth = depths(parents)
    waves: dict[int, list[int]] = {}
    for i, d in enumerate(depth):
        waves.setdefault(d, []).append(i)
    ids: list[int] = [0] * len(parents)
    done = 0
    for d in sorted(waves):
        wave = waves[d]
        for k in range(0, len(wave), CHUNK):
            check(progress, "the BOM import")
            part = wave[k : k + CHUNK]
            batch = []
            for i in part:
                p = parents[i]
                batch.append({**row(i), "level": d + 1, "parent_id": None if p is None else ids[p]})
            for i, new_id in zip(part, bulk_insert(s, LINES, batch), strict=True):
                ids[i] = new_id
            done += len(part)
            progress.update(done, len(parents), "writing BOM lines")
    check(progress, "the BOM import")
    return done
