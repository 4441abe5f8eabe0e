"""Closed forms that settle a single-node disruption without its own LP.

Both rest on monotonicity: disrupting j only adds the bound u_j = 0, so the feasible set
shrinks, TTS({j}) <= TTS(0) and PI({j}, h) >= PI(0, h). If some optimal solution of the
undisrupted LP already has u_j = 0, it stays feasible and optimal with j disrupted, and the
disrupted value equals the undisrupted one.

1. Downstream-capacity rule (`covered_by_inventory`). For a node j that is not a finished
   product, let need_j = sum over its outgoing edges e (to consumer k, ratio r_e) of r_e c_k.
   If s_j >= need_j * h, take any optimal solution at horizon h (or t = h for TTS) and set
   y'_e = min(y_e, r_e u_k) on j's outgoing edges and u'_j = 0. Each consumer's input row
   still holds (either y'_e / r_e = u_k, or y_e is unchanged); j's ship row holds because
   sum y'_e <= sum r_e u_k <= sum r_e c_k h <= s_j; j has no demand row; j's own input and
   capacity rows only loosen; no other variable moved, so the objective is unchanged.
   Hence j's loss of production cannot bind within h: PI({j}, h) = PI(0, h), and with
   h = TTS(0): TTS({j}) = TTS(0). Consumers with unlimited capacity make need_j infinite.
2. Witness rule (`idle_in_witness`). Among the undisrupted optima, one that makes as little
   as possible (min sum u with the optimum fixed) is solved once per horizon; every node
   idle in it (u_j ~ 0) has the undisrupted value, by the same argument.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from rePlanner.engine.lp import LpModel, solve_linprog
from rePlanner.engine.network import BoolArray, FloatArray

IDLE = 1e-9  # production below this is HiGHS's feasibility tolerance: treated as zero


def downstream_need(model: LpModel) -> FloatArray:
    """need_j = sum over j's outgoing edges of r_e * c_consumer (inf if a consumer is uncapped)."""
    need = np.zeros(model.n)
    draw = model.edge_ratio * model.capacity[model.edge_consumer]
    np.add.at(need, model.edge_supplier, draw)
    return need


def covered_by_inventory(model: LpModel, horizon: float) -> BoolArray:
    """Rule 1: nodes whose stock alone covers everything their consumers could take in h."""
    if not math.isfinite(horizon):
        return np.asarray(downstream_need(model) == 0) & (model.demand == 0)
    with np.errstate(invalid="ignore"):
        enough = model.inventory >= downstream_need(model) * horizon
    return np.asarray(enough & (model.demand == 0))


def idle_in_witness_tts(model: LpModel, tts0: float) -> BoolArray:
    """Rule 2 for TTS: nodes idle in a least-production solution at t = TTS(0)."""
    none = np.zeros(model.n, dtype=bool)
    if not math.isfinite(tts0):
        return none
    c = np.zeros(model.a_tts.shape[1])
    c[: model.n] = 1.0
    a = model.a_tts
    # t >= tts0 (1 - 1e-10) as a row, so the witness is at the optimum up to 1e-10
    t_row = sp.csr_matrix(([-1.0], ([0], [a.shape[1] - 1])), shape=(1, a.shape[1]))
    a2 = sp.csc_matrix(sp.vstack([a, t_row]))
    b2 = np.append(model.tts_rhs(), -tts0 * (1 - 1e-10))
    ub = model.tts_upper([])
    ub[-1] = tts0
    sol = solve_linprog(c, a2, b2, ub)
    if sol.status != "optimal" or sol.x is None:
        return none
    return np.asarray(sol.x[: model.n] <= IDLE)


def idle_in_witness_pi(model: LpModel, horizon: float, pi0: float) -> tuple[BoolArray, FloatArray]:
    """Rule 2 for PI at horizon h; also returns the witness's lost volume per product."""
    c = np.zeros(model.a_pi.shape[1])
    c[: model.n] = 1.0
    cost = sp.csr_matrix(model.pi_cost())
    a2 = sp.csc_matrix(sp.vstack([model.a_pi, cost]))
    b2 = np.append(model.pi_rhs(horizon), pi0 + 1e-9 * max(1.0, abs(pi0)))
    sol = solve_linprog(c, a2, b2, model.pi_upper(horizon, []))
    if sol.status != "optimal" or sol.x is None:
        return np.zeros(model.n, dtype=bool), np.zeros(len(model.products))
    return np.asarray(sol.x[: model.n] <= IDLE), sol.x[model.n + model.m :]
