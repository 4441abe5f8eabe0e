"""What a ranking of alternative sources is for: the lines concerned, the items an alternative
may stand in for, the candidates, and per candidate its need, price and criteria inputs.

- Line L: L itself; items = the parts and materials of every node upstream of L.
- Part PN: the lines with a node of PN upstream; items = PN and the materials it contains.
- Material M ("Dy", "Dy metal", "NdFeB magnet"): the lines with a node of M, or of a part
  containing M, upstream; items = the matching materials and the parts containing them.
Candidates: alternative sources whose part or material is one of the items (those the scenario
already activates are part of the baseline, not candidates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.scenario import material_key
from rePlanner.persistence.models import (
    AlternativeMaterial,
    AlternativeSource,
    CountryGovernance,
    Material,
    Part,
    PartMaterial,
    ProductionLine,
    Site,
    SourcingLink,
)
from rePlanner.services.network_model import CompiledNetwork

_WHAT = "alternatives"


@dataclass
class Target:
    kind: str  # "line", "part", "material"
    text: str
    lines: list[str]  # engine labels of the lines concerned
    line_ids: list[int]
    parts: set[int] = field(default_factory=set)
    materials: set[int] = field(default_factory=set)
    plant: dict[str, Any] = field(default_factory=dict)  # country, latitude, longitude, name

    def describe(self) -> str:
        return f"{self.kind} {self.text}"


def resolve_target(
    s: Session, compiled: CompiledNetwork, *, line: str | None, part: str | None,
    material: str | None,
) -> Target:  # fmt: skip
    given = [(k, v) for k, v in (("line", line), ("part", part), ("material", material)) if v]
    if len(given) != 1:
        raise ValidationError.single(_WHAT, "target", [k for k, _ in given] or None,
                                     "name exactly one of a line, a part or a material")  # fmt: skip
    kind, text = given[0]
    upstream = _upstream_sets(compiled)
    if kind == "line":
        j = _line_index(compiled, text)
        t = Target(kind, text, [compiled.nodes[j].label], [compiled.nodes[j].line_id or 0])
        for i in upstream[j]:
            n = compiled.nodes[i]
            _add_item(t, n.part_id, n.material_id)
    else:
        t = Target(kind, text, [], [])
        if kind == "part":
            t.parts = {_part_id(s, text)}
            t.materials = _materials_of(s, t.parts)
        else:
            t.materials = _materials_matching(s, text)
            t.parts = _parts_containing(s, t.materials)
        for j, ups in upstream.items():
            if any(_holds(t, compiled.nodes[i]) for i in ups):
                t.lines.append(compiled.nodes[j].label)
                t.line_ids.append(compiled.nodes[j].line_id or 0)
        if not t.lines:
            raise ValidationError.single(_WHAT, kind, text, "no production line uses it")
    t.plant = _plant(s, t.line_ids[0])
    return t


def candidates(s: Session, t: Target, exclude: tuple[int, ...]) -> list[AlternativeSource]:
    a = AlternativeSource
    rows = s.scalars(select(a).where(a.part_id.in_(t.parts) | a.material_id.in_(t.materials)))
    return sorted((r for r in rows if r.id not in exclude), key=lambda r: (r.name, r.id))


def prices(s: Session, compiled: CompiledNetwork, ids: set[int], part: int | None,
           material: int | None) -> float | None:  # fmt: skip
    """Mean price per unit on the links out of the nodes making the same item (None: none)."""
    nodes = [n.supply_node_id for n in compiled.nodes if n.supply_node_id in ids and (
        (part is not None and n.part_id == part)
        or (material is not None and n.material_id == material))]  # fmt: skip
    if not nodes:
        return None
    sl = SourcingLink
    found = [p for p in s.scalars(select(sl.price_per_unit).where(sl.from_node_id.in_(nodes)))
             if p is not None]  # fmt: skip
    return sum(found) / len(found) if found else None


def country_risk(s: Session) -> dict[str, float]:
    """Country (case-folded) -> governance score / 10 (0..1, higher = riskier), where sourced."""
    cg = CountryGovernance
    return {c.casefold(): w / 10.0 for c, w in s.execute(select(cg.country, cg.wgi_score))}


def own_shares(s: Session, ids: list[int]) -> dict[int, float | None]:
    """Own China exposure per candidate: the largest China share among the materials it still
    needs (alternative_materials), else its overall china_share."""
    am = AlternativeMaterial
    found: dict[int, float] = {}
    for alt, share in s.execute(select(am.alternative_id, am.china_share)
                                .where(am.alternative_id.in_(ids))):  # fmt: skip
        found[alt] = max(found.get(alt, 0.0), float(share or 0.0))
    a = AlternativeSource
    overall = {i: v for i, v in s.execute(select(a.id, a.china_share).where(a.id.in_(ids)))}
    return {i: found.get(i, overall.get(i)) for i in ids}


def gap_nodes(compiled: CompiledNetwork, row: Any) -> frozenset[int]:
    """Supply node ids whose stop reaches the lines only through the candidate's item: the
    nodes making the item, and upstream nodes all of whose customers are among those (a Dy
    refinery that also feeds other magnet makers is not part of one magnet part's gap)."""
    makers = {i for i, n in enumerate(compiled.nodes) if n.line_id is None and (
        (row.part_id is not None and n.part_id == row.part_id)
        or (row.material_id is not None and n.material_id == row.material_id))}  # fmt: skip
    feeds: dict[int, set[int]] = {}  # consumer -> suppliers
    buyers: dict[int, set[int]] = {}  # supplier -> consumers
    for g in compiled.network.inputs:
        for x in g.suppliers:
            feeds.setdefault(g.consumer, set()).add(x)
            buyers.setdefault(x, set()).add(g.consumer)
    gap, todo = set(makers), list(makers)
    while todo:
        for x in feeds.get(todo.pop(), ()):
            if x not in gap and buyers.get(x, set()) <= gap:
                gap.add(x)
                todo.append(x)
    return frozenset(n for i in gap if (n := compiled.nodes[i].supply_node_id) is not None)


def _holds(t: Target, n: Any) -> bool:
    return (n.part_id is not None and n.part_id in t.parts) or (
        n.material_id is not None and n.material_id in t.materials
    )


def _add_item(t: Target, part: int | None, material: int | None) -> None:
    if part is not None:
        t.parts.add(part)
    if material is not None:
        t.materials.add(material)


def _upstream_sets(compiled: CompiledNetwork) -> dict[int, set[int]]:
    """Per line node: every node feeding it (directly or through other nodes)."""
    feeds: dict[int, list[int]] = {}
    for g in compiled.network.inputs:
        feeds.setdefault(g.consumer, []).extend(g.suppliers)
    out: dict[int, set[int]] = {}
    for j, info in enumerate(compiled.nodes):
        if info.line_id is None:
            continue
        seen, todo = {j}, [j]
        while todo:
            for x in feeds.get(todo.pop(), ()):
                if x not in seen:
                    seen.add(x)
                    todo.append(x)
        out[j] = seen
    return out


def _line_index(compiled: CompiledNetwork, text: str) -> int:
    key = text.strip().casefold()
    lines = [(j, n) for j, n in enumerate(compiled.nodes) if n.line_id is not None]
    for j, n in lines:
        if key in ((n.line or "").casefold(), n.label.casefold()):
            return j
    names = ", ".join(sorted(n.line or n.label for _, n in lines)) or "(none)"
    raise ValidationError.single(_WHAT, "line", text, f"no such line; lines: {names}")


def _part_id(s: Session, number: str) -> int:
    found = s.scalar(select(Part.id).where(Part.part_number == number.strip()))
    if found is None:
        raise ValidationError.single(_WHAT, "part", number, "no such part number")
    return int(found)


def _materials_of(s: Session, parts: set[int]) -> set[int]:
    pm = PartMaterial
    return set(s.scalars(select(pm.material_id).where(pm.part_id.in_(parts))))


def _parts_containing(s: Session, materials: set[int]) -> set[int]:
    pm = PartMaterial
    return set(s.scalars(select(pm.part_id).where(pm.material_id.in_(materials))))


def _materials_matching(s: Session, text: str) -> set[int]:
    element, stage = material_key(text)
    rows = s.execute(select(Material.id, Material.element, Material.stage)).all()
    found = {r.id for r in rows if r.element.casefold() == element
             and (stage is None or str(r.stage).casefold() == stage)}  # fmt: skip
    if not found:
        raise ValidationError.single(_WHAT, "material", text, "no such material")
    return found


def _plant(s: Session, line_id: int) -> dict[str, Any]:
    row = s.execute(select(Site.name, Site.country, Site.latitude, Site.longitude)
                    .join(ProductionLine, ProductionLine.plant_site_id == Site.id)
                    .where(ProductionLine.id == line_id)).first()  # fmt: skip
    if row is None:
        return {}
    return {"name": row.name, "country": row.country, "latitude": row.latitude,
            "longitude": row.longitude}  # fmt: skip
