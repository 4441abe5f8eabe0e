"""Everything a risk report states, gathered once from the services (one scenario context),
so the document and the tests that check it read the same figures."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from rePlanner import __version__
from rePlanner.domain.errors import ValidationError
from rePlanner.domain.progress import NullProgress, Progress, StepProgress, check
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.dashboard import (
    HeatMap,
    PolicyCalendar,
    QuotaPoint,
    heat_map_on,
    line_elements,
    policy_calendar,
    quota_history,
    scenario_inputs,
)
from rePlanner.services.exposure import ExposureReport, exposure
from rePlanner.services.report_scope import ReportScope, ResolvedScope, resolve_scope
from rePlanner.services.scenario_run import ScenarioContext, ScenarioRun
from rePlanner.services.settings import Settings, get_settings

WHATIF_DURATIONS = (30.0, 60.0, 90.0, 180.0, 365.0)  # supply stop, days
WHATIF_DELAYS = (0.0, 20.0, 45.0, 90.0, 180.0)  # licence delay, working days


@dataclass(frozen=True)
class ReportOptions:
    alternatives: bool = True  # rank alternatives for each line at risk (the slow part)
    pairs: bool = True  # also try pairs of sources when none closes a gap alone
    heat_map: bool = True
    montecarlo_draws: int = 200  # 0: no distribution chart
    seed: int = 1
    whatif: bool = True
    heat_days: float = 90.0  # each element cut from China this long in the heat map


@dataclass
class WhatIfRow:
    value: float
    shutdown_days: float
    lost_vehicles: float
    lost_margin: float  # inf: an open-ended stop has no loss figure
    lines_at_risk: int


@dataclass
class ReportData:
    scope: ResolvedScope
    scenario: str
    inputs: ScenarioInputs
    run: ScenarioRun
    lines: list[dict[str, Any]]  # the run's line rows in scope
    settings: Settings
    today: date
    options: ReportOptions
    exposure: ExposureReport
    calendar: PolicyCalendar
    measures: list[dict[str, Any]]
    quotas: list[QuotaPoint]
    countries: dict[str, str]  # supplier -> country
    imports: list[dict[str, Any]]
    rankings: dict[str, Any] = field(default_factory=dict)  # line -> Ranking
    heat: HeatMap | None = None
    whatif_param: str | None = None
    whatif: list[WhatIfRow] = field(default_factory=list)
    montecarlo: Any = None  # services.montecarlo.MonteCarloRun with per_draw
    version: str = __version__
    made_at: datetime = field(default_factory=datetime.now)

    @property
    def at_risk(self) -> list[dict[str, Any]]:
        return [r for r in self.lines if r["at_risk"]]


def gather(
    db: Database, scope: ReportScope, scenario: str | None, options: ReportOptions,
    progress: Progress | None = None, today: date | None = None,
) -> ReportData:  # fmt: skip
    p = progress or NullProgress()
    day = today or date.today()
    resolved = resolve_scope(db, scope)
    name, inputs = _scenario(db, scenario, day)
    p.update(0, 1, "Running the scenario…")
    ctx = ScenarioContext.prepare(db, inputs)
    ctx.runs = {}  # the what-if row at the scenario's own value is this very run
    run = ctx.evaluate(inputs)
    run.name = name
    check(p, "the report")
    data = ReportData(
        resolved, name, inputs, run, _in_scope(run.results["lines"], resolved.lines),
        get_settings(db), day, options, _exposure(db, day, resolved.lines),
        policy_calendar(db, on=day), crud.find(db, "policy measure"), quota_history(db),
        {s["name"]: s["country"] for s in crud.find(db, "supplier")},
        sorted(crud.find(db, "import batch"), key=lambda b: b["imported_at"]),
    )  # fmt: skip
    elements = line_elements(db) if options.heat_map else []
    ranked = data.at_risk if options.alternatives else []
    mc = options.montecarlo_draws > 0 and scenario is not None
    steps = 1 + options.whatif + len(elements) + mc + len(ranked)
    done = 1
    if options.whatif:
        p.update(done, steps, "What-if table…")
        data.whatif_param, data.whatif = _whatif(ctx, inputs, resolved.lines)
        done += 1
    if elements:
        data.heat = heat_map_on(ctx, elements, options.heat_days, p, done, steps)
        done += len(elements)
    if mc:
        data.montecarlo = _montecarlo(db, name, options, StepProgress(p, done, steps,
                                                                      "Monte Carlo"))  # fmt: skip
        check(p, "the report")
        done += 1
    _rank(db, data, ranked, p, done, steps)
    p.update(steps, steps, "Report data ready")
    return data


def _in_scope(rows: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    keep = set(names)
    return [r for r in rows if r["line"] in keep]


def _exposure(db: Database, day: date, lines: list[str]) -> ExposureReport:
    rep = exposure(db, on=day)
    keep = set(lines)
    rep.lines = [x for x in rep.lines if x.line in keep]
    rep.parts = [x for x in rep.parts if x["line"] in keep]
    rep.suppliers = [x for x in rep.suppliers if x["line"] in keep]
    return rep


def _whatif(
    ctx: ScenarioContext, inputs: ScenarioInputs, lines: list[str]
) -> tuple[str, list[WhatIfRow]]:
    """Stop length when the scenario stops supply, else the licence delay."""
    stops = bool(inputs.materials or inputs.suppliers or inputs.sites or inputs.nodes)
    param = "duration_days" if stops or inputs.duration_days else "licence_delay_days"
    values = WHATIF_DURATIONS if param == "duration_days" else WHATIF_DELAYS
    rows = []
    for v in values:
        run = ctx.evaluate(replace(inputs, **{param: v}))  # type: ignore[arg-type]
        rows.append(_whatif_row(v, run, lines))
    return param, rows


def _whatif_row(value: float, run: ScenarioRun, lines: list[str]) -> WhatIfRow:
    rows = _in_scope(run.results["lines"], lines)
    days, vehicles, margin = (loss_total(rows, k) for k in ("shutdown_days", "lost_vehicles",
                                                      "lost_margin"))  # fmt: skip
    return WhatIfRow(value, days, vehicles, margin, sum(1 for r in rows if r["at_risk"]))


def loss_total(rows: list[dict[str, Any]], key: str) -> float:
    """A loss (shutdown days, lost vehicles, lost margin) summed over the lines at risk; an
    open-ended stop (no figure on a line at risk) makes it infinite, not quietly smaller."""
    vals = [r[key] for r in rows if r["at_risk"]]
    return math.inf if any(v is None for v in vals) else math.fsum(vals)


def _scenario(db: Database, scenario: str | None, day: date) -> tuple[str, ScenarioInputs]:
    """A saved scenario (an unknown name lists the known ones), else the licence measures in
    force on the report's day."""
    from rePlanner.domain.errors import NotFoundError
    from rePlanner.services.scenario import list_scenarios

    try:
        return scenario_inputs(db, scenario, day)
    except NotFoundError:
        known = ", ".join(i.name for i in list_scenarios(db)) or "(none saved)"
        raise ValidationError.single("report", "scenario", scenario,
                                     f"no such scenario; saved: {known}") from None  # fmt: skip


def _montecarlo(db: Database, name: str, options: ReportOptions, p: Progress) -> Any:
    from rePlanner.services.montecarlo import run_montecarlo

    return run_montecarlo(db, name, options.montecarlo_draws, options.seed, per_draw=True,
                          progress=p)  # fmt: skip


def _rank(
    db: Database, data: ReportData, lines: list[dict[str, Any]], p: Progress, done: int,
    steps: int,
) -> None:  # fmt: skip
    from rePlanner.services.alternatives_rank import rank_alternatives, rank_context

    if not lines:
        return
    scenario = data.scenario if _saved(data) else data.inputs
    shared = rank_context(db, scenario, data.today)  # one network and run memo for all lines
    for i, row in enumerate(lines):
        p.update(done + i, steps, f"Alternatives for {row['line']} ({i + 1} of {len(lines)})…")
        data.rankings[row["line"]] = rank_alternatives(
            db, line=row["line"], pairs=data.options.pairs, context=shared
        )
        check(p, "the report")


def _saved(data: ReportData) -> bool:
    return not data.scenario.startswith("(default")
