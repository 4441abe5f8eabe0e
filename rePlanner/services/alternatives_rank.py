"""Rank alternative sources for a line, part or material by the shutdown risk they remove.

Value first (domain.md, "Ranking alternatives"): each candidate is activated in the scenario
(services/scenario_sources.py: it joins the network from the day it delivers, qualification +
ramp or its earliest availability, at its capacity less its own Chinese material under this
scenario) and the lines concerned are compared before and after (services/alternatives_value.py):
- alone, in the whole scenario: shutdown days of the lines concerned, lost margin avoided
  (all lines: a source for a shared part helps each line using it), net of the cost premium;
- on its own gap: the same with only the stops that reach the lines through its item (its part
  or material) kept: what it is worth once the lines' other gaps are closed. A line that needs
  five magnet parts from China does not restart when one of them gets a new source; the buyer
  still needs to know which source closes that part's gap best.
When no single candidate closes the whole gap: pairs of the five best on their own gaps, and a
plan (the best candidate per item, together). Beside it, the transparent criteria view
(engine/criteria.py) with the user's weights. Order: net value alone, then net value on the own
gap, then the criteria total; candidates that cannot be placed in time (no qualification, ramp
or availability figure) come last.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.services.alternatives_criteria import criteria_rows, needs_per_day, parse_weights
from rePlanner.services.alternatives_plan import default_inputs
from rePlanner.services.alternatives_target import (
    Target,
    candidates,
    country_risk,
    gap_nodes,
    own_shares,
    prices,
    resolve_target,
)
from rePlanner.services.alternatives_value import CLOSED, Ranked, Valuer
from rePlanner.services.scenario_run import ScenarioContext
from rePlanner.services.scenario_sources import alternative_days
from rePlanner.services.session import current_user

PAIR_POOL = 5  # candidates tried in pairs when none closes the gap alone


@dataclass
class Ranking:
    target: Target
    scenario: str
    inputs: ScenarioInputs
    start: date
    shutdown_days: float  # the lines concerned, as the scenario stands
    lost_margin: float  # the lines concerned
    records: list[Ranked]
    weights: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    evaluations: int = 0  # scenario evaluations the ranking took
    company_lost_margin: float = math.nan  # every line, as the scenario stands


def rank_alternatives(
    db: Database, *, line: str | None = None, part: str | None = None,
    material: str | None = None, scenario: str | ScenarioInputs | None = None,
    weights: str | None = None,
    pairs: bool = True, progress: Progress | None = None, today: date | None = None,
    context: RankContext | None = None,
) -> Ranking:  # fmt: skip
    """`context` (from rank_context, same scenario and day) lets several rankings share one
    prepared network and its cache of runs: a report ranks every line at risk with it."""
    progress = progress or NullProgress()
    name, inputs, ctx = context or rank_context(db, scenario, today)
    start = inputs.start or date.today()
    w = parse_weights(weights)
    compiled = ctx.compiled
    with db.session(current_user(), audit=False) as s:
        target = resolve_target(s, compiled, line=line, part=part, material=material)
        rows = candidates(s, target, inputs.alternatives)
        risk, shares = country_risk(s), own_shares(s, [x.id for x in rows])
        nodes = set(compiled.index_of_supply_node())
        price = {x.id: prices(s, compiled, nodes, x.part_id, x.material_id) for x in rows}
    need = needs_per_day(compiled, target, rows)
    val = Valuer(ctx, inputs, target, start, price, need,
                 {x.id: gap_nodes(compiled, x) for x in rows})  # fmt: skip
    out: list[Ranked] = []
    for k, row in enumerate(rows):
        check(progress, "the alternatives ranking")
        progress.update(k, len(rows), row.name)
        if alternative_days(row, start) is None:  # nothing to evaluate: say so, save the run
            out.append(val.unplaced([row], "no qualification, ramp or availability figure: it "
                                    "cannot be placed in time"))  # fmt: skip
        else:
            out.append(val.record([row]))
    if pairs:
        out += _combinations(val, rows, out, progress)
    days = {r.id: alternative_days(r, start) for r in rows}
    usable = {x.alternative_ids[0]: x.usable_capacity for x in out
              if len(x.alternative_ids) == 1 and x.placed}  # fmt: skip
    _merge_criteria(out, criteria_rows(rows, target, need, risk, w, shares, days, usable))
    out.sort(key=_order)
    progress.update(len(rows), len(rows), "done")
    warnings = list(compiled.warnings) + ctx.selection(inputs).warnings
    return Ranking(target, name, inputs, start, val.before.shutdown, val.before.lost, out,
                   w.normalised(), sorted(set(warnings)), val.evaluations,
                   val.before.company)  # fmt: skip


RankContext = tuple[str, ScenarioInputs, ScenarioContext]


def rank_context(
    db: Database, scenario: str | ScenarioInputs | None, today: date | None = None
) -> RankContext:
    """The scenario's name, its inputs dated (earliest-availability dates need a day to count
    from) and a prepared context that keeps the lines' results of every run it makes."""
    name, inputs = _scenario(db, scenario, today)
    inputs = replace(inputs, start=inputs.start or today or date.today())
    ctx = ScenarioContext.prepare(db, inputs)
    ctx.cache = _lines_only()
    ctx.runs = {}  # rankings of several lines re-run the same candidates: keep each run once
    return name, inputs, ctx


