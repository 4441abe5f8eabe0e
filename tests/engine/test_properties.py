"""Properties on seeded random networks (hypothesis is not in the project's venv)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rePlanner.engine.generate import random_network
from rePlanner.engine.solve import Engine
from rePlanner.engine.stress import stress_test

SEEDS = range(12)
TOL = 1e-7


@pytest.mark.parametrize("seed", SEEDS)
def test_more_inventory_never_shortens_survival(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    net = random_network(seed)
    before = Engine(net)
    j = int(rng.integers(net.size))
    bigger = random_network(seed)
    bigger.inventory[j] += float(rng.uniform(1, 100))
    after = Engine(bigger)
    for disrupted in ([], [int(rng.integers(net.size))], [j]):
        t0 = before.time_to_survive(disrupted).tts
        t1 = after.time_to_survive(disrupted).tts
        assert t1 >= t0 - TOL * max(1.0, t0), (disrupted, t0, t1)


@pytest.mark.parametrize("seed", SEEDS)
def test_longer_disruption_never_lowers_the_loss(seed: int) -> None:
    rng = np.random.default_rng(2000 + seed)
    net = random_network(seed, integer_ratios=bool(seed % 2))
    e = Engine(net)
    disrupted = [int(x) for x in rng.choice(net.size, size=2, replace=False)]
    losses = [e.performance_impact(disrupted, h).lost_profit for h in (0, 1, 3, 7, 15, 40)]
    assert all(b >= a - TOL * max(1.0, a) for a, b in zip(losses, losses[1:], strict=False)), losses
    assert losses[0] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_disrupting_more_nodes_never_helps(seed: int) -> None:
    net = random_network(seed)
    e = Engine(net)
    one, two = e.time_to_survive([3]).tts, e.time_to_survive([3, net.size - 1]).tts
    assert two <= one + TOL * max(1.0, one) or math.isinf(one)


@pytest.mark.parametrize("seed", SEEDS)
def test_stress_shortcuts_and_warm_starts_match_fresh_lps(seed: int) -> None:
    net = random_network(seed, tiers=(4, 6, 10), max_alternatives=3)
    fast = {r.node: r for r in stress_test(net, workers=1).nodes}
    fresh = Engine(net, warm=False)
    for j, node in enumerate(net.ids):
        tts = fresh.time_to_survive([j]).tts
        pi = fresh.performance_impact([j], float(net.ttr[j])).lost_profit
        got = fast[node]
        assert got.tts_days == pytest.approx(tts, rel=1e-6, abs=1e-6), (node, got.method)
        assert got.lost_profit == pytest.approx(pi, rel=1e-6, abs=1e-6), (node, got.method)


def test_two_worker_processes_give_the_serial_answer() -> None:
    net = random_network(7, tiers=(6, 12, 20))
    serial = stress_test(net, workers=1, use_shortcuts=False)
    pooled = stress_test(net, workers=2, use_shortcuts=False)
    assert [r.node for r in pooled.nodes] == [r.node for r in serial.nodes]
    for a, b in zip(serial.nodes, pooled.nodes, strict=True):
        assert b.tts_days == pytest.approx(a.tts_days, rel=1e-9)
        assert b.lost_profit == pytest.approx(a.lost_profit, rel=1e-9, abs=1e-9)
