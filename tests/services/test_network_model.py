"""compile_network on small hand-made databases whose engine Network is known exactly."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pytest

from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.network_model import CompiledNetwork, compile_network


class Plant:
    """Two plants, one line each; a seat motor from two alternative suppliers, 3-level BOM."""

    def __init__(self, db: Database) -> None:
        self.db = db
        us = self.add("supplier", name="Us", country="Germany", tier=0, is_internal=True)
        self.alpha = self.add("site", supplier_id=us, name="Plant Alpha", country="DE",
                              city="Alphaville")  # fmt: skip
        self.beta = self.add("site", supplier_id=us, name="Plant Beta", country="DE",
                             city="Betatown")  # fmt: skip
        parts = ("module", "subassembly", "motor", "magnet", "bracket", "frame")
        self.part = {
            p: self.add("part", part_number=f"00{i}", description=p.title())
            for i, p in enumerate(parts)
        }
        nd = self.add("material", element="Nd", stage="metal", name="Neodymium")
        dy = self.add("material", element="Dy", stage="metal", name="Dysprosium")
        site = {
            name: self.add("site", supplier_id=self.add("supplier", name=name, country=c, tier=t),
                           name=f"{name} site", country=c)
            for name, c, t in (("Motors1", "PL", 1), ("Motors2", "MX", 1), ("MagCo", "CN", 2),
                               ("Separator", "CN", 3), ("Brackets", "DE", 1))
        }  # fmt: skip
        self.n = {
            "pn_motor": self.node(self.alpha, part="motor", inventory_on_hand=100),
            "pn_bracket": self.node(self.alpha, part="bracket", capacity_per_day=500,
                                    inventory_on_hand=50, inventory_in_transit=20),
            "m1": self.node(site["Motors1"], part="motor", capacity_per_day=300,
                            inventory_on_hand=10, inventory_in_transit=40, ttr_days=30),
            "m2": self.node(site["Motors2"], part="motor", capacity_per_day=100, ttr_days=60),
            "magnet": self.node(site["MagCo"], part="magnet", capacity_per_day=900),
            "nd": self.node(site["Separator"], material_id=nd, capacity_per_day=5),
            "dy": self.node(site["Separator"], material_id=dy),
            "bracket": self.node(site["Brackets"], part="bracket"),
            "pn_bracket_beta": self.node(self.beta, part="bracket"),
        }  # fmt: skip
        for src, dst, q in (
            ("m1", "pn_motor", 1),
            ("m2", "pn_motor", 1),
            ("magnet", "m1", 2),
            ("magnet", "m2", 2.5),
            ("nd", "magnet", 0.05),
            ("dy", "magnet", 0.01),
            ("bracket", "pn_bracket", 1),
            ("bracket", "pn_bracket_beta", 1),
        ):
            self.add("sourcing link", from_node_id=self.n[src], to_node_id=self.n[dst],
                     quantity_per_unit=q)  # fmt: skip
        program = self.add("program", name="EV", powertrain="BEV")
        self.l1 = self.add(
            "production line",
            name="L1",
            plant_site_id=self.alpha,
            program_id=program,
            rate_per_day=100,
            margin_per_vehicle=500,
            working_days_per_week=7,
        )
        self.l2 = self.add("production line", name="L2", plant_site_id=self.beta,
                           program_id=program, rate_per_day=40, margin_per_vehicle=800)  # fmt: skip
        self.bom(self.l1, 1, [("module", 1, [("subassembly", 2, [("motor", 4, [("magnet", 2, [])])]),
                                             ("frame", 1, [])]),
                              ("motor", 1, []), ("bracket", 3, [])])  # fmt: skip
        self.bom(self.l2, 1, [("bracket", 2, [])])

    def add(self, entity: str, **values: Any) -> int:
        return int(crud.create(self.db, entity, values)["id"])

    def node(self, site: int, part: str | None = None, **values: Any) -> int:
        if part:
            values["part_id"] = self.part[part]
        return self.add("supply node", site_id=site, **values)

    def bom(self, line: int, revision: int, tree: list[Any], current: bool = True) -> int:
        rev = self.add("BOM revision", line_id=line, revision=revision, is_current=current)
        todo = [(None, 1, tree)]
        while todo:
            parent, level, rows = todo.pop()
            for part, qty, kids in rows:
                row = self.add("BOM line", revision_id=rev, parent_id=parent,
                               part_id=self.part[part], quantity=qty, level=level)  # fmt: skip
                todo.append((row, level + 1, kids))
        return rev


def groups_of(c: CompiledNetwork, consumer: int) -> dict[frozenset[tuple[int, float]], str]:
    """A node's input groups: {frozenset of (supplier index, ratio)}: label."""
    return {
        frozenset(zip(g.suppliers, g.ratios, strict=True)): g.label
        for g in c.network.inputs
        if g.consumer == consumer
    }


@pytest.fixture
def plant(db: Database) -> Plant:
    return Plant(db)


