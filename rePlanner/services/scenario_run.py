"""Run a scenario on the database's supply network and store the result with its inputs.

Steps: compile the network as the data stands now (services/network_model.py); select the
disrupted set S, the quota-cut and the buffer nodes (services/scenario_select.py); scale the
quota nodes' capacity by (1 - cut) and add buffer_days x daily flow to our plants' stock; TTR
per line from the scenario (domain/scenario.py, the licence wait converted with the line's
working days per week); then the engine (engine/scenario.py) gives overall and per-line TTS,
shutdown days, lost vehicles and margin and the binding constraints. The stored result keeps
the inputs, the results JSON and `data_as_of` (the latest change to the data: audit entries
and imports, scenario bookkeeping excluded), so a printed number can be traced and reproduced.
JSON values: inf (never runs short / open-ended) and unknown are None.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rePlanner import __version__
from rePlanner.domain.progress import Progress, check
from rePlanner.domain.scenario import ScenarioInputs, time_to_recover
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AuditEntry, ImportBatch, ProductionLine, ScenarioResult
from rePlanner.services.network_model import CompiledNetwork, compile_network
from rePlanner.services.scenario import get_scenario
from rePlanner.services.scenario_network import Overrides, prepare_network
from rePlanner.services.scenario_select import Selection, select_nodes
from rePlanner.services.session import current_user

NOT_DATA = ("scenarios", "scenario_results")  # audit entities that are not supply data


@dataclass
class ScenarioRun:
    name: str | None
    inputs: ScenarioInputs
    results: dict[str, Any]
    data_as_of: datetime | None
    result_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    outcome: Any = field(default=None, repr=False, compare=False)  # engine ScenarioOutcome

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.name,
            "result_id": self.result_id,
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "inputs": self.inputs.to_dict(),
            **self.results,
        }


def run_saved_scenario(
    db: Database, name: str, *, store: bool = True, progress: Progress | None = None
) -> ScenarioRun:
    """Run the named scenario; with `store`, keep the result (inputs, results, data as of).
    A cancel (progress) after the evaluation stores nothing."""
    info = get_scenario(db, name)
    run = run_inputs(db, info.inputs)
    run.name = info.name
    if progress is not None:
        check(progress, "the scenario run")
    if store:
        store_run(db, info.id, run)
    return run


def store_run(db: Database, scenario_id: int, run: ScenarioRun) -> int:
    """Keep a run's inputs, results and data as-of with its scenario; returns the result id."""
    with db.session(current_user()) as s:
        row = ScenarioResult(scenario_id=scenario_id, run_by=current_user(),
                             data_as_of=run.data_as_of, engine_version=__version__,
                             inputs=run.inputs.to_dict(), results=run.results)  # fmt: skip
        s.add(row)
        s.flush()
        run.result_id = row.id
    return row.id


def run_inputs(db: Database, inputs: ScenarioInputs) -> ScenarioRun:
    """Run unsaved inputs (what-if tables, or reproducing a stored result); nothing is written."""
    return ScenarioContext.prepare(db, inputs).evaluate(inputs)


def _selection_key(inputs: ScenarioInputs) -> tuple[Any, ...]:
    """The inputs that decide WHICH nodes a scenario touches (the rest are numbers)."""
    i = inputs
    return (i.measures, i.start, i.materials, i.suppliers, i.sites, i.nodes, i.alternatives)


@dataclass
class ScenarioContext:
    """Compile once, evaluate many: the network and the data a scenario's selection needs.

    `prepare` reads the database (the compiled network, line working weeks, data as of, and the
    node selection of each `inputs` given); `evaluate` then runs the engine only. Numeric inputs
    (duration, licence delay, denial share, quota cut, buffer days, an alternative's days) never
    change the selection, so evaluating variants of a prepared scenario does not touch the
    database. A scenario naming other measures, materials, suppliers, sites, nodes,
    alternatives or start reads its selection once (then cached), while the database is open.
    """

    compiled: CompiledNetwork
    week: dict[int, int]
    data_as_of: datetime | None
    db: Database | None = None
    selections: dict[tuple[Any, ...], Selection] = field(default_factory=dict)
    cache: Any = None  # engine.scenario.ScenarioEvaluator: TTS and warm PI kept per state
    runs: dict[tuple[Any, ...], ScenarioRun] | None = None  # a memo of whole runs, when set

    @classmethod
    def prepare(cls, db: Database, *inputs: ScenarioInputs) -> ScenarioContext:
        compiled = compile_network(db)
        with db.session(current_user(), audit=False) as s:
            pl = ProductionLine
            week = {r[0]: r[1] for r in s.execute(select(pl.id, pl.working_days_per_week))}
            ctx = cls(compiled, week, data_as_of(s), db)
            for x in inputs:
                ctx._select(x, s)
        return ctx

    def selection(self, inputs: ScenarioInputs) -> Selection:
        key = _selection_key(inputs)
        if key not in self.selections:
            if self.db is None:
                raise KeyError("this scenario's selection was not prepared")
            with self.db.session(current_user(), audit=False) as s:
                self._select(inputs, s)
        return self.selections[key]

    def _select(self, inputs: ScenarioInputs, s: Session) -> None:
        key = _selection_key(inputs)
        if key not in self.selections:  # quota nodes are found whatever the cut, used if > 0
            self.selections[key] = select_nodes(s, replace(inputs, quota_cut=1.0))

    def evaluate(
        self, inputs: ScenarioInputs, *, alternative_days: float | None = None,
        alternative_capacity: float | None = None, only_disrupted: frozenset[int] | None = None,
    ) -> ScenarioRun:  # fmt: skip
        """Run `inputs` on the prepared network. `alternative_days` / `alternative_capacity`
        override the days until the activated alternatives deliver and their capacity per
        day; with none activated, `alternative_days` is a hypothetical source covering every
        need from that day (it caps the TTR). `only_disrupted` keeps only those of the
        disrupted supply nodes (ids)."""
        key = (inputs, alternative_days, alternative_capacity, only_disrupted)
        if self.runs is not None and key in self.runs:
            return self.runs[key]
        sel = self.selection(inputs)
        if alternative_days is not None:
            ids = list(sel.alternatives) or [0]
            sel = replace(sel, alternatives={a: float(alternative_days) for a in ids})
        if self.cache is None:
            from rePlanner.engine.scenario import ScenarioEvaluator  # numpy/HiGHS only here

            self.cache = ScenarioEvaluator()
        over = Overrides(alternative_days, alternative_capacity, only_disrupted)
        results, outcome = _solve(self.compiled, inputs, sel, self.week, self.cache.run, over)
        run = ScenarioRun(None, inputs, results, self.data_as_of, warnings=results["warnings"],
                          outcome=outcome)  # fmt: skip
        if self.runs is not None:
            self.runs[key] = run
        return run


