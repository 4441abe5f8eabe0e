"""Scenarios on a hand-made database (through crud) with known TTS, TTR, shutdown and losses.

Line L (10/day, margin 100) needs 1 motor; our plant holds 100 motors. Motors come from a
Chinese supplier (5/day, contains Dy metal, covered by measure M1 which needs a licence) and a
Polish one (5/day). M1 stops the Chinese node: 5/day short, so TTS = 100 / 5 = 20 days.
"""

from __future__ import annotations

import pytest

from rePlanner.domain.errors import DuplicateError, NotFoundError, ValidationError
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import crud
from rePlanner.services.scenario import get_scenario, list_scenarios, save_scenario
from rePlanner.services.scenario_run import run_inputs, run_saved_scenario


def add(db, entity, **values):
    return crud.create(db, entity, values).get("id")


@pytest.fixture
def hand(db, motor_network):
    crud.create(db, "alternative source", {"name": "Quick", "kind": "supplier",
                "part_id": motor_network["motor"], "qualification_days": 20, "ramp_days": 5})  # fmt: skip
    return db


def line(run):
    (row,) = run.results["lines"]
    return row


def test_licence_stop_known_tts_ttr_shutdown_and_loss(hand):
    # TTR = 30 days stopped + 10 working days licence (14 calendar days on a 5-day week) = 44
    run = run_inputs(hand, ScenarioInputs(measures=("M1",), duration_days=30,
                                          licence_delay_days=10))  # fmt: skip
    assert run.results["disrupted"] == ["CnMotors / Motor 001"]
    row = line(run)
    assert row["tts_days"] == pytest.approx(20) and row["ttr_days"] == pytest.approx(44)
    assert row["shutdown_days"] == pytest.approx(24) and row["at_risk"]
    # over 44 days: 440 needed, 100 + 5 x 44 = 320 available
    assert row["lost_vehicles"] == pytest.approx(120)
    assert row["lost_margin"] == pytest.approx(12000) == row["added_lost_margin"]
    assert row["baseline_tts_days"] is None  # undisrupted it never runs short
    assert any(b["kind"] == "capacity" for b in row["binding"])


def test_buffer_days_and_alternative_shorten_the_shutdown(hand):
    buffered = line(
        run_inputs(
            hand,
            ScenarioInputs(
                measures=("M1",), duration_days=30, licence_delay_days=10, buffer_days=10
            ),
        )
    )
    assert buffered["tts_days"] == pytest.approx(40)  # + 10 days x 10/day at our plant
    assert buffered["shutdown_days"] == pytest.approx(4)
    alt = crud.find(hand, "alternative source", name="Quick")[0]["id"]
    quick = line(run_inputs(hand, ScenarioInputs(measures=("M1",), duration_days=30,
                                                 alternatives=(alt,))))  # fmt: skip
    # Quick (no capacity figure: covers the need) delivers from day 25, long before the
    # 30 + 63 day recovery: the line is short from day 20 to 25, at half rate (Poland's 5/day)
    assert quick["ttr_days"] == pytest.approx(93) and quick["alternative_from_days"] == 25
    assert quick["shutdown_days"] == pytest.approx(5)
    assert quick["lost_vehicles"] == pytest.approx(250 - 225)
    (used,) = run_inputs(hand, ScenarioInputs(measures=("M1",), alternatives=(alt,))).results[
        "alternatives"]  # fmt: skip
    assert used["delivers_after_days"] == 25 and used["usable_capacity_per_day"] is None


def test_a_measure_on_another_material_has_no_impact(hand):
    ga = add(hand, "material", element="Ga", stage="metal", name="Gallium")
    m2 = add(hand, "policy measure", code="M2", kind="export_control", title="Ga")
    add(hand, "measure material", measure_id=m2, material_id=ga)
    run = run_inputs(hand, ScenarioInputs(measures=("M2",), duration_days=30))
    assert run.results["disrupted"] == [] and run.results["no_impact"]
    row = line(run)
    assert row["no_impact"] and not row["at_risk"] and row["shutdown_days"] == 0


def test_stored_result_reproduces_from_its_stored_inputs(hand):
    inputs = ScenarioInputs(measures=("M1",), duration_days=30, licence_delay_days=10)
    save_scenario(hand, "stop", inputs, "Dy stop")
    run = run_saved_scenario(hand, "stop")
    stored = crud.get(hand, "scenario result", run.result_id)
    assert stored["data_as_of"] is not None and stored["results"] == run.results
    # edit the scenario afterwards: the stored inputs still reproduce the stored numbers
    save_scenario(hand, "stop", ScenarioInputs(duration_days=1), replace=True)
    again = run_inputs(hand, ScenarioInputs.from_dict(stored["inputs"]))
    assert again.results == stored["results"] and again.data_as_of == stored["data_as_of"]
    assert get_scenario(hand, "STOP").runs == 1 and len(list_scenarios(hand)) == 1


def test_refusals_name_what_is_wrong(hand):
    save_scenario(hand, "a", ScenarioInputs())
    with pytest.raises(DuplicateError):
        save_scenario(hand, "a", ScenarioInputs())
    with pytest.raises(NotFoundError):
        run_saved_scenario(hand, "b")
    with pytest.raises(ValidationError, match="scenario.measures"):
        run_inputs(hand, ScenarioInputs(measures=("EC99",)))
    with pytest.raises(ValidationError, match="scenario.alternatives"):
        run_inputs(hand, ScenarioInputs(alternatives=(999,)))


def test_demo_ec07_licence_stop_hits_norvik_not_odra(tmp_path):
    from rePlanner.services.workspace import build_demo

    result = build_demo(str(tmp_path / "demo.sqlite"), force=False, keep_existing=False)
    db = result.db
    try:
        save_scenario(db, "EC07 licences stop 90 days",
                      ScenarioInputs(measures=("EC07",), duration_days=90))  # fmt: skip
        run = run_saved_scenario(db, "EC07 licences stop 90 days")
    finally:
        db.dispose()
    rows = {r["line"]: r for r in run.results["lines"]}
    norvik, odra = rows["B1 Norvik"], rows["O1 Odra"]
    assert norvik["at_risk"] and norvik["shutdown_days"] > 0 and norvik["lost_vehicles"] > 0
    assert not odra["at_risk"] and odra["shutdown_days"] == 0 and odra["lost_vehicles"] == 0


def test_holding_back_stock_on_hand_at_the_stopped_supplier(db, motor_network):
    # give the Chinese motor maker 40 motors on hand and 20 in transit
    cn = next(n for n in crud.find(db, "supply node", part_id=motor_network["motor"])
              if n["capacity_per_day"] == 5)  # fmt: skip
    crud.update(db, "supply node", cn["id"], {"inventory_on_hand": 40, "inventory_in_transit": 20})
    stop = ScenarioInputs(measures=("M1",), duration_days=30, licence_delay_days=10)
    shipped = line(run_inputs(db, stop))
    assert shipped["tts_days"] == pytest.approx((100 + 60) / 5)  # all its stock still ships
    held = run_inputs(db, ScenarioInputs.from_dict({**stop.to_dict(), "hold_stock": True}))
    assert held.results["stock_held"] == 40
    assert line(held)["tts_days"] == pytest.approx((100 + 20) / 5)  # only what is in transit
    with pytest.raises(ValidationError, match="true or false"):
        ScenarioInputs.from_dict({"hold_stock": "yes"})
