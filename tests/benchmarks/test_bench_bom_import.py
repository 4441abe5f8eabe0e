"""End-to-end BOM import (read, validate, match, commit to SQLite) against pandas' read alone.

Run on demand: .venv/bin/python -m pytest tests/benchmarks/test_bench_bom_import.py -m benchmark -s
REPLANNER_BENCH_ROWS sets the size (default 100,000 data rows x 14 columns; the issue also asks
for 500,000). The import runs in a fresh process so its peak memory (VmHWM) is its own.
Prints figures; no timing asserts (machines differ).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.test_bench_readers import write_bom

pytestmark = pytest.mark.benchmark

ROWS = int(os.environ.get("REPLANNER_BENCH_ROWS", "100000"))
ROOT = Path(__file__).resolve().parents[2]

# The whole user action, as the CLI runs it, timed inside the child process.
_IMPORT = """
import json, sys, time
sys.path.insert(0, {root!r})
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
from rePlanner.services import crud
from rePlanner.services.workspace import open_workspace
from rePlanner.services.bom_import import match_bom, read_bom_file
from rePlanner.services.bom_import_commit import commit_bom
db = open_workspace({db!r})
own = crud.create(db, "supplier", {{"name": "Bench Motors", "country": "DE", "is_internal": True}})
crud.create(db, "site", {{"supplier_id": own["id"], "name": "Plant", "country": "DE"}})
t0 = time.perf_counter()
parsed = read_bom_file({path!r})
t1 = time.perf_counter()
preview = match_bom(db, parsed, "Bench line", create_line=True, create_suppliers=True)
t2 = time.perf_counter()
result = commit_bom(db, preview)
t3 = time.perf_counter()
print(json.dumps({{"read": t1 - t0, "match": t2 - t1, "commit": t3 - t2, "total": t3 - t0,
                  "lines": len(parsed.lines), "errors": sum(1 for i in parsed.issues
                  if i.severity == "error"), "peak_kib": hwm()}}))
"""


def test_end_to_end_import_against_pandas_read(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "bom.xlsx"
    write_bom(path, ROWS)
    code = _IMPORT.format(root=str(ROOT), db=str(tmp_path / "bench.sqlite"), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    ours = json.loads(out.stdout.strip().splitlines()[-1])

    t0 = time.perf_counter()
    frame = pd.read_excel(path, engine="openpyxl", dtype=object)
    pandas_s = time.perf_counter() - t0

    print(f"\nBOM import end to end, {ROWS:,} rows x 14 columns ({ours['lines']:,} lines)")
    print(f"  read + parse + validate:  {ours['read']:6.2f} s")
    print(f"  match against database:   {ours['match']:6.2f} s")
    print(f"  commit (one transaction): {ours['commit']:6.2f} s")
    print(f"  total:                    {ours['total']:6.2f} s, peak memory "
          f"{ours['peak_kib'] / 1024:,.0f} MiB")  # fmt: skip
    print(
        f"pandas.read_excel(engine='openpyxl') read only: {pandas_s:6.2f} s ({len(frame):,} rows)"
    )
    print(f"ratio import / pandas read: {ours['total'] / pandas_s:.3f} (goal <= 0.25)")
    assert ours["lines"] == ROWS and ours["errors"] == 0
