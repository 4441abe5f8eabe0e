"""Sub-commands whatif and goalseek: Data Tables and thresholds on a saved scenario.

    replanner whatif --scenario NAME --vary PARAM=V1,V2,... [--vary PARAM2=...] --metric M
                     [--line L] [--json | --xlsx OUT]
    replanner goalseek --scenario NAME --line L --param PARAM [--lo X --hi Y] [--tol T] [--json]

Values are a comma list, or START:STOP:STEP (both ends included). Exit codes: 0 done, 1 a user
or data error (unknown scenario or line, a value out of range, goal not reachable), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from typing import Any

from rePlanner.cli.common import err, out, terminal_progress

EXIT_OK, EXIT_ERROR = 0, 1
PARAM_NAMES = (
    "licence_delay_days",
    "denial_share",
    "quota_cut",
    "buffer_days",
    "duration_days",
    "alternative_days",
    "alternative_capacity",
)  # fmt: skip; = services.whatif.PARAMS (copied: the parser is built without the services)
METRIC_NAMES = ("shutdown_days", "lost_vehicles", "lost_margin", "added_lost_vehicles",
                "added_lost_margin", "tts_days", "ttr_days")  # fmt: skip


def register(sub: Any, db_option: Callable[..., None]) -> None:
    w = sub.add_parser("whatif", help="what-if table: vary one or two inputs of a scenario",
                       description="Like Excel's Data Table: re-run a saved scenario with one or "
                       "two inputs over chosen values and tabulate one output.")  # fmt: skip
    w.add_argument("--scenario", required=True, metavar="NAME")
    w.add_argument("--vary", action="append", required=True, type=vary_option,
                   metavar="PARAM=V1,V2,...", help=f"input and values; PARAM: "
                   f"{', '.join(PARAM_NAMES)}; values also as START:STOP:STEP")  # fmt: skip
    w.add_argument("--metric", required=True, choices=METRIC_NAMES)
    w.add_argument("--line", metavar="L", help="one production line (default: all lines)")
    fmt = w.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON (null = infinite/unknown)")
    fmt.add_argument("--xlsx", metavar="OUT", help="write the table to an .xlsx file")
    w.set_defaults(func=cmd_whatif)
    g = sub.add_parser("goalseek", help="threshold of one input at which a line has no shutdown",
                       description="Bisection for the smallest buffer (or the largest delay, "
                       "share, stop or alternative days) at which the line's time to survive "
                       "covers its time to recover.")  # fmt: skip
    g.add_argument("--scenario", required=True, metavar="NAME")
    g.add_argument("--line", required=True, metavar="L")
    g.add_argument("--param", required=True, choices=PARAM_NAMES)
    g.add_argument("--lo", type=float, help="bracket start (default per input)")
    g.add_argument("--hi", type=float, help="bracket end (default per input)")
    g.add_argument("--tol", type=float, help="tolerance in the input's unit")
    g.add_argument("--json", action="store_true", help="print JSON")
    g.set_defaults(func=cmd_goalseek)
    for p in (w, g):
        db_option(p, top=False)


def vary_option(text: str) -> tuple[str, list[float]]:
    """argparse type for PARAM=V1,V2 or PARAM=START:STOP:STEP."""
    name, sep, values = text.partition("=")
    name = name.strip()
    if not sep or name not in PARAM_NAMES:
        raise argparse.ArgumentTypeError(
            f"give PARAM=V1,V2,... with PARAM one of {', '.join(PARAM_NAMES)}, not {text!r}"
        )
    try:
        if ":" in values:
            return name, _range(values)
        nums = [float(v) for v in values.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {values!r}") from None
    if not nums or not all(math.isfinite(v) for v in nums):
        raise argparse.ArgumentTypeError(f"give at least one finite number for {name}")
    return name, nums


def _range(text: str) -> list[float]:
    start, stop, step = (float(x) for x in text.split(":"))
    if step <= 0 or stop < start or (stop - start) / step > 10_000:
        raise ValueError(text)
    n = int(math.floor((stop - start) / step + 1e-9))
    return [round(start + k * step, 12) for k in range(n + 1)]


def _open(args: argparse.Namespace) -> Any:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db

    return open_existing_db(resolve_db(args.db))


def cmd_whatif(args: argparse.Namespace) -> int:
    from rePlanner.services.scenario import get_scenario
    from rePlanner.services.whatif import what_if_table
    from rePlanner.services.whatif_export import write_xlsx

    if len(args.vary) > 2:
        err("replanner: error: vary at most two inputs")
        return 2
    db = _open(args)
    try:
        table = what_if_table(
            db, args.scenario, args.vary, args.metric, args.line, terminal_progress()
        )
        inputs = get_scenario(db, args.scenario).inputs.to_dict()
    finally:
        db.dispose()
    if args.xlsx:
        path = write_xlsx(table, args.xlsx, inputs)
        out(f"What-if table ({len(table.row_values)} x {max(1, len(table.col_values))}) "
            f"written to {path}")  # fmt: skip
    elif args.json:
        sys.stdout.write(json.dumps(table.as_dict(), indent=2) + "\n")
    else:
        _print_table(table)
    return EXIT_OK


def _print_table(t: Any) -> None:
    what = f"{t.metric} of {t.line}" if t.line else f"{t.metric}, all lines"
    out(f"What-if on scenario {t.scenario}: {what} ({t.seconds:.2f} s)")
    heads = [f"{v:g}" for v in t.col_values] if t.col_param else [t.metric]
    corner = f"{t.row_param} \\ {t.col_param}" if t.col_param else t.row_param
    width = max(12, *(len(h) + 1 for h in heads))
    out(f"  {corner:<24}" + "".join(f"{h:>{width}}" for h in heads))
    for r, row in zip(t.row_values, t.cells, strict=True):
        out(f"  {r:<24g}" + "".join(f"{_num(v):>{width}}" for v in row))


def _num(v: float) -> str:
    return "n/a" if math.isnan(v) else ("inf" if math.isinf(v) else f"{v:,.2f}")


def cmd_goalseek(args: argparse.Namespace) -> int:
    from rePlanner.services.whatif import goal_seek

    db = _open(args)
    try:
        found = goal_seek(db, args.scenario, args.line, args.param, lo=args.lo, hi=args.hi,
                          tol=args.tol, progress=terminal_progress())  # fmt: skip
    finally:
        db.dispose()
    r = found.result
    if args.json:
        sys.stdout.write(json.dumps(found.as_dict(), indent=2) + "\n")
    elif r.reachable:
        side = "at least" if r.good_end == "hi" else "at most"
        out(f"{found.line}: no shutdown with {args.param} {side} {r.value:g} ({r.message}; "
            f"{r.evaluations} runs, {found.seconds:.2f} s)")  # fmt: skip
    else:
        out(f"{found.line}: {args.param}: {r.message}")
    return EXIT_OK if r.reachable else EXIT_ERROR
