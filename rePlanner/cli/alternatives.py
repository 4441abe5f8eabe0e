"""Sub-commands alternatives and qualify-now: rank alternative sources for a line, part or
material by the shutdown risk they remove; save a scenario with one of them activated.

Exit codes as everywhere: 0 done, 1 a user or data error, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from datetime import date
from typing import Any

from rePlanner.cli.common import out

EXIT_OK = 0


def register(sub: Any, db_option: Callable[..., None]) -> None:
    p = sub.add_parser(
        "alternatives",
        help="rank alternative sources by the shutdown risk they remove",
        description="For a line, part or material under a scenario: each candidate source is "
        "activated from the day it delivers (qualification + ramp) up to its capacity, less its "
        "own Chinese material, and ranked by the lost margin it avoids net of its cost premium; "
        "beside it the criteria view (capacity vs need, time, premium, China exposure, "
        "proximity, country risk, certifications) with your weights.",
    )
    db_option(p, top=False)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--line", metavar="L", help="a production line (its name)")
    target.add_argument("--part", metavar="PN", help="a part number")
    target.add_argument("--material", metavar="M", help='a material: "Dy", "Dy metal", ...')
    p.add_argument("--scenario", metavar="NAME",
                   help="saved scenario (default: licence measures in force today)")  # fmt: skip
    p.add_argument("--weights", metavar="K=V,...",
                   help="criteria weights, e.g. time=2,proximity=1 (keys: capacity, time, "
                   "premium, china, proximity, country_risk, certifications)")  # fmt: skip
    p.add_argument("--no-pairs", action="store_true", help="do not try pairs and plans")
    p.add_argument("--json", action="store_true", help="print JSON records (null = unknown)")
    p.set_defaults(func=cmd_alternatives)
    q = sub.add_parser(
        "qualify-now",
        help="save a copy of a scenario with an alternative source activated",
        description="What if we qualify X now: the scenario is saved again with the source "
        "activated, so what-if tables, Monte Carlo and reports show the plan with it.",
    )
    db_option(q, top=False)
    q.add_argument("alternative", type=int, nargs="+", metavar="ID",
                   help="the alternative source's id (several for a pair or plan)")  # fmt: skip
    q.add_argument("--scenario", required=True, metavar="NAME", help="the scenario to copy")
    q.add_argument("--as", dest="new_name", metavar="NAME", help="name of the new scenario")
    q.set_defaults(func=cmd_qualify_now)


def cmd_alternatives(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import finish, open_existing_db, terminal_progress
    from rePlanner.paths import resolve_db
    from rePlanner.services.alternatives_rank import rank_alternatives

    db = open_existing_db(resolve_db(args.db))
    progress = terminal_progress()
    try:
        ranking = rank_alternatives(db, line=args.line, part=args.part, material=args.material,
                                    scenario=args.scenario, weights=args.weights,
                                    pairs=not args.no_pairs, progress=progress)  # fmt: skip
    finally:
        finish(progress)
        db.dispose()
    if args.json:
        out(json.dumps(as_json(ranking), indent=2))
    else:
        _print(ranking)
    return EXIT_OK


def cmd_qualify_now(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db
    from rePlanner.services.alternatives_plan import qualify_now

    db = open_existing_db(resolve_db(args.db))
    try:
        info = qualify_now(db, args.scenario, args.alternative, args.new_name)
    finally:
        db.dispose()
    ids = ", ".join(str(i) for i in args.alternative)
    out(f"Saved scenario {info.name!r}: {args.scenario} with alternative(s) {ids} activated. "
        "Run it with: replanner scenario run " + json.dumps(info.name))  # fmt: skip
    return EXIT_OK


def as_json(r: Any) -> dict[str, Any]:
    return {
        "target": {"kind": r.target.kind, "name": r.target.text, "lines": r.target.lines,
                   "plant": r.target.plant},
        "scenario": r.scenario, "inputs": r.inputs.to_dict(), "start": r.start.isoformat(),
        "shutdown_days": _num(r.shutdown_days), "lost_margin": _num(r.lost_margin),
        "company_lost_margin": _num(r.company_lost_margin), "evaluations": r.evaluations,
        "weights": r.weights, "records": [_record(x) for x in r.records],
        "warnings": r.warnings,
    }  # fmt: skip


def _record(x: Any) -> dict[str, Any]:
    d = {k: _num(v) if isinstance(v, float) else v for k, v in vars(x).items()}
    d["criteria"] = {k: _num(v) for k, v in x.criteria.items()}
    for k in ("available_from", "gap_closes"):
        d[k] = x.__dict__[k].isoformat() if isinstance(x.__dict__[k], date) else None
    return d


def _num(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else round(float(v), 6)


def _print(r: Any) -> None:
    out(f"Alternatives for {r.target.describe()} ({', '.join(r.target.lines)}) under scenario "
        f"{r.scenario}")  # fmt: skip
    out(f"As it stands: {_days(r.shutdown_days)} shutdown days, lost margin "
        f"{_money(r.lost_margin)} on these lines ({_money(r.company_lost_margin)} on all); "
        f"scenario start {r.start.isoformat()}; {r.evaluations} scenario evaluations")  # fmt: skip
    for k, x in enumerate(r.records, start=1):
        ids = ", ".join(str(i) for i in x.alternative_ids)
        out("")
        out(f"{k:>3}. {x.source}  [{x.kind}, id {ids}]")
        out("     " + "  ".join(f"{label} {value}" for label, value in _facts(x)))
        for reason in x.reasons[:5]:
            out(f"       - {reason}")
    for w in r.warnings[:3]:
        out(f"warning: {w}")
    out("")
    out("Qualify one now: replanner qualify-now ID --scenario NAME")


def _facts(x: Any) -> list[tuple[str, str]]:
    if not x.placed:
        return [("not placed", "(no timing, or nothing it replaces)"),
                ("criteria", _score(x.criteria_total)), ("local", _yes(x.local))]  # fmt: skip
    return [
        ("from", x.available_from.isoformat() if x.available_from else "-"),
        ("cover", f"{x.coverage:.0%}" if x.coverage is not None else "-"),
        ("shutdown d", f"{_days(x.shutdown_days_before)}->{_days(x.shutdown_days_after)}"),
        ("gap closes", x.gap_closes.isoformat() if x.gap_closes else "-"),
        ("avoided", _money(x.lost_margin_avoided)), ("premium", _money(x.premium_cost)),
        ("net", _money(x.net_value)),
        ("own gap d", f"{_days(x.own_gap_shutdown_days_before)}->"
                      f"{_days(x.own_gap_shutdown_days_after)}"),
        ("criteria", _score(x.criteria_total)), ("local", _yes(x.local)),
    ]  # fmt: skip


def _score(v: float | None) -> str:
    return f"{v:.2f}" if v is not None else "-"


def _yes(v: bool) -> str:
    return "yes" if v else "no"


def _days(v: float) -> str:
    return f"{v:,.1f}" if math.isfinite(v) else "-"


def _money(v: float | None) -> str:
    return f"{v:,.0f}" if v is not None and math.isfinite(v) else "-"
