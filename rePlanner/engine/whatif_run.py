"""engine.scenario.run_scenario with its time-to-survive solves kept between evaluations.

A what-if table or goal seek re-runs one scenario many times. The TTS LPs (network and per
line, disrupted and not) depend only on the network's capacities and stock and on the
disrupted set, not on the TTR: varying licence delay, denial share, ban length or an
alternative's days changes only the horizons of the lost-margin LPs. So the TTS results are
kept per network state and only the PI LPs are solved again, on a fresh Engine in the same
order as run_scenario, so the result is the same as run_scenario's (tests compare them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rePlanner.engine.network import Network
from rePlanner.engine.scenario import (
    LineOutcome,
    ScenarioOutcome,
    _top,
    only_product,
)
from rePlanner.engine.solve import Engine, PIResult, TTSResult
from rePlanner.engine.stress import _no_impact

MAX_STATES = 64  # network states kept (a 10 x 10 table over buffer x delay needs 10)


@dataclass(frozen=True)
class _Survival:
    base: TTSResult
    hit: TTSResult
    lines: dict[int, tuple[TTSResult, TTSResult]]  # product -> (base, hit) of it alone


class ScenarioCache:
    def __init__(self) -> None:
        self._states: dict[tuple[bytes, bytes, bytes, tuple[int, ...]], _Survival] = {}
        self.hits = 0

    def run(self, net: Network, disrupted: Sequence[int], ttr: dict[int, float]) -> ScenarioOutcome:
        """The same as engine.scenario.run_scenario(net, disrupted, ttr)."""
        s = sorted(set(int(j) for j in disrupted))
        key = (net.capacity.tobytes(), net.inventory.tobytes(), net.demand.tobytes(), tuple(s))
        surv = self._states.get(key)
        if surv is None:
            if len(self._states) >= MAX_STATES:
                self._states.clear()
            surv = self._states[key] = _survival(net, s)
        else:
            self.hits += 1
        return _outcome(net, s, ttr, surv)


def _survival(net: Network, s: list[int]) -> _Survival:
    engine = Engine(net)
    base, hit = engine.time_to_survive([]), engine.time_to_survive(s)
    lines = {}
    for j in np.flatnonzero(net.demand > 0):
        own = Engine(only_product(net, int(j)))
        lines[int(j)] = (own.time_to_survive([]), own.time_to_survive(s))
    return _Survival(base, hit, lines)


def _outcome(net: Network, s: list[int], ttr: dict[int, float], surv: _Survival) -> ScenarioOutcome:
    horizons = sorted({h for h in ttr.values() if math.isfinite(h)})
    engine = Engine(net)
    pi = {h: engine.performance_impact(s, h) for h in horizons}
    pi0 = {h: engine.performance_impact([], h) for h in horizons}
    out = ScenarioOutcome(
        tts_days=surv.hit.tts,
        baseline_tts_days=surv.base.tts,
        tts_status=surv.hit.status,
        no_impact=_no_impact(surv.hit.tts, surv.base.tts),
        lost_profit=math.nan,
        added_lost_profit=math.nan,
        binding=_top(surv.hit.binding),
    )
    for j, (base, hit) in surv.lines.items():
        out.lines.append(_line(net, j, base, hit, ttr.get(j, math.inf), pi, pi0))
    if out.lines and all(math.isfinite(x.lost_margin) for x in out.lines):
        out.lost_profit = sum(x.lost_margin for x in out.lines)
        out.added_lost_profit = sum(x.added_lost_margin for x in out.lines)
    return out


def _line(
    net: Network,
    j: int,
    base: TTSResult,
    hit: TTSResult,
    ttr: float,
    pi: dict[float, PIResult],
    pi0: dict[float, PIResult],
) -> LineOutcome:
    """As engine.scenario._line, with the line's own TTS results given."""
    label, margin = net.ids[j], float(net.profit[j])
    lost = added = math.nan
    if math.isfinite(ttr):
        lost = pi[ttr].lost_volume.get(label, 0.0)
        added = max(0.0, lost - pi0[ttr].lost_volume.get(label, 0.0))
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
        no_impact=_no_impact(hit.tts, base.tts),
        shutdown_days=short,
        lost_vehicles=lost,
        lost_margin=lost * margin,
        added_lost_vehicles=added,
        added_lost_margin=added * margin,
        binding=_top(hit.binding),
    )
