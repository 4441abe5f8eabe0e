"""run_stress_test(by="material" / "material-content"): a hand network and the demo."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.demo import create_demo
from rePlanner.services.stress import run_stress_test


def add(db: Database, entity: str, **values: Any) -> int:
    return int(crud.create(db, entity, values)["id"])


@pytest.fixture
def two_separators(db: Database) -> Database:
    """Line L (10/day, margin 100) needs 1 Motor; the plant holds 50 Motors; motor maker M
    (not limiting, no stock) needs 1 Dy oxide per motor from separator S1 or S2 (10/day each,
    TTR 6 and 10). One separator down: the other covers 10/day, no impact. Both down: 50 / 10 =
    5 days < TTR max(6, 10) = 10; over 10 days 100 needed, 50 ship: 50 x 100 = 5000 lost."""
    us = add(db, "supplier", name="Us", country="DE", tier=0, is_internal=True)
    plant = add(db, "site", supplier_id=us, name="Plant", country="DE")
    motor = add(db, "part", part_number="7", description="Motor")
    dy = add(db, "material", element="Dy", stage="oxide", name="Dysprosium oxide")
    add(db, "material", element="Tb", stage="oxide", name="Terbium oxide")  # no node: left out
    add(db, "part material", part_id=motor, material_id=dy, kg_per_unit=0.1)
    pn = add(db, "supply node", site_id=plant, part_id=motor, inventory_on_hand=50)
    maker = add(db, "supplier", name="M", country="JP", tier=1)
    mn = add(db, "supply node", site_id=add(db, "site", supplier_id=maker, name="M works",
             country="JP"), part_id=motor)  # fmt: skip
    add(db, "sourcing link", from_node_id=mn, to_node_id=pn, quantity_per_unit=1)
    for name, ttr in (("S1", 6), ("S2", 10)):
        sup = add(db, "supplier", name=name, country="CN", tier=3)
        site = add(db, "site", supplier_id=sup, name=f"{name} plant", country="CN")
        sn = add(db, "supply node", site_id=site, material_id=dy, capacity_per_day=10,
                 ttr_days=ttr)  # fmt: skip
        add(db, "sourcing link", from_node_id=sn, to_node_id=mn, quantity_per_unit=1)
    program = add(db, "program", name="EV", powertrain="BEV")
    line = add(db, "production line", name="L", plant_site_id=plant, program_id=program,
               rate_per_day=14,  # 5-day week: 10 per calendar day
               margin_per_vehicle=100)  # fmt: skip
    rev = add(db, "BOM revision", line_id=line, revision=1)
    add(db, "BOM line", revision_id=rev, part_id=motor, quantity=1, level=1)
    return db


def test_a_material_hurts_where_neither_node_alone_does(two_separators):
    nodes = {r.node: r for r in run_stress_test(two_separators).records}
    for name in ("S1 / Dy oxide", "S2 / Dy oxide"):
        assert nodes[name].tts_days is None and nodes[name].no_impact
        assert nodes[name].lost_profit == 0 and not nodes[name].at_risk
    report = run_stress_test(two_separators, by="material")
    (dy,) = report.records  # Tb oxide has no node: not listed
    assert (dy.node, dy.kind, dy.item, dy.supplier) == ("Dy oxide", "material", "Dy oxide", None)
    assert dy.members == ["S1 / Dy oxide", "S2 / Dy oxide"]
    assert dy.tts_days == pytest.approx(5.0) and dy.ttr_days == 10.0
    assert dy.lost_profit == pytest.approx(5000) and dy.added_lost_profit == pytest.approx(5000)
    assert dy.at_risk and not dy.no_impact and dy.risk_exposure_index == 1.0
    assert report.baseline_tts_days is None and report.by == "material"
    assert report.lps_solved == 2


def test_material_content_adds_the_nodes_whose_part_contains_it(two_separators):
    report = run_stress_test(two_separators, by="material-content")
    (dy,) = report.records
    assert sorted(dy.members) == ["M / Motor 7", "Plant / Motor 7", "S1 / Dy oxide",
                                  "S2 / Dy oxide"]  # fmt: skip
    # the plant's own 50 Motors still ship: 5 days, as with the separators alone
    assert dy.tts_days == pytest.approx(5.0) and dy.lost_profit == pytest.approx(5000)
    out = json.loads(json.dumps(report.as_dict()))
    assert out["by"] == "material-content" and out["records"][0]["members"] == dy.members


def test_unknown_grouping_is_a_user_error(two_separators):
    with pytest.raises(ReplannerError, match="by must be one of node, material"):
        run_stress_test(two_separators, by="supplier")


def test_demo_rare_earth_materials_are_at_risk(db):
    create_demo(db)
    by_material = {r.node: r for r in run_stress_test(db, by="material").records}
    assert {"Dy oxide", "Dy metal", "NdPr oxide", "graphite"} <= set(by_material)
    assert by_material["Tb metal"].at_risk and len(by_material["Dy metal"].members) == 2
    assert all(r.kind == "material" and r.members for r in by_material.values())
    content = run_stress_test(db, by="material-content")
    magnet = next(r for r in content.records if r.node == "NdFeB magnet")
    assert magnet.at_risk and magnet.tts_days is not None and magnet.ttr_days is not None
    assert magnet.tts_days < magnet.ttr_days and magnet.risk_exposure_index > 0.5
    assert "NdFeB magnet" not in by_material  # no node holds the magnet material itself
    assert not any(math.isnan(r.risk_exposure_index) for r in content.records)