def test_lines_nodes_and_their_values(plant):
    c = compile_network(plant.db)
    net, node, line = c.network, c.index_of_supply_node(), c.index_of_line()
    assert net.size == 2 + 9 and len(set(net.ids)) == net.size
    assert [line[plant.l1], line[plant.l2]] == [0, 1]  # lines first
    assert net.ids[0] == "Plant Alpha / L1"
    l1 = line[plant.l1]
    assert (net.demand[l1], net.profit[l1], net.inventory[l1]) == (100, 500, 0)
    # demand is per calendar day: L2 makes 40 a working day on a 5-day week
    assert net.demand[line[plant.l2]] == pytest.approx(40 * 5 / 7)
    assert math.isinf(net.capacity[l1]) and math.isnan(net.ttr[l1])
    m1 = node[plant.n["m1"]]
    assert (net.capacity[m1], net.inventory[m1], net.ttr[m1]) == (300, 50, 30)  # 10 + 40
    assert net.ids[m1] == "Motors1 / Motor 002" and c.nodes[m1].tier == 1
    pn = node[plant.n["pn_motor"]]
    assert math.isinf(net.capacity[pn]) and math.isnan(net.ttr[pn]) and net.demand[pn] == 0
    assert net.ids[pn] == "Plant Alpha / Motor 002"
    assert net.inventory[node[plant.n["pn_bracket"]]] == 70
    assert net.ids[node[plant.n["nd"]]] == "Separator / Nd metal"
    assert list(net.is_product) == [True, True] + [False] * 9


def test_bom_extended_quantities_stop_at_plant_nodes(plant):
    c = compile_network(plant.db)
    node = c.index_of_supply_node()
    l1 = c.index_of_line()[plant.l1]
    # motor: 1 x 2 x 4 through module/subassembly plus 1 at the top; its magnets are not an
    # input of the line (they come through the motor suppliers); bracket 3
    assert groups_of(c, l1) == {
        frozenset({(node[plant.n["pn_motor"]], 9.0)}): "Motor 002",
        frozenset({(node[plant.n["pn_bracket"]], 3.0)}): "Bracket 004",
    }
    assert groups_of(c, c.index_of_line()[plant.l2]) == {
        frozenset({(node[plant.n["pn_bracket_beta"]], 2.0)}): "Bracket 004"
    }
    assert any("L1: 1 BOM part(s)" in w and "Frame 005" in w for w in c.warnings)


def test_links_group_by_supplied_item_alternatives_add_up(plant):
    c = compile_network(plant.db)
    node = c.index_of_supply_node()
    n = {k: node[v] for k, v in plant.n.items()}
    assert groups_of(c, n["pn_motor"]) == {frozenset({(n["m1"], 1.0), (n["m2"], 1.0)}): "Motor 002"}
    assert groups_of(c, n["m1"]) == {frozenset({(n["magnet"], 2.0)}): "Magnet 003"}
    assert groups_of(c, n["m2"]) == {frozenset({(n["magnet"], 2.5)}): "Magnet 003"}
    assert groups_of(c, n["magnet"]) == {  # two materials: AND
        frozenset({(n["nd"], 0.05)}): "Nd metal",
        frozenset({(n["dy"], 0.01)}): "Dy metal",
    }
    assert groups_of(c, n["nd"]) == {}
    assert len(c.network.inputs) == 3 + 1 + 1 + 1 + 2 + 2  # lines 3, nodes 7


def test_scope_by_plant_name_or_city_keeps_what_is_upstream(plant):
    beta = compile_network(plant.db, scope="betatown")
    assert sorted(i.supply_node_id or 0 for i in beta.nodes) == sorted(
        [0, plant.n["pn_bracket_beta"], plant.n["bracket"]]
    )
    assert [i.line for i in beta.nodes if i.line_id] == ["L2"]
    alpha = compile_network(plant.db, scope="Plant Alpha")
    assert alpha.network.size == 1 + 8 and alpha.scope == "Plant Alpha"
    with pytest.raises(ReplannerError, match="no plant or network is called 'Gamma'.*Plant Alpha"):
        compile_network(plant.db, scope="Gamma")


def test_as_of_picks_the_revision_made_by_then(plant):
    plant.bom(plant.l2, 2, [("bracket", 5, [])], current=False)  # a later, not yet current one

    def ratios(c: CompiledNetwork) -> list[tuple[float, ...]]:
        line = c.index_of_line()[plant.l2]
        return [g.ratios for g in c.network.inputs if g.consumer == line]

    assert ratios(compile_network(plant.db)) == [(2.0,)]
    assert ratios(compile_network(plant.db, as_of=date.today())) == [(5.0,)]
    before = compile_network(plant.db, as_of=date(2000, 1, 1))
    assert ratios(before) == [] and before.as_of == date(2000, 1, 1)


def test_same_item_at_two_sites_of_one_supplier_gets_the_site_in_its_label(plant):
    sup = crud.find(plant.db, "supplier", name="Motors1")[0]["id"]
    other = plant.add("site", supplier_id=sup, name="Second", country="PL")
    plant.node(other, part="motor")
    ids = compile_network(plant.db).network.ids
    assert "Motors1 (Motors1 site) / Motor 002" in ids and "Motors1 (Second) / Motor 002" in ids
    assert len(set(ids)) == len(ids)


def test_an_empty_database_compiles_to_an_empty_network(db):
    c = compile_network(db)
    assert c.network.size == 0 and c.network.inputs == [] and c.nodes == []
    assert np.asarray(c.network.capacity).shape == (0,)
