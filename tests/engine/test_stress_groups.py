"""stress_test_groups: disrupting a group's nodes together, worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rePlanner.domain.progress import Cancelled
from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.stress import stress_test, stress_test_groups


def two_sources() -> Network:
    """L (demand 10/day, margin 100) <- P (plant, stock 50, TTR unknown) <- A or B (OR: 10/day
    each, no stock, TTR 6 and 10); C (TTR 3) feeds nothing. Either source alone covers the
    demand, so neither alone shortens survival (inf). Both down: 10t <= 50 -> TTS 5; over the
    group's TTR max(6, 10) = 10 days 100 are needed, 50 ship: 50 lost x 100 = 5000."""
    return Network(
        ids=["L", "P", "A", "B", "C"],
        capacity=np.array([math.inf, math.inf, 10, 10, 10], dtype=float),
        inventory=np.array([0, 50, 0, 0, 0], dtype=float),
        ttr=np.array([math.nan, math.nan, 6, 10, 3], dtype=float),
        demand=np.array([10, 0, 0, 0, 0], dtype=float),
        profit=np.array([100, 0, 0, 0, 0], dtype=float),
        inputs=[InputGroup(0, (1,), (1.0,), "p"), InputGroup(1, (2, 3), (1.0, 1.0), "ore")],
    )


def test_a_group_hurts_where_no_member_alone_does() -> None:
    net = two_sources()
    alone = {r.node: r for r in stress_test(net).nodes}
    for node in ("A", "B"):
        assert math.isinf(alone[node].tts_days) and alone[node].no_impact
        assert alone[node].lost_profit == 0 and not alone[node].at_risk
    report = stress_test_groups(net, {"ore": [2, 3], "spare": [4], "only A": [2]})
    g = {r.node: r for r in report.nodes}
    ore = g["ore"]
    assert ore.tts_days == pytest.approx(5.0) and not ore.no_impact and ore.at_risk
    assert ore.ttr_days == 10.0  # the slowest member's TTR
    assert ore.lost_profit == pytest.approx(5000) and ore.added_lost_profit == pytest.approx(5000)
    assert ore.lost_volume == {"L": pytest.approx(50)} and ore.risk_exposure_index == 1.0
    assert math.isinf(report.baseline_tts) and report.members["ore"] == ["A", "B"]
    for name in ("spare", "only A"):
        assert g[name].no_impact and not g[name].at_risk and g[name].risk_exposure_index == 0
    assert report.lps_solved == 6 and [r.node for r in report.nodes] == ["ore", "spare", "only A"]


def test_group_without_a_ttr_has_no_lost_profit() -> None:
    report = stress_test_groups(two_sources(), {"plant": [1, 1]})
    (r,) = report.nodes
    assert r.tts_days == pytest.approx(5.0) and math.isnan(r.ttr_days)  # its stock still ships
    assert math.isnan(r.lost_profit) and not r.at_risk and report.lps_solved == 1
    assert report.members == {"plant": ["P"]}  # duplicates dropped


def test_group_stress_can_be_cancelled() -> None:
    class Stop:
        def update(self, done: int, total: int, message: str = "") -> None: ...

        def cancelled(self) -> bool:
            return True

    with pytest.raises(Cancelled):
        stress_test_groups(two_sources(), {"ore": [2, 3]}, progress=Stop())
