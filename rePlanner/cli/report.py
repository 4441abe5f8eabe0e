"""Sub-commands `report` (the risk report as PDF) and `export` (its tables as Excel), headless.

Exit codes as everywhere: 0 done, 1 a user or data error (unknown scope or scenario, file not
writable, no database), 2 bad usage.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rePlanner.cli.common import finish, iso_day, out, terminal_progress

EXIT_OK = 0


def register(sub: Any, db_option: Callable[..., None]) -> None:
    rep = sub.add_parser(
        "report",
        help="the risk report as a PDF (no display needed)",
        description="Build the risk report (cover, executive summary, a page per line at "
        "risk, exposure, what-if, policy annex, provenance) and write it as a PDF.",
    )
    _options(rep, db_option, ".pdf")
    rep.set_defaults(func=cmd_report)
    exp = sub.add_parser(
        "export",
        help="the risk report's tables as an Excel workbook",
        description="Build the risk report and write each of its tables to a sheet of an "
        ".xlsx workbook (numbers as numbers, frozen headers).",
    )
    _options(exp, db_option, ".xlsx")
    exp.set_defaults(func=cmd_export)


def _options(p: argparse.ArgumentParser, db_option: Callable[..., None], ext: str) -> None:
    db_option(p, top=False)
    p.add_argument("--out", type=Path, required=True, metavar=f"FILE{ext}", help="file to write")
    p.add_argument("--scope", default="company", metavar="SCOPE",
                   help="company (default), plant:NAME, program:NAME or line:NAME")  # fmt: skip
    p.add_argument("--scenario", metavar="NAME",
                   help="a saved scenario (default: the licence measures in force today)")  # fmt: skip
    p.add_argument("--date", type=iso_day, metavar="YYYY-MM-DD",
                   help="the report date (default: today)")  # fmt: skip
    p.add_argument("--no-alternatives", action="store_true",
                   help="skip ranking alternative sources (faster)")  # fmt: skip
    p.add_argument("--draws", type=int, default=200, metavar="N",
                   help="Monte Carlo draws for the distribution chart (0: none; default 200)")  # fmt: skip


def _build(args: argparse.Namespace) -> Any:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.domain.errors import ValidationError
    from rePlanner.paths import resolve_db
    from rePlanner.services.report_build import build_report
    from rePlanner.services.report_data import ReportOptions
    from rePlanner.ui.report_files import check_target

    if args.draws < 0:
        raise ValidationError.single("report", "draws", args.draws, "must be 0 or more")
    check_target(args.out)  # before minutes of work, not after
    options = ReportOptions(alternatives=not args.no_alternatives, montecarlo_draws=args.draws)
    db = open_existing_db(resolve_db(args.db))
    progress = terminal_progress()
    try:
        return build_report(db, scope=args.scope, scenario=args.scenario, options=options,
                            progress=progress, today=args.date)  # fmt: skip
    finally:
        finish(progress)
        db.dispose()


def cmd_report(args: argparse.Namespace) -> int:
    from rePlanner.ui.report_files import headless_qt, save_pdf

    started = time.perf_counter()
    built = _build(args)
    headless_qt()
    info = save_pdf(built.report, args.out)
    out(f"{args.out}: {info.pages} pages, {len(built.data.at_risk)} of "
        f"{len(built.data.lines)} lines at risk under {built.data.scenario!r} "
        f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from rePlanner.services.report_export import export_report

    built = _build(args)
    export_report(built.report, args.out)
    out(f"{args.out}: {len(built.report.tables()) + 1} sheets")
    return EXIT_OK
