"""Alternative sources that start producing on a later day (Network.available_from).

One line L (10 per day, margin 100) needs part X. X comes from P (disrupted: only its stock of
100 can still ship) or from the alternative A (no stock, capacity c per day from day a).
Hand-computed: without A the line survives 100 / 10 = 10 days.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rePlanner.engine.lp import LpModel, solve_linprog
from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.scenario import ScenarioEvaluator
from rePlanner.engine.solve import Engine


def _net(capacity: float, start: float) -> Network:
    return Network(
        ids=["L", "P", "A"],
        capacity=np.array([np.inf, 10.0, capacity]),
        inventory=np.array([0.0, 100.0, 0.0]),
        ttr=np.full(3, np.nan),
        demand=np.array([10.0, 0.0, 0.0]),
        profit=np.array([100.0, 0.0, 0.0]),
        inputs=[InputGroup(0, (1, 2), (1.0, 1.0), "X")],
        available_from=np.array([0.0, 0.0, start]),
    )


@pytest.mark.parametrize("warm", [True, False])
@pytest.mark.parametrize(
    ("capacity", "start", "tts"),
    [
        (10.0, 5.0, math.inf),  # arrives before the stock runs out and covers the need
        (5.0, 5.0, 15.0),  # half the need from day 5: 100 + 5 (t - 5) = 10 t
        (30.0, 20.0, 10.0),  # too late: the line stops on day 10 whatever comes on day 20
        (10.0, 10.0, math.inf),  # just in time
        (0.0, 5.0, 10.0),  # no capacity (e.g. it needs the Chinese material too)
    ],
)
def test_survival_with_a_late_source(capacity: float, start: float, tts: float, warm: bool) -> None:
    got = Engine(_net(capacity, start), warm=warm).time_to_survive(["P"]).tts
    assert got == pytest.approx(tts)


def test_a_late_source_is_not_counted_before_it_starts() -> None:
    # A single LP over the whole horizon would let A cover days 10..20 with what it makes
    # after day 20 (here: A on from day 0, unbounded). The periods must refuse it.
    net = _net(30.0, 20.0)
    m = LpModel.build(net)
    naive = solve_linprog(m.tts_cost(), m.a_tts, m.tts_rhs(), m.tts_upper([1]))
    assert naive.status == "unbounded"  # what a single aggregate LP would report
    assert Engine(net).time_to_survive(["P"]).tts == pytest.approx(10.0)


def test_lost_volume_counts_only_what_the_late_source_makes_in_the_horizon() -> None:
    # Over 30 days: need 300, P's stock 100, A from day 5 at 5 per day: 125 -> lost 75.
    pi = Engine(_net(5.0, 5.0)).performance_impact(["P"], horizon=30.0)
    assert pi.lost_volume["L"] == pytest.approx(75.0)
    # A horizon that ends before A starts gets nothing from it: lost 300 - 100 = 200 at day 30
    pi = Engine(_net(5.0, 40.0)).performance_impact(["P"], horizon=30.0)
    assert pi.lost_volume["L"] == pytest.approx(200.0)


def test_a_line_waits_for_the_late_source_not_for_the_disruption_to_end() -> None:
    # TTR 90: without A, 80 shutdown days. A covers the need from day 30: down from day 10 to 30.
    ev = ScenarioEvaluator()
    line = ev.run(_net(10.0, 30.0), [1], {0: 90.0}).lines[0]
    assert line.tts_days == pytest.approx(10.0)
    assert line.shutdown_days == pytest.approx(20.0)
    assert line.lost_vehicles == pytest.approx(200.0)
    # half coverage from day 30 does not end the stop: the line runs at half rate until the
    # TTR (as with any partial supply, shutdown = TTR - TTS); 200 + 60 x 5 vehicles lost
    line = ev.run(_net(5.0, 30.0), [1], {0: 90.0}).lines[0]
    assert line.shutdown_days == pytest.approx(80.0) and line.restart_days is None
    assert line.lost_vehicles == pytest.approx(500.0)
    # a trickle (0.01 per day) must not count as a restart either
    line = ev.run(_net(0.01, 30.0), [1], {0: 90.0}).lines[0]
    assert line.shutdown_days == pytest.approx(80.0)
    # nothing comes: the whole disruption
    line = ev.run(_net(0.0, 30.0), [1], {0: 90.0}).lines[0]
    assert line.shutdown_days == pytest.approx(80.0)


def test_without_start_days_nothing_changes() -> None:
    net = _net(5.0, 0.0)
    net.available_from = None
    assert Engine(net).time_to_survive(["P"]).tts == pytest.approx(20.0)  # 100 + 5 t = 10 t


def test_two_alternatives_for_different_items_do_not_share_cached_losses() -> None:
    # same numbers, other links: a cache keyed by the numbers alone mixed them up
    def net(for_item: int) -> Network:
        return Network(
            ids=["L", "P", "Q", "A"],
            capacity=np.array([np.inf, 0.0, 0.0, 10.0]),
            inventory=np.array([0.0, 100.0, 300.0, 0.0]),
            ttr=np.full(4, np.nan),
            demand=np.array([10.0, 0.0, 0.0, 0.0]),
            profit=np.array([1.0, 0.0, 0.0, 0.0]),
            inputs=[InputGroup(0, (1, 3) if for_item == 1 else (1,), (1.0,) * (1 + (for_item == 1)), "P"),
                    InputGroup(0, (2, 3) if for_item == 2 else (2,), (1.0,) * (1 + (for_item == 2)), "Q")],
            available_from=np.array([0.0, 0.0, 0.0, 5.0]),
        )  # fmt: skip

    ev = ScenarioEvaluator()
    first = ev.run(net(1), [], {0: 50.0}).lines[0].lost_vehicles
    second = ev.run(net(2), [], {0: 50.0}).lines[0].lost_vehicles
    assert first == pytest.approx(
        ScenarioEvaluator().run(net(1), [], {0: 50.0}).lines[0].lost_vehicles
    )
    assert second == pytest.approx(
        ScenarioEvaluator().run(net(2), [], {0: 50.0}).lines[0].lost_vehicles
    )
    assert first != pytest.approx(second)
