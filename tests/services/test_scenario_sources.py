"""Activated alternative sources join the network with their capacity, start day and own China
exposure (services/scenario_sources.py), on the hand-made motor network of conftest.py:

Line L (10/day) holds 100 motors; the Chinese motor maker (5/day) is stopped by M1 (Dy), the
Polish one (5/day) keeps delivering, so without help L survives 100 / (10 - 5) = 20 days.
M1 for 30 days + a 10-working-day licence (14 calendar days) gives TTR = 44 days.
"""

from __future__ import annotations

import pytest

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import crud
from rePlanner.services.scenario_run import run_inputs
from rePlanner.services.whatif import goal_seek, what_if_table

STOP = {"measures": ("M1",), "duration_days": 30.0, "licence_delay_days": 10.0}


def alternative(db, motor, name, capacity, days, **extra):
    return crud.create(db, "alternative source", {"name": name, "kind": "supplier",
                       "part_id": motor, "capacity_per_day": capacity,
                       "qualification_days": days, **extra})["id"]  # fmt: skip


def line(db, **inputs):
    run = run_inputs(db, ScenarioInputs(**{**STOP, **inputs}))
    (row,) = run.results["lines"]
    return row, run


def test_a_small_early_source_stretches_survival_by_its_capacity(db, motor_network):
    small = alternative(db, motor_network["motor"], "Small", 2.0, 10.0)
    row, run = line(db, alternatives=(small,))
    # from day 10: 100 + 5 t + 2 (t - 10) = 10 t  ->  t = 80 / 3
    assert row["tts_days"] == pytest.approx(80 / 3)
    assert row["ttr_days"] == pytest.approx(44)  # the source does not end the disruption
    assert row["shutdown_days"] == pytest.approx(44 - 80 / 3)
    # over 44 days: 440 needed; 100 + 5 x 44 + 2 x 34 = 388 made
    assert row["lost_vehicles"] == pytest.approx(52)
    (used,) = run.results["alternatives"]
    assert used["usable_capacity_per_day"] == 2.0 and used["stands_in_at"] >= 1


def test_a_source_that_needs_chinese_dy_is_no_escape_under_a_dy_stop(db, motor_network):
    dy = crud.find(db, "material", element="Dy")[0]["id"]
    big = alternative(db, motor_network["motor"], "Big but Chinese Dy", 50.0, 5.0)
    crud.create(db, "alternative material", {"alternative_id": big, "material_id": dy,
                                             "china_share": 1.0})  # fmt: skip
    row, run = line(db, alternatives=(big,))
    assert row["tts_days"] == pytest.approx(20) and row["shutdown_days"] == pytest.approx(24)
    assert run.results["alternatives"][0]["usable_capacity_per_day"] == 0.0
    # half of its Dy from China: half its capacity; 25/day from day 5 covers the need
    crud.update(db, "alternative material", crud.find(db, "alternative material")[0]["id"],
                {"china_share": 0.5})  # fmt: skip
    row, run = line(db, alternatives=(big,))
    assert run.results["alternatives"][0]["usable_capacity_per_day"] == 25.0
    assert row["tts_days"] is None and row["shutdown_days"] == 0  # never runs short


def test_a_late_source_ends_the_stop_when_it_arrives(db, motor_network):
    late = alternative(db, motor_network["motor"], "Late", 10.0, 30.0)
    row, _ = line(db, alternatives=(late,))
    assert row["tts_days"] == pytest.approx(20) and row["alternative_from_days"] == 30
    assert row["shutdown_days"] == pytest.approx(10)  # day 20 to 30, not to day 44
    assert row["lost_vehicles"] == pytest.approx(50)  # 10 days at half rate (Poland's 5/day)


def test_two_partial_sources_cover_what_neither_covers_alone(db, motor_network):
    a = alternative(db, motor_network["motor"], "A", 2.5, 0.0)
    b = alternative(db, motor_network["motor"], "B", 2.5, 0.0)
    alone = [line(db, alternatives=(x,))[0] for x in (a, b)]
    both, _ = line(db, alternatives=(a, b))
    # alone: 2.5/day short, stock lasts 40 days < 44; together 5 + 2.5 + 2.5 = 10 per day
    assert [r["shutdown_days"] for r in alone] == [pytest.approx(4), pytest.approx(4)]
    assert both["tts_days"] is None and both["shutdown_days"] == 0


def test_goal_seek_finds_the_capacity_that_closes_the_gap(db, motor_network):
    small = alternative(db, motor_network["motor"], "Small", 2.0, 10.0)
    inputs = ScenarioInputs(**STOP, alternatives=(small,))
    seek = goal_seek(db, inputs, "L", "alternative_capacity", hi=100.0, tol=1e-4)
    # survive to day 44: 100 + 5 x 44 + c x 34 >= 440  ->  c >= 120 / 34
    assert seek.result.reachable and seek.result.value == pytest.approx(120 / 34, abs=1e-3)
    table = what_if_table(db, inputs, [("alternative_capacity", [0.0, 2.0, 4.0])],
                          "shutdown_days", line="L")  # fmt: skip
    assert table.cells[0][0] == pytest.approx(24) and table.cells[2][0] == 0


def test_capacity_cannot_be_varied_without_an_activated_source(db, motor_network):
    with pytest.raises(ValidationError, match="activates no alternative"):
        what_if_table(db, ScenarioInputs(**STOP), [("alternative_capacity", [1.0])],
                      "shutdown_days")  # fmt: skip
