"""PI and TTS exactly when some sources start late: one LP over periods split at the start days.

Used by engine/solve.py only when a node that is not disrupted starts on a day a_j > 0 (and
has capacity); every other network keeps the single-period LP of engine/lp.py.

Model. Periods p = 1..K end at T_1 < ... < T_K (the distinct start days, then the horizon);
inside a period every rate is constant. Per period: production u^p (n), shipments y^p (m) and,
for PI, lost volume l^p per product. With U_p = sum_{q<=p} u^q (Y_p, L_p likewise), rows:
  input  g, p:  U_p[j] - sum_{i in g} Y_p[ig] / r_ig <= 0     (made only from inputs received)
  ship   i, p:  sum_g Y_p[ig] - U_p[i] <= s_i                  (shipped only when made or held)
  demand j, p:  D_j(T_p) - U_p[j] - L_p[j] <= s_j              (PI; TTS: no l)
  capacity:     u^p_j <= c_j (T_p - T_{p-1}); 0 while p starts before a_j or j in S
D_j(T) = d_j T is cumulative demand (d_j x (T - stopped days) when the line is paused, see
`pause`). Lost volume of product j = sum_p l^p_j, with the same margin cost as the one-period LP.

Exactness (a fluid model in continuous time: cumulative production of a node never exceeds
what its inputs delivered so far, nothing ships before it is made or held, capacity is a rate,
a late node makes nothing before a_j, demand of a day not met is lost):
- any such schedule gives a feasible point: take its totals per period; the rows are the
  continuous-time conditions at the period ends and capacity is integrated per period;
- conversely a feasible point, run at constant rates inside each period, is such a schedule:
  every cumulative quantity is then affine in time inside a period, so a row that holds at both
  ends of a period holds throughout, and no late node is on before its start (a start day is a
  period boundary).
- lost volume: for a fixed production, the least lost volume of a line that cannot build ahead
  of its stock or catch up later is max_tau (D(tau) - s - U(tau))^+, and D - U is affine inside a
  period, so the maximum is at a period end: the cumulative rows give exactly that (each l^p is
  automatically <= d_j x the period's length, so no bound is needed). This replaces the old
  per-line "loss up to the restart day" floor, and lines sharing a part now get their losses
  from one optimum.
With one period (no late starter) the rows are those of engine/lp.py.

TTS(S) ("stretches"): with the start days A_1 < ... < A_K, stretch k is the LP above with the
periods ending at A_1..A_k and one open last period [A_k, t], t a variable >= A_k, capacity
rows u^last_j <= c_j (t - A_k), maximising t. Stretch k is exact for t in [A_k, A_(k+1)] and
for larger t it keeps the later sources off, so its optimum t_k is a lower bound on TTS. The set
of feasible horizons is an interval [0, TTS] (a schedule that works for t works for any shorter
t), so if t_k < A_(k+1), a feasible t in (t_k, A_(k+1)) would be feasible in stretch k: TTS = t_k.
Otherwise TTS >= A_(k+1) and stretch k+1 is feasible at its start; the last stretch (all sources
on) is exact for every t >= A_K. Stretch 0 always starts feasible at t = 0.

Duals are reported in the single-period layout (so LpModel.bindings names them as before): a
base row's shadow price is the sum of its per-period duals (its rhs, e.g. the stock s_i, appears
in every period's cumulative row), capacity bounds of fixed periods add to the capacity row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from rePlanner.engine import highs
from rePlanner.engine.lp import LpModel, LpSolution, solve_linprog
from rePlanner.engine.network import FloatArray

Pause = tuple[float, float] | None  # days (from, to) on which no product has demand


def demand_to(days: FloatArray | float, pause: Pause) -> FloatArray:
    """Days of demand up to each day: the day itself minus the paused days before it."""
    t = np.asarray(days, dtype=float)
    if pause is None:
        return t
    return t - np.clip(t - pause[0], 0.0, pause[1] - pause[0])


class PeriodLp:
    """One multi-period LP (PI with fixed period ends, or a TTS stretch), warm when HiGHS is."""

    def __init__(
        self, model: LpModel, ends: Sequence[float], tts: bool, pause: Pause = None,
        warm: bool = True, once: bool = False,
    ) -> None:  # fmt: skip
        """`once`: asked one question only, so no undisrupted solve to warm-start from."""
        self.model, self.tts, self.pause = model, tts, pause
        self.ends = np.asarray(ends, dtype=float)
        self.k = len(self.ends) + (1 if tts else 0)
        self.begins = np.concatenate([[0.0], self.ends])[: self.k]
        self.block = model.n + model.m
        self.rows = model.a_pi.shape[0]  # input, ship, demand rows of one period
        self.a = self._matrix()
        self.cost = np.zeros(self.a.shape[1])
        if tts:
            self.cost[-1] = -1.0
        else:
            self.cost[self.k * self.block :] = np.tile(model.profit[model.products], self.k)
        self.lb = np.zeros(self.a.shape[1])
        if tts:
            self.lb[-1] = self.begins[-1]
        self.b, self.ub = self._rhs(), self._upper()
        self._lp: highs.WarmLp | None = None
        self._base = LpSolution("error", math.nan)  # the undisrupted optimum (warm, not once)
        if warm and highs.available():
            self._lp = highs.WarmLp(self.cost, self.a, self.b, self.ub, presolve=not tts)
            if tts:
                self._lp.set_bounds(np.array([len(self.lb) - 1]), self.lb[-1:], np.full(1, np.inf))
            if not once:
                self._base = self._lp.solve(duals=True)
                self._lp.save_basis()

    # ---- building -------------------------------------------------------------------------
    def _matrix(self) -> sp.csc_matrix:
        m, k = self.model, self.k
        tri = sp.csr_matrix(np.tril(np.ones((k, k))))
        base = sp.csr_matrix(m.a_pi[:, : self.block])  # input, ship and demand (-u) rows
        main = sp.kron(tri, base)
        p = len(m.products)
        if not self.tts:
            lost = sp.coo_matrix((-np.ones(p), (m.base_rows + np.arange(p), np.arange(p))),
                                 shape=(self.rows, p))  # fmt: skip
            return sp.csc_matrix(sp.hstack([main, sp.kron(tri, lost)]))
        # the open last period: d_j t in its demand rows, u_j - c_j t in capacity rows
        rate = 0.0 if self._paused_last() else 1.0
        t_col = np.zeros(k * self.rows)
        t_col[(k - 1) * self.rows + m.base_rows + np.arange(p)] = rate * m.demand[m.products]
        cap = len(m.capped)
        cap_rows = sp.coo_matrix(
            (np.ones(cap), (np.arange(cap), (k - 1) * self.block + m.capped)),
            shape=(cap, k * self.block),
        )
        top = sp.hstack([main, sp.csr_matrix(t_col.reshape(-1, 1))])
        bottom = sp.hstack([cap_rows, sp.csr_matrix(-m.capacity[m.capped].reshape(-1, 1))])
        return sp.csc_matrix(sp.vstack([top, bottom]))

    def _paused_last(self) -> bool:
        """The open last period of a TTS stretch lies in the pause (no demand in it)."""
        p = self.pause
        return p is not None and p[0] <= self.begins[-1] < p[1]

    def _rhs(self) -> FloatArray:
        m = self.model
        g, p = len(m.group_consumer), len(m.products)
        one = np.zeros(self.rows)
        one[g : m.base_rows] = m.inventory[m.shippers]
        ends = self.ends if not self.tts else np.append(self.ends, self.begins[-1])
        b = np.tile(one, self.k)
        dem = m.demand[m.products]
        for q, end in enumerate(ends):
            at = float(demand_to(end, self.pause))
            if self.tts and q == self.k - 1 and not self._paused_last():
                at -= end  # the t column carries d_j (t - A_k) + d_j A_k
            b[q * self.rows + m.base_rows + np.arange(p)] = m.inventory[m.products] - dem * at
        if self.tts:
            b = np.append(b, -m.capacity[m.capped] * self.begins[-1])
        return b

    def _upper(self) -> FloatArray:
        m = self.model
        ub = np.full(self.a.shape[1], np.inf)
        cap = m.capacity
        for q in range(self.k):
            u = slice(q * self.block, q * self.block + m.n)
            if not (self.tts and q == self.k - 1):  # capacity rows bound the open period
                days = float(self.ends[q] - self.begins[q])
                with np.errstate(invalid="ignore"):
                    ub[u] = np.where(np.isfinite(cap), cap * days, np.inf)
            ub[u] = np.where(m.start > self.begins[q], 0.0, ub[u])  # not started yet
        return ub

    def retarget(self, horizon: float) -> None:
        """PI: move the last period's end to `horizon` (same start days before it)."""
        if self.tts or horizon == self.ends[-1]:
            return
        self.ends[-1] = horizon
        b, ub = self._rhs(), self._upper()
        if self._lp is not None:
            rows, cols = np.flatnonzero(b != self.b), np.flatnonzero(ub != self.ub)
            self._lp.set_rhs(rows, b[rows])
            self._lp.set_upper(cols, ub[cols])
            self._lp.restore_basis()
            self._base = self._lp.solve(duals=True)
            self._lp.save_basis()
        self.b, self.ub = b, ub

    # ---- solving --------------------------------------------------------------------------
    def columns(self, nodes: Sequence[int]) -> np.ndarray:
        """u columns of `nodes` in every period."""
        idx = np.asarray(nodes, dtype=np.int64)
        return (np.arange(self.k)[:, None] * self.block + idx[None, :]).ravel()

    def solve(self, disrupted: Sequence[int], duals: bool = False) -> LpSolution:
        cols = self.columns(disrupted)
        if self._lp is None:
            ub = self.ub.copy()
            ub[cols] = 0.0
            sol = solve_linprog(self.cost, self.a, self.b, ub, self.lb)
        elif not len(cols) and self._base.x is not None:
            sol = self._base  # a re-solve from its own basis gives the same
        else:
            self._lp.restore_basis()
            self._lp.set_upper(cols, np.zeros(len(cols)))
            sol = self._lp.solve(duals)
            self._lp.set_upper(cols, self.ub[cols])
        return self.collapse(sol)

    def collapse(self, sol: LpSolution) -> LpSolution:
        """The solution in the one-period layout of LpModel (totals, summed duals)."""
        if sol.x is None:
            return sol
        m, k = self.model, self.k
        flows = sol.x[: k * self.block].reshape(k, self.block).sum(axis=0)
        rest = sol.x[k * self.block :]
        tail = rest[-1:] if self.tts else rest.reshape(k, -1).sum(axis=0)
        x = np.concatenate([flows, tail])
        row_dual = col_dual = None
        if sol.row_dual is not None and sol.col_dual is not None:
            per = sol.row_dual[: k * self.rows].reshape(k, self.rows).sum(axis=0)
            u_dual = sol.col_dual[: k * self.block].reshape(k, self.block)
            if self.tts:
                cap = sol.row_dual[k * self.rows :] + u_dual[:-1, m.capped].sum(axis=0)
                row_dual = np.concatenate([per, cap])
                col_dual = np.zeros(len(x))
            else:
                row_dual = per
                col_dual = np.concatenate([u_dual.sum(axis=0), np.zeros(len(tail))])
        return LpSolution(sol.status, sol.objective, x, row_dual, col_dual)


def survive(stretch: Callable[[int], LpSolution], starts: Sequence[float]) -> LpSolution:
    """TTS over the stretches (module doc): `stretch(k)` solves the one with k start days."""
    best: LpSolution | None = None
    for k in range(len(starts) + 1):
        sol = stretch(k)
        if sol.status not in ("optimal", "unbounded"):
            break  # numerically infeasible at its start: keep what the last stretch gave
        best = sol
        t = math.inf if sol.status == "unbounded" else -sol.objective
        if k == len(starts) or t < starts[k] * (1 - 1e-9) - 1e-9:
            break
    return best if best is not None else sol
