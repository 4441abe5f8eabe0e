"""One scenario on one network: changed capacities and stock, a disrupted set S, per-line results.

Overall: TTS(S) of the whole network and PI(S, TTR) (Simchi-Levi et al.), as in engine/solve.py.
Per production line j, its own survival time is TTS(S) of the same network with every other
product's demand set to 0: how long line j alone could run on what the disrupted network can
still deliver. It is >= the joint TTS (shared parts are not split with the other lines), so it
answers "when does THIS line stop at the latest", and it never mixes another line's shortage
into this line's number. The binding constraints reported for a line come from that LP.
Shutdown days = max(0, TTR_j - TTS_j). Lost vehicles per line come from the joint PI(S, TTR_j)
(the LP that shares scarce parts so as to lose the least margin), and the loss the disruption
adds is that minus PI(no disruption, TTR_j) for the same line.

One implementation serves a single run, what-if tables and goal seek (ScenarioEvaluator keeps
the TTS results and a warm PI engine per network state) and Monte Carlo
(engine/montecarlo_model.py uses Survival, Losses and line_numbers). Own TTS is solved on the
line's upstream sub-network (engine/survival.py: exact, see there).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from rePlanner.engine.lp import Binding
from rePlanner.engine.network import FloatArray, Network
from rePlanner.engine.solve import Engine, TTSResult
from rePlanner.engine.stress import _no_impact
from rePlanner.engine.survival import Survival, subnetwork

TOP_BINDINGS = 5
MAX_STATES = 64  # warm PI engines kept (a 10 x 10 table over buffer x delay needs 10)


@dataclass(frozen=True)
class LineOutcome:
    node: str
    ttr_days: float  # inf: open-ended
    tts_days: float  # inf: this line never runs short
    baseline_tts_days: float  # the same line, nothing disrupted
    no_impact: bool
    # max(0, TTR - own TTS), or more when the network-wide optimum gives shared parts to
    # higher-margin lines: then the vehicles this line loses, in days of its rate
    shutdown_days: float  # inf when open-ended and the line runs short
    lost_vehicles: float  # nan when the TTR is open-ended
    lost_margin: float
    added_lost_vehicles: float  # beyond what the undisrupted network loses over the same TTR
    added_lost_margin: float
    binding: list[Binding] = field(default_factory=list)
    restart_days: float | None = None  # an alternative source ends the stop before the TTR

    @property
    def at_risk(self) -> bool:
        starved = math.isfinite(self.added_lost_vehicles) and self.added_lost_vehicles > 1e-6
        return starved or (not self.no_impact and self.tts_days < self.ttr_days)


@dataclass
class ScenarioOutcome:
    tts_days: float
    baseline_tts_days: float
    tts_status: str
    no_impact: bool
    lost_profit: float  # PI(S, TTR) summed over the lines' TTR groups; nan when open-ended
    added_lost_profit: float
    lines: list[LineOutcome] = field(default_factory=list)
    binding: list[Binding] = field(default_factory=list)


def daily_flow(net: Network) -> FloatArray:
    """Units per day each node passes on when every product runs at its demand.

    Demand is pushed from the products up the input groups (units per consumer unit x ratio);
    a group with several suppliers (alternatives) is split evenly between them.
    """
    flow = net.demand.astype(float).copy()
    by_consumer: dict[int, list[int]] = {}
    for gi, g in enumerate(net.inputs):
        by_consumer.setdefault(g.consumer, []).append(gi)
    order = _downstream_first(net)
    for j in order:
        for gi in by_consumer.get(j, ()):
            g = net.inputs[gi]
            for s, r in zip(g.suppliers, g.ratios, strict=True):
                flow[s] += flow[j] * r / len(g.suppliers)
    return flow


def _downstream_first(net: Network) -> list[int]:
    """Consumers before their suppliers (Kahn's order on supplier -> consumer edges)."""
    n = net.size
    waiting = np.zeros(n, dtype=np.int64)  # consumers not yet visited, per supplier
    feeds: list[list[int]] = [[] for _ in range(n)]
    for g in net.inputs:
        for s in g.suppliers:
            waiting[s] += 1
            feeds[g.consumer].append(s)
    todo = [j for j in range(n) if waiting[j] == 0]
    order: list[int] = []
    while todo:
        j = todo.pop()
        order.append(j)
        for s in feeds[j]:
            waiting[s] -= 1
            if waiting[s] == 0:
                todo.append(s)
    return order  # nodes on a cycle are left out: their flow stays their own demand


def perturbed(
    net: Network,
    *,
    capacity_factor: dict[int, float] | None = None,
    buffer_nodes: Sequence[int] = (),
    buffer_days: float = 0.0,
) -> Network:
    """A copy with capacities scaled and `buffer_days` x daily flow added to some nodes' stock."""
    capacity = net.capacity.astype(float).copy()
    for j, f in (capacity_factor or {}).items():
        capacity[j] = 0.0 if f <= 0 else capacity[j] * f  # inf * 0 would be nan
    inventory = net.inventory.astype(float).copy()
    if buffer_days > 0 and len(buffer_nodes):
        idx = np.asarray(buffer_nodes, dtype=np.int64)
        inventory[idx] += buffer_days * daily_flow(net)[idx]
    return replace(net, capacity=capacity, inventory=inventory)


def only_product(net: Network, product: int) -> Network:
    demand = np.zeros_like(net.demand)
    demand[product] = net.demand[product]
    return replace(net, demand=demand)


def run_scenario(net: Network, disrupted: Sequence[int], ttr: dict[int, float]) -> ScenarioOutcome:
    """Overall and per-line results; `ttr` maps each product node to its TTR in days."""
    return ScenarioEvaluator().run(net, disrupted, ttr)


LostPair = tuple[dict[str, float], dict[str, float]]  # lost volume: S disrupted, nothing


class Losses:
    """Lost volume per product under PI(S, h) and PI(no disruption, h), per horizon h, on one
    warm engine. Only the primal solution is used, so no duals or bindings are extracted."""

    def __init__(self, engine: Engine, s: list[int]) -> None:
        self.engine, self.s = engine, s
        self._by_h: dict[float, LostPair] = {}

    def add(self, horizons: Iterable[float]) -> None:
        """Solve the horizons not seen yet: PI(S, h) for each in rising order, then PI(none, h)."""
        new = sorted({float(h) for h in horizons if math.isfinite(h)} - self._by_h.keys())
        hit = [self._lost(self.s, h) for h in new]
        base = [self._lost([], h) for h in new]
        self._by_h.update(zip(new, zip(hit, base, strict=True), strict=True))

    def at(self, h: float) -> LostPair | None:
        """The pair for a finite horizon (after `add`), None for an open-ended one."""
        return self._by_h[h] if math.isfinite(h) else None

    def _lost(self, s: list[int], h: float) -> dict[str, float]:
        if h < 0:
            raise ValueError(f"horizon must be a finite number of days >= 0, got {h}")
        sol = self.engine.solve_pi(s, h)
        if sol.status != "optimal" or sol.x is None:
            return {}
        return self.engine.lost_volume(sol)


class ScenarioEvaluator:
    """run_scenario for many evaluations: TTS results kept per network state (engine/survival.py)
    and one warm PI engine per state and disrupted set, so a what-if cell or a Monte Carlo draw
    that changes only the TTR solves only the two PI LPs of its horizon."""

    def __init__(self, overall: bool = True) -> None:
        """`overall=False` skips the whole network's TTS (nan in the outcome): callers that
        only read the lines' numbers, such as a ranking of alternatives, save a third."""
        self.overall = overall
        self.survival = Survival()
        self._losses: dict[tuple[Any, ...], Losses] = {}
        self.hits = 0  # evaluations that found their network state prepared

    def run(self, net: Network, disrupted: Sequence[int], ttr: dict[int, float]) -> ScenarioOutcome:
        s = sorted(set(int(j) for j in disrupted))
        losses = self.losses(net, s)
        losses.add(ttr.values())
        if self.overall:
            base, hit = self.survival.network(net, s, losses.engine)
        else:
            base = hit = TTSResult(math.nan, "skipped")
        out = ScenarioOutcome(
            tts_days=hit.tts,
            baseline_tts_days=base.tts,
            tts_status=hit.status,
            no_impact=_no_impact(hit.tts, base.tts),
            lost_profit=math.nan,
            added_lost_profit=math.nan,
            binding=_top(hit.binding),
        )
        for j in np.flatnonzero(net.demand > 0):
            own_base, own_hit = self.survival.line(net, int(j), s)
            h = ttr.get(int(j), math.inf)
            back = restart_day(net, self.survival.upstream(net, int(j)), own_hit.tts, s,
                               line=int(j), ttr=h)  # fmt: skip
            out.lines.append(line_outcome(net, int(j), own_base, own_hit, h, losses.at(h), back))
        if out.lines and all(math.isfinite(x.lost_margin) for x in out.lines):
            out.lost_profit = sum(x.lost_margin for x in out.lines)
            out.added_lost_profit = sum(x.added_lost_margin for x in out.lines)
        return out

    def losses(self, net: Network, s: list[int]) -> Losses:
        # the links too: two networks with the same numbers but other links (an alternative
        # for another part) must not share a PI engine
        key = (tuple(net.ids), tuple(net.inputs), net.state_key(), tuple(s))
        if key in self._losses:
            self.hits += 1
        else:
            if len(self._losses) >= MAX_STATES:
                self._losses.clear()
            self._losses[key] = Losses(Engine(net), s)
        return self._losses[key]


def restart_day(
    net: Network, upstream: np.ndarray, tts: float, s: Sequence[int], *,
    line: int | None = None, ttr: float = math.inf,
) -> float | None:  # fmt: skip
    """The first day after `tts` a late starter (an alternative source) feeding the line
    delivers AND the line then runs until `ttr`: the stop ends there. None when there is none.

    "Runs until TTR": the line's own TTS, on its upstream sub-network with S off, when it has
    no demand from `tts` to that day (it stood still: those vehicles are lost, not built
    later), reaches `ttr`; exact over periods (engine/periods.py, `pause`). With `line` not
    given, the first delivery day is taken as is.
    """
    if net.available_from is None or not math.isfinite(tts):
        return None
    up = np.setdiff1d(upstream, np.asarray(s, dtype=np.int64))
    start = net.available_from[up]
    days = sorted({float(d) for d in start[(start > tts) & (net.capacity[up] > 0)]})
    engine: tuple[Engine, list[int]] | None = None
    for day in days:
        if day >= ttr:
            return None
        if line is None:
            return day
        engine = engine or _line_engine(net, upstream, line, s)
        # a hair before the TTS: the LP's TTS may sit a rounding error above the true one
        stop = tts - 1e-7 * max(1.0, tts)
        if engine[0].runs_until(engine[1], (stop, day), ttr):
            return day
    return None


def _line_engine(
    net: Network, upstream: np.ndarray, line: int, s: Sequence[int]
) -> tuple[Engine, list[int]]:
    """An engine on the line's upstream sub-network (only its demand) and S renumbered."""
    where = {int(old): new for new, old in enumerate(upstream)}
    groups = [g for g in net.inputs if g.consumer in where]
    sub = subnetwork(net, upstream, where, groups, line)
    return Engine(sub), sorted(where[int(x)] for x in s if int(x) in where)


def line_numbers(
    net: Network, j: int, tts: float, ttr: float, lost: LostPair | None,
    restart: float | None = None,
) -> tuple[float, float, float]:  # fmt: skip
    """(shutdown days, lost vehicles, added lost vehicles) of line j; nan losses when open-ended.

    Shutdown = max(0, TTR - own TTS), or more when the network-wide optimum gives shared parts
    to higher-margin lines: then the added vehicles lost, in days of the line's rate.
    With an alternative source starting on day `restart` < TTR the stop lasts from the TTS
    until then (not until TTR): shutdown = max(restart - TTS, added lost / rate), so a partial
    alternative still counts its shortfall. Lost vehicles come from the one joint optimum of
    PI(S, TTR), which with late starters is solved over periods and cannot make up a day's
    lost vehicles later (engine/periods.py).
    """
    label = net.ids[j]
    lost_v = added = math.nan
    if lost is not None:
        lost_v = lost[0].get(label, 0.0)
        added = max(0.0, lost_v - lost[1].get(label, 0.0))
    end = ttr if restart is None else min(ttr, restart)
    short = max(0.0, end - tts) if not math.isnan(tts) else math.nan
    if math.isinf(tts):
        short = 0.0
    rate = float(net.demand[j])
    if math.isfinite(added) and rate > 0:  # days of output lost to the shared-part allocation
        short = max(short, added / rate)
    return short, lost_v, added


def line_outcome(
    net: Network, j: int, base: TTSResult, hit: TTSResult, ttr: float, lost: LostPair | None,
    restart: float | None = None,
) -> LineOutcome:  # fmt: skip
    short, lost_v, added = line_numbers(net, j, hit.tts, ttr, lost, restart)
    margin = float(net.profit[j])
    return LineOutcome(
        node=net.ids[j],
        ttr_days=ttr,
        tts_days=hit.tts,
        baseline_tts_days=base.tts,
        no_impact=_no_impact(hit.tts, base.tts),
        shutdown_days=short,
        lost_vehicles=lost_v,
        lost_margin=lost_v * margin,
        added_lost_vehicles=added,
        added_lost_margin=added * margin,
        binding=_top(hit.binding),
        restart_days=restart if restart is not None and restart < ttr else None,
    )


def _top(binding: list[Binding]) -> list[Binding]:
    return sorted(binding, key=lambda b: (-b.shadow_price, b.kind, b.node))[:TOP_BINDINGS]
