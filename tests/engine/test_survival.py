"""engine.survival: a line's own TTS on its upstream sub-network, and what the cache reuses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rePlanner.engine.generate import random_network
from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.scenario import ScenarioEvaluator, only_product, perturbed
from rePlanner.engine.solve import Engine
from rePlanner.engine.survival import Survival


@pytest.mark.parametrize("seed", range(8))
def test_upstream_subnetwork_gives_the_full_networks_own_tts(seed):
    net = random_network(seed, tiers=(3, 6, 10, 12))
    rng = np.random.default_rng(seed)
    s = sorted(rng.choice(np.arange(3, net.size), 3, replace=False).tolist())
    surv = Survival()
    for j in range(3):
        full = Engine(only_product(net, j))
        base, hit = surv.line(net, j, s)
        assert base.tts == pytest.approx(full.time_to_survive([]).tts, rel=1e-9)
        assert hit.tts == pytest.approx(full.time_to_survive(s).tts, rel=1e-9)
        assert set(surv.upstream(net, j).tolist()) < set(range(net.size))  # a real sub-network


def _two_chains() -> Network:
    """L1 <- A (cap 4, stock 0); L2 <- B (cap 2, stock 20): the chains share nothing."""
    return Network(
        ids=["L1", "L2", "A", "B"],
        capacity=np.array([np.inf, np.inf, 4.0, 2.0]),
        inventory=np.array([40.0, 0.0, 0.0, 20.0]),
        ttr=np.full(4, np.nan),
        demand=np.array([8.0, 4.0, 0.0, 0.0]),
        profit=np.array([10.0, 10.0, 0.0, 0.0]),
        inputs=[InputGroup(0, (2,), (1.0,), "a"), InputGroup(1, (3,), (1.0,), "b")],
    )


def test_a_change_that_does_not_reach_a_line_reuses_its_result():
    ev = ScenarioEvaluator()
    net = _two_chains()
    first = ev.run(net, [2], {0: 30.0, 1: 30.0})
    assert [x.tts_days for x in first.lines] == pytest.approx([5.0, 10.0])  # 40/8; 20/(4-2)
    before = dict(ev.survival._results)
    cut = perturbed(net, capacity_factor={3: 0.5})  # B feeds L2 only
    second = ev.run(cut, [2], {0: 30.0, 1: 30.0})
    assert second.lines[1].tts_days == pytest.approx(20 / 3)  # B now 1/day: 20/(4-1)
    new = set(ev.survival._results) - set(before)
    assert {k[0] for k in new} == {"net", 1}  # the network and L2 again; L1's result reused
    assert second.lines[0] == first.lines[0]


def test_another_topology_is_not_served_from_the_cache():
    surv = Survival()
    net = _two_chains()
    assert surv.line(net, 0, [])[0].tts == pytest.approx(10.0)  # 40 / (8 - 4)
    other = Network(net.ids, net.capacity, net.inventory, net.ttr, net.demand, net.profit,
                    [InputGroup(0, (3,), (1.0,), "b"), InputGroup(1, (2,), (1.0,), "a")])  # fmt: skip
    assert surv.line(other, 0, [])[0].tts == pytest.approx(40 / 6 + 20 / 6)
    assert math.isinf(surv.line(other, 1, [])[0].tts)  # A's 4/day meet L2's 4/day
    assert surv.line(net, 1, [])[0].tts == pytest.approx(10.0)  # 20 / (4 - 2) again
