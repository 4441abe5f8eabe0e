"""One scenario prepared once, evaluated for many (licence delay, denial share, quota cut) draws.

Per draw and line the numbers are those of engine/scenario.py (the same code: own TTS from
engine/survival.Survival, lost vehicles from scenario.Losses, shutdown days from
scenario.line_numbers) with TTR from domain/scenario.py's `time_to_recover`. What makes 1,000
draws affordable:
- the quota cut is rounded to `quota_step` (default 0.01, one percentage point) so the network
  with that cut is prepared once for all draws near it; 2025 quota volumes are unknown, so a
  finer cut would be false precision;
- `chunks` groups the draws by cut value (and, inside a group, by TTR, so neighbouring
  horizons warm-start each other): each chunk is one cut's draws (split when large, small
  groups packed together), with one engine per cut;
- a line's own TTS is solved once per (line, cut), on the network upstream of the line, and
  reused for every cut that does not reach the line (Survival keys it by the upstream state).
A chunk is fixed by the draws alone and evaluated on fresh engines in a fixed order, so its
numbers do not depend on which process evaluated it or on the worker count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from rePlanner.domain.progress import Progress
from rePlanner.domain.scenario import ScenarioInputs, time_to_recover
from rePlanner.engine.montecarlo import CHUNK_DRAWS, DrawResults, Draws, run_draws
from rePlanner.engine.network import FloatArray, Network
from rePlanner.engine.scenario import Losses, line_numbers, perturbed, restart_day
from rePlanner.engine.solve import Engine
from rePlanner.engine.survival import Survival


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
    survival: Survival = field(default_factory=Survival, repr=False)

    @property
    def lines(self) -> list[int]:
        return [int(j) for j in np.flatnonzero(self.net.demand > 0)]

    def labels(self) -> list[str]:
        return [self.net.ids[j] for j in self.lines]

    def ttr(self, delay: float, denial: float) -> FloatArray:
        inputs = ScenarioInputs(duration_days=self.ban_days, licence_delay_days=float(delay),
                                denial_share=float(denial))  # fmt: skip
        weeks = [self.week.get(j, 5.0) for j in self.lines]
        days = {w: time_to_recover(inputs, licence_applies=self.licence_applies,
                                   working_days_per_week=w, alternatives=self.alternatives).days
                for w in set(weeks)}  # fmt: skip
        return np.array([days[w] for w in weeks])

    def rounded_cut(self, cut: float) -> float:
        if not self.quota or self.quota_step <= 0:
            return 0.0 if not self.quota else float(cut)
        return float(min(1.0, round(cut / self.quota_step) * self.quota_step))

    def run(
        self, draws: Draws, *, workers: int | None = None, progress: Progress | None = None
    ) -> tuple[DrawResults, int]:
        """Every draw, in the chunks of `chunks` (see the module doc)."""
        return run_draws(self.evaluate, self.labels(), draws, workers=workers,
                         progress=progress, chunks=self.chunks(draws))  # fmt: skip

    def chunks(self, draws: Draws) -> list[np.ndarray]:
        """Draw indices by cut value, then TTR: a group over CHUNK_DRAWS is split evenly,
        small groups are packed together up to CHUNK_DRAWS."""
        order = self._order(draws, np.arange(len(draws)))
        pieces: list[list[int]] = []
        for group in order:
            n = math.ceil(len(group) / CHUNK_DRAWS)
            pieces += [list(p) for p in np.array_split(np.asarray(group), n)]
        out: list[list[int]] = []
        for p in pieces:
            if out and len(out[-1]) + len(p) <= CHUNK_DRAWS:
                out[-1] += p
            else:
                out.append(p)
        return [np.asarray(c, dtype=np.int64) for c in out]

    def evaluate(self, draws: Draws, idx: np.ndarray) -> FloatArray:
        """(len(idx), 3, lines): shutdown days, lost vehicles, lost margin per draw and line."""
        out = np.full((len(idx), 3, len(self.lines)), np.nan)
        pos = {int(i): k for k, i in enumerate(idx)}
        ttrs = {int(i): self.ttr(draws.licence_delay[i], draws.denial_share[i]) for i in idx}
        for group in self._order(draws, np.asarray(idx), ttrs):
            cut = self.rounded_cut(draws.quota_cut[group[0]])
            net = self._cut(cut)
            own = [self.survival.line(net, j, self.disrupted)[1].tts for j in self.lines]
            # TTR varies per draw: a source counts as ending the stop only if it carries the
            # line for good (conservative for the draws whose disruption ends earlier)
            back = [
                restart_day(net, self.survival.upstream(net, j), t, self.disrupted, line=j)
                for j, t in zip(self.lines, own, strict=True)
            ]
            losses = Losses(Engine(net), self.disrupted)
            for i in group:
                out[pos[i]] = self._draw(net, own, back, ttrs[i], losses)
        return out

    def _order(
        self, draws: Draws, idx: np.ndarray, ttrs: dict[int, FloatArray] | None = None
    ) -> list[list[int]]:
        """idx grouped by rounded cut (rising), each group by TTR then index."""
        ttrs = ttrs or {int(i): self.ttr(draws.licence_delay[i], draws.denial_share[i])
                        for i in idx}  # fmt: skip
        groups: dict[float, list[int]] = {}
        for i in idx:
            groups.setdefault(self.rounded_cut(draws.quota_cut[i]), []).append(int(i))
        return [sorted(groups[c], key=lambda i: (tuple(ttrs[i]), i)) for c in sorted(groups)]

    def _cut(self, cut: float) -> Network:
        if not self.quota or cut <= 0:
            return self.net
        return perturbed(self.net, capacity_factor={j: 1.0 - cut for j in self.quota})

    def _draw(
        self, net: Network, own: list[float], back: list[float | None], ttr: FloatArray,
        losses: Losses,
    ) -> FloatArray:  # fmt: skip
        res = np.full((3, len(self.lines)), np.nan)
        losses.add(ttr)
        for k, j in enumerate(self.lines):
            h = float(ttr[k])
            short, lost, _ = line_numbers(net, j, own[k], h, losses.at(h), back[k])
            res[:, k] = (short, lost, lost * float(net.profit[j]))
        return res
