"""`replanner --self-test`: prove an installation works on this machine, without a display.

A fresh database in a temporary folder, the demo company loaded, a scenario run, a stress
test, a one-page report rendered to PDF; a short summary, exit 0. Any failure prints the step
and the reason and exits 1. Used to check an installed bundle on a fresh machine.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rePlanner import APP_NAME, __version__

EXIT_OK, EXIT_FAILED = 0, 1


class Checks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db: Any = None
        self.lines: list[str] = []

    def step(self, name: str, fn: Callable[[], str]) -> None:
        started = time.perf_counter()
        detail = fn()
        sys.stdout.write(f"  ok  {name:<12} {time.perf_counter() - started:6.2f} s  {detail}\n")

    def database(self) -> str:
        from rePlanner.services.workspace import build_demo

        self.db = build_demo(str(self.folder / "selftest.sqlite"), force=False,
                             keep_existing=False).db  # fmt: skip
        from rePlanner.services.info import database_info

        counts = database_info(self.db).counts
        if not counts.get("production line"):
            raise RuntimeError(f"the demo has no production lines: {counts}")
        return f"demo company: {counts['production line']} lines, {counts.get('part')} parts"

    def scenario(self) -> str:
        from rePlanner.services.scenario import list_scenarios
        from rePlanner.services.scenario_run import run_saved_scenario

        name = list_scenarios(self.db)[0].name
        run = run_saved_scenario(self.db, name, store=False)
        lines = run.results["lines"]
        risky = [r for r in lines if r["at_risk"]]
        if not lines or not risky:
            raise RuntimeError(f"scenario {name!r} gave {len(lines)} lines, none at risk")
        return f"{name}: {len(risky)} of {len(lines)} lines at risk"

    def stress(self) -> str:
        from rePlanner.services.stress import run_stress_test

        report = run_stress_test(self.db)
        if not report.records:
            raise RuntimeError("the stress test disrupted no node")
        return f"{len(report.records)} nodes disrupted one at a time"

    def report(self) -> str:
        from rePlanner.io.report.document import Report
        from rePlanner.services.report_build import build_report
        from rePlanner.services.report_data import ReportOptions
        from rePlanner.services.scenario import list_scenarios
        from rePlanner.ui.report_files import headless_qt, save_pdf

        quick = ReportOptions(alternatives=False, heat_map=False, montecarlo_draws=0,
                              whatif=False)  # fmt: skip
        built = build_report(self.db, scenario=list_scenarios(self.db)[0].name, options=quick)
        one = Report(built.report.cover, built.report.sections[:1], built.report.header)
        from rePlanner.ui.fonts import have_fonts

        headless_qt()
        if not have_fonts():
            raise RuntimeError("no fonts found: text would print as boxes (install fonts, e.g. "
                               "fonts-dejavu-core, or use the bundle, which ships DejaVu Sans)")  # fmt: skip
        out = self.folder / "selftest.pdf"
        info = save_pdf(one, out)
        size = out.stat().st_size
        if info.pages < 1 or size < 1000:
            raise RuntimeError(f"the PDF came out with {info.pages} pages, {size} bytes")
        if b"/FontFile" not in out.read_bytes():
            raise RuntimeError("the PDF embeds no font: its text would not show")
        return f"{info.pages} PDF pages, {size / 1024:.0f} KB"


def run_self_test() -> int:
    from PySide6 import __version__ as pyside

    sys.stdout.write(f"{APP_NAME} {__version__} self-test (Python {platform.python_version()}, "
                     f"PySide6 {pyside}, {platform.system()} {platform.machine()})\n")  # fmt: skip
    started = time.perf_counter()
    name = "set-up"
    try:
        with tempfile.TemporaryDirectory(prefix="replanner-selftest-") as folder:
            checks = Checks(Path(folder))
            try:
                for name, fn in (("database", checks.database), ("scenario", checks.scenario),
                                 ("stress test", checks.stress), ("report", checks.report)):  # fmt: skip
                    checks.step(name, fn)
            finally:
                if checks.db is not None:
                    checks.db.dispose()
    except Exception as exc:  # any failure: say which step and why, never a bare traceback
        sys.stderr.write(f"self-test FAILED at {name}: {type(exc).__name__}: {exc}\n")
        sys.stderr.write("".join(traceback.format_exception(exc)[-3:]))
        return EXIT_FAILED
    sys.stdout.write(f"self-test passed in {time.perf_counter() - started:.1f} s\n")
    return EXIT_OK
