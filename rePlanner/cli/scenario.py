"""Sub-command scenario: save | list | show | run NAME — named what-if assumptions and their runs.

Exit codes as everywhere: 0 done, 1 a user or data error (unknown scenario, bad input), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from rePlanner.cli.common import iso_day, out

EXIT_OK = 0


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add `scenario` and its actions to the `replanner` parser."""
    p = sub.add_parser("scenario", help="named scenarios: save, list, show, run",
                       description="Save what bites (measures, materials, suppliers), for how "
                       "long, licence delay, quota cut, buffers and alternatives; run it for "
                       "time to survive vs time to recover per production line.")  # fmt: skip
    acts = p.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)
    save = acts.add_parser("save", help="create or (with --replace) overwrite a scenario")
    save.add_argument("name")
    _input_options(save)
    save.add_argument("--description")
    save.add_argument("--replace", action="store_true", help="overwrite an existing scenario")
    save.set_defaults(func=cmd_save)
    lst = acts.add_parser("list", help="saved scenarios")
    lst.set_defaults(func=cmd_list)
    show = acts.add_parser("show", help="a scenario's inputs and its last stored run")
    show.add_argument("name")
    show.set_defaults(func=cmd_show)
    run = acts.add_parser("run", help="run a scenario and store the result")
    run.add_argument("name")
    run.add_argument("--no-store", action="store_true", help="do not store the result")
    run.set_defaults(func=cmd_run)
    for q in (save, lst, show, run):
        db_option(q, top=False)
        q.add_argument("--json", action="store_true", help="print JSON (null = infinite)")


def _input_options(p: argparse.ArgumentParser) -> None:
    add = p.add_argument
    add("--measure", action="append", default=[], metavar="CODE", help="measure that bites")
    add("--start", type=iso_day, metavar="YYYY-MM-DD", help="day the measures bite")
    add("--material", action="append", default=[], metavar="EL[/STAGE]",
        help="material cut off, e.g. Dy or NdFeB/magnet (narrows --measure)")  # fmt: skip
    add("--supplier", action="append", default=[], metavar="NAME", help="supplier stopped")
    add("--site", action="append", default=[], metavar="NAME", help="site stopped")
    add("--node", action="append", default=[], type=int, metavar="ID", help="supply node stopped")
    add("--duration", type=float, metavar="DAYS", help="days supply stops (ban length)")
    add("--licence-delay", type=float, default=45.0, metavar="WORKING_DAYS",
        help="working days per export licence (default 45)")  # fmt: skip
    add("--denial-share", type=float, default=0.0, metavar="0..1", help="licences denied")
    add("--quota-cut", type=float, default=0.0, metavar="0..1",
        help="capacity cut at Chinese mining/separation nodes")  # fmt: skip
    add("--buffer-days", type=float, default=0.0, metavar="DAYS",
        help="extra stock at our plants, in days of flow")  # fmt: skip
    add("--alternative", action="append", default=[], type=int, metavar="ID",
        help="alternative source activated (its id)")  # fmt: skip
    add("--hold-stock", action="store_true",
        help="stopped suppliers also hold back their stock on hand (in transit still arrives)")  # fmt: skip


def inputs_from_args(args: argparse.Namespace) -> Any:
    from rePlanner.domain.scenario import ScenarioInputs

    return ScenarioInputs(
        measures=tuple(args.measure), start=args.start, materials=tuple(args.material),
        suppliers=tuple(args.supplier), sites=tuple(args.site), nodes=tuple(args.node),
        duration_days=args.duration, licence_delay_days=args.licence_delay,
        denial_share=args.denial_share, quota_cut=args.quota_cut,
        buffer_days=args.buffer_days, alternatives=tuple(args.alternative),
        hold_stock=args.hold_stock,
    )  # fmt: skip


