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
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from rePlanner.engine.lp import Binding
from rePlanner.engine.network import FloatArray, Network
from rePlanner.engine.solve import Engine, PIResult
from rePlanner.engine.stress import _no_impact

TOP_BINDINGS = 5


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
    engine = Engine(net)
    s = sorted(set(int(j) for j in disrupted))
    base, hit = engine.time_to_survive([]), engine.time_to_survive(s)
    horizons = sorted({h for h in ttr.values() if math.isfinite(h)})
    pi = {h: engine.performance_impact(s, h) for h in horizons}
    pi0 = {h: engine.performance_impact([], h) for h in horizons}
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
        out.lines.append(_line(net, int(j), s, ttr.get(int(j), math.inf), pi, pi0))
    if out.lines and all(math.isfinite(x.lost_margin) for x in out.lines):
        out.lost_profit = sum(x.lost_margin for x in out.lines)
        out.added_lost_profit = sum(x.added_lost_margin for x in out.lines)
    return out


def _line(
    net: Network,
    j: int,
    s: list[int],
    ttr: float,
    pi: dict[float, PIResult],
    pi0: dict[float, PIResult],
) -> LineOutcome:
    own = Engine(only_product(net, j))
    base, hit = own.time_to_survive([]), own.time_to_survive(s)
    label, margin = net.ids[j], float(net.profit[j])
    lost = added = math.nan
    if math.isfinite(ttr):
        lost = pi[ttr].lost_volume.get(label, 0.0)
        added = max(0.0, lost - pi0[ttr].lost_volume.get(label, 0.0))
    no_impact = _no_impact(hit.tts, base.tts)
    short = max(0.0, ttr - hit.tts) if not math.isnan(hit.tts) else math.nan
    if math.isinf(hit.tts):
        short = 0.0
    rate = float(net.demand[j])
    if math.isfinite(added) and rate > 0:  # days of output lost to the shared-part allocation
        short = max(short, added / rate)
    return LineOutcome(
        node=label,
        ttr_days=ttr,
        tts_days=hit.tts,
        baseline_tts_days=base.tts,
        no_impact=no_impact,
        shutdown_days=short,
        lost_vehicles=lost,
        lost_margin=lost * margin,
        added_lost_vehicles=added,
        added_lost_margin=added * margin,
        binding=_top(hit.binding),
    )


def _top(binding: list[Binding]) -> list[Binding]:
    return sorted(binding, key=lambda b: (-b.shadow_price, b.kind, b.node))[:TOP_BINDINGS]
