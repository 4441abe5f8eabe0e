"""Read what the network compiler needs: one query per table, plain rows, no ORM objects.

A network of thousands of nodes must compile in well under a second, so nothing here loads
ORM instances or follows relationships row by row; each table is read once as tuples.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.persistence.models import (
    BomLine,
    BomRevision,
    Material,
    Part,
    ProductionLine,
    Site,
    SourcingLink,
    Supplier,
    SupplyNode,
)


class SiteRow(NamedTuple):
    id: int
    name: str
    city: str | None
    supplier: str
    internal: bool
    tier: int | None


class NodeRow(NamedTuple):
    id: int
    site_id: int
    part_id: int | None
    material_id: int | None
    capacity: float | None
    on_hand: float | None
    in_transit: float | None
    ttr: float | None


class LinkRow(NamedTuple):
    from_id: int
    to_id: int
    quantity: float


class LineRow(NamedTuple):
    id: int
    name: str
    plant_site_id: int
    rate: float
    margin: float
    week: int = 7  # working days per week


class BomRow(NamedTuple):
    id: int
    parent_id: int | None
    part_id: int
    quantity: float


@dataclass
class Tables:
    sites: dict[int, SiteRow] = field(default_factory=dict)
    parts: dict[int, str] = field(default_factory=dict)  # id -> item label
    materials: dict[int, str] = field(default_factory=dict)  # id -> item label
    nodes: list[NodeRow] = field(default_factory=list)  # by id
    links: list[LinkRow] = field(default_factory=list)
    lines: list[LineRow] = field(default_factory=list)  # by id
    boms: dict[int, list[BomRow]] = field(default_factory=dict)  # line id -> its BOM lines
    revisions: dict[int, int] = field(default_factory=dict)  # line id -> revision used


def part_label(number: str, description: str | None) -> str:
    return f"{description} {number}" if description else number


def material_label(element: str, stage: str) -> str:
    # imported networks name their items as commodities: the element alone reads best
    return element if stage == "commodity" else f"{element} {stage}"


def load_tables(s: Session, as_of: date | None) -> Tables:
    t = Tables()
    t.sites = _sites(s)
    t.parts = {
        r.id: part_label(r.part_number, r.description)
        for r in s.execute(select(Part.id, Part.part_number, Part.description))
    }
    t.materials = {
        r.id: material_label(r.element, str(r.stage))
        for r in s.execute(select(Material.id, Material.element, Material.stage))
    }
    n = SupplyNode
    cols = (n.id, n.site_id, n.part_id, n.material_id, n.capacity_per_day, n.inventory_on_hand,
            n.inventory_in_transit, n.ttr_days)  # fmt: skip
    t.nodes = [NodeRow(*r) for r in s.execute(select(*cols).order_by(n.id))]
    lk = SourcingLink
    links = select(lk.from_node_id, lk.to_node_id, lk.quantity_per_unit).order_by(lk.id)
    t.links = [LinkRow(*r) for r in s.execute(links)]
    pl = ProductionLine
    lines = select(pl.id, pl.name, pl.plant_site_id, pl.rate_per_day, pl.margin_per_vehicle,
                   pl.working_days_per_week)  # fmt: skip
    t.lines = [LineRow(*r) for r in s.execute(lines.order_by(pl.id))]
    t.revisions = _revisions(s, as_of)
    t.boms = _bom_lines(s, t.revisions)
    return t


def _sites(s: Session) -> dict[int, SiteRow]:
    """Sites with their supplier's name, tier and whether they are our own plants."""
    sup = Supplier
    suppliers = {r.id: r for r in s.execute(select(sup.id, sup.name, sup.is_internal, sup.tier))}
    out = {}
    for r in s.execute(select(Site.id, Site.name, Site.city, Site.supplier_id)):
        owner = suppliers[r.supplier_id]
        out[r.id] = SiteRow(r.id, r.name, r.city, owner.name, bool(owner.is_internal), owner.tier)
    return out


def _revisions(s: Session, as_of: date | None) -> dict[int, int]:
    """Per line, the BOM revision id in force: the current one, or the last made by `as_of`."""
    r = BomRevision
    rows = s.execute(select(r.id, r.line_id, r.revision, r.is_current, r.created_at))
    best: dict[int, tuple[int, int]] = {}  # line id -> (revision number, revision id)
    for rid, line_id, number, current, created in rows:
        usable = bool(current) if as_of is None else created is None or _day(created) <= as_of
        if usable and (line_id not in best or number > best[line_id][0]):
            best[line_id] = (number, rid)
    return {line_id: rid for line_id, (_, rid) in best.items()}


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _bom_lines(s: Session, revisions: dict[int, int]) -> dict[int, list[BomRow]]:
    if not revisions:
        return {}
    line_of = {rid: line_id for line_id, rid in revisions.items()}
    b = BomLine
    stmt = (
        select(b.revision_id, b.id, b.parent_id, b.part_id, b.quantity)
        .where(b.revision_id.in_(list(line_of)))
        .order_by(b.id)
    )
    out: dict[int, list[BomRow]] = defaultdict(list)
    for row in s.execute(stmt):
        out[line_of[row[0]]].append(BomRow(*row[1:]))
    return dict(out)


def node_item(t: Tables, node: NodeRow) -> tuple[str, str]:
    """(kind, label) of what a node holds: ("part", ...) or ("material", ...)."""
    if node.part_id is not None:
        return "part", t.parts.get(node.part_id, f"part #{node.part_id}")
    return "material", t.materials.get(node.material_id or 0, f"material #{node.material_id}")
