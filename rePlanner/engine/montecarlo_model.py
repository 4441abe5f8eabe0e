"""One scenario prepared once, evaluated for many (licence delay, denial share, quota cut) draws.

Per draw and line the numbers are those of engine/scenario.py's `run_scenario`: the line's own
TTS (its demand alone, S disrupted), TTR from domain/scenario.py's `time_to_recover`, lost
vehicles from the joint PI(S, TTR) minus PI(no disruption, TTR) for the added loss, shutdown
days = max(TTR - TTS, added / rate). Two things make 1,000 draws affordable:
- a line's own TTS is solved on the part of the network upstream of it (exact: nodes that do
  not feed the line cannot change its survival), once per quota-cut value;
- the quota cut is rounded to `quota_step` (default 0.01, one percentage point) so the network
  with that cut is prepared once for all draws near it; 2025 quota volumes are unknown, so a
  finer cut would be false precision.
The PI LPs run on one warm engine per (chunk, cut value), draws in a fixed order, so a chunk's
result does not depend on which process evaluated it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from rePlanner.domain.scenario import ScenarioInputs, time_to_recover
from rePlanner.engine.montecarlo import Draws
from rePlanner.engine.network import FloatArray, InputGroup, Network
from rePlanner.engine.scenario import perturbed
from rePlanner.engine.solve import Engine, PIResult


@dataclass
class McModel:
    net: Network  # buffers already added, nothing disrupted, no quota cut
    disrupted: list[int]
    quota: list[int] = field(default_factory=list)  # capacity x (1 - cut)
    week: dict[int, float] = field(default_factory=dict)  # product -> working days per week
    ban_days: float | None = None
    licence_applies: bool = False
    alternatives: dict[int, float] = field(default_factory=dict)
    quota_step: float = 0.01
    _own: dict[tuple[int, float], float] = field(default_factory=dict, repr=False)
    _upstream: dict[int, list[int]] = field(default_factory=dict, repr=False)

    @property
    def lines(self) -> list[int]:
        return [int(j) for j in np.flatnonzero(self.net.demand > 0)]

    def labels(self) -> list[str]:
        return [self.net.ids[j] for j in self.lines]

    def ttr(self, delay: float, denial: float) -> FloatArray:
        inputs = ScenarioInputs(duration_days=self.ban_days, licence_delay_days=float(delay),
                                denial_share=float(denial))  # fmt: skip
        return np.array([time_to_recover(inputs, licence_applies=self.licence_applies,
                                         working_days_per_week=self.week.get(j, 5.0),
                                         alternatives=self.alternatives).days
                         for j in self.lines])  # fmt: skip

    def rounded_cut(self, cut: float) -> float:
        if not self.quota or self.quota_step <= 0:
            return 0.0 if not self.quota else float(cut)
        return float(min(1.0, round(cut / self.quota_step) * self.quota_step))

    def evaluate(self, draws: Draws, idx: np.ndarray) -> FloatArray:
        """(len(idx), 3, lines): shutdown days, lost vehicles, lost margin per draw and line."""
        out = np.full((len(idx), 3, len(self.lines)), np.nan)
        cuts = [self.rounded_cut(draws.quota_cut[i]) for i in idx]
        ttrs = [self.ttr(draws.licence_delay[i], draws.denial_share[i]) for i in idx]
        for cut in sorted(set(cuts)):
            rows = [k for k in range(len(idx)) if cuts[k] == cut]
            rows.sort(key=lambda k: (tuple(ttrs[k]), k))  # neighbours warm-start each other
            net = self._cut(cut)
            own = np.array([self.own_tts(j, cut, net) for j in self.lines])
            engine = Engine(net)
            pis: dict[float, tuple[PIResult, PIResult]] = {}
            for k in rows:
                out[k] = self._draw(engine, net, own, ttrs[k], pis)
        return out

    def _cut(self, cut: float) -> Network:
        if not self.quota or cut <= 0:
            return self.net
        return perturbed(self.net, capacity_factor={j: 1.0 - cut for j in self.quota})

    def own_tts(self, j: int, cut: float, net: Network) -> float:
        """TTS of line j alone with S disrupted, on the network upstream of j."""
        up = self.upstream(j)
        key = (j, cut if set(up) & set(self.quota) else -1.0)
        if key not in self._own:
            sub, where = _subnetwork(net, up, j)
            hit = [where[s] for s in self.disrupted if s in where]
            self._own[key] = Engine(sub).time_to_survive(hit).tts
        return self._own[key]

    def upstream(self, j: int) -> list[int]:
        if j not in self._upstream:
            feeds: dict[int, list[int]] = {}
            for g in self.net.inputs:
                feeds.setdefault(g.consumer, []).extend(g.suppliers)
            seen, todo = {j}, [j]
            while todo:
                for s in feeds.get(todo.pop(), ()):
                    if s not in seen:
                        seen.add(s)
                        todo.append(s)
            self._upstream[j] = sorted(seen)
        return self._upstream[j]

    def _draw(
        self,
        engine: Engine,
        net: Network,
        own: FloatArray,
        ttr: FloatArray,
        pis: dict[float, tuple[PIResult, PIResult]],
    ) -> FloatArray:
        res = np.full((3, len(self.lines)), np.nan)
        for k, j in enumerate(self.lines):
            h, tts = float(ttr[k]), float(own[k])
            lost = added = math.nan
            if math.isfinite(h):
                if h not in pis:
                    pis[h] = (engine.performance_impact(self.disrupted, h),
                              engine.performance_impact([], h))  # fmt: skip
                pi, pi0 = pis[h]
                lost = pi.lost_volume.get(net.ids[j], 0.0)
                added = max(0.0, lost - pi0.lost_volume.get(net.ids[j], 0.0))
            short = 0.0 if math.isinf(tts) else max(0.0, h - tts)
            rate = float(net.demand[j])
            if math.isfinite(added) and rate > 0:
                short = max(short, added / rate)
            res[:, k] = (short, lost, lost * float(net.profit[j]))
        return res


def _subnetwork(net: Network, nodes: list[int], product: int) -> tuple[Network, dict[int, int]]:
    where = {old: new for new, old in enumerate(nodes)}
    idx = np.asarray(nodes, dtype=np.int64)
    groups = [
        InputGroup(where[g.consumer], tuple(where[s] for s in g.suppliers), g.ratios, g.label)
        for g in net.inputs
        if g.consumer in where
    ]
    demand = np.zeros(len(nodes))
    demand[where[product]] = net.demand[product]
    sub = replace(net, ids=[net.ids[i] for i in nodes], capacity=net.capacity[idx],
                  inventory=net.inventory[idx], ttr=net.ttr[idx], demand=demand,
                  profit=net.profit[idx], inputs=groups, labels={})  # fmt: skip
    return sub, where
