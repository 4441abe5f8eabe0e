"""Small networks whose TTS and lost profit are worked out by hand (see each docstring)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rePlanner.domain.progress import Cancelled
from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.solve import Engine, performance_impact, time_to_survive
from rePlanner.engine.stress import stress_test

INF = math.inf


def net(
    rows: list[tuple[str, float, float, float, float, float]], groups: list[InputGroup]
) -> Network:
    """rows: (id, capacity, inventory, demand, profit, ttr)."""
    cols = list(zip(*rows, strict=True))
    return Network(
        ids=list(cols[0]),
        capacity=np.array(cols[1], dtype=float),
        inventory=np.array(cols[2], dtype=float),
        demand=np.array(cols[3], dtype=float),
        profit=np.array(cols[4], dtype=float),
        ttr=np.array(cols[5], dtype=float),
        inputs=groups,
    )


@pytest.fixture(params=[True, False], ids=["warm-highs", "linprog"])
def warm(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def single_tier() -> Network:
    """P (d 10, stock 20, cap 100, margin 2) <- A (stock 30, cap 5/day).
    10t <= 20 + 30 + 5t -> TTS 10; A down: 10t <= 50 -> 5; P down: 10t <= 20 -> 2."""
    return net(
        [("P", 100, 20, 10, 2, 3), ("A", 5, 30, 0, 0, 8)],
        [InputGroup(0, (1,), (1.0,), "a")],
    )


def test_single_tier(warm: bool) -> None:
    e = Engine(single_tier(), warm=warm)
    assert e.time_to_survive().tts == pytest.approx(10)
    assert e.time_to_survive(["A"]).tts == pytest.approx(5)
    assert e.time_to_survive(["P"]).tts == pytest.approx(2)
    # A down 8 days: demand 80, supply 50 -> 30 lost x 2
    pi = e.performance_impact(["A"], 8)
    assert pi.lost_profit == pytest.approx(60)
    assert pi.lost_volume == {"P": pytest.approx(30)}
    kinds = {(b.kind, b.node) for b in pi.binding}
    assert {("ship", "A"), ("demand", "P")} <= kinds
    # no disruption, 12 days: demand 120, supply 20 + 30 + 60 -> 10 lost
    assert e.performance_impact([], 12).lost_profit == pytest.approx(20)
    assert e.performance_impact([], 8).lost_profit == pytest.approx(0)


def test_single_tier_stress_report() -> None:
    rep = stress_test(single_tier(), workers=1)
    by = {r.node: r for r in rep.nodes}
    assert rep.baseline_tts == pytest.approx(10)
    # A: TTS 5 < TTR 8 -> at risk; loss 60, none of it in the undisrupted network
    assert by["A"].tts_days == pytest.approx(5) and by["A"].at_risk and not by["A"].no_impact
    assert by["A"].lost_profit == pytest.approx(60)
    assert by["A"].added_lost_profit == pytest.approx(60)
    # P down 3 days: 30 demand, 20 in stock -> 10 lost x 2 = 20, the largest loss -> index 1
    assert by["P"].lost_profit == pytest.approx(20)
    assert by["A"].risk_exposure_index == pytest.approx(1.0)
    assert by["P"].risk_exposure_index == pytest.approx(20 / 60)


def two_tiers_with_alternative() -> Network:
    """P (d 10, no stock) needs m from A (stock 20, cap 4) OR B (stock 10, cap 2);
    A needs x from X (no stock, cap 3). A makes <= 3t, so 10t <= 30 + 3t + 2t -> TTS 6."""
    return net(
        [
            ("P", INF, 0, 10, 1, 1),
            ("A", 4, 20, 0, 0, 5),
            ("B", 2, 10, 0, 0, 5),
            ("X", 3, 0, 0, 0, 5),
        ],
        [InputGroup(0, (1, 2), (1.0, 1.0), "m"), InputGroup(1, (3,), (1.0,), "x")],
    )


def test_two_tiers_with_alternative_supplier(warm: bool) -> None:
    e = Engine(two_tiers_with_alternative(), warm=warm)
    assert e.time_to_survive().tts == pytest.approx(6)
    assert e.time_to_survive(["X"]).tts == pytest.approx(30 / 8)  # 10t <= 30 + 2t
    assert e.time_to_survive(["A"]).tts == pytest.approx(30 / 8)
    assert e.time_to_survive(["B"]).tts == pytest.approx(30 / 7)  # 10t <= 30 + 3t
    # X down 5 days: 50 demand, 30 stock + 2 x 5 from B -> 10 lost
    assert e.performance_impact(["X"], 5).lost_profit == pytest.approx(10)
    assert e.performance_impact(["X", "B"], 5).lost_profit == pytest.approx(20)


def shared_part() -> Network:
    """Lines P1 (d 10, margin 3) and P2 (d 5, margin 1) both need part S (stock 60, no output)."""
    return net(
        [("P1", INF, 0, 10, 3, 1), ("P2", INF, 0, 5, 1, 1), ("S", 0, 60, 0, 0, 6)],
        [InputGroup(0, (2,), (1.0,), "s"), InputGroup(1, (2,), (1.0,), "s")],
    )


def test_part_shared_by_two_lines(warm: bool) -> None:
    e = Engine(shared_part(), warm=warm)
    assert e.time_to_survive().tts == pytest.approx(4)  # 15t <= 60
    # 6 days: 90 demanded, 60 available -> the cheaper line loses its 30 -> 30
    pi = e.performance_impact([], 6)
    assert pi.lost_profit == pytest.approx(30)
    assert pi.lost_volume == {"P2": pytest.approx(30)}
    # 8 days: 120 demanded, 60 available: P2 loses 40 (40), P1 loses 20 (60) -> 100
    pi = e.performance_impact([], 8)
    assert pi.lost_profit == pytest.approx(100)
    assert pi.lost_volume == {"P1": pytest.approx(20), "P2": pytest.approx(40)}


def test_bom_ratio_other_than_one(warm: bool) -> None:
    """P (d 2, margin 5) needs 4 of M per unit; M: stock 40, cap 2/day.
    8t <= 40 + 2t -> TTS 20/3; 10 days: (40 + 20) / 4 = 15 made of 20 -> 25 lost."""
    n = net(
        [("P", INF, 0, 2, 5, 1), ("M", 2, 40, 0, 0, 1)],
        [InputGroup(0, (1,), (4.0,), "m")],
    )
    e = Engine(n, warm=warm)
    assert e.time_to_survive().tts == pytest.approx(20 / 3)
    assert e.performance_impact([], 10).lost_profit == pytest.approx(25)
    assert e.performance_impact(["M"], 10).lost_profit == pytest.approx(50)  # 40/4 = 10 made


def test_several_materials_per_node(warm: bool) -> None:
    """P (d 1) needs M1 x1 (stock 10, no output) AND M2 x2 (stock 10, 0.5/day):
    t <= 10 and 2t <= 10 + 0.5t -> the scarcer M2 limits: TTS 20/3. M2 down: 5."""
    n = net(
        [("P", INF, 0, 1, 1, 1), ("M1", 0, 10, 0, 0, 9), ("M2", 0.5, 10, 0, 0, 9)],
        [InputGroup(0, (1,), (1.0,), "m1"), InputGroup(0, (2,), (2.0,), "m2")],
    )
    e = Engine(n, warm=warm)
    assert e.time_to_survive().tts == pytest.approx(20 / 3)
    assert e.time_to_survive(["M2"]).tts == pytest.approx(5)
    res = e.time_to_survive([])
    assert ("input", "P", "m2") in {(b.kind, b.node, b.detail) for b in res.binding}
    rep = {r.node: r for r in stress_test(n, workers=1).nodes}
    assert rep["M1"].no_impact and not rep["M1"].at_risk  # M1 makes nothing anyway
    assert rep["M1"].tts_days == pytest.approx(20 / 3)  # still the model's value
    assert not rep["M2"].no_impact and rep["M2"].at_risk


def test_unbounded_tts_is_infinite() -> None:
    """Output outruns demand for ever: TTS is inf, and a harmless disruption is 'no impact'."""
    n = net(
        [("P", INF, 5, 1, 1, 4), ("A", 2, 0, 0, 0, 3), ("B", 2, 0, 0, 0, 3)],
        [InputGroup(0, (1, 2), (1.0, 1.0), "a")],
    )
    res = time_to_survive(n)
    assert res.tts == INF and res.status == "unbounded"
    rep = {r.node: r for r in stress_test(n, workers=1).nodes}
    assert rep["A"].tts_days == INF and rep["A"].no_impact and not rep["A"].at_risk
    # P down: 5 days of stock outlast its 4-day TTR -> finite TTS, not at risk, no loss
    assert rep["P"].tts_days == pytest.approx(5) and not rep["P"].no_impact
    assert not rep["P"].at_risk
    assert performance_impact(n, ["P"], 4).lost_profit == pytest.approx(0)


def test_unknown_ttr_gives_no_loss_figure() -> None:
    n = single_tier()
    n.ttr[1] = np.nan
    by = {r.node: r for r in stress_test(n, workers=1).nodes}
    assert math.isnan(by["A"].lost_profit) and not by["A"].at_risk
    assert by["A"].tts_days == pytest.approx(5)


def test_invalid_input_is_refused() -> None:
    n = single_tier()
    n.inventory[0] = -1
    with pytest.raises(ValueError):
        Engine(n)
    with pytest.raises(ValueError):
        Engine(single_tier()).performance_impact([], math.inf)


class _Recorder:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def update(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, total))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.calls) > self.cancel_after


def test_progress_reaches_total_and_cancel_stops() -> None:
    rec = _Recorder()
    rep = stress_test(two_tiers_with_alternative(), progress=rec, workers=1, use_shortcuts=False)
    assert rec.calls[-1] == (rep.lps_solved, rep.lps_solved) and rep.lps_solved == 8
    with pytest.raises(Cancelled):
        stress_test(two_tiers_with_alternative(), progress=_Recorder(0), workers=1)


def test_inventory_shortcut_is_exact_and_spares_products() -> None:
    """A: stock 100, its only consumer P makes <= 10/day -> over 5 days A's stock covers all P
    can take, so losing A's output changes nothing; over 12 days (need 120) it is not covered."""
    from rePlanner.engine.lp import LpModel
    from rePlanner.engine.shortcuts import covered_by_inventory

    n = net(
        [("P", 10, 0, 8, 1, 5), ("A", 3, 100, 0, 0, 5), ("X", 2, 0, 0, 0, 5)],
        [InputGroup(0, (1,), (1.0,), "a"), InputGroup(1, (2,), (1.0,), "x")],
    )
    model = LpModel.build(n)
    assert covered_by_inventory(model, 5).tolist() == [False, True, False]  # P: a product
    assert covered_by_inventory(model, 12).tolist() == [False, False, False]
    fresh = Engine(n, warm=False)
    assert fresh.performance_impact(["A"], 5).lost_profit == pytest.approx(
        fresh.performance_impact([], 5).lost_profit
    )
    # not covered at 12 days, and indeed A's output matters then: 96 demanded, 100 stock + 0
    assert fresh.performance_impact(["A"], 12).lost_profit == pytest.approx(0)
    assert (
        fresh.performance_impact(["A"], 14).lost_profit
        > fresh.performance_impact([], 14).lost_profit
    )
    by = {r.node: r for r in stress_test(n, workers=1).nodes}
    assert by["A"].method.endswith("inventory") or "pi:inventory" in by["A"].method
    assert by["A"].lost_profit == pytest.approx(fresh.performance_impact(["A"], 5).lost_profit)
