"""Scenario timings on a generated network (5,000 nodes, 50 lines); prints figures, no asserts
on time. Run: .venv/bin/python -m pytest tests/benchmarks/test_bench_scenarios.py -m benchmark -s
Goals (issue 4): one scenario < 0.2 s, stress test < 30 s, 10x10 grid < 5 s, 1,000 draws < 20 s.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from rePlanner.engine.generate import random_network
from rePlanner.engine.lp import LpModel, solve_linprog
from rePlanner.engine.montecarlo import Dist, Draws, McSpec, make_draws, summarise
from rePlanner.engine.montecarlo_model import McModel
from rePlanner.engine.scenario import ScenarioEvaluator, perturbed, run_scenario
from rePlanner.engine.stress import stress_test

pytestmark = pytest.mark.benchmark
SPEC = McSpec(Dist("triangular", 20, 90, 45), Dist("uniform", 0, 0.2), Dist("uniform", 0.1, 0.3))


def _model() -> McModel:
    net = random_network(1, tiers=(50, 450, 1500, 3000))
    return McModel(net, [60, 61, 62, 600, 700], list(range(4000, 4150)), ban_days=10.0,
                   licence_applies=True)  # fmt: skip


def _services_grid(m: McModel, delays: np.ndarray, cuts: np.ndarray) -> list[float]:
    """What services/whatif.py does per cell: cut the quota nodes, TTR from the delay, run."""
    ev, out = ScenarioEvaluator(), []
    for delay in delays:
        ttr = dict(zip(m.lines, m.ttr(delay, 0.0), strict=True))
        for cut in cuts:
            net = perturbed(m.net, capacity_factor={j: 1.0 - cut for j in m.quota})
            out.append(ev.run(net, m.disrupted, ttr).lost_profit)
    return out


def _t(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def test_bench_scenarios() -> None:
    m = _model()
    net = m.net
    print(f"\nnetwork: {net.size} nodes, {len(m.lines)} lines, {len(net.inputs)} input groups")
    ttr = dict(zip(m.lines, m.ttr(45, 0.1), strict=True))
    secs, _ = _t(lambda: run_scenario(net, m.disrupted, ttr))
    print(
        f"  one scenario, engine.scenario.run_scenario (first call in the process): {secs:7.3f} s"
    )
    secs = min(_t(lambda: run_scenario(net, m.disrupted, ttr))[0] for _ in range(3))
    print(f"  one scenario, engine.scenario.run_scenario (no cache; best of 3): {secs:7.3f} s")
    ev = ScenarioEvaluator()
    ev.run(net, m.disrupted, ttr)
    ttr2 = dict(zip(m.lines, m.ttr(60, 0.1), strict=True))
    secs, _ = _t(lambda: ev.run(net, m.disrupted, ttr2))
    print(f"  one scenario, ScenarioEvaluator, state prepared, new TTR: {secs:7.3f} s")
    d1 = make_draws(SPEC, 1, 1)
    secs, _ = _t(lambda: McModel(net, m.disrupted, m.quota, ban_days=10.0,
                                 licence_applies=True).evaluate(d1, np.arange(1)))  # fmt: skip
    print(f"  one scenario, McModel cold (upstream line TTS + PI): {secs:7.3f} s")
    secs, _ = _t(lambda: m.evaluate(d1, np.arange(1)))
    print(f"  one scenario, McModel prepared: {secs:7.3f} s")
    delays, cuts = np.linspace(20, 90, 10), np.linspace(0, 0.3, 10)
    secs, _ = _t(lambda: _services_grid(m, delays, cuts))
    print(f"  10x10 what-if grid (licence delay x quota cut), ScenarioEvaluator: {secs:7.3f} s")
    g = Draws(np.repeat(delays, 10), np.zeros(100), np.tile(cuts, 10))
    secs, _ = _t(lambda: _model().evaluate(g, np.arange(100)))
    print(f"  10x10 grid (licence delay x quota cut), McModel cold: {secs:7.3f} s")
    for workers in (1, 2):
        mm = _model()
        secs, (res, _) = _t(lambda mm=mm, w=workers: mm.run(make_draws(SPEC, 1000, 42), workers=w))
        p = np.mean([s.p_shutdown for s in summarise(res)])
        print(f"  1,000 Monte Carlo draws, {workers} process(es): {secs:7.3f} s (mean P {p:.3f})")
    secs, rep = _t(lambda: stress_test(net))
    print(f"  full stress test ({net.size} nodes): {secs:7.3f} s, LPs {rep.lps_solved}")
    subset = 5
    t0 = time.perf_counter()
    for _ in range(subset):
        lm = LpModel.build(net)
        solve_linprog(lm.pi_cost(), lm.a_pi, lm.pi_rhs(60.0), lm.pi_upper(60.0, m.disrupted))
    cold = (time.perf_counter() - t0) / subset
    print(
        f"  baseline: one cold linprog PI per draw {cold:.3f} s -> 1,000 draws x 2 PI "
        f"~{2000 * cold:,.0f} s (extrapolated from {subset}, line TTS not counted)"
    )
