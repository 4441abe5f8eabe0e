"""Typing into a 100,000-row table the instant it appears (issue 6: a keystroke < 0.15 s).

Run on demand: .venv/bin/python -m pytest tests/benchmarks/test_bench_tables.py -m benchmark -s
Prints figures; no timing asserts (machines differ). Offscreen, a TablePage shown at 1280 x 800,
the same rows as tests/benchmarks/test_bench_ui.py. Each time stops when the view has painted.

- "set + first keystroke": the rows arrive and a key is typed at once (keys typed while the
  table was loading). The keystroke indexes one slice of rows and shows its matches; the rest
  of the index builds in idle slices, adding matches (the count says "searching…").
- "all matches shown": from the same start until the last slice has added its matches.
- "longest GUI stop while searching": the longest single event-loop step meanwhile (what a
  user typing on would wait at worst).
- "whole index at once": what the keystroke cost before, when it built every row's text.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from rePlanner.ui.models.row_filter import RowFilterProxy
from rePlanner.ui.views.table_page import TablePage
from tests.benchmarks.test_bench_ui import MID, Harness, make_table

pytestmark = pytest.mark.benchmark


def _steps_until(done: Any, deadline_s: float = 60.0) -> float:
    """Run the event loop until done(); the longest single processEvents step."""
    longest, end = 0.0, time.perf_counter() + deadline_s
    while not done() and time.perf_counter() < end:
        t0 = time.perf_counter()
        QApplication.processEvents()
        longest = max(longest, time.perf_counter() - t0)
    return longest


def _first_key(mid: Any) -> dict[str, float]:
    h = Harness(TablePage("parts", "description"))
    page = h.page
    t0 = time.perf_counter()
    first = h.timed(lambda: (page.set_table(mid), page.filter_edit.setText("m")))
    longest = _steps_until(lambda: not page.proxy.searching())
    figures = {"first": first, "all": time.perf_counter() - t0, "stop": longest,
               "shown": page.visible_row_count()}  # fmt: skip
    h.close()
    return figures


def _whole_index(mid: Any) -> float:
    h = Harness(TablePage("parts", "description"))
    h.page.set_table(mid)
    proxy: RowFilterProxy = h.page.proxy
    t0 = time.perf_counter()
    proxy._build_texts(proxy.rowCount())  # every row's search text in one go
    took = time.perf_counter() - t0
    h.close()
    return took


def test_first_keystroke_timings(qapp: QApplication) -> None:
    mid = make_table(MID)
    runs = [_first_key(mid) for _ in range(3)]
    whole = statistics.median(_whole_index(mid) for _ in range(3))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print()
    print(f"{'100,000 rows, typed the instant they appear':<54}{'median':>10}")
    print(f"{'set + first keystroke, painted (bar 0.15 s)':<54}{med['first']:>9.3f}s")
    print(f"{'all matches shown':<54}{med['all']:>9.3f}s")
    print(f"{'longest GUI stop while searching':<54}{med['stop']:>9.3f}s")
    print(f"{'whole index at once (the keystroke before)':<54}{whole:>9.3f}s")
    print(f"rows matching 'm': {int(med['shown'])}")