def _open(args: argparse.Namespace) -> Any:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.paths import resolve_db

    return open_existing_db(resolve_db(args.db))


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def cmd_save(args: argparse.Namespace) -> int:
    from rePlanner.services.scenario import save_scenario

    inputs = inputs_from_args(args)
    db = _open(args)
    try:
        info = save_scenario(db, args.name, inputs, args.description, replace=args.replace)
    finally:
        db.dispose()
    if args.json:
        _dump(info.as_dict())
    else:
        out(f"Scenario {info.name!r} saved: {_describe(info.inputs.to_dict())}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from rePlanner.services.scenario import list_scenarios

    db = _open(args)
    try:
        infos = list_scenarios(db)
    finally:
        db.dispose()
    if args.json:
        _dump([i.as_dict() for i in infos])
        return EXIT_OK
    if not infos:
        out("No scenarios yet: replanner scenario save NAME --measure CODE ...")
    for i in infos:
        last = f", last run {i.last_run_at:%Y-%m-%d %H:%M}" if i.last_run_at else ""
        out(f"{i.name}: {_describe(i.inputs.to_dict())} ({i.runs} runs{last})")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from rePlanner.services.scenario import get_scenario, scenario_results

    db = _open(args)
    try:
        info = get_scenario(db, args.name)
        runs = scenario_results(db, args.name)
    finally:
        db.dispose()
    last = runs[0] if runs else None
    if args.json:
        _dump({**info.as_dict(), "last_result": last})
        return EXIT_OK
    out(f"Scenario {info.name}: {_describe(info.inputs.to_dict())}")
    if info.description:
        out(f"  {info.description}")
    if last is None:
        out("  not run yet")
    else:
        out(f"  last run {last['run_at']:%Y-%m-%d %H:%M} by {last['run_by']}, "
            f"data as of {last['data_as_of']}")  # fmt: skip
        _print_lines(last["results"])
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from rePlanner.services.scenario_run import run_saved_scenario

    db = _open(args)
    try:
        run = run_saved_scenario(db, args.name, store=not args.no_store)
    finally:
        db.dispose()
    if args.json:
        _dump(run.as_dict())
        return EXIT_OK
    r = run.results
    out(f"Scenario {run.name}: {len(r['disrupted'])} nodes disrupted; network time to survive "
        f"{_days(r['tts_days'])} (undisrupted {_days(r['baseline_tts_days'])})"
        f"{'; no impact' if r['no_impact'] else ''}")  # fmt: skip
    _print_lines(r)
    if run.result_id:
        out(f"Stored as result #{run.result_id} (data as of {run.data_as_of})")
    return EXIT_OK


def _print_lines(r: dict[str, Any]) -> None:
    head = (f"  {'line':<22} {'TTS d':>8} {'TTR d':>8} {'shutdown d':>10} {'lost veh':>10} "
            f"{'lost margin':>14}  flag / binds")  # fmt: skip
    out(head)
    for x in r.get("lines", []):
        flag = "AT RISK" if x["at_risk"] else ("no impact" if x["no_impact"] else "safe")
        binds = next((b for b in x["binding"] if b["kind"] != "demand"), None)
        why = f" / {binds['detail'] or binds['node']}" if binds and x["at_risk"] else ""
        out(f"  {x['line']:<22} {_days(x['tts_days']):>8} {_days(x['ttr_days']):>8} "
            f"{_days(x['shutdown_days']):>10} {_num(x['lost_vehicles']):>10} "
            f"{_num(x['lost_margin']):>14}  {flag}{why}")  # fmt: skip


def _describe(d: dict[str, Any]) -> str:
    shown = {k: v for k, v in d.items() if v not in ([], None, 0.0) and k != "licence_delay_days"}
    text = ", ".join(f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}"
                     for k, v in shown.items())  # fmt: skip
    return f"{text or 'nothing disrupted'}, licence_delay_days={d['licence_delay_days']}"


def _days(v: float | None) -> str:
    return "inf" if v is None else f"{v:,.1f}"


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"
