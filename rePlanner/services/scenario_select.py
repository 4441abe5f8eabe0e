"""Which supply nodes a scenario touches, read from the database (see domain/scenario.py).

- Disrupted by measures: a node at a Chinese site whose item is a material the covered
  materials reach, or a part with such a material row (with a Chinese share that is unknown or
  > 0); "reach" is engine/exposure.measure_reach, the rule of the exposure report (an element
  at its stage and later stages, magnets in parts holding the measure's elements). Covered
  materials are the materials of the measures named, narrowed to `materials` when given (or
  `materials` alone when no measure is named).
- Disrupted outright: every node of a named supplier or site, and the named node ids.
- Quota cut: Chinese ore (mining) and oxide (separation) nodes sharing a chemical symbol with
  the covered materials (all of them when the scenario names no material and no measure).
- Buffer: our own plants' part and material nodes (tier 0), not the lines themselves.
- Licences gate recovery when a named measure requires one. Activated alternatives are read by
  services/scenario_sources.py (they join the network as sources, not as a shorter TTR).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.scenario import ScenarioInputs, is_china
from rePlanner.engine.exposure import Item, tokens
from rePlanner.persistence.models import (
    Material,
    MeasureMaterial,
    PartMaterial,
    PolicyMeasure,
    Site,
    Supplier,
    SupplyNode,
)
from rePlanner.services.scenario_reach import Reach, as_items
from rePlanner.services.scenario_sources import SourceSpec, load_sources

QUOTA_STAGES = ("ore", "oxide")


@dataclass
class Selection:
    disrupted: set[int] = field(default_factory=set)  # supply node ids
    quota: set[int] = field(default_factory=set)
    buffer: set[int] = field(default_factory=set)
    licence_applies: bool = False
    alternatives: dict[int, float] = field(default_factory=dict)  # id -> days until it delivers
    sources: list[SourceSpec] = field(default_factory=list)  # the activated alternatives
    covered: list[str] = field(default_factory=list)  # "Dy oxide", ... for the report
    warnings: list[str] = field(default_factory=list)


def select_nodes(s: Session, inputs: ScenarioInputs) -> Selection:
    sel = Selection()
    mats = {r.id: (r.element, str(r.stage)) for r in s.execute(select(Material.id,
            Material.element, Material.stage))}  # fmt: skip
    reach = _covered(s, inputs, sel, mats)
    sel.covered = sorted({f"{e} {st}" for g in reach.groups for e, st in g})
    sites = {r.id: r for r in s.execute(select(Site.id, Site.name, Site.country, Site.supplier_id))}
    suppliers = {r.id: r for r in s.execute(select(Supplier.id, Supplier.name, Supplier.tier))}
    reached = {m for m, item in mats.items() if reach.node(item)}
    contains = _parts_containing(s, reach, mats)
    named_sup = {n.casefold() for n in inputs.suppliers}
    named_site = {n.casefold() for n in inputs.sites}
    _unknown("suppliers", inputs.suppliers, {r.name.casefold() for r in suppliers.values()})
    _unknown("sites", inputs.sites, {r.name.casefold() for r in sites.values()})
    quota_symbols = reach.symbols
    ids: set[int] = set()
    cols = (SupplyNode.id, SupplyNode.site_id, SupplyNode.part_id, SupplyNode.material_id)
    for nid, site_id, part_id, mat_id in s.execute(select(*cols)):
        ids.add(nid)
        site = sites[site_id]
        sup = suppliers[site.supplier_id]
        china = is_china(site.country)
        if (china and (mat_id in reached or part_id in contains)) or (
            sup.name.casefold() in named_sup or site.name.casefold() in named_site
        ):
            sel.disrupted.add(nid)
        if china and mat_id is not None and inputs.quota_cut > 0:
            element, stage = mats[mat_id]
            if stage in QUOTA_STAGES and (not covered_named(inputs) or
                                          tokens(element) & quota_symbols):  # fmt: skip
                sel.quota.add(nid)
        if sup.tier == 0:
            sel.buffer.add(nid)
    missing = sorted(set(inputs.nodes) - ids)
    if missing:
        raise ValidationError.single("scenario", "nodes", missing, "no such supply node")
    sel.disrupted |= set(inputs.nodes)
    sel.sources = load_sources(s, inputs, reach, contains, sel.warnings)
    sel.alternatives = {x.id: x.days for x in sel.sources}
    return sel


def covered_named(inputs: ScenarioInputs) -> bool:
    return bool(inputs.measures or inputs.materials)


def _covered(
    s: Session, inputs: ScenarioInputs, sel: Selection, mats: dict[int, tuple[str, str]]
) -> Reach:
    """The materials the scenario cuts off, per measure (see services/scenario_reach.py)."""
    hit = _named_materials(inputs, mats) if inputs.materials else set(mats)
    if not inputs.measures:
        return Reach((as_items(mats, hit),)) if inputs.materials else Reach(())
    rows = s.execute(select(PolicyMeasure.id, PolicyMeasure.code,
                            PolicyMeasure.licence_required)).all()  # fmt: skip
    by_code = {r.code.casefold(): r for r in rows}
    _unknown("measures", inputs.measures, set(by_code))
    wanted = [by_code[c.casefold()] for c in inputs.measures]
    sel.licence_applies = any(bool(r.licence_required) for r in wanted)
    per: dict[int, set[int]] = {r.id: set() for r in wanted}
    mm = MeasureMaterial
    query = select(mm.measure_id, mm.material_id).where(mm.measure_id.in_(list(per)))
    for measure, material in s.execute(query):
        per[measure].add(material)
    return Reach(tuple(as_items(mats, per[r.id] & hit) for r in wanted))


def _named_materials(inputs: ScenarioInputs, mats: dict[int, tuple[str, str]]) -> set[int]:
    keys = inputs.material_keys()
    for text, (e, k) in zip(inputs.materials, keys, strict=True):
        if not any(el.casefold() == e and (k is None or st == k) for el, st in mats.values()):
            raise ValidationError.single("scenario", "materials", text, "no such material")
    return {
        mid for mid, (el, st) in mats.items()
        if any(el.casefold() == e and (k is None or st == k) for e, k in keys)
    }  # fmt: skip


def _parts_containing(s: Session, reach: Reach, mats: dict[int, tuple[str, str]]) -> set[int]:
    """Parts with a material row the scenario reaches (the rule the exposure report uses) and
    a Chinese share that is unknown or > 0."""
    if not reach:
        return set()
    pm = PartMaterial
    content: dict[int, list[tuple[Item, float | None]]] = {}
    for part, mat, share in s.execute(select(pm.part_id, pm.material_id, pm.china_share)):
        content.setdefault(part, []).append((mats[mat], share))
    out = set()
    for part, rows in content.items():
        held = [item for item, _ in rows]
        if any((share is None or share > 0) and reach.row(item, held) for item, share in rows):
            out.add(part)
    return out


def _unknown(name: str, given: tuple[str, ...], known: set[str]) -> None:
    bad = [g for g in given if g.casefold() not in known]
    if bad:
        raise ValidationError.single("scenario", name, bad, f"no such {name[:-1]}")
