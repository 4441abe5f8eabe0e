"""The demo's supply network: magnets by application, pipelines that follow lead times, JIS
modules, regional bulky parts, one exposed and one safe line, alternatives on the exposed chain."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from rePlanner.domain.enums import Origin
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database, open_database
from rePlanner.services.demo import create_demo

RARE_EARTHS = {"NdFeB", "Nd", "Pr", "NdPr", "Dy", "Tb", "REO"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    database = open_database(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    create_demo(database, user="tester")
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def net(db: Database) -> Network:
    return Network.load(db)


@dataclass
class Network:
    """The demo as plain objects, with demand pushed up from the lines through the links."""

    nodes: dict[int, Any]
    into: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    out: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    base: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    demand: dict[int, float] = field(default_factory=dict)
    sites: dict[int, Any] = field(default_factory=dict)
    site_tier: dict[int, int] = field(default_factory=dict)
    parts: dict[int, Any] = field(default_factory=dict)
    elements: dict[int, str] = field(default_factory=dict)  # material id -> element
    content: dict[int, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    lines: list[Any] = field(default_factory=list)
    delivered: dict[int, dict[int, float]] = field(default_factory=dict)  # line -> part -> qty
    alternatives: list[Any] = field(default_factory=list)

    @classmethod
    def load(cls, db: Database) -> Network:
        with db.session("tester") as s:
            net = cls({n.id: n for n in s.scalars(select(m.SupplyNode))})
            for link in s.scalars(select(m.SourcingLink)):
                net.into[link.to_node_id].append(link)
                net.out[link.from_node_id].append(link)
            tiers = {sup.id: sup.tier for sup in s.scalars(select(m.Supplier))}
            for site in s.scalars(select(m.Site)):
                net.sites[site.id] = site
                net.site_tier[site.id] = tiers[site.supplier_id]
            net.parts = {p.id: p for p in s.scalars(select(m.Part))}
            net.elements = {x.id: x.element for x in s.scalars(select(m.Material))}
            for pm in s.scalars(select(m.PartMaterial)):
                net.content[pm.part_id][net.elements[pm.material_id]] = pm.kg_per_unit
            net.lines = list(s.scalars(select(m.ProductionLine)))
            for line in net.lines:
                net.delivered[line.id] = _delivered(s, line.id)
            net.alternatives = list(s.scalars(select(m.AlternativeSource)))
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
                # per calendar day, as the engine counts (rate is per working day)
                per_day = line.rate_per_day * line.working_days_per_week / 7
                self.base[self.plant_node(line, part_id).id] += per_day * qty
        for nid in self.nodes:
            self._demand(nid)

    def _demand(self, nid: int) -> float:
        if nid not in self.demand:
            self.demand[nid] = self.base[nid] + sum(self.flow(k) for k in self.out[nid])
        return self.demand[nid]

    def flow(self, link: Any) -> float:
        return self._demand(link.to_node_id) * link.quantity_per_unit * link.share

    def tier(self, nid: int) -> int:
        return self.site_tier[self.nodes[nid].site_id]

    def country(self, nid: int) -> str:
        return str(self.sites[self.nodes[nid].site_id].country)

    def region(self, nid: int) -> str:
        return str(self.sites[self.nodes[nid].site_id].region)

    def part(self, nid: int) -> Any:
        return self.parts.get(self.nodes[nid].part_id)

    def days(self, nid: int) -> float:
        n = self.nodes[nid]
        return (n.inventory_on_hand + n.inventory_in_transit) / self.demand[nid]

    def rare_earth(self, nid: int) -> bool:
        n = self.nodes[nid]
        if n.material_id is not None:
            return self.elements[n.material_id] in RARE_EARTHS
        return "NdFeB" in self.content.get(n.part_id, {})

    def upstream(self, nids: list[int]) -> set[int]:
        seen: set[int] = set()
        todo = list(nids)
        while todo:
            nid = todo.pop()
            if nid not in seen:
                seen.add(nid)
                todo += [k.from_node_id for k in self.into[nid]]
        return seen

    def line_nodes(self, line: Any) -> set[int]:
        return self.upstream([self.plant_node(line, p).id for p in self.delivered[line.id]])


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


# --- material content ---------------------------------------------------------------------------

HOT = ("traction motor", "motor-generator", "eps motor", "esc hydraulic", "brake booster",
       "oil pump", "coolant pump", "fuel pump", "a/c compressor", "radiator fan", "throttle",
       "wastegate", "shift actuator", "wiper motor", "coolant valve", "wheel speed sensor",
       "camshaft position sensor")  # fmt: skip
COOL = ("speaker", "subwoofer", "seat motor", "window lifter", "mirror adjust", "blower",
        "flap actuator", "steering torque sensor")  # fmt: skip


def test_magnets_carry_heavy_rare_earths_only_where_they_run_hot(net):
    hot = cool = 0
    for pid, c in net.content.items():
        if "NdFeB" not in c:
            continue
        desc = net.parts[pid].description.lower()
        assert 0.28 <= (c["Nd"] + c["Pr"]) / c["NdFeB"] <= 0.32, desc
        dy, tb = c.get("Dy", 0.0) / c["NdFeB"], c.get("Tb", 0.0) / c["NdFeB"]
        if any(word in desc for word in HOT):
            hot += 1
            assert 0.01 <= dy <= 0.08 and tb <= 0.01, desc
            if desc.startswith("magnet set") and "gbd" not in desc:  # no diffusion: 2-8 % Dy
                assert dy >= 0.02, desc
        elif any(word in desc for word in COOL):
            cool += 1
            assert "Dy" not in c and "Tb" not in c, desc
    assert hot >= 20 and cool >= 15
    speakers = [p for p in net.parts.values() if p.category == "speaker"]
    assert len(speakers) >= 4 and all("Dy" not in net.content[p.id] for p in speakers)


def test_traction_motors_hold_one_to_two_kg_of_magnet(net):
    traction = [p.id for p in net.parts.values() if p.category == "traction motor"]
    assert len(traction) >= 5
    assert all(1.0 <= net.content[pid]["NdFeB"] <= 2.0 for pid in traction)  # part_content.csv
    dual = [line for line in net.lines
            if sum(net.parts[p].category == "traction motor" for p in net.delivered[line.id]) >= 2]  # fmt: skip
    assert dual, "no dual-motor line"


def test_gallium_germanium_and_graphite_appear_where_expected(net, db):
    with db.session("tester") as s:
        programs = {p.id: p for p in s.scalars(select(m.Program))}
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
    plant_nodes = [n.id for n in net.nodes.values() if net.tier(n.id) == 0]
    reached = net.upstream(plant_nodes)
    separators = {net.country(n) for n in reached if net.tier(n) == 3 and net.nodes[n].material_id}
    assert "China" in separators and separators - {"China"}
    mines = {net.country(n) for n in reached if net.tier(n) == 4}
    assert "China" in mines and mines - {"China"}


def test_in_transit_is_lead_time_times_daily_flow_on_outgoing_links(net):
    for nid, node in net.nodes.items():
        pipeline = sum(k.lead_time_days * net.flow(k) for k in net.out[nid])
        assert node.inventory_in_transit == pytest.approx(pipeline, rel=1e-3, abs=0.6), nid
    weeks = [n for n in net.nodes if net.nodes[n].inventory_in_transit / net.demand[n] >= 28]
    assert len(weeks) >= 20  # sea freight keeps weeks of goods on the water


def test_lead_times_follow_the_mode(net):
    sea = truck = 0
    for links in net.out.values():
        for k in links:
            src, dst = net.region(k.from_node_id), net.region(k.to_node_id)
            if "Air freight" in (k.notes or ""):
                assert k.lead_time_days <= 7 and "licence" in k.notes
            elif src == "Asia" and dst in ("Europe", "North America"):
                sea += 1
                assert 30 <= k.lead_time_days <= 50, (k.from_node_id, k.to_node_id)
            elif src == dst and src in ("Europe", "North America"):
                truck += 1
                assert k.lead_time_days <= 5, (k.from_node_id, k.to_node_id)
    assert sea >= 30 and truck >= 100


def test_just_in_sequence_modules_hold_hours_to_two_days_at_the_plant(net):
    jis = [
        n
        for n in net.nodes
        if net.tier(n) == 0
        and (
            net.part(n).category in ("seats", "doors")
            or "axle module" in net.part(n).description
            or net.part(n).description.startswith("Cockpit")
        )  # fmt: skip
    ]
    assert len(jis) >= 20
    assert all(net.nodes[n].inventory_on_hand / net.demand[n] <= 2.0 for n in jis)


BULKY = {"glazing", "castings", "lighting", "thermal", "body", "exterior", "interior", "seats",
         "doors", "chassis"}  # fmt: skip


def test_bulky_parts_come_from_the_plants_region_and_panels_are_pressed_in_house(net):
    bulky = [n for n in net.nodes if net.tier(n) == 0 and net.part(n).category in BULKY]
    assert {net.part(n).category for n in bulky} == BULKY
    for n in bulky:
        assert {net.region(k.from_node_id) for k in net.into[n]} == {net.region(n)}, n
    pressed = [p.id for p in net.parts.values() if "own press shop" in p.description]
    assert len(pressed) >= 9
    assert not any(net.nodes[n].part_id in pressed for n in net.nodes)


def test_mine_and_separator_capacity_is_labelled_as_allocated_to_us(net):
    upstream = [n for n in net.nodes if net.tier(n) >= 3]
    assert upstream and all(net.nodes[n].capacity_per_day for n in upstream)
    assert all("allocated" in (net.nodes[n].notes or "") for n in upstream)


# --- exposed and safe lines ---------------------------------------------------------------------


def _single_chinese_magnet_chains(net: Network, line: Any) -> list[tuple[float, list[int]]]:
    """(days of cover, node ids) of chains plant <- one tier 1 <- one Chinese magnet maker."""
    found = []
    for part_id in net.delivered[line.id]:
        if "NdFeB" not in net.content.get(part_id, {}):
            continue
        plant = net.plant_node(line, part_id)
        if len(net.into[plant.id]) != 1:
            continue
        tier1 = net.into[plant.id][0].from_node_id
        magnets = [k.from_node_id for k in net.into[tier1] if net.part(k.from_node_id)
                   and net.part(k.from_node_id).category == "magnet"]  # fmt: skip
        if len(magnets) == 1 and net.country(magnets[0]) == "China":
            chain = [plant.id, tier1, magnets[0]]
            found.append((sum(net.days(n) for n in chain), chain))
    return found


def test_a_line_hangs_on_single_sourced_chinese_magnets_with_days_of_cover(net):
    cover = {
        line.name: min(c) for line in net.lines if (c := _single_chinese_magnet_chains(net, line))
    }
    exposed = {name: c for name, c in cover.items() if c[0] < 15}
    assert exposed, cover
    for _days, chain in exposed.values():  # the story: a licence hold, magnets flown in
        link = next(k for k in net.out[chain[2]] if k.to_node_id == chain[1])
        assert "licence" in link.notes and link.lead_time_days <= 7


def test_a_line_holds_weeks_of_rare_earth_stock_everywhere(net):
    safe = []
    for line in net.lines:
        rare = [n for n in net.line_nodes(line) if net.rare_earth(n)]
        assert len(rare) >= 20, line.name
        if min(net.days(n) for n in rare) > 45:
            safe.append(line.name)
    assert safe and len(safe) < len(net.lines)


def test_alternatives_target_the_exposed_chains(net):
    exposed = {
        net.nodes[nid].part_id
        for line in net.lines
        for days, chain in _single_chinese_magnet_chains(net, line)
        if days < 15
        for nid in chain
    }
    alternatives = net.alternatives
    assert 3 <= len(alternatives) <= 8
    assert all(a.origin == Origin.DEMO and a.part_id in net.parts for a in alternatives)
    on_exposed = [a for a in alternatives if a.part_id in exposed]
    assert len(on_exposed) >= 2
    assert any(a.kind == "supplier" and a.china_share < 0.5 for a in on_exposed)
    assert any(a.kind == "design" for a in on_exposed)
    assert all("licence hold" in a.notes for a in on_exposed)
    for a in alternatives:  # qualification order: run-at-rate comes before PPAP approval
        text = a.timing_text.lower()
        if "ppap" in text and "run-at-rate" in text:
            assert text.index("run-at-rate") < text.index("ppap"), a.timing_text
