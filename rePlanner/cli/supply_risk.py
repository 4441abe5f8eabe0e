"""Sub-commands supply-risk (EU CRM score per material) and governance (country WGI scores).

Exit codes as everywhere: 0 done, 1 a user or data error (bad file, unknown material, no
database), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rePlanner.cli.common import iso_day, out
from rePlanner.domain.errors import ReplannerError

EXIT_OK = 0


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's commands to the `replanner` parser (`sub` = its sub-parsers)."""
    p = sub.add_parser(
        "supply-risk",
        help="EU CRM supply-risk score per material of our sourcing mix",
        description="Supply risk per material (EU critical raw materials method): HHI of our "
        "own sourcing countries and of world production, weighted by country governance (WGI, "
        "where scores are loaded) and by China's trade restriction while a measure applies.",
    )
    db_option(p, top=False)
    p.add_argument("--material", metavar="M", help='only this material ("Dy metal", or "Dy")')
    p.add_argument("--date", type=iso_day, metavar="YYYY-MM-DD", help="the date (default: today)")
    p.add_argument("--reactivate-suspended", action="store_true",
                   help="treat suspended measures as applying (e.g. the suspension lapses)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON records (null = unknown)")
    p.set_defaults(func=cmd_supply_risk)

    gov = sub.add_parser("governance", help="country governance scores (WGI, 0..10)")
    acts = gov.add_subparsers(dest="governance_command", metavar="ACTION", required=True)
    load = acts.add_parser(
        "load",
        help="load scores from a CSV (country, wgi_score or wgi_estimate, year, confidence, "
        "source_url, notes); rows typed in by users are kept",
    )
    db_option(load, top=False)
    load.add_argument("file", type=Path, help="the CSV file")
    load.add_argument("--json", action="store_true", help="print the summary as JSON")
    load.set_defaults(func=cmd_governance_load)
    lst = acts.add_parser("list", help="the stored scores")
    db_option(lst, top=False)
    lst.add_argument("--json", action="store_true", help="print JSON records")
    lst.set_defaults(func=cmd_governance_list)


def cmd_supply_risk(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db
    from rePlanner.services.supply_risk import supply_risk

    db = open_existing_db(resolve_db(args.db))
    try:
        rows = supply_risk(db, on=args.date, reactivate_suspended=args.reactivate_suspended)
    finally:
        db.dispose()
    if args.material:
        rows = _only(rows, args.material)
    if args.json:
        out(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        _print_risks(rows)
    return EXIT_OK


def _only(rows: list[Any], wanted: str) -> list[Any]:
    """Rows whose label ("Dy metal") or element ("Dy") is `wanted`, ignoring case."""
    key = " ".join(wanted.split()).casefold()
    found = [r for r in rows if key in (r.material.casefold(), r.material.split()[0].casefold())]
    if not found:
        names = ", ".join(r.material for r in rows) or "(none)"
        raise ReplannerError(f"no material {wanted!r} in the lines' BOMs; choose one of: {names}")
    return found


def _print_risks(rows: list[Any]) -> None:
    if not rows:
        out("No material with a known sourcing mix in the lines' BOMs.")
        return
    out(f"{'material':<18}{'SR':>8}{'HHI ours':>10}{'HHI world':>11}{'t_CN':>6}"
        f"  {'WGI':<8}  top country")  # fmt: skip
    for r in rows:
        top = max(r.our_shares, key=r.our_shares.get, default=None)
        share = f"{top} {100 * r.our_shares[top]:.0f}%" if top else "-"
        alarm = "  ALARM" if r.alarm else ""
        wgi = {True: "applied", "partial": "partial", False: "-"}[r.governance_applied]
        out(f"{r.material:<18}{_num(r.supply_risk):>8}{_num(r.hhi_ours):>10}"
            f"{_num(r.hhi_global):>11}{r.china_trade:>6g}  {wgi:<8}  {share}{alarm}")  # fmt: skip
        for note in r.notes:
            out(f"    - {note}")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def cmd_governance_load(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db
    from rePlanner.services.governance import load_governance

    db = open_existing_db(resolve_db(args.db))
    try:
        result = load_governance(db, args.file)
    finally:
        db.dispose()
    if args.json:
        out(json.dumps(asdict(result), indent=2))
        return EXIT_OK
    out(f"Governance scores loaded from {result.file}: {len(result.inserted)} inserted, "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged")  # fmt: skip
    if result.kept_user:
        out(f"  kept (typed in by users, not overwritten): {', '.join(result.kept_user)}")
    return EXIT_OK


def cmd_governance_list(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db
    from rePlanner.services.governance import list_governance

    db = open_existing_db(resolve_db(args.db))
    try:
        rows = list_governance(db)
    finally:
        db.dispose()
    if args.json:
        out(json.dumps([asdict(g) for g in rows], indent=2))
        return EXIT_OK
    if not rows:
        out("No governance scores: load a sourced table with `replanner governance load FILE`.")
        return EXIT_OK
    out(f"{'country':<24}{'WGI 0-10':>9}{'year':>6}  {'confidence':<12}{'origin':<10}source")
    for g in rows:
        year = "" if g.year is None else str(g.year)
        out(f"{g.country:<24}{g.wgi_score:>9.2f}{year:>6}  {g.confidence or '-':<12}"
            f"{g.origin:<10}{g.source_url or '-'}")  # fmt: skip
    return EXIT_OK
