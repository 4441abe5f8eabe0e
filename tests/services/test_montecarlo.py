"""Monte Carlo service on a hand database: a degenerate spec equals one scenario run."""

from __future__ import annotations

import pytest

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.engine.montecarlo import Dist, McSpec
from rePlanner.services.montecarlo import run_montecarlo
from rePlanner.services.scenario import save_scenario
from rePlanner.services.scenario_run import run_inputs

from .test_scenario_run import hand  # noqa: F401  (fixture)


def test_fixed_draws_equal_a_scenario_run(hand) -> None:  # noqa: F811
    inputs = ScenarioInputs(measures=("M1",), duration_days=30, licence_delay_days=10)
    save_scenario(hand, "m1", inputs)
    spec = McSpec(Dist("fixed", 10.0), Dist("fixed", 0.0), Dist("fixed", 0.0))
    mc = run_montecarlo(hand, "m1", 20, 5, spec=spec, workers=1)
    (one,) = run_inputs(hand, inputs).results["lines"]
    (row,) = mc.lines
    assert row["line"] == "L"
    assert row["p_shutdown"] == 1.0
    assert row["lost_vehicles_p50"] == pytest.approx(one["lost_vehicles"])
    assert row["lost_margin_p90"] == pytest.approx(one["lost_margin"])


def test_default_spec_is_seeded(hand) -> None:  # noqa: F811
    save_scenario(hand, "m1", ScenarioInputs(measures=("M1",)))
    a = run_montecarlo(hand, "m1", 60, 11, workers=1).as_dict()
    b = run_montecarlo(hand, "m1", 60, 11, workers=1).as_dict()
    c = run_montecarlo(hand, "m1", 60, 12, workers=1).as_dict()
    assert a["lines"] == b["lines"] and a["lines"] != c["lines"]
    assert a["distributions"]["licence_delay"]["kind"] == "triangular"
    assert 0 < a["lines"][0]["p_shutdown"] <= 1
