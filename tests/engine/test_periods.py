"""The multi-period LPs for late starters (engine/periods.py) against a day-by-day oracle.

The oracle is written independently of the engine: one LP over days (scipy linprog) with
explicit sales per day (at most the day's demand, lost otherwise), stock of every node's item
and of every consumer's input buffer carried from day to day, a late node making nothing before
its start day. Start days and horizons are whole days, so a day-step schedule is as good as a
continuous one and the oracle's optimum is the exact answer.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import linprog

from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.scenario import ScenarioEvaluator
from rePlanner.engine.solve import Engine


def _day_lp(net: Network, s: list[int], days: int, force_demand: bool):
    """min lost profit over `days` days; force_demand: every day's demand must be sold."""
    n, groups = net.size, net.inputs
    edges = [
        (gi, i, r)
        for gi, g in enumerate(groups)
        for i, r in zip(g.suppliers, g.ratios, strict=True)
    ]
    prods = [int(j) for j in np.flatnonzero(net.demand > 0)]
    per = n + len(edges) + len(prods)  # u, y, sales per day
    start = net.start_days()
    rows, cols, vals, rhs = [], [], [], []
    bounds = []
    for day in range(days):
        for j in range(n):
            on = j not in s and start[j] <= day
            cap = net.capacity[j] if on else 0.0
            bounds.append((0.0, None if math.isinf(cap) else cap))
        bounds += [(0.0, None)] * len(edges)
        bounds += [(float(net.demand[j]),) * 2 if force_demand else (0.0, float(net.demand[j]))
                   for j in prods]  # fmt: skip
    row = 0
    for day in range(days):  # stock at the end of `day` >= 0, as sums over days <= day
        for i in range(n):  # item i: made - shipped - sold <= stock
            for q in range(day + 1):
                b = q * per
                rows.append(row), cols.append(b + i), vals.append(-1.0)
                for e, (_, sup, _) in enumerate(edges):
                    if sup == i:
                        rows.append(row), cols.append(b + n + e), vals.append(1.0)
                if i in prods:
                    rows.append(row), cols.append(b + n + len(edges) + prods.index(i))
                    vals.append(1.0)
            rhs.append(float(net.inventory[i]))
            row += 1
        for gi, g in enumerate(groups):  # input buffer: used - received <= 0
            for q in range(day + 1):
                b = q * per
                rows.append(row), cols.append(b + g.consumer), vals.append(1.0)
                for e, (eg, _, r) in enumerate(edges):
                    if eg == gi:
                        rows.append(row), cols.append(b + n + e), vals.append(-1.0 / r)
            rhs.append(0.0)
            row += 1
    cost = np.zeros(per * days)
    for day in range(days):
        for k, j in enumerate(prods):
            cost[day * per + n + len(edges) + k] = -net.profit[j]
    a = np.zeros((row, per * days))
    np.add.at(a, (np.array(rows), np.array(cols)), np.array(vals))
    res = linprog(cost, A_ub=a, b_ub=np.array(rhs), bounds=bounds, method="highs")
    full = sum(float(net.profit[j] * net.demand[j]) * days for j in prods)
    return res.status == 0, (full + res.fun if res.status == 0 else math.nan)


def oracle_lost(net: Network, s: list[int], days: int) -> float:
    return _day_lp(net, s, days, force_demand=False)[1]


def oracle_runs(net: Network, s: list[int], days: int) -> bool:
    return _day_lp(net, s, days, force_demand=True)[0]


def assert_tts(net: Network, s: list[int], cap: int = 40) -> None:
    tts = Engine(net).time_to_survive(s).tts
    if tts >= cap:
        assert oracle_runs(net, s, cap), tts
        return
    whole = math.floor(tts + 1e-7)
    assert oracle_runs(net, s, whole), tts
    assert not oracle_runs(net, s, whole + 1), tts


def _net(ids, capacity, inventory, demand, profit, inputs, start) -> Network:
    k = len(ids)
    return Network(ids=ids, capacity=np.array(capacity, float), inventory=np.array(inventory, float),
                   ttr=np.full(k, np.nan), demand=np.array(demand, float),
                   profit=np.array(profit, float), inputs=inputs,
                   available_from=np.array(start, float))  # fmt: skip


def behind_capacity(cap_b: float = 5.0, start: float = 5.0, cap_a: float = 100.0,
                    stock: float = 100.0) -> Network:  # fmt: skip
    """L (10/day) <- Q (stock) <- B (capacity-limited) <- X from P (disrupted) or A (late)."""
    return _net(["L", "Q", "B", "P", "A"], [np.inf, np.inf, cap_b, 10.0, cap_a],
                [0, stock, 0, 0, 0], [10, 0, 0, 0, 0], [100, 0, 0, 0, 0],
                [InputGroup(0, (1,), (1.0,), "q"), InputGroup(1, (2,), (1.0,), "b"),
                 InputGroup(2, (3, 4), (1.0, 1.0), "X")], [0, 0, 0, 0, start])  # fmt: skip


def shared(stock: float = 100.0, cap_a: float = 20.0, start: float = 15.0,
           margins: tuple[float, float] = (200.0, 100.0)) -> Network:  # fmt: skip
    """L1, L2 (10/day each) share X from Q <- P (disrupted, stock) or A (late)."""
    return _net(["L1", "L2", "Q", "P", "A"], [np.inf, np.inf, np.inf, 10.0, cap_a],
                [0, 0, 0, stock, 0], [10, 10, 0, 0, 0], [*margins, 0, 0, 0],
                [InputGroup(0, (2,), (1.0,), "X"), InputGroup(1, (2,), (1.0,), "X"),
                 InputGroup(2, (3, 4), (1.0, 1.0), "x")], [0, 0, 0, 0, start])  # fmt: skip


