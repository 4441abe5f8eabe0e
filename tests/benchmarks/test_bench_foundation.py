"""Foundation timings: demo build, opening a database, the window's table queries.

Run on demand: .venv/bin/python -m pytest tests/benchmarks -m benchmark -s
Prints figures; no timing asserts (machines differ). The baseline for the table queries is the
obvious per-row ORM approach (one query per part), measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from rePlanner.persistence import models as m
from rePlanner.services.tables import parts_table, policies_table, suppliers_table
from rePlanner.services.workspace import build_demo, open_workspace

pytestmark = pytest.mark.benchmark


def _median(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _parts_per_row_baseline(db) -> int:
    """What a first version would write: one materials query per part."""
    n = 0
    with db.session("bench", audit=False) as s:
        for part in s.scalars(select(m.Part)):
            mats = s.execute(
                select(m.Material.element, m.PartMaterial.kg_per_unit)
                .join(m.PartMaterial, m.PartMaterial.material_id == m.Material.id)
                .where(m.PartMaterial.part_id == part.id)
            ).all()
            n += len(mats)
    return n


def test_foundation_timings(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite"
    t0 = time.perf_counter()
    result = build_demo(str(path))
    build = time.perf_counter() - t0
    result.db.dispose()
    open_s = _median(lambda: open_workspace(str(path)).dispose())
    db = open_workspace(str(path))
    try:
        # the figures are only worth printing if the queries return the demo's rows
        assert len(suppliers_table(db).rows) >= 50 and len(parts_table(db).rows) >= 200
        assert _parts_per_row_baseline(db) > 0
        sup = _median(lambda: suppliers_table(db))
        parts = _median(lambda: parts_table(db))
        pol = _median(lambda: policies_table(db))
        base = _median(lambda: _parts_per_row_baseline(db))
    finally:
        db.dispose()
    print()
    print(f"demo database built (schema + reference data + demo): {build:.2f} s")
    print(f"open existing database (migration check):            {open_s * 1000:.0f} ms")
    print(f"suppliers table:                                     {sup * 1000:.1f} ms")
    print(f"policies table:                                      {pol * 1000:.1f} ms")
    print(f"parts table (set-based):                             {parts * 1000:.1f} ms")
    print(f"parts materials, one query per part (baseline):      {base * 1000:.1f} ms")
    print(f"ratio baseline / set-based:                          {base / parts:.1f}x")
