"""Ranking alternative sources on the hand-made motor network of conftest.py, where the answer is
known: line L (10/day, 100 motors in stock) loses its Chinese motor maker (5/day) under M1 (Dy);
the Polish one (5/day) goes on, so L survives 20 days; M1 for 30 days plus a 10-working-day
licence gives TTR 44 days: 24 shutdown days as things stand."""

from __future__ import annotations

import pytest

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import crud
from rePlanner.services.alternatives_plan import qualify_now
from rePlanner.services.alternatives_rank import rank_alternatives
from rePlanner.services.scenario import get_scenario, save_scenario
from rePlanner.services.scenario_run import run_saved_scenario

STOP = ScenarioInputs(measures=("M1",), duration_days=30, licence_delay_days=10)


def source(db, motor, name, capacity, days, country, **extra):
    return crud.create(db, "alternative source", {
        "name": name, "kind": extra.pop("kind", "supplier"), "part_id": motor,
        "capacity_per_day": capacity, "qualification_days": days, "country": country,
        **extra})["id"]  # fmt: skip


def by_name(ranking):
    return {r.source: r for r in ranking.records}


def test_a_fast_small_local_source_that_closes_the_gap_beats_a_big_slow_one(db, motor_network):
    motor = motor_network["motor"]
    source(db, motor, "Small fast", 5.0, 5.0, "Germany")  # 5 + 5 = 10 per day from day 5
    source(db, motor, "Big slow", 100.0, 30.0, "United States")  # from day 30, after TTS 20
    r = rank_alternatives(db, line="L", scenario=STOP)
    assert r.shutdown_days == pytest.approx(24)
    first, second = r.records[:2]
    assert first.source == "Small fast" and first.shutdown_days_after == 0
    assert first.local and "closes the gap" in first.reasons[0]
    assert second.source == "Big slow" and second.shutdown_days_after == pytest.approx(10)
    assert first.lost_margin_avoided > second.lost_margin_avoided > 0
    # of the whole need of 10 motors a day (Poland still delivers the other half)
    assert first.coverage == pytest.approx(0.5) and second.coverage == pytest.approx(10.0)


def test_a_source_that_needs_chinese_dy_does_not_help_under_a_dy_scenario(db, motor_network):
    dy = crud.find(db, "material", element="Dy")[0]["id"]
    chinese_dy = source(db, motor_network["motor"], "Needs Chinese Dy", 50.0, 0.0, "Japan")
    crud.create(db, "alternative material", {"alternative_id": chinese_dy, "material_id": dy,
                                             "china_share": 1.0})  # fmt: skip
    source(db, motor_network["motor"], "Dy-free design", 5.0, 10.0, "Poland", kind="design")
    r = by_name(rank_alternatives(db, line="L", scenario=STOP))
    useless = r["Needs Chinese Dy"]
    assert useless.shutdown_days_after == useless.shutdown_days_before == pytest.approx(24)
    assert useless.lost_margin_avoided == 0
    assert any("cut off by this scenario" in x for x in useless.reasons)
    assert r["Dy-free design"].shutdown_days_after == 0  # from day 10, before the TTS of 20


def test_two_partial_sources_together_cover_a_need_neither_covers_alone(db, motor_network):
    for name in ("Half A", "Half B"):
        source(db, motor_network["motor"], name, 2.5, 0.0, "Czechia")
    records = rank_alternatives(db, line="L", scenario=STOP).records
    pair = records[0]
    assert pair.kind == "pair" and sorted(pair.source.split(" + ")) == ["Half A", "Half B"]
    assert pair.shutdown_days_after == 0 and pair.coverage == pytest.approx(0.5)
    singles = [x for x in records if x.kind == "supplier"]
    assert [x.shutdown_days_after for x in singles] == [pytest.approx(4)] * 2  # 100 / 2.5 = 40


