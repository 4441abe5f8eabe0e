"""PI(S, t) and TTS(S) on one network: matrices built once, each disruption only changes bounds.

`Engine(network)` keeps two warm HiGHS models (PI at the current horizon, TTS) and re-solves
them from the undisrupted basis; without HiGHS bindings it falls back to a fresh
scipy.optimize.linprog(method="highs") per query on the same prebuilt matrices.
When a node that is not disrupted starts producing on a later day (Network.available_from),
the query goes to the exact multi-period LPs of engine/periods.py instead (kept per engine).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from rePlanner.engine import highs
from rePlanner.engine.lp import Binding, LpModel, LpSolution, solve_linprog
from rePlanner.engine.network import Network
from rePlanner.engine.periods import Pause, PeriodLp, survive

MAX_PERIOD_LPS = 64  # multi-period LPs kept per engine (stretches, PI start-day sets, pauses)


@dataclass(frozen=True)
class PIResult:
    """Performance impact: the minimum lost profit over the horizon with S disrupted."""

    horizon: float
    lost_profit: float
    lost_volume: dict[str, float]  # per product, one optimal solution (not unique on ties)
    status: str
    binding: list[Binding] = field(default_factory=list)


@dataclass(frozen=True)
class TTSResult:
    """Time to survive: the longest t with every product's demand met (inf when unbounded)."""

    tts: float
    status: str  # "optimal", "unbounded" (tts = inf), "infeasible", "error" (tts = nan)
    binding: list[Binding] = field(default_factory=list)


def tts_value(sol: LpSolution) -> float:
    if sol.status == "unbounded":
        return math.inf
    if sol.status != "optimal":
        return math.nan
    return max(0.0, -sol.objective)


