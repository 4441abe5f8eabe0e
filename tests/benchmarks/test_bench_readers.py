"""Reading a BOM-like workbook: open_workbook + iter_rows against pandas.read_excel(openpyxl).

Run on demand: .venv/bin/python -m pytest tests/benchmarks/test_bench_readers.py -m benchmark -s
Prints figures; no timing asserts (machines differ). REPLANNER_BENCH_ROWS changes the size
(default 100,000 rows x 14 columns). Peak memory is measured in a fresh process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xlsxwriter

from rePlanner.io.spreadsheet import open_workbook

pytestmark = pytest.mark.benchmark

ROWS = int(os.environ.get("REPLANNER_BENCH_ROWS", "100000"))
HEADERS = [
    "Level", "Part No.", "Description", "Qty", "Unit", "Supplier", "Material",
    "Weight kg", "Price EUR", "Lead time", "Plant", "Drawing", "Revision", "Remarks",
]  # fmt: skip


def write_bom(path: Path, rows: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("BOM")
    ws.write_row(0, 0, HEADERS)
    for r in range(1, rows + 1):
        ws.write_number(r, 0, 1 + (r - 1) % 4)  # a valid tree: 1, 2, 3, 4, 1, ...
        ws.write_string(r, 1, f"{r:010d}")  # part numbers as text with leading zeros
        ws.write_string(r, 2, f"Component {r % 977} housing")
        ws.write_number(r, 3, (r % 7) + 0.5)
        ws.write_string(r, 4, "pc")
        ws.write_string(r, 5, f"Supplier {r % 311}")
        ws.write_string(r, 6, "NdFeB" if r % 3 else "Steel")
        ws.write_number(r, 7, r * 0.001)
        ws.write_number(r, 8, (r % 1000) / 10)
        ws.write_number(r, 9, r % 60)
        ws.write_string(r, 10, "DE01")
        ws.write_string(r, 11, f"DRW-{r}")
        ws.write_string(r, 12, "B")
        if r == rows // 2:  # one error cell: the reader's error scan takes its slow-ish path
            ws.write_formula(r, 13, "=NA()", None, "#N/A")
        elif r % 5 == 0:
            ws.write_string(r, 13, "check")
    wb.close()


def read_all(path: Path) -> int:
    n = 0
    with open_workbook(path) as src:
        for _row in src.iter_rows("BOM"):
            n += 1
    return n


# VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a child of a big pytest process
# would report its parent's peak.
_PEAK = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
import rePlanner.io.spreadsheet as s
base = hwm()
if {run!r}:
    with s.open_workbook(Path({path!r})) as src:
        for _ in src.iter_rows("BOM"):
            pass
print(base, hwm())
"""


def peak_kib(path: Path, run: bool) -> tuple[int, int]:
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux only)")
    root = str(Path(__file__).resolve().parents[2])
    code = _PEAK.format(root=root, path=str(path), run=run)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    base, peak = out.stdout.split()
    return int(base), int(peak)


def test_reader_against_pandas_openpyxl(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "bom.xlsx"
    t0 = time.perf_counter()
    write_bom(path, ROWS)
    print(f"\nwrote {ROWS:,} x {len(HEADERS)} xlsx in {time.perf_counter() - t0:.1f} s "
          f"({path.stat().st_size / 2**20:.1f} MiB)")  # fmt: skip

    times, count = [], 0
    for _ in range(3):
        t0 = time.perf_counter()
        count = read_all(path)
        times.append(time.perf_counter() - t0)
    ours = statistics.median(times)

    t0 = time.perf_counter()
    frame = pd.read_excel(path, engine="openpyxl", dtype=object)
    pandas_s = time.perf_counter() - t0

    print(f"open_workbook + iter_rows:            {ours:6.2f} s (median of 3, {count:,} rows)")
    print(f"pandas.read_excel(engine='openpyxl'): {pandas_s:6.2f} s ({len(frame):,} rows)")
    print(f"ratio ours / pandas:                  {ours / pandas_s:6.3f} (goal for the whole "
          f"import: <= 0.25)")  # fmt: skip
    assert count == ROWS + 1 and len(frame) == ROWS
    del frame
    base, peak = peak_kib(path, run=True)
    print(f"peak RSS iter_rows process: {peak / 1024:,.0f} MiB "
          f"(after imports {base / 1024:,.0f} MiB)")  # fmt: skip


def write_formatted_bom(path: Path, rows: int) -> None:
    """Levels shown by indenting the description (1-4), every 10th row hidden, a merged title."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("BOM")
    indents = [wb.add_format({"indent": n}) for n in range(5)]
    ws.merge_range(0, 0, 0, 3, "Vehicle BOM")
    ws.write_row(1, 0, HEADERS)
    for r in range(2, rows + 2):
        if r % 10 == 0:
            ws.set_row(r, None, None, {"hidden": True})
        ws.write_string(r, 0, f"{r:010d}")
        ws.write_string(r, 1, f"Component {r % 977} housing", indents[1 + r % 4])
        for c in range(2, len(HEADERS)):
            ws.write_number(r, c, r % (c + 7))
    wb.close()


def test_read_formatting(tmp_path: Path) -> None:
    """Hidden rows, indents and merged ranges straight from the sheet XML (no openpyxl)."""
    path = tmp_path / "formatted.xlsx"
    write_formatted_bom(path, ROWS)
    times = []
    with open_workbook(path) as src:
        for _ in range(3):
            t0 = time.perf_counter()
            fmt = src.read_formatting("BOM")
            times.append(time.perf_counter() - t0)
    print(f"\nread_formatting {ROWS:,} rows: {statistics.median(times):6.3f} s (median of 3; "
          f"{len(fmt.indents):,} indents, {len(fmt.hidden_rows):,} hidden rows)")  # fmt: skip
    assert fmt.complete and len(fmt.indents) == ROWS and len(fmt.merged) == 1
    assert len(fmt.hidden_rows) == sum(1 for r in range(2, ROWS + 2) if r % 10 == 0)
