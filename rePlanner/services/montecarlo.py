"""Monte Carlo of a saved scenario: licence delay, denial share and quota cut as distributions.

The network is compiled and the scenario's nodes selected once (as services/scenario_run.py
does for one run: buffers added to our plants, quota nodes and the disrupted set S); then the
engine (engine/montecarlo*.py) evaluates the N seeded draws, in worker processes when it pays.
Default distributions, each overridable:
- licence delay (working days): triangular(min, mode, max) with min/max from the named
  measures' licence_days_min/max and the mode the scenario's licence_delay_days (clipped into
  the range); where the measures give no range, DEFAULT_LICENCE_RANGE (20..90 working days:
  the official limit is 45 working days, waits of two to three months were reported in 2025).
- denial share: uniform(0, max(DEFAULT_DENIAL_HIGH, 2 x the scenario's share)), at most 0.9.
- quota cut: uniform over DEFAULT_QUOTA_RANGE (0..0.3), because the 2025 quota volumes were not
  published (quota_batches holds None for them); the 2024 total rose ~6 % on 2023, so the
  range spans "as before" to a cut of nearly a third.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from rePlanner.domain.progress import Progress
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import PolicyMeasure, ProductionLine
from rePlanner.services.network_model import compile_network
from rePlanner.services.scenario import get_scenario
from rePlanner.services.scenario_network import prepare_network
from rePlanner.services.scenario_run import data_as_of
from rePlanner.services.scenario_select import select_nodes
from rePlanner.services.session import current_user

DEFAULT_LICENCE_RANGE = (20.0, 90.0)
DEFAULT_DENIAL_HIGH = 0.2
DEFAULT_QUOTA_RANGE = (0.0, 0.3)


@dataclass
class MonteCarloRun:
    scenario: str
    draws: int
    seed: int
    workers: int
    spec: dict[str, Any]
    lines: list[dict[str, Any]]
    data_as_of: datetime | None = None
    warnings: list[str] = field(default_factory=list)
    # with run_montecarlo(per_draw=True): node label -> metric -> one value per draw (draw
    # order; inf/nan kept: an open-ended recovery has no loss figure). Not in as_dict (large).
    per_draw: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "draws": self.draws, "seed": self.seed,
            "workers": self.workers, "distributions": self.spec, "lines": self.lines,
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "warnings": self.warnings,
        }  # fmt: skip


def default_spec(db: Database, inputs: ScenarioInputs) -> Any:
    """The distributions described in the module docstring, for these inputs."""
    from rePlanner.engine.montecarlo import Dist, McSpec

    low, high = _licence_range(db, inputs)
    mode = min(high, max(low, inputs.licence_delay_days))
    deny = min(0.9, max(DEFAULT_DENIAL_HIGH, 2.0 * inputs.denial_share))
    return McSpec(
        Dist("triangular", low, high, mode),
        Dist("uniform", 0.0, deny),
        Dist("uniform", *DEFAULT_QUOTA_RANGE),
    )


def _licence_range(db: Database, inputs: ScenarioInputs) -> tuple[float, float]:
    codes = {c.casefold() for c in inputs.measures}
    pm = PolicyMeasure
    with db.session(current_user(), audit=False) as s:
        rows = s.execute(select(pm.code, pm.licence_days_min, pm.licence_days_max)).all()
    mins = [r[1] for r in rows if r[0].casefold() in codes and r[1] is not None]
    maxs = [r[2] for r in rows if r[0].casefold() in codes and r[2] is not None]
    low = float(min(mins)) if mins else DEFAULT_LICENCE_RANGE[0]
    high = float(max(maxs)) if maxs else DEFAULT_LICENCE_RANGE[1]
    return (low, high) if low <= high else DEFAULT_LICENCE_RANGE


def run_montecarlo(
    db: Database,
    name: str,
    draws: int,
    seed: int,
    *,
    spec: Any = None,
    workers: int | None = None,
    progress: Progress | None = None,
    per_draw: bool = False,
) -> MonteCarloRun:
    """N seeded draws of the named scenario; per line P(shutdown), P50/P90/mean losses.
    `per_draw` also keeps each line's shutdown days, lost vehicles and lost margin per draw
    (MonteCarloRun.per_draw, keyed by the lines' node labels) for a distribution chart."""
    from rePlanner.engine.montecarlo import make_draws, summarise

    info = get_scenario(db, name)
    spec = spec or default_spec(db, info.inputs)
    model, labels, warnings, as_of = _prepare(db, info.inputs)
    sample = make_draws(spec, draws, seed)
    results, used = model.run(sample, workers=workers, progress=progress)
    lines = []
    for st in summarise(results):
        lines.append({"line": labels[st.line][0], "plant": labels[st.line][1], "node": st.line,
                      **{k: _json(v) for k, v in vars(st).items() if k != "line"}})  # fmt: skip
    spec_dict = {k: getattr(spec, k).as_dict() for k in ("licence_delay", "denial_share",
                                                         "quota_cut")}  # fmt: skip
    run = MonteCarloRun(info.name, draws, seed, used, spec_dict, lines, as_of, warnings)
    if per_draw:
        run.per_draw = _per_draw(results)
    return run


def _per_draw(results: Any) -> dict[str, dict[str, list[float]]]:
    keys = ("shutdown_days", "lost_vehicles", "lost_margin")
    return {line: {k: [float(v) for v in getattr(results, k)[:, j]] for k in keys}
            for j, line in enumerate(results.lines)}  # fmt: skip


def _prepare(db: Database, inputs: ScenarioInputs) -> tuple[Any, dict[str, Any], list[str], Any]:
    from rePlanner.engine.montecarlo_model import McModel

    compiled = compile_network(db)
    with db.session(current_user(), audit=False) as s:
        # quota nodes are selected only for a cut > 0; the cut is drawn, so ask with one
        sel = select_nodes(s, replace(inputs, quota_cut=1.0))
        pl = ProductionLine
        week = {r[0]: r[1] for r in s.execute(select(pl.id, pl.working_days_per_week))}
        as_of = data_as_of(s)
    prep = prepare_network(compiled, inputs, sel, with_quota=False)
    capped = {} if sel.sources else sel.alternatives  # as in scenario_run: sources, not TTR
    line_week = {j: float(week.get(i.line_id, 5)) for j, i in enumerate(compiled.nodes)
                 if i.line_id is not None}  # fmt: skip
    model = McModel(prep.network, prep.disrupted, prep.quota, line_week, inputs.duration_days,
                    sel.licence_applies, capped)  # fmt: skip
    labels = {i.label: (i.line, i.plant) for i in compiled.nodes}
    return model, labels, list(compiled.warnings) + sel.warnings + prep.warnings, as_of


def _json(v: Any) -> Any:
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return None
    return v