def two_late(rng: np.random.Generator) -> Network:
    """L needs Y (from B, capacity-limited, fed by P or late A1) and Z (stock or late A2)."""
    return _net(["L", "B", "P", "A1", "Z", "A2"],
                [np.inf, rng.integers(4, 12), 10.0, rng.integers(2, 12), 0.0, rng.integers(2, 12)],
                [0, rng.integers(0, 60), rng.integers(0, 40), 0, rng.integers(20, 120), 0],
                [rng.integers(5, 11), 0, 0, 0, 0, 0], [100, 0, 0, 0, 0, 0],
                [InputGroup(0, (1,), (1.0,), "Y"), InputGroup(1, (2, 3), (1.0, 1.0), "y"),
                 InputGroup(0, (4, 5), (2.0, 2.0), "Z")],
                [0, 0, 0, rng.integers(1, 15), 0, rng.integers(1, 15)])  # fmt: skip


def test_reviewer_late_source_behind_a_capacity_limited_consumer() -> None:
    # review5a r3: B (5/day) has no input before A starts on day 5, so Q's 100 last 10 days,
    # then 5 more a day: 100 + 5 (t - 5) = 10 t -> t = 15; over 30 days 300 - 100 - 125 = 75
    net = behind_capacity()
    e = Engine(net)
    assert e.time_to_survive(["P"]).tts == pytest.approx(15.0)
    assert e.performance_impact(["P"], 30.0).lost_volume["L"] == pytest.approx(75.0)
    assert oracle_lost(net, [3], 30) == pytest.approx(75.0 * 100)
    line = ScenarioEvaluator().run(net, [3], {0: 30.0}).lines[0]
    assert (line.tts_days, line.shutdown_days, line.lost_vehicles) == pytest.approx((15, 15, 75))


def test_reviewer_lines_sharing_a_part_lose_what_one_allocation_loses() -> None:
    # review5a r5: 300 needed by day 15, 100 in stock, A covers both lines from day 15: 200
    # vehicles lost in all, the cheaper line L2 loses 150 -> 50 x 200 + 150 x 100 = 25,000
    net = shared()
    out = ScenarioEvaluator().run(net, [3], {0: 30.0, 1: 30.0})
    assert sum(x.lost_vehicles for x in out.lines) == pytest.approx(200.0)
    assert out.lost_profit == pytest.approx(25_000.0)
    assert oracle_lost(net, [3], 30) == pytest.approx(25_000.0)


def test_a_fast_late_source_does_not_make_up_lost_days() -> None:
    # A (30/day from day 20) could make up days 10..20 on paper; a line at 10/day cannot
    net = shared(stock=200.0, cap_a=30.0, start=20.0)
    assert Engine(net).performance_impact([3], 40.0).lost_profit == pytest.approx(
        oracle_lost(net, [3], 40)
    )
    assert oracle_lost(net, [3], 40) == pytest.approx(200 * 100)  # L2 loses days 10..20


@pytest.mark.parametrize("seed", range(6))
def test_random_chains_and_capacity_behind_a_late_source(seed: int) -> None:
    rng = np.random.default_rng(seed)
    net = behind_capacity(cap_b=float(rng.integers(2, 15)), start=float(rng.integers(1, 20)),
                          cap_a=float(rng.integers(1, 30)), stock=float(rng.integers(0, 150)))  # fmt: skip
    h = int(rng.integers(5, 30))
    assert Engine(net).performance_impact([3], h).lost_profit == pytest.approx(
        oracle_lost(net, [3], h), abs=1e-6
    )
    assert_tts(net, [3])


@pytest.mark.parametrize("seed", range(6))
def test_random_lines_sharing_a_part(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    net = shared(stock=float(rng.integers(0, 300)), cap_a=float(rng.integers(0, 30)),
                 start=float(rng.integers(1, 20)),
                 margins=(float(rng.integers(1, 300)), float(rng.integers(1, 300))))  # fmt: skip
    h = int(rng.integers(5, 30))
    assert Engine(net).performance_impact([3], h).lost_profit == pytest.approx(
        oracle_lost(net, [3], h), abs=1e-6
    )
    assert_tts(net, [3])


@pytest.mark.parametrize("seed", range(8))
def test_random_two_late_sources_with_different_start_days(seed: int) -> None:
    net = two_late(np.random.default_rng(200 + seed))
    for s in ([2], [2, 4], []):
        h = 25
        want = oracle_lost(net, s, h)
        for warm in (True, False):  # HiGHS kept warm, or scipy's linprog per question
            e = Engine(net, warm=warm)
            assert e.performance_impact(s, h).lost_profit == pytest.approx(want, abs=1e-6)
            cold = Engine(net, warm=False).time_to_survive(s).tts
            assert cold == pytest.approx(e.time_to_survive(s).tts)
        assert_tts(net, s)


def test_without_late_nodes_the_one_period_lp_answers() -> None:
    # every late node disrupted: the engine builds no period LP
    net = two_late(np.random.default_rng(7))
    e = Engine(net)
    e.time_to_survive([3, 5])
    e.performance_impact([3, 5], 20.0)
    assert not e._periods
    e.time_to_survive([3])
    assert e._periods
