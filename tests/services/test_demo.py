"""The demo company: realistic shape, an exposed and a safe line, deterministic, refuses to mix."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from rePlanner.domain.enums import AuditAction, Origin
from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database, open_database
from rePlanner.services.demo import create_demo

TIMESTAMPS = {"created_at", "updated_at", "at", "run_at", "imported_at"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = open_database(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    summary = create_demo(db, user="tester")
    yield db, summary
    db.dispose()


@pytest.fixture(scope="module")
def net(demo: Any) -> Network:
    return Network.load(demo[0])


def rows(db: Database, model: Any) -> list[Any]:
    with db.session("tester") as s:
        return list(s.scalars(select(model)))


@dataclass
class Network:
    """The demo as plain dicts, with demand pushed up from the lines through the links."""

    nodes: dict[int, Any]
    into: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    out: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    base: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    demand: dict[int, float] = field(default_factory=dict)
    site_country: dict[int, str] = field(default_factory=dict)
    site_tier: dict[int, int] = field(default_factory=dict)
    parts: dict[int, Any] = field(default_factory=dict)
    content: dict[int, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    lines: list[Any] = field(default_factory=list)
    delivered: dict[int, dict[int, float]] = field(default_factory=dict)  # line -> part -> qty

    @classmethod
    def load(cls, db: Database) -> Network:
        with db.session("tester") as s:
            net = cls({n.id: n for n in s.scalars(select(m.SupplyNode))})
            for link in s.scalars(select(m.SourcingLink)):
                net.into[link.to_node_id].append(link)
                net.out[link.from_node_id].append(link)
            tiers = {sup.id: sup.tier for sup in s.scalars(select(m.Supplier))}
            for site in s.scalars(select(m.Site)):
                net.site_country[site.id] = site.country
                net.site_tier[site.id] = tiers[site.supplier_id]
            net.parts = {p.id: p for p in s.scalars(select(m.Part))}
            for pm, mat in s.execute(select(m.PartMaterial, m.Material).join(m.Material)):
                net.content[pm.part_id][mat.element] = pm.kg_per_unit
            net.lines = list(s.scalars(select(m.ProductionLine)))
            for line in net.lines:
                net.delivered[line.id] = _delivered(s, line.id)
        net._push_demand()
        return net

    def plant_node(self, line: Any, part_id: int) -> Any:
        return next(
            n
            for n in self.nodes.values()
            if n.site_id == line.plant_site_id and n.part_id == part_id
        )

    def _push_demand(self) -> None:
        for line in self.lines:
            for part_id, qty in self.delivered[line.id].items():
                self.base[self.plant_node(line, part_id).id] += line.rate_per_day * qty
        for nid in self.nodes:
            self._demand(nid)

    def _demand(self, nid: int) -> float:
        if nid not in self.demand:
            self.demand[nid] = self.base[nid] + sum(
                self._demand(k.to_node_id) * k.quantity_per_unit * k.share for k in self.out[nid]
            )
        return self.demand[nid]

    def category(self, nid: int) -> str | None:
        part = self.parts.get(self.nodes[nid].part_id)
        return part.category if part is not None else None

    def days(self, nid: int) -> float:
        n = self.nodes[nid]
        return (n.inventory_on_hand + n.inventory_in_transit) / self.demand[nid]

    def upstream(self, nids: list[int]) -> set[int]:
        seen: set[int] = set()
        todo = list(nids)
        while todo:
            nid = todo.pop()
            if nid not in seen:
                seen.add(nid)
                todo += [k.from_node_id for k in self.into[nid]]
        return seen


def _delivered(s: Any, line_id: int) -> dict[int, float]:
    """Parts the plant receives: BOM lines whose ancestors are all assembled in-house."""
    rev = s.scalar(
        select(m.BomRevision).where(m.BomRevision.line_id == line_id, m.BomRevision.is_current)
    )
    bom = {b.id: b for b in s.scalars(select(m.BomLine).where(m.BomLine.revision_id == rev.id))}
    out: dict[int, float] = defaultdict(float)
    for b in bom.values():
        qty, parent, inside_bought = b.quantity, bom.get(b.parent_id), False
        while parent is not None:
            qty *= parent.quantity
            inside_bought |= parent.supplier_id is not None
            parent = bom.get(parent.parent_id)
        if b.supplier_id is not None and not inside_bought:
            out[b.part_id] += qty
    return out


# --- shape of the company ---------------------------------------------------------------------


def test_summary_matches_the_tables_and_one_bulk_audit_entry(demo):
    db, summary = demo
    assert summary.company_name == "Nordwerk Automotive" and summary.seed == 2026
    with db.session("tester") as s:
        for table, model in (("suppliers", m.Supplier), ("parts", m.Part),
                             ("supply_nodes", m.SupplyNode), ("bom_lines", m.BomLine)):  # fmt: skip
            assert summary.counts[table] == s.scalar(select(func.count()).select_from(model))
        meta = {a.key: a.value for a in s.scalars(select(m.AppMeta))}
        audit = list(s.scalars(select(m.AuditEntry)))
        origins = set(s.scalars(select(m.SupplyNode.origin))) | set(
            s.scalars(select(m.Part.origin))
        )
    assert meta["company_name"] == "Nordwerk Automotive" and meta["demo_seed"] == "2026"
    assert [(a.action, a.entity) for a in audit] == [(AuditAction.BULK, "demo")]
    assert "Nordwerk Automotive" in audit[0].summary
    assert origins == {Origin.DEMO}


def test_suppliers_span_tiers_and_countries(demo):
    suppliers = rows(demo[0], m.Supplier)
    sites = rows(demo[0], m.Site)
    per_supplier = Counter(site.supplier_id for site in sites)
    internal = [s for s in suppliers if s.is_internal]
    assert len(suppliers) >= 50
    assert len({s.country for s in suppliers}) >= 10
    assert {s.tier for s in suppliers} == {0, 1, 2, 3, 4}
    assert len(internal) == 1 and internal[0].tier == 0 and per_supplier[internal[0].id] == 3
    assert all(1 <= per_supplier[s.id] <= 2 for s in suppliers if not s.is_internal)
    countries = {site.country for site in sites if site.supplier_id == internal[0].id}
    assert len(countries) == 3


def test_lines_mix_powertrains_rates_and_margins(demo):
    db = demo[0]
    lines = rows(db, m.ProductionLine)
    programs = {p.id: p for p in rows(db, m.Program)}
    with db.session("tester") as s:
        plants = set(s.scalars(select(m.Site.id).join(m.Supplier).where(m.Supplier.is_internal)))
    assert 6 <= len(lines) <= 8
    assert len({programs[line.program_id].powertrain for line in lines}) >= 3
    assert all(300 <= line.rate_per_day <= 1200 for line in lines)
    assert all(1500 <= line.margin_per_vehicle <= 6000 for line in lines)
    assert {line.plant_site_id for line in lines} == plants


def test_parts_are_text_numbers_some_with_leading_zeros(demo):
    parts = rows(demo[0], m.Part)
    numbers = [p.part_number for p in parts]
    assert 200 <= len(parts) <= 800
    assert all(isinstance(n, str) for n in numbers) and len(set(numbers)) == len(numbers)
    assert sum(n.startswith("0") for n in numbers) >= 20
    assert "1E5" in numbers and any(len(n) > 15 and n.isdigit() for n in numbers)


def test_every_line_has_one_current_multilevel_bom(demo):
    db = demo[0]
    revisions = rows(db, m.BomRevision)
    bom = {b.id: b for b in rows(db, m.BomLine)}
    for line in rows(db, m.ProductionLine):
        current = [r for r in revisions if r.line_id == line.id and r.is_current]
        assert len(current) == 1, line.name
        mine = [b for b in bom.values() if b.revision_id == current[0].id]
        assert max(b.level for b in mine) >= 3, line.name
        for b in mine:
            parent = bom.get(b.parent_id)
            assert (b.level == 1) if parent is None else (b.level == parent.level + 1)
            assert parent is None or parent.revision_id == b.revision_id
    assert any(not r.is_current for r in revisions)  # superseded revisions exist too


def test_magnet_parts_carry_rare_earth_content_in_realistic_ratios(net):
    magnet_parts = [pid for pid, c in net.content.items() if "NdFeB" in c]
    assert len(magnet_parts) >= 30
    for pid in magnet_parts:
        c = net.content[pid]
        assert c.get("Dy", 0) > 0 and c.get("Tb", 0) > 0, net.parts[pid].part_number
        assert 0.28 <= (c["Nd"] + c["Pr"]) / c["NdFeB"] <= 0.32
        assert c["Dy"] / c["NdFeB"] <= 0.08 and c["Tb"] / c["NdFeB"] <= 0.01
    traction = [p.id for p in net.parts.values() if p.category == "traction motor"]
    assert len(traction) >= 5
    assert all(1.0 <= net.content[pid]["NdFeB"] <= 2.0 for pid in traction)  # part_content.csv
    dual = [line for line in net.lines
            if sum(net.parts[p].category == "traction motor" for p in net.delivered[line.id]) >= 2]  # fmt: skip
    assert dual, "no dual-motor line"


def test_gallium_germanium_and_graphite_appear_where_expected(net, demo):
    programs = {p.id: p for p in rows(demo[0], m.Program)}
    elements = {e for c in net.content.values() for e in c}
    assert {"Ga", "Ge", "graphite", "graphite-anode"} <= elements
    for line in net.lines:
        if programs[line.program_id].powertrain in ("BEV", "PHEV"):
            anode = [
                p for p in net.delivered[line.id] if "graphite-anode" in net.content.get(p, {})
            ]
            assert anode, line.name


# --- the network --------------------------------------------------------------------------------


def test_links_join_existing_nodes_and_shares_add_up(net):
    per_input: dict[tuple[int, Any], float] = defaultdict(float)
    for links in net.into.values():
        for link in links:
            assert link.from_node_id in net.nodes and link.to_node_id in net.nodes
            src = net.nodes[link.from_node_id]
            per_input[(link.to_node_id, (src.part_id, src.material_id))] += link.share
    assert per_input and all(abs(total - 1.0) < 1e-9 for total in per_input.values())
    assert all(net.demand[nid] > 0 for nid in net.nodes)


def test_network_reaches_chinese_and_non_chinese_separators(net):
    plant_nodes = [n.id for n in net.nodes.values() if net.site_tier[n.site_id] == 0]
    reached = net.upstream(plant_nodes)
    separator_countries = {
        net.site_country[net.nodes[nid].site_id]
        for nid in reached
        if net.site_tier[net.nodes[nid].site_id] == 3 and net.nodes[nid].material_id is not None
    }
    assert "China" in separator_countries
    assert separator_countries - {"China"}
    mines = {
        net.site_country[net.nodes[n].site_id]
        for n in reached
        if net.site_tier[net.nodes[n].site_id] == 4
    }
    assert "China" in mines and mines - {"China"}


def _single_chinese_magnet_chains(net: Network, line: Any) -> list[tuple[float, list[int]]]:
    """(days of stock, node ids) of chains plant <- one tier 1 <- one Chinese magnet maker."""
    found = []
    for part_id in net.delivered[line.id]:
        if "NdFeB" not in net.content.get(part_id, {}):
            continue
        plant = net.plant_node(line, part_id)
        if len(net.into[plant.id]) != 1:
            continue
        tier1 = net.into[plant.id][0].from_node_id
        magnets = [
            k.from_node_id for k in net.into[tier1] if net.category(k.from_node_id) == "magnet"
        ]
        if len(magnets) == 1 and net.site_country[net.nodes[magnets[0]].site_id] == "China":
            chain = [plant.id, tier1, magnets[0]]
            found.append((sum(net.days(n) for n in chain), chain))
    return found


def test_a_line_hangs_on_single_sourced_chinese_magnets_with_days_of_stock(net):
    cover = {
        line.name: min(c)[0]
        for line in net.lines
        if (c := _single_chinese_magnet_chains(net, line))
    }
    assert any(days < 15 for days in cover.values()), cover


def test_a_line_holds_weeks_of_stock_everywhere(net):
    safe = []
    for line in net.lines:
        plant_nodes = [net.plant_node(line, p).id for p in net.delivered[line.id]]
        if min(net.days(n) for n in net.upstream(plant_nodes)) > 45:
            safe.append(line.name)
    assert safe and len(safe) < len(net.lines)


def test_alternatives_target_the_exposed_chains(demo, net):
    alternatives = rows(demo[0], m.AlternativeSource)
    exposed = {
        net.nodes[nid].part_id
        for line in net.lines
        for days, chain in _single_chinese_magnet_chains(net, line)
        if days < 15
        for nid in chain
    }
    assert 3 <= len(alternatives) <= 6
    assert all(a.origin == Origin.DEMO and a.part_id in net.parts for a in alternatives)
    on_exposed = [a for a in alternatives if a.part_id in exposed]
    assert len(on_exposed) >= 2
    assert any(a.kind == "supplier" and a.china_share < 0.5 for a in on_exposed)
    assert any(a.kind == "design" for a in on_exposed)


# --- determinism, refusal, reference data, speed -----------------------------------------------


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with db.engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            cols = [c for c in table.columns if c.name not in TIMESTAMPS]
            out[table.name] = [
                tuple(r) for r in conn.execute(select(*cols).order_by(*table.primary_key.columns))
            ]
    return out


def fresh(path: Path, seed: int) -> dict[str, list[tuple[Any, ...]]]:
    db = open_database(str(path))
    try:
        create_demo(db, user="tester", seed=seed)
        return dump(db)
    finally:
        db.dispose()


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    first, again = fresh(tmp_path / "a.sqlite", 2026), fresh(tmp_path / "b.sqlite", 2026)
    other = fresh(tmp_path / "c.sqlite", 7)
    assert first == again
    assert first["supply_nodes"] != other["supply_nodes"]
    assert first["parts"] != other["parts"]
    assert len(first["suppliers"]) == len(other["suppliers"])


def test_refuses_a_database_that_holds_company_data(db):
    with db.session("tester") as s:
        s.add(m.Supplier(name="Existing GmbH", country="Germany"))
    with pytest.raises(ReplannerError, match=r"already holds 1 supplier\. Create a new"):
        create_demo(db, user="tester")
    with db.session("tester") as s:
        assert s.scalar(select(func.count()).select_from(m.Part)) == 0
        assert s.scalar(select(func.count()).select_from(m.AppMeta)) == 0


def test_second_demo_is_refused(demo):
    with pytest.raises(ReplannerError, match="empty database"):
        create_demo(demo[0], user="tester")


def test_works_beside_reference_data_and_creates_missing_materials(db):
    with db.session("tester", audit=False) as s:
        s.add(
            m.AlternativeSource(name="Reference producer", kind="supplier", origin=Origin.REFERENCE)
        )
        s.execute(insert(m.Material), [
            {"element": "Dy", "stage": "metal", "name": "Dysprosium (ref)", "origin": Origin.REFERENCE},
            {"element": "NdFeB", "stage": "magnet", "name": "NdFeB (ref)", "origin": Origin.REFERENCE},
        ])  # fmt: skip
    summary = create_demo(db, user="tester")
    mats = rows(db, m.Material)
    by_key = {(x.element, x.stage): x for x in mats}
    assert by_key[("Dy", "metal")].origin == Origin.REFERENCE
    assert by_key[("NdPr", "oxide")].origin == Origin.DEMO
    assert summary.counts["materials"] == len(mats) - 2
    with db.session("tester") as s:
        dy_users = s.scalar(select(func.count()).select_from(m.PartMaterial)
                            .where(m.PartMaterial.material_id == by_key[("Dy", "metal")].id))  # fmt: skip
    assert dy_users >= 30
    assert len(rows(db, m.AlternativeSource)) == 1 + 6


def test_runtime(db):
    start = time.perf_counter()
    summary = create_demo(db, user="tester")
    elapsed = time.perf_counter() - start
    print(f"\ncreate_demo: {elapsed:.2f} s for {sum(summary.counts.values())} rows")