def _lines_only() -> Any:
    from rePlanner.engine.scenario import ScenarioEvaluator  # numpy/HiGHS only here

    return ScenarioEvaluator(overall=False)  # the ranking reads the lines' numbers only


def _scenario(
    db: Database, scenario: str | ScenarioInputs | None, today: date | None
) -> tuple[str, ScenarioInputs]:
    if scenario is None:
        return default_inputs(db, today)
    if isinstance(scenario, ScenarioInputs):
        return "(unsaved)", scenario
    from rePlanner.services.scenario import get_scenario

    info = get_scenario(db, scenario)
    return info.name, info.inputs


def _combinations(
    val: Valuer, rows: list[Any], singles: list[Ranked], progress: Progress
) -> list[Ranked]:
    """Pairs of the best five on their own gaps, and the best per item together (a plan),
    when no single candidate closes the whole gap; kept when better than their members."""
    placed = [r for r in singles if r.placed]
    if not placed or any(r.shutdown_days_after <= CLOSED for r in placed):
        return []
    useful = [r for r in placed if r.own_days_removed > CLOSED or r.days_removed > CLOSED]
    by_id = {r.id: r for r in rows}
    pool = sorted(useful, key=lambda r: (-r.own_days_removed, -r.value))[:PAIR_POOL]
    sets = [tuple(a.alternative_ids + b.alternative_ids)
            for a, b in itertools.combinations(pool, 2)]  # fmt: skip
    best: dict[tuple[Any, Any], Ranked] = {}
    for r in useful:
        item = (by_id[r.alternative_ids[0]].part_id, by_id[r.alternative_ids[0]].material_id)
        if item not in best or _order(r) < _order(best[item]):
            best[item] = r
    plan = tuple(i for r in best.values() for i in r.alternative_ids)
    if len(plan) > 2:
        sets.append(plan)
    out = []
    for ids in sets:
        check(progress, "the alternatives ranking")
        members = [x for x in singles if x.alternative_ids[0] in ids]
        rec = val.record([by_id[i] for i in ids])
        if _better(rec, members):
            rec.kind = "plan" if len(ids) > 2 else "pair"
            rec.reasons.insert(0, "together they do what none of them does alone")
            out.append(rec)
    return out


def _better(rec: Ranked, members: list[Ranked]) -> bool:
    days = rec.days_removed > max(m.days_removed for m in members) + CLOSED
    return days or rec.value > max(m.value for m in members) + CLOSED


def _merge_criteria(records: list[Ranked], crit: dict[int, Any]) -> None:
    for rec in records:
        rows = [crit[i] for i in rec.alternative_ids if i in crit]
        if not rows:
            continue
        rec.local = all(r.local for r in rows)
        rec.criteria_total = sum(r.total for r in rows) / len(rows)
        if len(rows) == 1:
            rec.criteria_rank = rows[0].rank
            rec.criteria = dict(rows[0].scores)
            rec.reasons += list(rows[0].reasons)


def _order(r: Ranked) -> tuple[float, ...]:
    """Placed first; then value (net, else margin avoided), shutdown days removed (what is
    left to compare when the stop is open-ended), the same on the own gap, the criteria."""

    def finite(x: float) -> float:
        return x if r.placed and not math.isnan(x) else -math.inf

    return (0 if r.placed else 1, -finite(r.value), -finite(r.days_removed),
            -finite(r.own_days_removed), -(r.criteria_total or 0.0))  # fmt: skip
