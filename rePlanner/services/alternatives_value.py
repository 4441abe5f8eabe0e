"""The value of activating one or more alternative sources in a scenario, for the lines of a
ranking target (services/alternatives_rank.py): shutdown days and lost margin before/after,
in the whole scenario and on the candidates' own gap, premium cost, coverage, dates, reasons.

Lost margin is that of the target's lines (the value the issue asks for), with the company's
total beside it: the network-wide optimum may shift shared parts between lines, so a source can
save margin elsewhere while these lines lose as much; the reasons then say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, NamedTuple

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services.alternatives_target import Target
from rePlanner.services.alternatives_words import reasons, stated
from rePlanner.services.scenario_run import ScenarioContext, ScenarioRun

CLOSED = 1e-6  # shutdown days counted as none


@dataclass
class Ranked:
    source: str
    alternative_ids: list[int]
    kind: str  # supplier, design, pair, plan
    placed: bool  # False: no qualification/ramp/availability figure, or nothing it replaces
    available_from: date | None = None
    available_after_days: float | None = None
    coverage: float | None = None  # usable capacity / need per day (the least covered item)
    shutdown_days_before: float = math.nan
    shutdown_days_after: float = math.nan
    lost_margin_before: float = math.nan
    lost_margin_after: float = math.nan
    lost_margin_avoided: float = math.nan  # the target's lines
    company_margin_avoided: float = math.nan  # every line
    premium_cost: float | None = None  # None: unknown (no premium % or no price)
    net_value: float = math.nan  # nan when the premium is unknown
    own_gap_shutdown_days_before: float = math.nan
    own_gap_shutdown_days_after: float = math.nan
    own_gap_lost_margin_avoided: float = math.nan
    own_gap_net_value: float = math.nan
    gap_closes: date | None = None
    usable_capacity: float | None = None  # per day under this scenario; None = unlimited
    local: bool = False
    country: str | None = None
    status: str | None = None
    criteria_total: float | None = None
    criteria_rank: int | None = None
    criteria: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def days_removed(self) -> float:
        return _removed(self.shutdown_days_before, self.shutdown_days_after)

    @property
    def own_days_removed(self) -> float:
        return _removed(self.own_gap_shutdown_days_before, self.own_gap_shutdown_days_after)

    @property
    def value(self) -> float:
        """What the ranking sorts on: net value, else (premium unknown) the margin avoided."""
        for v in (self.net_value, self.lost_margin_avoided):
            if math.isfinite(v):
                return v
        return -math.inf


class Totals(NamedTuple):
    shutdown: float  # target lines
    lost: float  # target lines
    company: float  # every line
    ttr: float  # longest over the target lines


@dataclass
class Valuer:
    ctx: ScenarioContext
    inputs: ScenarioInputs
    target: Target
    start: date
    price: dict[int, float | None]
    need: dict[int, float | None]
    gaps: dict[int, frozenset[int]]  # per candidate: the supply nodes of its own gap
    _base: dict[frozenset[int] | None, Totals] = field(default_factory=dict)
    evaluations: int = 0

    def evaluate(self, inputs: ScenarioInputs, gap: frozenset[int] | None = None) -> ScenarioRun:
        self.evaluations += 1
        return self.ctx.evaluate(inputs, only_disrupted=gap)

    @property
    def before(self) -> Totals:
        return self.base(None)

    def unplaced(self, rows: list[Any], why: str) -> Ranked:
        rec = _new(rows)
        rec.shutdown_days_before, rec.lost_margin_before = self.before[0], self.before[1]
        rec.reasons = [why, *stated(rows)]
        return rec

    def record(self, rows: list[Any]) -> Ranked:
        ids = [r.id for r in rows]
        before = self.before
        with_them = replace(self.inputs, alternatives=(*self.inputs.alternatives, *ids))
        run = self.evaluate(with_them)
        used = {r["id"]: r for r in run.results["alternatives"]}
        idle = [r.name for r in rows if r.id in used and not used[r.id]["stands_in_at"]]
        if any(i not in used for i in ids) or idle:
            why = ("nothing in the network makes what it offers (" + ", ".join(idle) + "): add "
                   "the supply node it would replace" if idle else "no qualification, ramp or "
                   "availability figure: it cannot be placed in time")  # fmt: skip
            return self.unplaced(rows, why)
        rec = _new(rows)
        rec.placed = True
        after = self.totals(run)
        rec.shutdown_days_before, rec.lost_margin_before = before.shutdown, before.lost
        rec.shutdown_days_after, rec.lost_margin_after = after.shutdown, after.lost
        rec.lost_margin_avoided = before.lost - after.lost
        rec.company_margin_avoided = before.company - after.company
        rec.available_after_days = max(used[i]["delivers_after_days"] for i in ids)
        rec.available_from = self.start + timedelta(days=math.ceil(rec.available_after_days))
        rec.usable_capacity, per_day = self._coverage(rec, rows, used)
        rec.premium_cost = self._premium(rows, used, before.ttr)
        if rec.premium_cost is not None:
            rec.net_value = rec.lost_margin_avoided - rec.premium_cost
        rec.gap_closes = self._gap_closes(run)
        self._own_gap(rec, ids, with_them)
        notes = [w for w in run.warnings if any(f"alternative {i} " in w for i in ids)]
        rec.reasons += reasons(rec, per_day, used, self._still_binding(run)) + notes
        return rec

    def base(self, gap: frozenset[int] | None) -> Totals:
        if gap not in self._base:
            self._base[gap] = self.totals(self.evaluate(self.inputs, gap))
        return self._base[gap]

    def totals(self, run: ScenarioRun) -> Totals:
        lines = run.outcome.lines if run.outcome else []
        rows = [x for x in lines if x.node in self.target.lines]
        return Totals(math.fsum(x.shutdown_days for x in rows),
                      math.fsum(x.lost_margin for x in rows),
                      math.fsum(x.lost_margin for x in lines),
                      max((x.ttr_days for x in rows), default=0.0))  # fmt: skip

    def _own_gap(self, rec: Ranked, ids: list[int], with_them: ScenarioInputs) -> None:
        gap = frozenset().union(*(self.gaps[i] for i in ids))
        before = self.base(gap)
        after = self.totals(self.evaluate(with_them, gap))
        rec.own_gap_shutdown_days_before = before.shutdown
        rec.own_gap_shutdown_days_after = after.shutdown
        rec.own_gap_lost_margin_avoided = before.lost - after.lost
        if rec.premium_cost is not None:
            rec.own_gap_net_value = rec.own_gap_lost_margin_avoided - rec.premium_cost

    def _coverage(
        self, rec: Ranked, rows: list[Any], used: dict[int, dict[str, Any]]
    ) -> tuple[float | None, float | None]:
        """Per item: the sources' usable capacity over its need; the least covered item."""
        by_item: dict[tuple[Any, Any], list[Any]] = {}
        for r in rows:
            by_item.setdefault((r.part_id, r.material_id), []).append(r)
        ratios, total, needs = [], 0.0, []
        for group in by_item.values():
            caps = [used[r.id]["usable_capacity_per_day"] for r in group]
            cap = math.inf if any(c is None for c in caps) else math.fsum(caps)
            total += cap
            need = self.need.get(group[0].id)
            if need:
                needs.append(need)
                if math.isfinite(cap):
                    ratios.append(cap / need)
        if ratios and len(ratios) == len(by_item):
            rec.coverage = min(ratios)
        return (None if math.isinf(total) else total), (max(needs) if needs else None)

    def _premium(
        self, rows: list[Any], used: dict[int, dict[str, Any]], horizon: float
    ) -> float | None:
        """premium % x price x units it supplies from its start to the end of the horizon
        (min(usable capacity, need) per day: an upper bound, stock is not netted off)."""
        total = 0.0
        for r in rows:
            if r.cost_premium_pct is None:
                return None
            if r.cost_premium_pct == 0:
                continue
            unit, need = self.price.get(r.id), self.need.get(r.id)
            if unit is None or not math.isfinite(horizon):
                return None
            cap = used[r.id]["usable_capacity_per_day"]
            per_day = min(x for x in (cap, need, math.inf) if x is not None)
            per_day = 0.0 if math.isinf(per_day) else per_day
            days = max(0.0, horizon - used[r.id]["delivers_after_days"])
            total += r.cost_premium_pct / 100.0 * unit * per_day * days
        return total

    def _gap_closes(self, run: ScenarioRun) -> date | None:
        """The day the last concerned line runs at full rate again; None when none stops or
        the stop is open-ended."""
        days = [x.restart_days if x.restart_days is not None else x.ttr_days
                for x in (run.outcome.lines if run.outcome else [])
                if x.node in self.target.lines and x.shutdown_days > CLOSED]  # fmt: skip
        if not days or not all(math.isfinite(d) for d in days):
            return None
        return self.start + timedelta(days=math.ceil(max(days)))

    def _still_binding(self, run: ScenarioRun) -> str:
        """The inputs still limiting the concerned lines (their top binding input groups)."""
        labels: list[str] = []
        for x in run.outcome.lines if run.outcome else []:
            if x.node in self.target.lines:
                labels += [b.detail for b in x.binding if b.kind == "input" and b.detail]
        return ", ".join(list(dict.fromkeys(labels))[:3])


def _new(rows: list[Any]) -> Ranked:
    return Ranked(" + ".join(r.name for r in rows), [r.id for r in rows], str(rows[0].kind),
                  placed=False, country=rows[0].country if len(rows) == 1 else None,
                  status=str(rows[0].status) if len(rows) == 1 else None)  # fmt: skip


def _removed(before: float, after: float) -> float:
    if math.isnan(before) or math.isnan(after):
        return math.nan
    if math.isinf(before):
        return math.inf if math.isfinite(after) else 0.0
    return before - after
