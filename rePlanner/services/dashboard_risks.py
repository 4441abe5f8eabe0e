"""The dashboard's top risks: the lines a scenario stops, the largest loss first. No Qt."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.services.alternatives_plan import default_inputs
from rePlanner.services.dashboard_heat import (
    HeatMap,
    binding_of,
    cut_off_inputs,
    heat_map_on,
    line_elements,
)
from rePlanner.services.scenario import get_scenario
from rePlanner.services.scenario_run import ScenarioContext, ScenarioRun
from rePlanner.services.tables import Column, TableData


@dataclass(frozen=True)
class Risk:
    line: str
    plant: str | None
    line_id: int | None
    tts_days: float | None
    ttr_days: float | None
    shutdown_days: float | None  # None: infinite (open-ended stop)
    lost_vehicles: float | None  # None: unknown (open-ended)
    lost_margin: float | None
    binding: str | None


@dataclass
class TopRisks:
    scenario: str
    inputs: ScenarioInputs
    risks: list[Risk]
    at_risk: int  # lines at risk in all (risks holds the first n)
    lines: int  # lines in the scenario
    warnings: list[str] = field(default_factory=list)


def scenario_inputs(
    db: Database, scenario: str | None, today: date | None = None
) -> tuple[str, ScenarioInputs]:
    """A saved scenario by name, or the default (licence measures in force on `today`)."""
    if scenario:
        info = get_scenario(db, scenario)
        return info.name, info.inputs
    return default_inputs(db, today)


def top_risks(
    db: Database, scenario: str | None = None, n: int = 10, progress: Progress | None = None
) -> TopRisks:
    p = progress or NullProgress()
    label, inputs = scenario_inputs(db, scenario)
    p.update(0, 2, "Reading the supply network…")
    ctx = ScenarioContext.prepare(db, inputs)
    check(p, "the risk list")
    p.update(1, 2, f"Running {label}…")
    top = risks_of(ctx.evaluate(inputs), label, n)
    p.update(2, 2, "Risks ready")
    return top


def risks_of(run: ScenarioRun, label: str, n: int = 10) -> TopRisks:
    """The lines at risk in `run`, the largest lost margin first (unknown = open-ended first)."""
    rows = [r for r in run.results["lines"] if r["at_risk"]]
    rows.sort(key=lambda r: (-_inf(r["lost_margin"]), -_inf(r["shutdown_days"]), r["line"]))
    risks = [
        Risk(r["line"], r["plant"], r["line_id"], r["tts_days"], r["ttr_days"],
             r["shutdown_days"], r["lost_vehicles"], r["lost_margin"], binding_of(r))
        for r in rows[:n]
    ]  # fmt: skip
    return TopRisks(label, run.inputs, risks, len(rows), len(run.results["lines"]), run.warnings)


def risk_overview(
    db: Database, *, duration_days: float | None = 90.0, scenario: str | None = None,
    n: int = 10, progress: Progress | None = None,
) -> tuple[HeatMap, TopRisks]:  # fmt: skip
    """The heat map and the top risks on one compiled network (what the dashboard shows)."""
    p = progress or NullProgress()
    elements = line_elements(db)
    label, inputs = scenario_inputs(db, scenario)
    cuts = [cut_off_inputs(e, duration_days) for e in elements]
    total = len(elements) + 2
    p.update(0, total, "Reading the supply network…")
    ctx = ScenarioContext.prepare(db, *cuts, inputs)
    heat = heat_map_on(ctx, elements, duration_days, p, offset=1, total=total)
    check(p, "the risk list")
    p.update(total - 1, total, f"Running {label}…")
    top = risks_of(ctx.evaluate(inputs), label, n)
    p.update(total, total, "Done")
    return heat, top


RISK_COLUMNS = [
    Column("line", "Line"),
    Column("plant", "Plant"),
    Column("shutdown_days", "Shutdown d", "number", "Calendar days the line stands still"),
    Column("lost_vehicles", "Lost vehicles", "int", "Vehicles not built during the stop"),
    Column("lost_margin", "Lost margin", "int", "Lost vehicles x margin per vehicle"),
    Column("tts_days", "TTS d", "number", "Time to survive: days the line runs on stock"),
    Column("ttr_days", "TTR d", "number", "Time to recover: days until supply is back"),
    Column("binding", "Runs out first", "text", "The item or capacity that stops the line"),
]


def risks_table(top: TopRisks) -> TableData:
    """Rows for the UI: infinite days are math.inf (the UI words them), losses rounded."""
    data = TableData(RISK_COLUMNS)
    for r in top.risks:
        data.keys.append(r.line_id or 0)
        data.rows.append((r.line, r.plant, _inf(r.shutdown_days), _whole(r.lost_vehicles),
                          _whole(r.lost_margin), _inf(r.tts_days), _inf(r.ttr_days),
                          r.binding))  # fmt: skip
    return data


def _inf(v: float | None) -> float:
    return math.inf if v is None else v


def _whole(v: float | None) -> int | None:
    return None if v is None else round(v)  # None: unknown (open-ended)
