"""The value of activating one or more alternative sources in a scenario, for the lines of a
ranking target (services/alternatives_rank.py): shutdown days and lost margin before/after,
in the whole scenario and on the candidates' own gap, premium cost, coverage, dates, reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, NamedTuple

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services.alternatives_target import Target
from rePlanner.services.scenario_run import ScenarioContext, ScenarioRun

CLOSED = 1e-6  # shutdown days counted as none


@dataclass
class Ranked:
    source: str
    alternative_ids: list[int]
    kind: str  # supplier, design, pair, plan
    placed: bool  # False: no qualification/ramp/availability figure, so no value
    available_from: date | None = None
    available_after_days: float | None = None
    coverage: float | None = None  # usable capacity / need per day
    shutdown_days_before: float = math.nan
    shutdown_days_after: float = math.nan
    lost_margin_before: float = math.nan
    lost_margin_after: float = math.nan
    lost_margin_avoided: float = math.nan
    premium_cost: float | None = None
    net_value: float = math.nan
    own_gap_shutdown_days_before: float = math.nan
    own_gap_shutdown_days_after: float = math.nan
    own_gap_lost_margin_avoided: float = math.nan
    own_gap_net_value: float = math.nan
    gap_closes: date | None = None
    local: bool = False
    country: str | None = None
    status: str | None = None
    criteria_total: float | None = None
    criteria_rank: int | None = None
    criteria: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


class Totals(NamedTuple):
    shutdown: float
    lost: float
    ttr: float


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

    def record(self, rows: list[Any]) -> Ranked:
        ids = [r.id for r in rows]
        rec = Ranked(" + ".join(r.name for r in rows), ids, str(rows[0].kind), placed=False,
                     country=rows[0].country if len(rows) == 1 else None,
                     status=str(rows[0].status) if len(rows) == 1 else None)  # fmt: skip
        before = self.base(None)
        rec.shutdown_days_before, rec.lost_margin_before = before.shutdown, before.lost
        with_them = replace(self.inputs, alternatives=(*self.inputs.alternatives, *ids))
        run = self.evaluate(with_them)
        used = {r["id"]: r for r in run.results["alternatives"]}
        rec.placed = all(i in used for i in ids)
        if not rec.placed:
            rec.reasons.append("no qualification, ramp or availability figure: it cannot be "
                               "placed in time, so its value is unknown")  # fmt: skip
            rec.reasons += _stated(rows)
            return rec
        after = self.totals(run, None)
        rec.shutdown_days_after, rec.lost_margin_after = after.shutdown, after.lost
        rec.lost_margin_avoided = before.lost - after.lost
        rec.available_after_days = max(used[i]["delivers_after_days"] for i in ids)
        rec.available_from = self.start + timedelta(days=math.ceil(rec.available_after_days))
        usable, per_day = self._coverage(rec, ids, used)
        rec.premium_cost = self._premium(rows, used, before.ttr)
        rec.net_value = rec.lost_margin_avoided - (rec.premium_cost or 0.0)
        rec.gap_closes = self._gap_closes(run)
        self._own_gap(rec, ids, with_them)
        rec.reasons += self._reasons(rec, usable, per_day, run, rows)
        return rec

    def base(self, gap: frozenset[int] | None) -> Totals:
        if gap not in self._base:
            self._base[gap] = self.totals(self.evaluate(self.inputs, gap), gap)
        return self._base[gap]

    def totals(self, run: ScenarioRun, gap: frozenset[int] | None) -> Totals:
        """Shutdown days and longest TTR of the target's lines; lost margin of ALL lines: a
        source for a shared part helps every line using it, and the network-wide optimum may
        shift shared parts between lines, so only the company's total is a fair value."""
        lines = run.outcome.lines if run.outcome else []
        rows = [x for x in lines if x.node in self.target.lines]
        return Totals(math.fsum(x.shutdown_days for x in rows),
                      math.fsum(x.lost_margin for x in lines),
                      max((x.ttr_days for x in rows), default=0.0))  # fmt: skip

    def _own_gap(self, rec: Ranked, ids: list[int], with_them: ScenarioInputs) -> None:
        gap = frozenset().union(*(self.gaps[i] for i in ids))
        before = self.base(gap)
        after = self.totals(self.evaluate(with_them, gap), gap)
        rec.own_gap_shutdown_days_before = before.shutdown
        rec.own_gap_shutdown_days_after = after.shutdown
        rec.own_gap_lost_margin_avoided = before.lost - after.lost
        rec.own_gap_net_value = rec.own_gap_lost_margin_avoided - (rec.premium_cost or 0.0)

    def _coverage(
        self, rec: Ranked, ids: list[int], used: dict[int, dict[str, Any]]
    ) -> tuple[float, float | None]:
        caps = [used[i]["usable_capacity_per_day"] for i in ids]
        usable = math.inf if any(c is None for c in caps) else math.fsum(caps)
        needs = [n for i in ids if (n := self.need[i])]
        per_day = max(needs) if needs else None
        if per_day and math.isfinite(usable):
            rec.coverage = usable / per_day
        return usable, per_day

    def _premium(
        self, rows: list[Any], used: dict[int, dict[str, Any]], horizon: float
    ) -> float | None:
        """premium % x price x units it supplies from its start to the end of the horizon."""
        total = 0.0
        for r in rows:
            if not r.cost_premium_pct:
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
        """The day the last concerned line runs at full rate again; None when none stops."""
        days = [x.restart_days if x.restart_days is not None else x.ttr_days
                for x in (run.outcome.lines if run.outcome else [])
                if x.node in self.target.lines and x.shutdown_days > CLOSED]  # fmt: skip
        if not days or not all(math.isfinite(d) for d in days):
            return None
        return self.start + timedelta(days=math.ceil(max(days)))

    def _reasons(
        self, rec: Ranked, usable: float, per_day: float | None, run: ScenarioRun,
        rows: list[Any],
    ) -> list[str]:  # fmt: skip
        out = []
        before, after = rec.shutdown_days_before, rec.shutdown_days_after
        own_b, own_a = rec.own_gap_shutdown_days_before, rec.own_gap_shutdown_days_after
        if before <= CLOSED:
            out.append("the lines do not stop in this scenario: nothing to avoid")
        elif after <= CLOSED:
            out.append(f"closes the gap: {before:,.1f} shutdown days to none")
        elif before - after > CLOSED:
            out.append(f"removes {before - after:,.1f} of {before:,.1f} shutdown days")
        elif after - before > CLOSED:
            out.append(f"the company loses {rec.lost_margin_avoided:,.0f} less, but these "
                       f"lines stop {after - before:,.1f} days longer: the shared parts now "
                       "go to higher-margin lines")  # fmt: skip
        else:
            others = self._still_binding(run, rows)
            why = f"the lines also stop for want of {others}" if others else "it comes too late"
            out.append(f"alone it removes no shutdown day: {why}")
        if before > CLOSED and own_b <= CLOSED:
            out.append("its item alone does not stop these lines in this scenario")
        elif before > CLOSED:
            if own_b - own_a > CLOSED:
                out.append(f"on its own gap (its item's stops only): {own_b:,.1f} -> "
                           f"{own_a:,.1f} shutdown days")  # fmt: skip
            else:
                out.append(f"even on its own gap it removes nothing: it delivers from day "
                           f"{rec.available_after_days:,.0f}, too late or too little")  # fmt: skip
        if usable == 0:
            out.append("its own material is cut off by this scenario (China-dependent)")
        elif rec.coverage is not None and rec.coverage < 1:
            out.append(f"under this scenario {usable:,.0f} per day usable: {rec.coverage:.0%} of "
                       f"the need ({per_day:,.0f} per day)")  # fmt: skip
        if rec.premium_cost is None:
            out.append("premium cost unknown (no price recorded on the links it would replace)")
        return out

    def _still_binding(self, run: ScenarioRun, rows: list[Any]) -> str:
        """The inputs still limiting the concerned lines (their top binding input groups)."""
        labels: list[str] = []
        for x in run.outcome.lines if run.outcome else []:
            if x.node in self.target.lines:
                labels += [b.detail for b in x.binding if b.kind == "input" and b.detail]
        seen = list(dict.fromkeys(labels))[:3]
        return ", ".join(seen)


def _stated(rows: list[Any]) -> list[str]:
    """What the source itself states (reference producers): capacity, timing and the source of
    the figures, so a buyer can enter qualification time and capacity per day to rank it."""
    out = []
    for r in rows:
        said = "; ".join(t for t in (r.capacity_text, r.timing_text) if t)
        if said:
            src = f" (source: {r.source_url})" if r.source_url else ""
            out.append(f"stated: {said}{src}")
    return out
