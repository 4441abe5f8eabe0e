"""Reading BOMs: find a production line by name, its revisions, the tree of one revision.

A line is named as people name it ("B1 Norvik"); names are unique per plant, so a name used at
two plants needs the plant too (site name or city, case-insensitive).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rePlanner.domain.errors import NotFoundError, ReplannerError
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import (
    BomLine,
    BomRevision,
    ImportBatch,
    Part,
    ProductionLine,
    Site,
    Supplier,
)
from rePlanner.services.bom_import_diff import BomDiff, Key, KeyedLine, diff_keyed, keyed
from rePlanner.services.session import current_user

# Siblings appear as in the file they were imported from (its row order), else by position:
# an item-number column may be blank or out of order, the file's order is what the user saw.
SIBLING_ORDER = (func.coalesce(BomLine.source_row, 0), BomLine.position, BomLine.id)


class Missing(NotFoundError):
    """A NotFoundError worded as a whole sentence; `entity` and `key` stay clean for code."""

    def __init__(self, entity: str, key: object, message: str) -> None:
        super().__init__(entity, key)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def plant_sites(s: Session) -> list[Site]:
    """Our own plants: the sites of internal suppliers."""
    stmt = select(Site).join(Supplier).where(Supplier.is_internal.is_(True)).order_by(Site.name)
    return list(s.scalars(stmt))


def plant_label(site: Site) -> str:
    return (
        site.name
        if not site.city or _norm(site.city) in _norm(site.name)
        else (f"{site.name} ({site.city})")
    )


def find_plant(s: Session, plant: str) -> Site:
    sites = plant_sites(s)
    hits = [x for x in sites if _norm(plant) in (_norm(x.name), _norm(x.city or ""))]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(repr(plant_label(x)) for x in sites) or "none yet"
    if not hits:
        raise ReplannerError(f"no plant named {plant!r}; our plants: {known}")
    raise ReplannerError(f"more than one plant is called {plant!r}; give the site name ({known})")


def find_line(s: Session, name: str, plant: str | None = None) -> ProductionLine:
    """The production line called `name` (at `plant`, which is needed when the name repeats)."""
    stmt = select(ProductionLine).where(func.lower(ProductionLine.name) == name.strip().lower())
    if plant:
        stmt = stmt.where(ProductionLine.plant_site_id == find_plant(s, plant).id)
    lines = list(s.scalars(stmt))
    if len(lines) == 1:
        return lines[0]
    if not lines:
        at = f" at plant {plant!r}" if plant else ""
        raise Missing("production line", name, f"there is no production line {name!r}{at}")
    where = ", ".join(sorted(plant_label(s.get_one(Site, x.plant_site_id)) for x in lines))
    raise ReplannerError(
        f"production line {name!r} exists at more than one plant ({where}); say which with --plant"
    )


def find_revision(s: Session, line: ProductionLine, revision: int | None) -> BomRevision:
    stmt = select(BomRevision).where(BomRevision.line_id == line.id)
    if revision is None:
        stmt = stmt.where(BomRevision.is_current.is_(True))
    else:
        stmt = stmt.where(BomRevision.revision == revision)
    rev = s.scalars(stmt.order_by(BomRevision.revision.desc())).first()
    if rev is None:
        raise Missing("BOM revision", revision, _no_revision(s, line, revision))
    return rev


def _no_revision(s: Session, line: ProductionLine, revision: int | None) -> str:
    stmt = select(BomRevision.revision).where(BomRevision.line_id == line.id)
    known = sorted(s.scalars(stmt))
    if not known:
        return f"line {line.name!r} has no BOM yet: import one with import-bom"
    if revision is None:
        return f"line {line.name!r} has no current BOM revision (revisions: {_ranges(known)})"
    return f"line {line.name!r} has no BOM revision {revision} (revisions: {_ranges(known)})"


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    is_current: bool
    label: str | None
    created_at: datetime
    created_by: str | None
    lines: int
    file_name: str | None
    sheet: str | None
    note: str | None

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["created_at"] = self.created_at.isoformat(timespec="seconds")
        return d


def revision_history(db: Database, line: str, plant: str | None = None) -> list[RevisionInfo]:
    """Every BOM revision of a line, newest first, with where its data came from."""
    with db.session(current_user(), audit=False) as s:
        pl = find_line(s, line, plant)
        counts = dict(
            s.execute(
                select(BomLine.revision_id, func.count())
                .join(BomRevision)
                .where(BomRevision.line_id == pl.id)
                .group_by(BomLine.revision_id)
            )
            .tuples()
            .all()
        )
        stmt = (
            select(BomRevision, ImportBatch)
            .outerjoin(ImportBatch, BomRevision.import_batch_id == ImportBatch.id)
            .where(BomRevision.line_id == pl.id)
            .order_by(BomRevision.revision.desc())
        )
        return [
            RevisionInfo(
                r.revision,
                r.is_current,
                r.label,
                r.created_at,
                r.created_by,
                counts.get(r.id, 0),
                b.file_name if b else None,
                b.sheet if b else None,
                r.note,
            )  # fmt: skip
            for r, b in s.execute(stmt).tuples()
        ]


def tree_rows(s: Session, revision_id: int) -> list[dict[str, Any]]:
    """The lines of one revision in tree order (depth first, children by position)."""
    stmt = (
        select(
            BomLine.id,
            BomLine.parent_id,
            BomLine.level,
            BomLine.quantity,
            BomLine.position,
            BomLine.source_sheet,
            BomLine.source_row,
            Part.part_number,
            Part.description,
            Part.uom,
            Supplier.name,
        )  # fmt: skip
        .join(Part, BomLine.part_id == Part.id)
        .outerjoin(Supplier, BomLine.supplier_id == Supplier.id)
        .where(BomLine.revision_id == revision_id)
        .order_by(*SIBLING_ORDER)
    )
    children: dict[int | None, list[dict[str, Any]]] = {}
    for lid, parent, level, qty, pos, sheet, row, pn, desc, uom, sup in s.execute(stmt).tuples():
        rec = {"id": lid, "parent_id": parent, "part_number": pn, "description": desc,
               "level": level, "quantity": qty, "unit": uom, "supplier": sup, "position": pos,
               "source_sheet": sheet, "source_row": row}  # fmt: skip
        children.setdefault(parent, []).append(rec)
    out: list[dict[str, Any]] = []
    stack = [(r, None, 1.0) for r in reversed(children.get(None, []))]
    while stack:  # iterative: deep BOMs must not hit the recursion limit
        rec, parent_pn, parent_ext = stack.pop()
        rec["parent_part_number"] = parent_pn
        rec["extended_quantity"] = rec["quantity"] * parent_ext
        out.append(rec)
        kids = children.get(rec["id"], [])
        stack.extend((k, rec["part_number"], rec["extended_quantity"]) for k in reversed(kids))
    return out


def keyed_revision(s: Session, revision_id: int) -> dict[Key, KeyedLine]:
    """One revision's lines keyed for diffing; lean (tuples, shared paths) for 500k lines."""
    ln, part, sup = BomLine.__table__.c, Part.__table__.c, Supplier.__table__.c  # Core: faster
    stmt = (
        select(ln.id, ln.parent_id, part.part_number, ln.quantity, sup.name, ln.source_row)
        .join(Part.__table__, ln.part_id == part.id)
        .outerjoin(Supplier.__table__, ln.supplier_id == sup.id)
        .where(ln.revision_id == revision_id)
        .order_by(*SIBLING_ORDER)  # siblings in tree order (occurrences)
    )
    rows = s.execute(stmt).tuples().all()
    info = {r[0]: (r[1], r[2]) for r in rows}
    below: dict[int, tuple[str, ...]] = {}  # line id -> path down to and including it

    def path_below(lid: int) -> tuple[str, ...]:
        chain = []
        j: int | None = lid
        while j is not None and j not in below:
            chain.append(j)
            j = info[j][0]
        base = () if j is None else below[j]
        for k in reversed(chain):
            base = below[k] = (*base, info[k][1])
        return base

    return keyed(
        (
            () if parent is None else below.get(parent) or path_below(parent),
            pn,
            KeyedLine(qty, sup, row),
        )  # fmt: skip
        for _, parent, pn, qty, sup, row in rows
    )


TREE_FIELDS = (
    "part_number", "description", "level", "parent_part_number", "quantity", "unit",
    "extended_quantity", "supplier", "position", "source_sheet", "source_row",
)  # fmt: skip


def bom_tree(
    db: Database, line: str, revision: int | None = None, plant: str | None = None
) -> list[dict[str, Any]]:
    """One revision of a line's BOM (the current one by default) as records in tree order."""
    with db.session(current_user(), audit=False) as s:
        rev = find_revision(s, find_line(s, line, plant), revision)
        return [{k: r[k] for k in TREE_FIELDS} for r in tree_rows(s, rev.id)]


def diff_revisions(db: Database, line: str, a: int, b: int, plant: str | None = None) -> BomDiff:
    """What changed from revision `a` to revision `b` of a line (added, removed, changed)."""
    with db.session(current_user(), audit=False) as s:
        pl = find_line(s, line, plant)
        old = keyed_revision(s, find_revision(s, pl, a).id)
        new = keyed_revision(s, find_revision(s, pl, b).id)
    return diff_keyed(old, new, against=a)