def test_weights_change_the_criteria_order_predictably(db, motor_network):
    motor = motor_network["motor"]
    source(db, motor, "Near but dear", 5.0, 5.0, "Germany", cost_premium_pct=40.0)
    source(db, motor, "Far but cheap", 5.0, 5.0, "Vietnam", cost_premium_pct=0.0)

    def order(weights):
        r = rank_alternatives(db, line="L", scenario=STOP, weights=weights, pairs=False)
        return [x.source for x in sorted(r.records, key=lambda x: x.criteria_rank)]

    assert order("premium=5,proximity=1") == ["Far but cheap", "Near but dear"]
    assert order("premium=1,proximity=5") == ["Near but dear", "Far but cheap"]
    with pytest.raises(ValidationError, match="weights"):
        rank_alternatives(db, line="L", scenario=STOP, weights="speed=2")


def test_a_source_without_timing_is_listed_last_with_the_reason(db, motor_network):
    crud.create(db, "alternative source", {"name": "No timing", "kind": "supplier",
                                           "part_id": motor_network["motor"]})  # fmt: skip
    source(db, motor_network["motor"], "Timed", 5.0, 5.0, "Germany")
    records = rank_alternatives(db, part="001", scenario=STOP).records
    assert [x.source for x in records] == ["Timed", "No timing"]
    assert not records[1].placed and "cannot be placed" in records[1].reasons[0]


def test_qualify_now_saves_a_scenario_with_the_source_activated(db, motor_network):
    fast = source(db, motor_network["motor"], "Small fast", 5.0, 5.0, "Germany")
    save_scenario(db, "stop", STOP)
    info = qualify_now(db, "stop", fast)
    assert info.name == "stop + qualify Small fast" and info.inputs.alternatives == (fast,)
    assert get_scenario(db, "stop").inputs.alternatives == ()  # the original is unchanged
    (row,) = run_saved_scenario(db, info.name).results["lines"]
    assert row["shutdown_days"] == 0
    with pytest.raises(ValidationError, match="already activates"):
        qualify_now(db, info.name, fast, "again")


def test_target_must_be_one_known_line_part_or_material(db, motor_network):
    with pytest.raises(ValidationError, match="exactly one"):
        rank_alternatives(db, line="L", part="001", scenario=STOP)
    with pytest.raises(ValidationError, match="no such line"):
        rank_alternatives(db, line="Nope", scenario=STOP)
    with pytest.raises(ValidationError, match="no such material"):
        rank_alternatives(db, material="Unobtainium", scenario=STOP)


def test_an_open_ended_stop_ranks_by_the_days_a_source_ends(db, motor_network):
    motor = motor_network["motor"]
    source(db, motor, "Small fast", 5.0, 5.0, "Germany", cost_premium_pct=0.0)
    source(db, motor, "Big slow", 100.0, 30.0, "United States", cost_premium_pct=0.0)
    source(db, motor, "Trickle", 0.5, 1.0, "Austria", cost_premium_pct=0.0)
    open_ended = ScenarioInputs(materials=("Dy",))  # no end, no licence: TTR is infinite
    r = rank_alternatives(db, line="L", scenario=open_ended)
    assert r.shutdown_days == float("inf")
    fast, slow, trickle = (by_name(r)[n] for n in ("Small fast", "Big slow", "Trickle"))
    assert [x.source for x in r.records] == ["Small fast", "Big slow", "Trickle"]
    assert fast.shutdown_days_after == 0 and slow.shutdown_days_after == pytest.approx(10)
    assert slow.gap_closes is not None and (slow.gap_closes - r.start).days == 30
    assert "ends the open-ended stop" in slow.reasons[0]
    # 5.5 of 10 a day: never enough, so the stop never ends and nothing is avoided in days
    assert trickle.shutdown_days_after == float("inf") and trickle.gap_closes is None
    assert "does not end the open-ended stop" in trickle.reasons[0]


def test_unknown_premium_is_unknown_and_a_mistyped_latitude_is_refused(db, motor_network):
    alt = source(db, motor_network["motor"], "No premium", 5.0, 5.0, "Germany")
    (x,) = rank_alternatives(db, line="L", scenario=STOP).records
    assert x.premium_cost is None and x.lost_margin_avoided > 0
    assert x.net_value != x.net_value  # nan: not "no premium at all"
    with pytest.raises(ValidationError, match="latitude"):
        crud.update(db, "alternative source", alt, {"latitude": 95})
