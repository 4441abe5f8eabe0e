"""Sub-command montecarlo: P(shutdown) and P50/P90 losses per line over seeded random draws.

Exit codes as everywhere: 0 done, 1 a user or data error (unknown scenario), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from rePlanner.cli.common import out, positive

EXIT_OK = 0


def register(sub: Any, db_option: Callable[..., None]) -> None:
    p = sub.add_parser("montecarlo", help="Monte Carlo of a saved scenario's uncertain inputs",
                       description="Draw licence delay (triangular), denial share and quota cut "
                       "(uniform) N times with a seed; per line P(shutdown), P50/P90 and mean "
                       "lost vehicles and margin.")  # fmt: skip
    db_option(p, top=False)
    p.add_argument("--scenario", required=True, metavar="NAME")
    p.add_argument("--draws", type=positive, default=1000, metavar="N")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--workers", type=positive, default=None, metavar="K",
                   help="worker processes (default: both cores when it pays)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON (null = unknown)")
    p.set_defaults(func=cmd_montecarlo)


def cmd_montecarlo(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db
    from rePlanner.services.montecarlo import run_montecarlo

    db = open_existing_db(resolve_db(args.db))
    try:
        run = run_montecarlo(db, args.scenario, args.draws, args.seed, workers=args.workers)
    finally:
        db.dispose()
    if args.json:
        sys.stdout.write(json.dumps(run.as_dict(), indent=2, default=str) + "\n")
        return EXIT_OK
    out(f"Monte Carlo of {run.scenario!r}: {run.draws} draws, seed {run.seed}, "
        f"{run.workers} process(es)")  # fmt: skip
    for k, d in run.spec.items():
        out(f"  {k}: " + ", ".join(f"{a}={b}" for a, b in d.items()))
    out(f"  {'line':<22} {'P(shutdown)':>11} {'veh P50':>9} {'veh P90':>9} "
        f"{'margin P50':>12} {'margin P90':>12} {'margin mean':>12}")  # fmt: skip
    for x in run.lines:
        out(f"  {x['line'] or x['node']:<22} {x['p_shutdown']:>11.1%} "
            f"{_n(x['lost_vehicles_p50']):>9} {_n(x['lost_vehicles_p90']):>9} "
            f"{_n(x['lost_margin_p50']):>12} {_n(x['lost_margin_p90']):>12} "
            f"{_n(x['lost_margin_mean']):>12}")  # fmt: skip
    for w in run.warnings:
        out(f"  warning: {w}")
    return EXIT_OK


def _n(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"
