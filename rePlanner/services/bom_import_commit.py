"""Writing a previewed BOM: one unit of work, all or nothing, fast enough for 500k lines.

Parts and lines go in through persistence.bulk (one INSERT, tuples to executemany) with ids
allocated beforehand, parents before children, so each child carries its parent's id.
Cancellation is checked between chunks; raising Cancelled rolls the whole unit of work back. One BULK audit entry describes the import.

A line created by the import gets a program of its name (powertrain ICE if none exists),
0 vehicles/day and a margin of 0 EUR: placeholders the preview warns about and the revision
note repeats, for the user to fill in (production_lines has no notes column).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction, Origin, Powertrain
from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.imports import ImportIssue
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.persistence.base import utcnow
from rePlanner.persistence.bulk import allocate_ids, bulk_insert
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
from rePlanner.services.bom_import_match import LineTarget, known_parts, norm
from rePlanner.services.session import current_user

PARTS: Table = Part.__table__  # type: ignore[assignment]
LINES: Table = BomLine.__table__  # type: ignore[assignment]
CHUNK = 5000  # lines per insert call: progress and cancellation granularity
LINE_COLUMNS = ("part_id", "supplier_id", "quantity", "position", "source_row")
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
        lines = parsed.lines
        sup_ids = {name: suppliers.get(norm(name)) for name in {ln.supplier for ln in lines}
                   if name}  # fmt: skip

        def row(i: int) -> tuple[Any, ...]:
            ln = lines[i]
            sup = sup_ids[ln.supplier] if ln.supplier else None
            return (parts[ln.part_number], sup, ln.quantity, ln.position, ln.row)

        n = insert_lines(s, LINE_COLUMNS, row, [ln.parent for ln in lines], prog,
                         {"revision_id": rev.id, "import_batch_id": batch.id,
                          "source_sheet": parsed.sheet})  # fmt: skip
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
    new: dict[str, Supplier] = {}
    for key, m in preview.suppliers.items():
        if m.supplier_id is not None:
            out[key] = m.supplier_id
        elif key in known:  # created by someone else since the preview
            out[key] = known[key]
        elif m.status == "new":
            new[key] = Supplier(name=m.name, country="unknown", origin=Origin.IMPORT,
                                notes=f"Created by the BOM import of {preview.parsed.file} "
                                      f"(first named in row {m.first_row}); set country and "
                                      "tier")  # fmt: skip
    s.add_all(new.values())
    s.flush()  # one batch, not one round trip per supplier
    out.update((key, sup.id) for key, sup in new.items())
    return out, len(new)


def _parts(s: Session, preview: BomPreview, chunk: int = 900) -> tuple[dict[str, int], int]:
    """Part number -> id for every line, inserting the new parts (re-read: the truth is now)."""
    numbers = list({ln.part_number: None for ln in preview.parsed.lines})
    ids: dict[str, int] = dict(known_parts(s, numbers, "id", chunk=chunk))
    new = [preview.parts.new[pn] for pn in numbers if pn not in ids]
    new_ids = allocate_ids(s, PARTS, len(new))
    rows = ((i, p.part_number, p.description, p.uom) for i, p in zip(new_ids, new, strict=True))
    bulk_insert(s, PARTS, ("id", "part_number", "description", "uom"), rows,
                constants={"origin": Origin.IMPORT})  # fmt: skip
    ids.update(zip((p.part_number for p in new), new_ids, strict=True))
    return ids, len(new)


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


def _insert_order(parents: Sequence[int | None]) -> tuple[Sequence[int], list[int]]:
    """(order to insert the lines in, level of each line): every parent before its children."""
    if all(p is None or p < i for i, p in enumerate(parents)):  # file order (the parser's)
        levels = [0] * len(parents)
        for i, p in enumerate(parents):
            levels[i] = 1 if p is None else levels[p] + 1
        return range(len(parents)), levels
    levels = [d + 1 for d in depths(parents)]
    return sorted(range(len(parents)), key=levels.__getitem__), levels


def insert_lines(
    s: Session,
    columns: Sequence[str],
    row: Callable[[int], tuple[Any, ...]],
    parents: Sequence[int | None],
    progress: Progress,
    constants: Mapping[str, Any] | None = None,
) -> int:
    """Insert BOM lines: line i has `columns` = row(i) and sits under line parents[i] (None: top).

    `constants` go into every line (e.g. the revision id); level and parent_id are worked out
    here. Ids are allocated first, so one executemany writes lines with their parent's id.
    Returns the number of lines written.
    """
    n = len(parents)
    order, levels = _insert_order(parents)
    ids = allocate_ids(s, LINES, n)
    line_id: Sequence[int] = ids
    if not isinstance(order, range):  # ids go in insertion order; index them by line
        by_line = [0] * n
        for k, i in enumerate(order):
            by_line[i] = ids[k]
        line_id = by_line

    def rows() -> Iterator[tuple[Any, ...]]:
        for k, i in enumerate(order):
            p = parents[i]
            yield (ids[k], None if p is None else line_id[p], levels[i], *row(i))

    def step(done: int) -> None:
        progress.update(done, n, "writing BOM lines")
        check(progress, "the BOM import")

    check(progress, "the BOM import")
    return bulk_insert(s, LINES, ("id", "parent_id", "level", *columns), rows(),
                       constants=constants, chunk=CHUNK, on_chunk=step)  # fmt: skip
