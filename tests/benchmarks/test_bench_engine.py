"""Risk-engine timings: the full single-node stress test of the peer's medium network.

Run on demand: .venv/bin/python -m pytest tests/benchmarks/test_bench_engine.py -m benchmark -s
Prints figures; checks only that the numbers are right (machines differ). The peer needed a
median 161.6 s for the same 1,020 LPs (fresh Pyomo model per LP, 2 vCPU). The naive baseline
here, measured in the same run, is what a first version would do: for a subset of nodes, build
the matrices again and call scipy.optimize.linprog afresh for each TTS and PI, extrapolated to
all nodes.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from pathlib import Path

import pytest

from rePlanner.engine.lp import LpModel, solve_linprog
from rePlanner.engine.peer import load_peer
from rePlanner.engine.stress import stress_test

pytestmark = pytest.mark.benchmark

PEER = Path("/work/shared/peer")
PEER_SECONDS = 161.6


def _close(a: float, b: float) -> bool:
    return a == b if math.isinf(a) or math.isinf(b) else abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _timed(fn, repeat: int = 5) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def test_bench_medium_stress_test() -> None:
    case = load_peer(PEER / "medium.json")
    net = case.network
    runs = {
        "default (shortcuts + auto workers)": lambda: stress_test(net),
        "shortcuts, 1 process": lambda: stress_test(net, workers=1),
        "shortcuts, 2 processes": lambda: stress_test(net, workers=2),
        "no shortcuts, 1 process (warm LPs only)": lambda: stress_test(
            net, workers=1, use_shortcuts=False
        ),
    }
    print(f"\nmedium: {net.size} nodes, cpu_count={os.cpu_count()}; peer {PEER_SECONDS} s")
    best = math.inf
    for label, fn in runs.items():
        secs, rep = _timed(fn)
        ours = {r.node: r for r in rep.nodes}  # type: ignore[attr-defined]
        assert all(
            _close(ours[r.node].tts_days, r.tts) and _close(ours[r.node].lost_profit, r.pi)
            for r in case.references
        )
        best = min(best, secs)
        print(
            f"  {label:42s} {secs:7.3f} s  LPs {rep.lps_solved:4d}"  # type: ignore[attr-defined]
            f"  shortcuts {rep.shortcuts:4d}  x{PEER_SECONDS / secs:,.0f} vs peer"  # type: ignore[attr-defined]
        )
    naive = _naive_baseline(case, subset=40)
    print(
        f"  naive baseline (fresh matrices + linprog per LP, 40 nodes extrapolated to "
        f"{net.size}): {naive:7.2f} s  -> x{naive / best:,.0f} slower than best"
    )


def _naive_baseline(case, subset: int) -> float:  # type: ignore[no-untyped-def]
    refs = case.references[:: max(1, len(case.references) // subset)][:subset]
    idx = case.network.index()
    t0 = time.perf_counter()
    for r in refs:
        j = idx[r.node]
        m = LpModel.build(case.network)
        tts = solve_linprog(m.tts_cost(), m.a_tts, m.tts_rhs(), m.tts_upper([j]))
        m = LpModel.build(case.network)
        pi = solve_linprog(m.pi_cost(), m.a_pi, m.pi_rhs(r.ttr), m.pi_upper(r.ttr, [j]))
        assert _close(-tts.objective, r.tts) and _close(pi.objective, r.pi)
    return (time.perf_counter() - t0) / len(refs) * case.network.size
