"""Command line: `replanner` alone starts the desktop app; subcommands work headless.

Exit codes: 0 success, 1 a user or data error (message on stderr, no traceback), 2 bad usage.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rePlanner import APP_NAME, __version__
from rePlanner.cli.common import out as _out
from rePlanner.domain.errors import ReplannerError
from rePlanner.paths import ENV_DB, default_db_path, resolve_db

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _db_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before or after the command; SUPPRESS keeps a sub-parser from erasing --db.
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None if top else argparse.SUPPRESS,
        help=f"database file or SQLAlchemy URL (default: ${ENV_DB}, else {default_db_path()})",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="replanner",
        description=f"{APP_NAME}: rare-earth and critical-material supply risk for automotive "
        "sourcing. Without a command, starts the desktop application.",
    )
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    p.add_argument("--self-test", action="store_true",
                   help="check this installation (demo database, scenario, stress test, PDF "
                   "report in a temporary folder) and exit")  # fmt: skip
    _db_option(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="start the desktop application (the default)")
    _db_option(gui, top=False)
    gui.set_defaults(func=cmd_gui)

    demo = sub.add_parser(
        "demo",
        help="create a database filled with the demo company",
        description="Create the demo company (Nordwerk Automotive) with reference data.",
    )
    _db_option(demo, top=False)
    demo.add_argument("--force", action="store_true", help="replace a database that holds data")
    demo.add_argument(
        "--open",
        action="store_true",
        help="then start the desktop application; an existing database is opened unchanged",
    )
    demo.set_defaults(func=cmd_demo)

    info = sub.add_parser("info", help="schema version, reference-data date and row counts")
    _db_option(info, top=False)
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
    info.set_defaults(func=cmd_info)

    ref = sub.add_parser("refdata", help="reference data (export controls, quotas, producers)")
    ref_sub = ref.add_subparsers(dest="refdata_command", metavar="ACTION", required=True)
    upd = ref_sub.add_parser(
        "update",
        help="refresh reference data from a newer CSV file or folder; user data is untouched",
    )
    _db_option(upd, top=False)
    upd.add_argument("file", type=Path, help="a reference CSV file, or a folder of them")
    upd.add_argument("--json", action="store_true", help="print the summary as JSON")
    upd.set_defaults(func=cmd_refdata_update)
    for register in _command_modules():
        register(sub, _db_option)
    return p


def _command_modules() -> list[Callable[..., None]]:
    """Sub-commands that live in their own modules (each adds its parsers to `sub`)."""
    from rePlanner.cli import (
        alternatives,
        alternatives_import,
        bom,
        exposure,
        montecarlo,
        network,
        report,
        risk,
        scenario,
        supply_risk,
        whatif,
    )  # fmt: skip

    return [bom.register, network.register, risk.register, scenario.register, exposure.register,
            whatif.register, montecarlo.register, supply_risk.register,
            alternatives.register, alternatives_import.register, report.register]  # fmt: skip


def cmd_gui(args: argparse.Namespace) -> int:
    from rePlanner.app import no_display_reason, run_gui

    reason = no_display_reason()
    if reason:
        sys.stderr.write(reason + "\n")
        return EXIT_ERROR
    # started from a menu nobody reads stderr: say it in a box too
    quiet = sys.stderr is None or not sys.stderr.isatty()
    return run_gui(resolve_db(args.db), show_errors=quiet)


def cmd_demo(args: argparse.Namespace) -> int:
    from rePlanner.services.workspace import build_demo

    location = resolve_db(args.db)
    if args.open:
        from rePlanner.app import no_display_reason

        reason = no_display_reason()
        if reason:  # say it before spending time on the build
            sys.stderr.write(reason + "\n")
            return EXIT_ERROR
    result = build_demo(location, force=args.force, keep_existing=args.open)
    try:
        if result.replaced_backup:
            _out(f"The database it replaced was copied to {result.replaced_backup}")
        if result.created:
            _out(f"Demo database created: {result.db.location}")
            counts = getattr(result.summary, "counts", {}) or {}
            if counts:
                _out("  " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
        else:
            _out(f"Opening existing database {result.db.location} (unchanged)")
    finally:
        result.db.dispose()
    if args.open:
        args.db = location
        return cmd_gui(args)
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from rePlanner.services.info import database_info
    from rePlanner.services.workspace import open_existing

    db = open_existing(resolve_db(args.db))
    try:
        info = database_info(db)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps(info.as_dict(), indent=2, sort_keys=False))
        return EXIT_OK
    _out(f"Database:        {info.location}")
    _out(f"Schema version:  {info.schema_version} (this app: {info.schema_head})")
    _out(f"Reference data:  as of {info.refdata_as_of or 'unknown'}")
    if info.company_name:
        _out(f"Company:         {info.company_name}")
    width = max(len(k) for k in info.counts)
    for name, n in info.counts.items():
        ref = info.reference_counts.get(name)
        _out(f"  {name:<{width}}  {n:>7}" + (f"  ({ref} reference)" if ref else ""))
    _out(f"  {'audit entries':<{width}}  {info.audit_entries:>7}")
    return EXIT_OK


def cmd_refdata_update(args: argparse.Namespace) -> int:
    from rePlanner.services import refdata
    from rePlanner.services.workspace import open_workspace

    if not args.file.exists():
        raise ReplannerError(f"{args.file}: no such file or folder")
    db = open_workspace(resolve_db(args.db))
    try:
        summary = refdata.update_reference(db, args.file)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps(asdict(summary), indent=2, default=str))
        return EXIT_OK
    _print_refdata_summary(summary)
    return EXIT_OK


def _print_refdata_summary(summary: Any) -> None:
    _out(f"Reference data updated from {', '.join(summary.files)} (as of {summary.as_of})")
    fields = ("inserted", "updated", "unchanged", "deleted", "kept", "user_owned")
    _out(f"  {'table':<22}" + "".join(f"{f:>11}" for f in fields))
    for table, counts in summary.tables.items():
        _out(f"  {table:<22}" + "".join(f"{getattr(counts, f):>11}" for f in fields))
    for row in summary.skipped:
        _out(f"  skipped {row.file} row {row.row}: {row.reason}")
    for kept in summary.kept:
        _out(f"  kept {kept.table} {kept.key}: {kept.reason}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    # what start-up built (parsers, modules) lives to the end: keep the garbage collector from
    # re-scanning it in the middle of engine work (one full pass cost ~70 ms per run)
    gc.freeze()
    if args.self_test:
        from rePlanner.cli.selftest import run_self_test

        return run_self_test()
    try:
        return func(args)
    except ReplannerError as exc:
        sys.stderr.write(f"replanner: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("replanner: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `replanner bom show | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
