"""PI(S, t) and TTS(S) on one network: matrices built once, each disruption only changes bounds.

`Engine(network)` keeps two warm HiGHS models (PI at the current horizon, TTS) and re-solves
them from the undisrupted basis; without HiGHS bindings it falls back to a fresh
scipy.optimize.linprog(method="highs") per query on the same prebuilt matrices.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from rePlanner.engine import highs
from rePlanner.engine.lp import Binding, LpModel, LpSolution, solve_linprog
from rePlanner.engine.network import Network


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

    def nodes(self, disrupted: Iterable[int | str]) -> list[int]:
        return [self._index[d] if isinstance(d, str) else int(d) for d in disrupted]

    # ---- raw solves (used by the stress test's chunks) -----------------------------------
    def solve_tts(
        self, disrupted: Sequence[int], duals: bool = False, t_low: float = 0.0
    ) -> LpSolution:
        """max t with S off; `t_low` > 0 asks for t >= t_low (a segment of late starters)."""
        m = self.model
        rows, debt_free = self._debt_free_rows(disrupted)
        t_col = np.array([m.a_tts.shape[1] - 1])
        if not self.warm:
            b = m.tts_rhs()
            b[rows] = debt_free
            lb = np.zeros(m.a_tts.shape[1])
            lb[t_col] = t_low
            return solve_linprog(m.tts_cost(), m.a_tts, b, m.tts_upper(disrupted), lb)
        if self._tts is None:
            # presolve costs more than the few simplex iterations TTS needs (38 -> 11 ms on
            # 5,000 nodes), for the same optimum
            self._tts = highs.WarmLp(
                m.tts_cost(), m.a_tts, m.tts_rhs(), m.tts_upper([]), presolve=False
            )
            self._tts_base = self._tts.solve(duals=True)
            self._tts.save_basis()
        if not len(disrupted) and t_low <= 0:  # a re-solve from its own basis gives the same
            return self._tts_base
        lp = self._tts
        lp.restore_basis()
        lp.set_upper(np.asarray(disrupted), np.zeros(len(disrupted)))
        if len(rows):
            lp.set_rhs(rows, debt_free)
        if t_low > 0:
            lp.set_bounds(t_col, np.array([t_low]), np.array([np.inf]))
        sol = lp.solve(duals)
        lp.set_upper(np.asarray(disrupted), np.full(len(disrupted), np.inf))
        if len(rows):
            lp.set_rhs(rows, m.tts_rhs()[rows])
        if t_low > 0:
            lp.set_bounds(t_col, np.zeros(1), np.array([np.inf]))
        return sol

    def _debt_free_rows(self, disrupted: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Ship rows of switched-off late starters and their rhs without the start debt."""
        m = self.model
        late = set(m.delayed.tolist())
        if not late:
            return np.zeros(0, np.int64), np.zeros(0)
        nodes = [j for j in sorted(set(int(d) for d in disrupted) & late)]
        pairs = [(r, m.inventory[j]) for j in nodes if (r := m.ship_row(j)) is not None]
        return np.array([r for r, _ in pairs], np.int64), np.array([v for _, v in pairs])

    def _survive(self, s: list[int]) -> tuple[LpSolution, float]:
        """TTS with late starters: one LP per stretch between start days, in order.

        Stretch k has the sources started by A_k on (their start debt in the ship rows) and
        t >= A_k. The aggregate LP is valid for a t only if it is for every earlier t, so
        stretch k+1 is looked at only when stretch k lasts until A_(k+1) (then it is feasible
        at its start, and its feasible t form an interval); otherwise TTS = stretch k's t.
        """
        m = self.model
        late = [int(j) for j in m.delayed if int(j) not in set(s)]
        starts = sorted({float(m.start[j]) for j in late})
        best: tuple[LpSolution, float] | None = None
        for k, a in enumerate([0.0, *starts]):
            off = [j for j in late if m.start[j] > a]
            sol = self.solve_tts(s + off, duals=True, t_low=a)
            t = tts_value(sol)
            if sol.status not in ("optimal", "unbounded"):
                break  # numerically infeasible at its start: keep what the last stretch gave
            best = (sol, t)
            if math.isinf(t) or k == len(starts) or t < starts[k]:
                break
        return best if best is not None else (sol, math.nan)

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
    def time_to_survive(self, disrupted: Iterable[int | str] = ()) -> TTSResult:
        s = self.nodes(disrupted)
        if len(self.model.delayed):
            sol, _ = self._survive(s)
        else:
            sol = self.solve_tts(s, duals=True)
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