class Engine:
    def __init__(self, network: Network | LpModel, warm: bool | None = None) -> None:
        self.model = network if isinstance(network, LpModel) else LpModel.build(network)
        self.warm = highs.available() if warm is None else (warm and highs.available())
        self._index = {node: i for i, node in enumerate(self.model.ids)}
        self._tts: highs.WarmLp | None = None
        self._pi: highs.WarmLp | None = None
        self._horizon = math.nan
        self._pi_ub = np.zeros(0)
        self._tts_base = LpSolution("error", math.nan)  # undisrupted optimum, set on first solve
        self._periods: dict[tuple[object, ...], PeriodLp] = {}  # with late starters only
        self._delayed = set(self.model.delayed.tolist())

    def nodes(self, disrupted: Iterable[int | str]) -> list[int]:
        return [self._index[d] if isinstance(d, str) else int(d) for d in disrupted]

    # ---- raw solves (used by the stress test's chunks) -----------------------------------
    def solve_tts(
        self, disrupted: Sequence[int], duals: bool = False, pause: Pause = None
    ) -> LpSolution:
        """max t with S off; with late starters (or a `pause` of demand) over periods."""
        if pause is not None or self._late(disrupted, math.inf):
            return self._survive(list(disrupted), duals, pause)
        m = self.model
        if not self.warm:
            return solve_linprog(m.tts_cost(), m.a_tts, m.tts_rhs(), m.tts_upper(disrupted))
        if self._tts is None:
            # presolve costs more than the few simplex iterations TTS needs (38 -> 11 ms on
            # 5,000 nodes), for the same optimum
            self._tts = highs.WarmLp(
                m.tts_cost(), m.a_tts, m.tts_rhs(), m.tts_upper([]), presolve=False
            )
            self._tts_base = self._tts.solve(duals=True)
            self._tts.save_basis()
        if not len(disrupted):  # a re-solve from its own basis gives the same
            return self._tts_base
        lp = self._tts
        lp.restore_basis()
        lp.set_upper(np.asarray(disrupted), np.zeros(len(disrupted)))
        sol = lp.solve(duals)
        lp.set_upper(np.asarray(disrupted), np.full(len(disrupted), np.inf))
        return sol

    def _late(self, disrupted: Sequence[int], before: float) -> bool:
        """Does a node not in S start producing on a day in (0, before)?"""
        if not self._delayed:  # the common case: no late starters at all
            return False
        m = self.model
        late = self._delayed - set(int(d) for d in disrupted)
        return any(m.capacity[j] > 0 and m.start[j] < before for j in late)

    def _starts(self) -> list[float]:
        """The distinct start days of late nodes with capacity (disrupted or not)."""
        m = self.model
        return sorted({float(m.start[j]) for j in m.delayed if m.capacity[j] > 0})

    def _period(self, key: tuple[object, ...], ends: list[float], tts: bool,
                pause: Pause = None) -> PeriodLp:  # fmt: skip
        if key not in self._periods:
            if len(self._periods) >= MAX_PERIOD_LPS:
                self._periods.clear()
            self._periods[key] = PeriodLp(self.model, ends, tts, pause, self.warm)
        return self._periods[key]

    def _survive(self, s: list[int], duals: bool, pause: Pause) -> LpSolution:
        """TTS with late starters: the stretches of engine/periods.py, in order."""
        breaks = set(self._starts())
        if pause is not None:
            breaks |= {float(p) for p in pause if 0 < p < math.inf}
        starts = sorted(breaks)

        def stretch(k: int) -> LpSolution:
            lp = self._period(("tts", k, pause), starts[:k], True, pause)
            return lp.solve(s, duals)

        return survive(stretch, starts)

    def runs_until(self, disrupted: Sequence[int], pause: Pause, horizon: float) -> bool:
        """Is every product's demand met until `horizon` when it has none during `pause`?
        One PI LP over periods (no loss) for a finite horizon, the stretches for an open one."""
        if not math.isfinite(horizon):
            return math.isinf(self.time_to_survive(disrupted, pause).tts)
        m = self.model
        cuts = {a for a in self._starts() if a < horizon}
        cuts |= {float(p) for p in pause or () if 0 < p < horizon}
        lp = PeriodLp(m, [*sorted(cuts), horizon], False, pause, self.warm, once=True)
        sol = lp.solve(self.nodes(disrupted))
        if sol.status != "optimal" or sol.x is None:
            return False
        lost = sol.x[m.n + m.m :]
        return bool(np.all(lost <= 1e-7 * np.maximum(1.0, m.demand[m.products] * horizon)))

    def set_horizon(self, horizon: float) -> None:
        if not self.warm or horizon == self._horizon:
            return
        m = self.model
        b = m.pi_rhs(horizon)
        self._pi_ub = m.pi_upper(horizon, [])
        if self._pi is None:
            self._pi = highs.WarmLp(m.pi_cost(), m.a_pi, b, self._pi_ub)
        else:
            rows = np.arange(m.base_rows, m.a_pi.shape[0])
            self._pi.set_rhs(rows, b[rows])
            self._pi.set_upper(np.arange(m.n), self._pi_ub[: m.n])
        self._pi.solve()
        self._pi.save_basis()
        self._horizon = horizon

    def solve_pi(self, disrupted: Sequence[int], horizon: float, duals: bool = False) -> LpSolution:
        m = self.model
        if self._late(disrupted, horizon):
            ends = [a for a in self._starts() if a < horizon]
            lp = self._period(("pi", *ends), [*ends, horizon], False)
            lp.retarget(horizon)
            return lp.solve(disrupted, duals)
        if not self.warm:
            ub = m.pi_upper(horizon, disrupted)
            return solve_linprog(m.pi_cost(), m.a_pi, m.pi_rhs(horizon), ub)
        self.set_horizon(horizon)
        assert self._pi is not None
        cols = np.asarray(disrupted, dtype=np.int64)
        self._pi.restore_basis()
        self._pi.set_upper(cols, np.zeros(len(cols)))
        sol = self._pi.solve(duals)
        self._pi.set_upper(cols, self._pi_ub[cols])
        return sol

    # ---- public queries ------------------------------------------------------------------
    def time_to_survive(
        self, disrupted: Iterable[int | str] = (), pause: Pause = None
    ) -> TTSResult:
        """`pause`: days (from, to) on which the products have no demand (a line standing
        still, see scenario.restart_day); None for the plain TTS."""
        sol = self.solve_tts(self.nodes(disrupted), duals=True, pause=pause)
        binding = self.model.bindings(sol, tts=True) if sol.status == "optimal" else []
        return TTSResult(tts_value(sol), sol.status, binding)

    def performance_impact(
        self, disrupted: Iterable[int | str] = (), horizon: float = 0.0
    ) -> PIResult:
        if not math.isfinite(horizon) or horizon < 0:
            raise ValueError(f"horizon must be a finite number of days >= 0, got {horizon}")
        sol = self.solve_pi(self.nodes(disrupted), horizon, duals=True)
        if sol.status != "optimal" or sol.x is None:
            return PIResult(horizon, math.nan, {}, sol.status)
        return PIResult(
            horizon,
            max(0.0, sol.objective),
            self.lost_volume(sol),
            sol.status,
            self.model.bindings(sol, tts=False),
        )

    def lost_volume(self, sol: LpSolution) -> dict[str, float]:
        m = self.model
        assert sol.x is not None
        lost = sol.x[m.n + m.m :]
        return {m.ids[j]: float(v) for j, v in zip(m.products, lost, strict=True) if v > 1e-9}


def time_to_survive(network: Network, disrupted: Iterable[int | str] = ()) -> TTSResult:
    """TTS(S) on a fresh engine (build an Engine to ask many questions of one network)."""
    return Engine(network).time_to_survive(disrupted)


def performance_impact(
    network: Network, disrupted: Iterable[int | str] = (), horizon: float = 0.0
) -> PIResult:
    """PI(S, t) on a fresh engine."""
    return Engine(network).performance_impact(disrupted, horizon)
