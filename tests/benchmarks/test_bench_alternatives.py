"""Ranking alternative sources on the demo company (B1 Norvik, "EC07 stop 1 year"); prints
figures, no asserts on time. Baseline in the same run: what the ranking would cost with a fresh
scenario run (compile + select + solve) per evaluation instead of one prepared context.
Run: .venv/bin/python -m pytest tests/benchmarks/test_bench_alternatives.py -m benchmark -s
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from rePlanner.services import crud
from rePlanner.services.alternatives_rank import rank_alternatives
from rePlanner.services.scenario import get_scenario
from rePlanner.services.scenario_run import run_inputs

pytestmark = pytest.mark.benchmark


def test_rank_demo_line(tmp_path):
    from rePlanner.services.workspace import build_demo

    db = build_demo(str(tmp_path / "demo.sqlite"), force=False, keep_existing=False).db
    started = time.perf_counter()
    r = rank_alternatives(db, line="B1 Norvik", scenario="EC07 stop 1 year")
    took = time.perf_counter() - started
    singles = [x for x in r.records if x.kind in ("supplier", "design")]
    combos = len(r.records) - len(singles)
    print(f"\n  ranking B1 Norvik, EC07 stop 1 year: {took:.2f} s for {len(singles)} candidates "
          f"and {combos} pairs/plans kept")  # fmt: skip
    inputs = get_scenario(db, "EC07 stop 1 year").inputs
    alt = crud.find(db, "alternative source", name=singles[0].source)[0]["id"]
    started = time.perf_counter()
    for _ in range(3):
        run_inputs(db, replace(inputs, alternatives=(alt,)))
    fresh = (time.perf_counter() - started) / 3
    n = r.evaluations
    print(f"  {n} scenario evaluations, {took / n:.3f} s each; baseline: a fresh scenario run "
          f"per evaluation {fresh:.3f} s -> ~{fresh * n:.1f} s; ratio {took / (fresh * n):.2f}")  # fmt: skip
    db.dispose()
