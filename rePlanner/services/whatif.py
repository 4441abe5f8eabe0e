"""What-if tables and goal seek on a saved scenario (or unsaved inputs).

The network is compiled once (services/scenario_run.ScenarioContext) and every cell only
re-runs the engine with one or two numeric inputs changed; nothing is written.

Inputs that can be varied (PARAMS): licence_delay_days, denial_share, quota_cut, buffer_days,
duration_days (the scenario's fields), alternative_days: the days until the activated
alternatives deliver (qualification + ramp; a hypothetical alternative when none is activated)
and alternative_capacity: their capacity per day (each; needs an activated alternative).
Outputs (METRICS) per line, or in total over the lines when no line is named: shutdown_days
(total: line-days summed), lost_vehicles, lost_margin, added_lost_vehicles, added_lost_margin
(sums), tts_days (total: the network's), ttr_days (total: the longest). inf = never runs short
or open-ended, nan = unknown (e.g. losses over an open-ended TTR).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.progress import Progress
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.engine.whatif import SeekResult, data_table, seek_threshold
from rePlanner.persistence.database import Database
from rePlanner.services.scenario import get_scenario
from rePlanner.services.scenario_run import ScenarioContext, ScenarioRun


@dataclass(frozen=True)
class Param:
    name: str
    lo: float  # default goal-seek bracket
    hi: float
    tol: float  # default goal-seek tolerance
    higher_is_better: bool
    label: str


PARAMS = {
    p.name: p
    for p in (
        Param("licence_delay_days", 0.0, 365.0, 0.01, False, "licence delay (working days)"),
        Param("denial_share", 0.0, 1.0, 1e-4, False, "licence denial share"),
        Param("quota_cut", 0.0, 1.0, 1e-4, False, "quota cut (share)"),
        Param("buffer_days", 0.0, 365.0, 0.01, True, "extra buffer (days)"),
        Param("duration_days", 0.0, 365.0, 0.01, False, "supply stop (days)"),
        Param("alternative_days", 0.0, 365.0, 0.01, False, "alternative delivers after (days)"),
        Param(
            "alternative_capacity", 0.0, 100_000.0, 0.01, True, "alternative capacity (per day)"
        ),  # fmt: skip
    )
}
OVERRIDES = ("alternative_days", "alternative_capacity")  # not scenario fields
SUMMED = ("shutdown_days", "lost_vehicles", "lost_margin", "added_lost_vehicles",
          "added_lost_margin")  # fmt: skip
METRICS = (*SUMMED, "tts_days", "ttr_days")


def check_param(name: str) -> Param:
    if name not in PARAMS:
        raise ValidationError.single("what-if", "param", name,
                                     f"choose one of: {', '.join(PARAMS)}")  # fmt: skip
    return PARAMS[name]


def check_metric(name: str) -> str:
    if name not in METRICS:
        raise ValidationError.single("what-if", "metric", name,
                                     f"choose one of: {', '.join(METRICS)}")  # fmt: skip
    return name


class Evaluator:
    """One scenario on a prepared context: input values in, one output number out."""

    def __init__(
        self, db: Database, scenario: str | ScenarioInputs, line: str | None = None
    ) -> None:
        if isinstance(scenario, str):
            info = get_scenario(db, scenario)
            self.name: str | None = info.name
            self.inputs = info.inputs
        else:
            self.name, self.inputs = None, scenario
        self.ctx = ScenarioContext.prepare(db, self.inputs)
        self.line = self._line_label(line)
        self.evaluations = 0

    def _line_label(self, line: str | None) -> str | None:
        if line is None:
            return None
        key = line.strip().casefold()
        lines = [n for n in self.ctx.compiled.nodes if n.line_id is not None]
        for n in lines:
            if key in ((n.line or "").casefold(), n.label.casefold()):
                return n.label
        names = ", ".join(sorted(n.line or n.label for n in lines)) or "(none)"
        raise ValidationError.single("what-if", "line", line, f"no such line; lines: {names}")

    def run(self, values: dict[str, float]) -> ScenarioRun:
        fields: dict[str, Any] = {k: v for k, v in values.items() if k not in OVERRIDES}
        for k in values:
            check_param(k)
        if "alternative_capacity" in values and not self.inputs.alternatives:
            raise ValidationError.single("what-if", "param", "alternative_capacity",
                                         "the scenario activates no alternative source")  # fmt: skip
        cap = values.get("alternative_capacity")
        if cap is not None and not (math.isfinite(cap) and cap >= 0):
            raise ValidationError.single("what-if", "alternative_capacity", cap,
                                         "must be a number >= 0")  # fmt: skip
        inputs = replace(self.inputs, **fields) if fields else self.inputs  # validates values
        self.evaluations += 1
        return self.ctx.evaluate(inputs, alternative_days=values.get("alternative_days"),
                                 alternative_capacity=cap)  # fmt: skip

    def value(self, values: dict[str, float], metric: str) -> float:
        return metric_value(self.run(values), metric, self.line)


def metric_value(run: ScenarioRun, metric: str, line: str | None = None) -> float:
    """One output of a run (engine floats: inf and nan kept), for a line or in total."""
    out = run.outcome
    if out is None:  # an empty network: nothing runs, nothing is lost
        return 0.0
    rows = [x for x in out.lines if line is None or x.node == line]
    if line is not None:
        if not rows:
            raise ValidationError.single("what-if", "line", line, "not in this network")
        return float(getattr(rows[0], metric))
    if metric == "tts_days":
        return float(out.tts_days)
    values = [float(getattr(x, metric)) for x in rows]
    if metric == "ttr_days":
        return max(values, default=0.0)
    return math.fsum(values) if not any(math.isnan(v) for v in values) else math.nan


@dataclass
class WhatIfTable:
    scenario: str | None
    metric: str
    line: str | None
    row_param: str
    row_values: list[float]
    col_param: str | None
    col_values: list[float]
    cells: list[list[float]]  # rows x columns (one column for a one-input table)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "metric": self.metric,
            "line": self.line,
            "rows": {"param": self.row_param, "values": self.row_values},
            "columns": {"param": self.col_param, "values": self.col_values}
            if self.col_param
            else None,
            "cells": [[_json(v) for v in row] for row in self.cells],
            "seconds": round(self.seconds, 3),
            "warnings": self.warnings,
        }


def what_if_table(
    db: Database,
    scenario: str | ScenarioInputs,
    vary: list[tuple[str, list[float]]],
    metric: str,
    line: str | None = None,
    progress: Progress | None = None,
) -> WhatIfTable:
    """A Data Table: one or two inputs over the given values against one output."""
    check_metric(metric)
    if not 1 <= len(vary) <= 2 or any(not values for _, values in vary):
        raise ValidationError.single("what-if", "vary", [v[0] for v in vary],
                                     "vary one or two inputs, each over at least one value")  # fmt: skip
    if len(vary) == 2 and vary[0][0] == vary[1][0]:
        raise ValidationError.single("what-if", "vary", vary[0][0], "vary two different inputs")
    for name, _ in vary:
        check_param(name)
    started = time.perf_counter()
    ev = Evaluator(db, scenario, line)
    cols = vary[1] if len(vary) == 2 else None
    cells = data_table(lambda v: ev.value(v, metric), vary[0], cols, progress)
    return WhatIfTable(
        ev.name, metric, ev.line, vary[0][0], [float(v) for v in vary[0][1]],
        cols[0] if cols else None, [float(v) for v in cols[1]] if cols else [], cells,
        time.perf_counter() - started,
    )  # fmt: skip


@dataclass
class GoalSeek:
    scenario: str | None
    line: str
    param: str
    result: SeekResult
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "scenario": self.scenario, "line": self.line, "param": self.param,
            "goal": "shutdown_days = 0 (TTS >= TTR)", "reachable": r.reachable,
            "value": r.value, "lo": r.lo, "hi": r.hi,
            "goal_met_toward": r.good_end, "monotone": r.monotone, "message": r.message,
            "evaluations": r.evaluations, "seconds": round(self.seconds, 3),
            "trace": [{"input": x, "shutdown_days": _json(y)} for x, y in r.trace],
        }  # fmt: skip


def goal_seek(
    db: Database,
    scenario: str | ScenarioInputs,
    line: str,
    param: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    tol: float | None = None,
    progress: Progress | None = None,
) -> GoalSeek:
    """The threshold of `param` at which `line` has no shutdown (TTS >= TTR, nothing lost).

    For buffer_days and alternative_capacity: the smallest value that meets it; for the
    inputs that hurt (delays, shares, durations, alternative days): the largest value the
    line still survives.
    """
    p = check_param(param)
    lo, hi = p.lo if lo is None else lo, p.hi if hi is None else hi
    tol = p.tol if tol is None else tol
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and tol > 0):
        raise ValidationError.single("goal seek", "bracket", [lo, hi, tol],
                                     "need finite lo < hi and a tolerance > 0")  # fmt: skip
    started = time.perf_counter()
    ev = Evaluator(db, scenario, line)
    res = seek_threshold(lambda x: ev.value({param: x}, "shutdown_days"), lo, hi,
                         higher_is_better=p.higher_is_better, tol=tol,
                         progress=progress)  # fmt: skip
    return GoalSeek(ev.name, ev.line or line, param, res, time.perf_counter() - started)


def _json(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None
