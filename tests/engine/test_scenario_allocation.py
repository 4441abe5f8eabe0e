"""A line that could survive alone but loses the shared part to a higher-margin line is at risk."""

from __future__ import annotations

import numpy as np
import pytest

from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.scenario import run_scenario


def _two_lines_one_supplier() -> Network:
    # node 0: magnet maker (100 in stock, 10/day capacity); lines A (margin 10) and B (margin 1)
    return Network(
        ids=["magnets", "A", "B"],
        capacity=np.array([10.0, np.inf, np.inf]),
        inventory=np.array([100.0, 0.0, 0.0]),
        ttr=np.array([80.0, np.nan, np.nan]),
        demand=np.array([0.0, 1.0, 1.0]),
        profit=np.array([0.0, 10.0, 1.0]),
        inputs=[InputGroup(1, (0,), (1.0,)), InputGroup(2, (0,), (1.0,))],
    )


def test_starved_low_margin_line_counts_its_lost_days():
    outcome = run_scenario(_two_lines_one_supplier(), [0], {1: 80.0, 2: 80.0})
    lines = {x.node: x for x in outcome.lines}
    a, b = lines["A"], lines["B"]
    # alone, each line would live 100 days on the 100 magnets: longer than the 80-day stop
    assert b.tts_days == pytest.approx(100.0)
    # together they need 160 and have 100: the optimum keeps A whole and B loses 60 vehicles
    assert a.lost_vehicles == pytest.approx(0.0) and not a.at_risk
    assert b.lost_vehicles == pytest.approx(60.0)
    assert b.shutdown_days == pytest.approx(60.0)  # 60 vehicles at 1 per day
    assert b.at_risk
