"""Sub-command stress-test: disrupt every node of the supply network alone and rank the risks.

`--by material` disrupts each material's nodes together (every node holding it);
`--by material-content` also every node whose part contains it.

Exit codes as everywhere: 0 done, 1 a user or data error (no network, unknown scope), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from rePlanner.cli.common import count, err, out, positive

EXIT_OK = 0
NODE_WIDTH = 56


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's commands to the `replanner` parser (`sub` = its sub-parsers)."""
    p = sub.add_parser(
        "stress-test",
        help="disrupt every supply node alone: time to survive, lost profit, risk",
        description="Disrupt each node of the supply network alone for its time to recover "
        "(Simchi-Levi et al.): time to survive (TTS), lost profit, the loss it adds, the risk "
        "exposure index, and whether TTS < TTR. Rows are sorted by risk.",
    )
    db_option(p, top=False)
    p.add_argument("--json", action="store_true", help="print JSON (tts_days null = infinite)")
    p.add_argument("--scope", metavar="NAME",
                   help="one plant (name or city) or one imported network (its name)")  # fmt: skip
    p.add_argument("--top", type=positive, metavar="N", help="only the N riskiest nodes")
    p.add_argument("--by", choices=("node", "material", "material-content"), default="node",
                   help="disrupt each node alone (default), each material's nodes together, "
                   "or also every node whose part contains the material")  # fmt: skip
    p.set_defaults(func=cmd_stress_test)


def cmd_stress_test(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import finish, open_existing_db, terminal_progress
    from rePlanner.domain.errors import ReplannerError
    from rePlanner.paths import resolve_db
    from rePlanner.services.stress import run_stress_test

    db = open_existing_db(resolve_db(args.db))
    progress = terminal_progress()
    try:
        report = run_stress_test(db, progress=progress, scope=args.scope, by=args.by)
    finally:
        finish(progress)
        db.dispose()
    if not report.records and args.by != "node":
        raise ReplannerError("nothing to test: no supply node in the network holds a material")
    if not report.records:
        raise ReplannerError("nothing to test: the database holds no supply nodes or production "
                             "lines; import a network or create the demo")  # fmt: skip
    if args.json:
        sys.stdout.write(json.dumps(report.as_dict(top=args.top), indent=2) + "\n")
    else:
        _print(report, args.top)
    return EXIT_OK


def _print(report: Any, top: int | None) -> None:
    lines = sum(r.kind == "line" for r in report.records)
    base = _num(report.baseline_tts_days, "unlimited", suffix=" days")
    where = f" ({report.scope})" if report.scope else ""
    what = f"{count(len(report.records), 'node')}, {count(lines, 'line')}"
    if report.by != "node":
        what = f"by {report.by}, {count(len(report.records), 'material')}"
    out(f"Stress test{where}: {what}; "
        f"undisrupted time to survive {base}; {len(report.at_risk)} at risk "
        f"(TTS < TTR), {sum(r.no_impact for r in report.records)} without impact")  # fmt: skip
    col = "node" if report.by == "node" else "material (its nodes disrupted together)"
    head = (f"{'#':>4}  {col:<{NODE_WIDTH}} {'TTS d':>8} {'TTR d':>7} {'lost profit':>13} "
            f"{'added loss':>13} {'REI':>5}  flag")  # fmt: skip
    out(head)
    out("-" * len(head))
    ranked = report.ranked()
    for i, r in enumerate(ranked[:top] if top else ranked, 1):
        flag = "AT RISK" if r.at_risk else ("no impact" if r.no_impact else "")
        out(f"{i:>4}  {_cut(r.node):<{NODE_WIDTH}} {_num(r.tts_days, 'inf'):>8} "
            f"{_num(r.ttr_days, '-', 1):>7} {_money(r.lost_profit):>13} "
            f"{_money(r.added_lost_profit):>13} {r.risk_exposure_index:>5.2f}  {flag}")  # fmt: skip
    if top and top < len(ranked):
        out(f"  ... {len(ranked) - top} more (run without --top to see all)")
    if report.warnings:  # one per line can be many: show the first, count the rest
        more = len(report.warnings) - 1
        rest = f" (and {count(more, 'more warning')}; see --json)" if more else ""
        err(f"warning: {report.warnings[0]}{rest}")


def _cut(text: str) -> str:
    return text if len(text) <= NODE_WIDTH else text[: NODE_WIDTH - 3] + "..."


def _num(value: float | None, none: str, digits: int = 2, suffix: str = "") -> str:
    return none if value is None else f"{value:,.{digits}f}{suffix}"


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"