def data_as_of(s: Session) -> datetime | None:
    """The latest change to the supply data: audit entries (bulk loads add one) and imports."""
    audit = s.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.entity.not_in(NOT_DATA)))
    imported = s.scalar(select(func.max(ImportBatch.imported_at)))
    found = [d for d in (audit, imported) if d is not None]
    return max(found) if found else None


def _solve(
    compiled: CompiledNetwork,
    inputs: ScenarioInputs,
    sel: Selection,
    week: dict[int, int],
    runner: Callable[..., Any],
    over: Overrides | None = None,
) -> tuple[dict[str, Any], Any]:
    prep = prepare_network(compiled, inputs, sel, over=over or Overrides())
    warnings = list(compiled.warnings) + sel.warnings + prep.warnings
    net, disrupted = prep.network, prep.disrupted
    # activated sources act through the network; only a hypothetical one caps the TTR
    capped = {} if sel.sources else sel.alternatives
    ttr, recovery = _recovery(compiled, inputs, sel.licence_applies, capped, week)
    outcome = runner(net, disrupted, ttr) if net.size else None
    return {
        "disrupted": [compiled.nodes[j].label for j in disrupted],
        "covered_materials": sel.covered,
        "quota_nodes": len(prep.quota),
        "buffer_nodes": len(prep.buffer) if inputs.buffer_days > 0 else 0,
        "stock_held": prep.held,
        "licence_applies": sel.licence_applies,
        "recovery": recovery,
        "alternatives": prep.sources,
        **_overall(outcome),
        "lines": _lines(compiled, outcome),
        "warnings": warnings,
    }, outcome


def _recovery(
    compiled: CompiledNetwork, inputs: ScenarioInputs, licence_applies: bool,
    alternatives: dict[int, float], week: dict[int, int],
) -> tuple[dict[int, float], dict[str, Any]]:  # fmt: skip
    ttr: dict[int, float] = {}
    how: dict[str, Any] = {}
    for j, info in enumerate(compiled.nodes):
        if info.line_id is None:
            continue
        rec = time_to_recover(inputs, licence_applies=licence_applies,
                              working_days_per_week=week.get(info.line_id, 5),
                              alternatives=alternatives)  # fmt: skip
        ttr[j] = rec.days
        how[info.label] = {"ttr_days": _json(rec.days), "source": rec.source,
                           "parts": {k: _json(v) for k, v in rec.parts.items()}}  # fmt: skip
    return ttr, how


def _overall(outcome: Any) -> dict[str, Any]:
    if outcome is None:
        return {"tts_days": None, "baseline_tts_days": None, "no_impact": True,
                "lost_profit": None, "added_lost_profit": None, "binding": []}  # fmt: skip
    return {
        "tts_days": _json(outcome.tts_days),
        "baseline_tts_days": _json(outcome.baseline_tts_days),
        "tts_status": outcome.tts_status,
        "no_impact": outcome.no_impact,
        "lost_profit": _json(outcome.lost_profit),
        "added_lost_profit": _json(outcome.added_lost_profit),
        "binding": [_binding(b) for b in outcome.binding],
    }


def _lines(compiled: CompiledNetwork, outcome: Any) -> list[dict[str, Any]]:
    if outcome is None:
        return []
    by_label = {i.label: i for i in compiled.nodes}
    rows = []
    for x in outcome.lines:
        info = by_label[x.node]
        rows.append({
            "line": info.line, "plant": info.plant, "node": x.node, "line_id": info.line_id,
            "ttr_days": _json(x.ttr_days), "tts_days": _json(x.tts_days),
            "baseline_tts_days": _json(x.baseline_tts_days),
            "shutdown_days": _json(x.shutdown_days), "lost_vehicles": _json(x.lost_vehicles),
            "lost_margin": _json(x.lost_margin),
            "added_lost_vehicles": _json(x.added_lost_vehicles),
            "added_lost_margin": _json(x.added_lost_margin),
            "alternative_from_days": x.restart_days,
            "no_impact": x.no_impact, "at_risk": x.at_risk,
            "binding": [_binding(b) for b in x.binding],
        })  # fmt: skip
    return rows


def _binding(b: Any) -> dict[str, Any]:
    return {"kind": b.kind, "node": b.node, "detail": b.detail, "shadow_price": b.shadow_price}


def _json(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)
