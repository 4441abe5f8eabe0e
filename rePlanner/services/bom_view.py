"""What the BOMs page shows: a revision's tree with material content, and where-used.

Material content of a row is kg per vehicle (extended quantity x part_materials.kg_per_unit),
rolled up the tree the way services/exposure counts it: a material counts once per branch, so
where an assembly lists a material its figure is taken to include its components'; otherwise
the assembly shows the sum of its components'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import (
    BomLine,
    BomRevision,
    Material,
    Part,
    PartMaterial,
    ProductionLine,
    Site,
)
from rePlanner.services.bom_query import find_line, find_revision, tree_rows
from rePlanner.services.session import current_user


@dataclass(frozen=True)
class LineChoice:
    name: str
    plant: str | None  # the plant's site name, set only when another plant has a line so named
    label: str  # "B1 Norvik" or "B1 Norvik (Plant Bremen)"


@dataclass(frozen=True)
class MaterialChoice:
    id: int
    label: str  # short: "Dy", or "Nd (metal)" when the element appears at several stages
    name: str  # "Dysprosium metal / alloy"


@dataclass(frozen=True)
class TreeRow:
    id: int
    parent_id: int | None
    level: int
    part_number: str
    description: str | None
    quantity: float  # per parent
    unit: str | None
    extended_quantity: float  # per vehicle
    supplier: str | None
    content: tuple[tuple[int, float], ...]  # (material id, kg per vehicle), largest first


@dataclass(frozen=True)
class BomView:
    line: str
    revision: int
    rows: list[TreeRow]
    materials: dict[int, MaterialChoice]  # every material in `rows`' content


@dataclass(frozen=True)
class WhereUsed:
    line: str  # its label: the plant is added where two plants have a line so named
    revision: int
    parent_part_number: str | None  # None: a top-level line of the BOM
    parent_description: str | None
    part_number: str
    description: str | None
    quantity: float  # per parent
    extended_quantity: float  # per vehicle, all its places under this parent together
    kg_per_vehicle: float | None  # material where-used only
    in_assembly: bool  # the material is already counted in an ancestor assembly's figure
    occurrences: int = 1  # places in the tree under this parent (e.g. LH and RH door)


def _read(db: Database) -> AbstractContextManager[Session]:
    return db.session(current_user(), audit=False)


def line_choices(db: Database) -> list[LineChoice]:
    """Every production line by name; the plant is added where a name repeats."""
    with _read(db) as s:
        return list(_lines(s).values())


def _lines(s: Session) -> dict[int, LineChoice]:
    rows = s.execute(
        select(ProductionLine.id, ProductionLine.name, Site.name)
        .join(Site, ProductionLine.plant_site_id == Site.id)
        .order_by(ProductionLine.name, Site.name)
    ).all()
    count: dict[str, int] = defaultdict(int)
    for _, name, _ in rows:
        count[name.casefold()] += 1
    return {
        i: LineChoice(n, p, f"{n} ({p})") if count[n.casefold()] > 1 else LineChoice(n, None, n)
        for i, n, p in rows
    }


def material_labels(materials: Iterable[Material]) -> dict[int, MaterialChoice]:
    mats = list(materials)
    stages: dict[str, set[str]] = defaultdict(set)
    for m in mats:
        stages[m.element].add(str(m.stage))
    return {
        m.id: MaterialChoice(
            m.id, m.element if len(stages[m.element]) == 1 else f"{m.element} ({m.stage})", m.name
        )
        for m in mats
    }


def material_choices(db: Database) -> list[MaterialChoice]:
    """The materials some part contains (the ones where-used can find), by label."""
    with _read(db) as s:
        used = select(PartMaterial.material_id).distinct()
        mats = material_labels(s.scalars(select(Material).where(Material.id.in_(used))))
    return sorted(mats.values(), key=lambda m: m.label.casefold())


def bom_view(
    db: Database, line: str, revision: int | None = None, plant: str | None = None
) -> BomView:
    """One revision (the current by default) in tree order with rolled-up material content."""
    with _read(db) as s:
        pl = find_line(s, line, plant)
        rev = find_revision(s, pl, revision)
        rows = tree_rows(s, rev.id)
        own = _own_content(s, rev.id)
        used = {mid for kgs in own.values() for mid in kgs}
        mats = material_labels(s.scalars(select(Material).where(Material.id.in_(used))))
        name, number = pl.name, rev.revision
    content = _rolled_up(rows, own)
    out = [
        TreeRow(r["id"], r["parent_id"], r["level"], r["part_number"], r["description"],
                r["quantity"], r["unit"], r["extended_quantity"], r["supplier"],
                tuple(sorted(content.get(r["id"], {}).items(), key=lambda kv: -kv[1])))
        for r in rows
    ]  # fmt: skip
    return BomView(name, number, out, mats)


def _own_content(s: Session, revision_id: int) -> dict[str, dict[int, float]]:
    """part number -> {material id: kg per unit} for the parts of one revision."""
    stmt = (
        select(Part.part_number, PartMaterial.material_id, PartMaterial.kg_per_unit)
        .join(PartMaterial, PartMaterial.part_id == Part.id)
        .where(Part.id.in_(select(BomLine.part_id).where(BomLine.revision_id == revision_id)))
    )
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for pn, mid, kg in s.execute(stmt).tuples():
        out[pn][mid] = float(kg)
    return out


def _rolled_up(
    rows: list[dict[str, Any]], own: dict[str, dict[int, float]]
) -> dict[int, dict[int, float]]:
    """Row id -> {material: kg per vehicle}; rows come in tree order, so children follow
    their parent and a reverse walk sees every child before its parent."""
    below: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    out: dict[int, dict[int, float]] = {}
    for r in reversed(rows):
        rid, ext = int(r["id"]), float(r["extended_quantity"])
        kgs = dict(below.pop(rid, {}))
        for mid, kg in own.get(str(r["part_number"]), {}).items():
            kgs[mid] = kg * ext  # the assembly's own figure includes its components'
        if kgs:
            out[rid] = kgs
            if r["parent_id"] is not None:
                for mid, kg in kgs.items():
                    below[int(r["parent_id"])][mid] += kg
    return out


def part_where_used(
    db: Database, part_number: str, progress: Progress | None = None
) -> list[WhereUsed]:
    """Every line whose current BOM uses the part, once per place it sits (parent assembly)."""
    with _read(db) as s:
        part = s.scalars(select(Part).where(Part.part_number == part_number)).first()
        if part is None:
            return []
        return _where(s, {part.id: None}, progress or NullProgress())


def material_where_used(
    db: Database, material_id: int, progress: Progress | None = None
) -> list[WhereUsed]:
    """Every current-BOM row (line, part) whose part contains the material, with kg/vehicle."""
    with _read(db) as s:
        stmt = select(PartMaterial.part_id, PartMaterial.kg_per_unit).where(
            PartMaterial.material_id == material_id
        )
        kg = {pid: float(k) for pid, k in s.execute(stmt).tuples()}
        return _where(s, kg, progress or NullProgress()) if kg else []


def _where(s: Session, parts: Mapping[int, float | None], progress: Progress) -> list[WhereUsed]:
    """Current-BOM rows of `parts` (part id -> kg per unit or None) with their ancestry."""
    ln = BomLine.__table__.c
    current = select(BomRevision.id).where(BomRevision.is_current.is_(True))
    hits = s.execute(
        select(ln.id, ln.parent_id, ln.part_id, ln.quantity, ln.revision_id)
        .where(ln.part_id.in_(list(parts)), ln.revision_id.in_(current))
        .order_by(ln.revision_id, func.coalesce(ln.source_row, 0), ln.position, ln.id)
    ).all()
    info = {h[0]: (h[1], h[2], float(h[3])) for h in hits}  # id -> parent, part, quantity
    todo = {h[1] for h in hits if h[1] is not None} - info.keys()
    while todo:  # one query per BOM level, never one per row
        check(progress, "where-used")
        stmt = select(ln.id, ln.parent_id, ln.part_id, ln.quantity).where(ln.id.in_(todo))
        for lid, parent, pid, qty in s.execute(stmt).tuples():
            info[lid] = (parent, pid, float(qty))
        todo = {info[i][0] for i in todo if info[i][0] is not None} - info.keys()
    names = _names(s, {v[1] for v in info.values()}, {h[4] for h in hits})
    merged: dict[tuple[Any, ...], WhereUsed] = {}
    for h in hits:  # the same part under the same parent part counts as one place
        w = _where_row(h, info, parts, names)
        key = (w.line, w.parent_part_number, w.part_number, w.quantity, w.in_assembly)
        if (had := merged.get(key)) is not None:
            kg = None if w.kg_per_vehicle is None else w.kg_per_vehicle + (had.kg_per_vehicle or 0)
            w = replace(w, extended_quantity=w.extended_quantity + had.extended_quantity,
                        kg_per_vehicle=kg, occurrences=had.occurrences + 1)  # fmt: skip
        merged[key] = w
    return sorted(merged.values(), key=lambda w: w.line.casefold())  # stable: tree order


def _names(s: Session, part_ids: set[int], revision_ids: set[int]) -> dict[str, dict[int, Any]]:
    parts = s.execute(select(Part.id, Part.part_number, Part.description)
                      .where(Part.id.in_(part_ids))).tuples()  # fmt: skip
    revs = s.execute(
        select(BomRevision.id, BomRevision.line_id, BomRevision.revision).where(
            BomRevision.id.in_(revision_ids)
        )
    ).tuples()
    lines = _lines(s)  # "L1 (Plant A)" where two plants have a line L1
    return {"part": {i: (pn, d) for i, pn, d in parts},
            "rev": {i: (lines[line].label, r) for i, line, r in revs}}  # fmt: skip


def _where_row(
    hit: Any,
    info: dict[int, Any],
    parts: Mapping[int, float | None],
    names: dict[str, dict[int, Any]],
) -> WhereUsed:
    lid, parent, pid, qty, rev_id = hit
    ext, in_assembly, up = float(qty), False, parent
    while up is not None:
        ext *= info[up][2]
        in_assembly = in_assembly or (info[up][1] in parts and parts[info[up][1]] is not None)
        up = info[up][0]
    pn, desc = names["part"][pid]
    ppn, pdesc = names["part"][info[parent][1]] if parent is not None else (None, None)
    line, rev = names["rev"][rev_id]
    kg = parts[pid]
    return WhereUsed(line, rev, ppn, pdesc, pn, desc, float(qty), ext,
                     None if kg is None else kg * ext, in_assembly)  # fmt: skip
