"""Dashboard numbers on hand-made networks (crud) and the demo's heat-map shape."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from rePlanner.domain.progress import Cancelled
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import crud
from rePlanner.services.dashboard import (
    heat_map,
    line_elements,
    policy_calendar,
    quota_history,
    risk_overview,
    risks_of,
    risks_table,
    top_risks,
)
from rePlanner.services.scenario import save_scenario
from rePlanner.services.scenario_run import ScenarioRun


def add(db, entity, **values):
    return crud.create(db, entity, values)["id"]


@pytest.fixture
def plant(db):
    """Line L (14/working day on a 5-day week = 10/calendar day, margin 100) needs a Motor
    (Dy, only a Chinese maker; plant stock 100), a Sensor (Tb, only a Chinese maker; plant stock
    1000) and a Chip (Ga, a German maker, not limiting). Line C needs only the Chip."""
    us = add(db, "supplier", name="Us", country="Germany", tier=0, is_internal=True)
    site = add(db, "site", supplier_id=us, name="Plant", country="Germany")
    cn = add(db, "site", name="Ningbo", country="China",
             supplier_id=add(db, "supplier", name="CnCo", country="China", tier=1))  # fmt: skip
    de = add(db, "site", name="Dresden", country="Germany",
             supplier_id=add(db, "supplier", name="DeCo", country="Germany", tier=1))  # fmt: skip
    parts = {}
    for number, element, maker, stock in (("M", "Dy", cn, 100), ("S", "Tb", cn, 1000),
                                          ("C", "Ga", de, 0)):  # fmt: skip
        part = parts[number] = add(db, "part", part_number=number, description=number)
        mat = add(db, "material", element=element, stage="metal", name=element)
        add(db, "part material", part_id=part, material_id=mat, kg_per_unit=0.01, china_share=1)
        own = add(db, "supply node", site_id=site, part_id=part, inventory_on_hand=stock)
        cap = 50 if maker == cn else None
        node = add(db, "supply node", site_id=maker, part_id=part, capacity_per_day=cap)
        add(db, "sourcing link", from_node_id=node, to_node_id=own, quantity_per_unit=1)
    prog = add(db, "program", name="EV", powertrain="BEV")
    for name, bom in (("L", "MSC"), ("C only", "C")):
        line = add(db, "production line", name=name, plant_site_id=site, program_id=prog,
                   rate_per_day=14, margin_per_vehicle=100)  # fmt: skip
        rev = add(db, "BOM revision", line_id=line, revision=1, is_current=True)
        for number in bom:
            add(db, "BOM line", revision_id=rev, part_id=parts[number], quantity=1, level=1)
    return db


class Steps:
    def __init__(self, stop_after: int | None = None) -> None:
        self.seen: list[tuple[int, int, str]] = []
        self.stop_after = stop_after

    def update(self, done: int, total: int, message: str = "") -> None:
        self.seen.append((done, total, message))

    def cancelled(self) -> bool:
        return self.stop_after is not None and len(self.seen) > self.stop_after


def test_heat_map_cells_are_stock_over_rate(plant):
    assert line_elements(plant) == ["Dy", "Ga", "Tb"]
    steps = Steps()
    h = heat_map(plant, duration_days=90.0, progress=steps)
    assert sorted(h.lines) == ["C only", "L"] and h.elements == ["Dy", "Ga", "Tb"]
    dy = h.cell("L", "Dy")  # 100 motors / 10 a day, stopped for 90 days
    assert dy.tts_days == pytest.approx(10.0) and dy.ttr_days == pytest.approx(90.0)
    assert dy.ratio == pytest.approx(10 / 90) and dy.level == "shutdown"
    assert dy.shutdown_days == pytest.approx(80.0)
    assert dy.lost_vehicles == pytest.approx(800.0) and dy.lost_margin == pytest.approx(80_000)
    assert "M" in (dy.binding or "")
    tb = h.cell("L", "Tb")  # 1000 sensors last 100 days: just above the 90-day stop
    assert tb.tts_days == pytest.approx(100.0) and tb.level == "close"
    assert tb.shutdown_days == pytest.approx(0.0) and tb.lost_vehicles == pytest.approx(0.0)
    ga = h.cell("L", "Ga")  # made in Germany: a Chinese stop never reaches it
    assert ga.tts_days is None and ga.ratio is None and ga.level == "ok"
    assert h.cell("C only", "Dy").level == "ok" and h.cell("C only", "Dy").tts_days is None
    assert [s[2] for s in steps.seen].count("Cutting off Dy from China…") == 1
    assert steps.seen[-1][0] == steps.seen[-1][1] == 4  # prepare + 3 materials


def test_heat_map_for_named_materials_and_a_longer_stop(plant):
    h = heat_map(plant, duration_days=5.0, materials=["Dy"])
    assert h.elements == ["Dy"] and len(h.cells) == 2
    cell = h.cell("L", "Dy")  # 10 days of motors outlast a 5-day stop
    assert cell.ratio == pytest.approx(2.0) and cell.level == "ok"


def test_heat_map_stops_when_cancelled(plant):
    with pytest.raises(Cancelled):
        heat_map(plant, progress=Steps(stop_after=1))


def test_top_risks_of_a_saved_scenario(plant):
    save_scenario(plant, "Dy stop", ScenarioInputs(materials=("Dy",), duration_days=90))
    top = top_risks(plant, "Dy stop")
    assert top.scenario == "Dy stop" and top.at_risk == 1 and top.lines == 2
    (risk,) = top.risks
    assert risk.line == "L" and risk.plant == "Plant"
    assert risk.shutdown_days == pytest.approx(80.0) and risk.lost_margin == pytest.approx(80_000)
    assert risk.lost_vehicles == pytest.approx(800.0) and "M" in (risk.binding or "")
    table = risks_table(top)
    row = dict(zip([c.key for c in table.columns], table.rows[0], strict=True))
    assert row["line"] == "L" and row["shutdown_days"] == pytest.approx(80.0)


def test_top_risks_default_is_the_licence_measures_in_force(plant):
    dy = crud.find(plant, "material", element="Dy")[0]["id"]
    m = add(plant, "policy measure", code="M1", kind="export_control", title="Dy licences",
            date_effective=date.today() - timedelta(days=30), licence_required=True)  # fmt: skip
    crud.create(plant, "measure material", {"measure_id": m, "material_id": dy})
    top = top_risks(plant)
    assert "M1" in top.scenario and top.inputs.measures == ("M1",)
    # no stop, a 45-working-day licence = 63 calendar days; motors last 10
    assert top.risks[0].ttr_days == pytest.approx(63.0)
    assert top.risks[0].shutdown_days == pytest.approx(53.0)


def test_risks_are_sorted_by_lost_margin_and_open_ended_first():
    def line(name, margin, shutdown=1.0):
        return {"line": name, "plant": "P", "line_id": 1, "tts_days": 1.0, "ttr_days": 2.0,
                "shutdown_days": shutdown, "lost_vehicles": 1.0, "lost_margin": margin,
                "at_risk": margin != 0, "binding": []}  # fmt: skip

    lines = [line("a", 10.0), line("b", 0.0), line("c", 30.0), line("d", None, None)]
    run = ScenarioRun(None, ScenarioInputs(), {"lines": lines}, None)
    top = risks_of(run, "x", n=2)
    assert [r.line for r in top.risks] == ["d", "c"] and top.at_risk == 3 and top.lines == 4
    assert math.isinf(risks_table(top).rows[0][2])  # open-ended shutdown: infinite


def test_risk_overview_matches_the_separate_calls(plant):
    save_scenario(plant, "Dy stop", ScenarioInputs(materials=("Dy",), duration_days=90))
    heat, top = risk_overview(plant, duration_days=90.0, scenario="Dy stop")
    alone = heat_map(plant, duration_days=90.0)
    assert heat.cells == alone.cells
    assert top.risks == top_risks(plant, "Dy stop").risks


def test_policy_calendar(db):
    on = date(2026, 3, 1)
    for code, values in {
        "A": {"date_effective": date(2025, 1, 1)},  # in force
        "B": {"date_effective": date(2025, 1, 1), "suspended_from": date(2025, 12, 1),
              "suspended_until": on + timedelta(days=10)},  # suspended, ends in 10 days
        "C": {"date_effective": on + timedelta(days=400)},  # beyond the horizon
        "D": {"date_effective": date(2024, 1, 1), "date_ends": on - timedelta(days=100)},
        "E": {"date_effective": date(2025, 1, 1), "suspended_from": date(2025, 6, 1),
              "suspended_until": on - timedelta(days=5)},  # lapsed: applies again, check
    }.items():  # fmt: skip
        add(db, "policy measure", code=code, kind="export_control", title=f"Measure {code}",
            source_url=f"https://example.org/{code}", **values)  # fmt: skip
    cal = policy_calendar(db, on=on)
    assert [(e.code, e.state) for e in cal.in_force] == [
        ("E", "suspension_lapsed"), ("A", "in_force")]  # fmt: skip
    assert [(e.code, e.kind, e.days_away) for e in cal.events] == [
        ("E", "suspension_ends", -5), ("B", "suspension_ends", 10)]  # fmt: skip
    assert [e.code for e in cal.upcoming] == ["B"]
    assert cal.upcoming[0].source_url == "https://example.org/B"
    later = policy_calendar(db, on=on, horizon_days=500, lookback_days=0)
    assert [(e.code, e.kind) for e in later.events] == [
        ("B", "suspension_ends"), ("C", "takes_effect")]  # fmt: skip


def test_quota_history(db):
    def quota(year, batch, kind, volume, confidence="confirmed"):
        add(db, "quota batch", year=year, batch=batch, kind=kind, volume_t=volume,
            confidence=confidence)  # fmt: skip

    quota(2020, "batch 1", "mining", 60_000)
    quota(2020, "annual", "mining", 140_000)  # the annual total wins over the batches
    quota(2021, "batch 1", "mining", 80_000)
    quota(2021, "batch 2", "mining", 90_000, "derived")
    quota(2021, "batch 1", "smelting_separation", 50_000)
    quota(2021, "batch 2", "smelting_separation", None)  # unpublished: lower bound
    quota(2022, "batch 1", "mining", None, "unconfirmed")
    points = {(p.year, p.kind): p for p in quota_history(db)}
    assert list(points) == [(2020, "mining"), (2021, "mining"), (2021, "smelting_separation"),
                            (2022, "mining")]  # fmt: skip
    p = points[(2020, "mining")]
    assert (p.tonnes, p.basis, p.confidence, p.partial) == (140_000, "annual", "confirmed", False)
    p = points[(2021, "mining")]
    assert (p.tonnes, p.basis, p.confidence, p.partial) == (170_000, "batches", "derived", False)
    p = points[(2021, "smelting_separation")]
    assert (p.tonnes, p.partial) == (50_000, True)
    p = points[(2022, "mining")]
    assert (p.tonnes, p.basis, p.confidence) == (None, "not published", "unconfirmed")


def test_demo_heat_map_shape(tmp_path):
    from rePlanner.services.workspace import build_demo

    db = build_demo(str(tmp_path / "demo.sqlite")).db
    try:
        h = heat_map(db)
        lines = sorted(x["name"] for x in crud.find(db, "production line"))
        elements = line_elements(db)
    finally:
        db.dispose()
    assert sorted(h.lines) == lines and h.elements == elements and "Dy" in elements
    assert len(h.cells) == len(lines) * len(elements)
    assert h.cell("B1 Norvik", "Dy").level == "shutdown"  # as in the EC07 scenario test
    assert h.cell("O1 Odra", "Dy").level == "ok"
