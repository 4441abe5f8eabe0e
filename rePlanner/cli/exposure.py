"""Sub-command exposure: per line, the materials, their China share by stage, measures, licences.

Exit codes as everywhere: 0 done, 1 a user or data error (unknown line, no database), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from rePlanner.cli.common import iso_day, out

EXIT_OK = 0
STAGE_HEADS = (("ore", "ore"), ("oxide", "oxide"), ("metal", "metal"), ("magnet", "magnet"))


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's command to the `replanner` parser (`sub` = its sub-parsers)."""
    p = sub.add_parser(
        "exposure",
        help="per line: kg of each material per vehicle, China share by stage, measures, licences",
        description="Exposure roll-up for a date: per production line the materials in its "
        "current BOM (kg per vehicle), the share passing through China at each stage (ore, "
        "oxide, metal, magnet) and at any stage, the policy measures that apply on that date "
        "and whether an export licence is needed.",
    )
    db_option(p, top=False)
    p.add_argument("--line", metavar="L", help="only this production line (its name)")
    p.add_argument("--date", type=iso_day, metavar="YYYY-MM-DD", help="the date (default: today)")
    p.add_argument("--reactivate-suspended", action="store_true",
                   help="treat suspended measures as applying (e.g. the suspension lapses)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON records (null = unknown)")
    p.set_defaults(func=cmd_exposure)


def cmd_exposure(args: argparse.Namespace) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db
    from rePlanner.services.exposure import exposure

    db = open_existing_db(resolve_db(args.db))
    try:
        report = exposure(db, on=args.date, line=args.line,
                          reactivate_suspended=args.reactivate_suspended)  # fmt: skip
    finally:
        db.dispose()
    if args.json:
        out(json.dumps(report.records(), indent=2))
    else:
        _print(report)
    return EXIT_OK


def _print(report: Any) -> None:
    extra = ", suspended measures re-activated" if report.reactivate_suspended else ""
    out(f"Exposure on {report.on.isoformat()}{extra}")
    if not report.lines:
        out("  (no production lines)")
    for ln in report.lines:
        out("")
        out(f"{ln.plant} / {ln.line} ({ln.rate_per_day:g} vehicles/day)")
        if not ln.materials:
            out("  no material content in its current BOM")
            continue
        head = (f"  {'material':<16}{'kg/vehicle':>12}" + "".join(f"{h:>8}" for _, h in STAGE_HEADS)
                + f"{'any':>8}  licence  measures")  # fmt: skip
        out(head)
        for m in ln.materials:
            shares = "".join(f"{_pct(m.china_share[k]):>8}" for k, _ in STAGE_HEADS)
            measures = ", ".join(f"{h.code} ({h.status})" for h in m.measures) or "-"
            licence = "NEEDED " if m.licence_needed else "-      "
            out(f"  {m.material:<16}{m.kg_per_vehicle:>12.4g}{shares}{_pct(m.china_share_any):>8}"
                f"  {licence}  {measures}")  # fmt: skip
    out("")
    out("China share: % of the material passing through a Chinese site at that stage "
        "(- = no site on the chain reports it).")  # fmt: skip


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"
