"""run_stress_test: hand-computed cases through the database, and the peer's LP results."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.network_import import import_network
from rePlanner.services.stress import StressRecord, run_stress_test

PEER = Path("/work/shared/peer")


def add(db: Database, entity: str, **values: Any) -> int:
    return int(crud.create(db, entity, values)["id"])


@pytest.fixture
def one_line(db: Database) -> Database:
    """Line L (10/day, margin 100) needs 1 part P per vehicle; plant stock 50 (TTR 4);
    supplier S makes 5/day from no stock (TTR 20). An unrelated node X has no customer."""
    us = add(db, "supplier", name="Us", country="DE", tier=0, is_internal=True)
    plant = add(db, "site", supplier_id=us, name="Plant", country="DE")
    sup = add(db, "supplier", name="S", country="CN", tier=1)
    site = add(db, "site", supplier_id=sup, name="S works", country="CN")
    part = add(db, "part", part_number="0042", description="Motor")
    other = add(db, "part", part_number="0099", description="Spare")
    pn = add(db, "supply node", site_id=plant, part_id=part, inventory_on_hand=50, ttr_days=4)
    sn = add(db, "supply node", site_id=site, part_id=part, capacity_per_day=5, ttr_days=20)
    add(db, "supply node", site_id=site, part_id=other, ttr_days=3)
    add(db, "sourcing link", from_node_id=sn, to_node_id=pn, quantity_per_unit=1)
    program = add(db, "program", name="EV", powertrain="BEV")
    line = add(db, "production line", name="L", plant_site_id=plant, program_id=program,
               rate_per_day=14,  # 5-day week: 10 per calendar day
               margin_per_vehicle=100)  # fmt: skip
    rev = add(db, "BOM revision", line_id=line, revision=1)
    add(db, "BOM line", revision_id=rev, part_id=part, quantity=1, level=1)
    return db


def by_node(records: list[StressRecord]) -> dict[str, StressRecord]:
    return {r.node: r for r in records}


def test_hand_computed_single_line(one_line):
    report = run_stress_test(one_line)
    r = by_node(report.records)
    assert list(r) == ["Plant / L", "Plant / Motor 0042", "S / Motor 0042", "S / Spare 0099"]
    assert report.baseline_tts_days == pytest.approx(10.0)  # 50 + 5t >= 10t
    s = r["S / Motor 0042"]  # only the plant's 50 left: 5 days < TTR 20
    assert s.tts_days == pytest.approx(5.0) and s.at_risk and not s.no_impact
    # over 20 days 200 are needed: 50 ship, 150 lost x 100; undisrupted 50 + 100 ship
    assert s.lost_profit == pytest.approx(15_000) and s.added_lost_profit == pytest.approx(10_000)
    assert (s.supplier, s.site, s.item, s.tier, s.kind) == ("S", "S works", "Motor 0042", 1, "node")
    pn = r["Plant / Motor 0042"]  # its stock still ships: 50 / 10 = 5 days >= TTR 4
    assert pn.tts_days == pytest.approx(5.0) and not pn.at_risk and pn.lost_profit == 0
    line = r["Plant / L"]  # the line itself stopped: no survival, TTR unknown
    assert line.tts_days == pytest.approx(0.0) and line.ttr_days is None
    assert line.lost_profit is None and not line.at_risk and line.kind == "line"
    assert (line.line, line.plant, line.line_id) == ("L", "Plant", 1)
    spare = r["S / Spare 0099"]  # feeds nothing: the disruption changes nothing
    assert spare.no_impact and not spare.at_risk and spare.added_lost_profit == 0
    assert s.risk_exposure_index == 1.0 and report.ranked()[0] is s
    assert report.at_risk == [s]


def test_unbounded_survival_is_none_in_json(db):
    us = add(db, "supplier", name="Us", country="DE", tier=0, is_internal=True)
    plant = add(db, "site", supplier_id=us, name="Plant", country="DE")
    part = add(db, "part", part_number="1", description="Bolt")
    add(db, "supply node", site_id=plant, part_id=part, capacity_per_day=3, ttr_days=2)
    program = add(db, "program", name="EV", powertrain="BEV")
    add(
        db,
        "production line",
        name="L",
        plant_site_id=plant,
        program_id=program,
        rate_per_day=14,  # 5-day week: 10 per calendar day
        margin_per_vehicle=100,
    )  # fmt: skip  (no BOM: nothing limits it)
    report = run_stress_test(db)
    out = json.loads(json.dumps(report.as_dict()))
    assert out["baseline_tts_days"] is None and out["nodes"] == 2 and out["lines"] == 1
    bolt = next(r for r in out["records"] if r["kind"] == "node")
    assert bolt["tts_days"] is None and bolt["tts_status"] == "optimal"
    assert bolt["no_impact"] and not bolt["at_risk"] and bolt["lost_profit"] == 0


def test_empty_database_gives_an_empty_report(db):
    report = run_stress_test(db)
    assert report.records == [] and report.as_dict()["nodes"] == 0


def test_unknown_scope_is_a_user_error(one_line):
    with pytest.raises(ReplannerError, match="no plant or network is called 'x'"):
        run_stress_test(one_line, scope="x")


def test_imported_small_network_matches_the_peer_lp_results(db):
    assert import_network(db, PEER / "small.xlsx").ok
    peer = json.loads((PEER / "small.json").read_text())
    report = run_stress_test(db, scope="small")
    ours = {r.supplier: r for r in report.records}  # imported node X is supplier X
    assert len(ours) == len(peer["results"]) == 35
    for ref in peer["results"]:
        r = ours[ref["disrupted"]]
        tts = math.inf if ref["tts"] == "inf" else ref["tts"]
        assert (math.inf if r.tts_days is None else r.tts_days) == pytest.approx(tts, rel=1e-6)
        assert r.lost_profit == pytest.approx(ref["pi"], rel=1e-6, abs=1e-9)
        assert r.added_lost_profit == pytest.approx(ref["pi_minus_no_disruption"], rel=1e-6,
                                                    abs=1e-9)  # fmt: skip
        assert r.ttr_days == ref["ttr_days"]
        baseline = peer["baseline"]["lp"]["tts_no_disruption"]
        assert r.no_impact == (r.tts_days is not None and r.tts_days >= baseline * (1 - 1e-6))
