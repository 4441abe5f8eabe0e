"""The two LPs of domain.md (Simchi-Levi et al., Interfaces 45(5), 2015) as sparse matrices.

Columns: u (production per node, n), y (shipment per supplier-consumer pair inside an input
group, m), then l (lost volume per product) for PI or the single t for TTS.
Rows, all `A x <= b`:
  input  g:  u_j - sum_{i in g} y_ig / r_ig <= 0        (scarcest input limits output)
  ship   i:  sum_g y_ig - u_i <= s_i                   (ship <= make + stock)
  demand j:  PI: -u_j - l_j <= s_j - d_j h             TTS: d_j t - u_j <= s_j
  cap    j:  TTS only, u_j - c_j t <= 0 (finite c); in PI capacity is the bound u_j <= c_j h
A disruption only changes bounds (u_j = 0 for j in S); the horizon only changes the demand rhs
and the u bounds. The matrices are therefore built once per network.

A node that starts producing only on day a_j > 0 (an alternative source) is handled here only
when it makes nothing over the question asked (disrupted, no capacity, or in PI a start on or
after the horizon: bound 0); otherwise Engine uses the multi-period LPs of engine/periods.py,
built from these same rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from rePlanner.engine.network import FloatArray, Network

IntArray = np.ndarray


@dataclass(frozen=True)
class Binding:
    """A constraint with a non-zero shadow price at the optimum."""

    kind: str  # "input", "ship", "demand", "capacity"
    node: str
    detail: str = ""  # the input group's label for "input"
    shadow_price: float = 0.0


@dataclass
class LpSolution:
    status: str  # "optimal", "unbounded", "infeasible", "error"
    objective: float
    x: FloatArray | None = None
    row_dual: FloatArray | None = None
    col_dual: FloatArray | None = None


@dataclass
class LpModel:
    """Sparse rows shared by PI and TTS; build with `LpModel.build(network)`."""

    n: int
    m: int
    products: IntArray  # node indices with demand > 0
    edge_supplier: IntArray
    edge_consumer: IntArray
    edge_ratio: FloatArray  # r: units of the supplier's item per unit of the consumer
    group_consumer: IntArray
    group_label: list[str]
    shippers: IntArray  # nodes with at least one outgoing edge (one ship row each)
    capped: IntArray  # nodes with finite capacity
    a_pi: sp.csc_matrix
    a_tts: sp.csc_matrix
    capacity: FloatArray
    inventory: FloatArray
    demand: FloatArray
    profit: FloatArray
    ids: list[str] = field(default_factory=list)
    start: FloatArray = field(default_factory=lambda: np.zeros(0))  # a_j, days

    @classmethod
    def build(cls, net: Network) -> LpModel:
        _validate(net)
        n = net.size
        sup, con, inv_ratio, grp = _edges(net)
        m = len(sup)
        g = len(net.inputs)
        products = np.flatnonzero(net.demand > 0)
        shippers = np.unique(sup)
        capped = np.flatnonzero(np.isfinite(net.capacity))
        ship_row = np.searchsorted(shippers, sup)
        cols_y = n + np.arange(m)
        # input rows (u_j - sum y / r) and ship rows (sum y - u_i)
        rows = [np.array([gi for gi, _ in enumerate(net.inputs)]), grp, g + ship_row]
        rows += [g + np.arange(len(shippers))]
        cols = [np.array([gr.consumer for gr in net.inputs]), cols_y, cols_y, shippers]
        vals = [np.ones(g), -inv_ratio, np.ones(m), -np.ones(len(shippers))]
        base_rows = g + len(shippers)
        p = len(products)
        k = base_rows + np.arange(p)
        # PI: demand rows -u_j - l_j
        a_pi = _coo(
            rows + [k, k],
            cols + [products, n + m + np.arange(p)],
            vals + [-np.ones(p), -np.ones(p)],
            (base_rows + p, n + m + p),
        )
        t_col = n + m
        kc = base_rows + p + np.arange(len(capped))
        a_tts = _coo(
            rows + [k, k, kc, kc],
            cols + [products, np.full(p, t_col), capped, np.full(len(capped), t_col)],
            vals + [-np.ones(p), net.demand[products], np.ones(len(capped)), -net.capacity[capped]],
            (base_rows + p + len(capped), n + m + 1),
        )
        return cls(
            n=n,
            m=m,
            products=products,
            edge_supplier=sup,
            edge_consumer=con,
            edge_ratio=1.0 / inv_ratio,
            group_consumer=np.array([gr.consumer for gr in net.inputs], dtype=np.int64),
            group_label=[gr.label for gr in net.inputs],
            shippers=shippers,
            capped=capped,
            a_pi=a_pi,
            a_tts=a_tts,
            capacity=net.capacity.astype(float),
            inventory=net.inventory.astype(float),
            demand=net.demand.astype(float),
            profit=net.profit.astype(float),
            ids=list(net.ids),
            start=net.start_days(),
        )

    @property
    def base_rows(self) -> int:
        return len(self.group_consumer) + len(self.shippers)

    # ---- PI(S, h) -------------------------------------------------------------------------
    def pi_cost(self) -> FloatArray:
        c = np.zeros(self.n + self.m + len(self.products))
        c[self.n + self.m :] = self.profit[self.products]
        return c

    def pi_rhs(self, horizon: float) -> FloatArray:
        b = np.zeros(self.a_pi.shape[0])
        b[len(self.group_consumer) : self.base_rows] = self.inventory[self.shippers]
        prod = self.products
        b[self.base_rows :] = self.inventory[prod] - self.demand[prod] * horizon
        return b

    def pi_upper(self, horizon: float, disrupted: Sequence[int] | IntArray) -> FloatArray:
        ub = np.full(self.a_pi.shape[1], np.inf)
        cap = self.capacity
        with np.errstate(invalid="ignore"):
            ub[: self.n] = np.where(np.isfinite(cap), cap * horizon, np.inf)
            late = self.delayed
            days = horizon - self.start[late]
            ub[late] = np.where(days > 0, np.where(np.isfinite(cap[late]), cap[late] * days,
                                                   np.inf), 0.0)  # fmt: skip
        ub[np.asarray(disrupted, dtype=np.int64)] = 0.0
        return ub

    @property
    def delayed(self) -> IntArray:
        """Nodes that start producing after day 0."""
        return np.flatnonzero(self.start > 0) if len(self.start) else np.zeros(0, np.int64)

    def ship_row(self, node: int) -> int | None:
        """The index of node's ship row (in both LPs), None when it ships nothing."""
        k = int(np.searchsorted(self.shippers, node))
        if k < len(self.shippers) and self.shippers[k] == node:
            return len(self.group_consumer) + k
        return None

    # ---- TTS(S) ---------------------------------------------------------------------------
    def tts_cost(self) -> FloatArray:
        c = np.zeros(self.a_tts.shape[1])
        c[-1] = -1.0
        return c

    def tts_rhs(self) -> FloatArray:
        b = np.zeros(self.a_tts.shape[0])
        g = len(self.group_consumer)
        b[g : self.base_rows] = self.inventory[self.shippers]
        p = len(self.products)
        b[self.base_rows : self.base_rows + p] = self.inventory[self.products]
        return b

    def tts_upper(self, disrupted: Sequence[int] | IntArray) -> FloatArray:
        ub = np.full(self.a_tts.shape[1], np.inf)
        ub[np.asarray(disrupted, dtype=np.int64)] = 0.0
        return ub

    # ---- explanations ---------------------------------------------------------------------
    def row_names(self, tts: bool) -> list[tuple[str, str, str]]:
        names = [
            ("input", self.ids[j], lab)
            for j, lab in zip(self.group_consumer, self.group_label, strict=True)
        ]
        names += [("ship", self.ids[i], "") for i in self.shippers]
        names += [("demand", self.ids[j], "") for j in self.products]
        if tts:
            names += [("capacity", self.ids[j], "") for j in self.capped]
        return names

    def row_name(self, row: int) -> tuple[str, str, str]:
        """row_names(tts)[row] without building the list (capacity rows exist in TTS only)."""
        g, p = len(self.group_consumer), len(self.products)
        if row < g:
            return "input", self.ids[self.group_consumer[row]], self.group_label[row]
        if row < self.base_rows:
            return "ship", self.ids[self.shippers[row - g]], ""
        if row < self.base_rows + p:
            return "demand", self.ids[self.products[row - self.base_rows]], ""
        return "capacity", self.ids[self.capped[row - self.base_rows - p]], ""

    def bindings(self, sol: LpSolution, tts: bool, tol: float = 1e-9) -> list[Binding]:
        out: list[Binding] = []
        if sol.row_dual is not None:
            # name only the rows with a dual: row_names builds a tuple for each of ~10^4 rows
            duals = np.abs(sol.row_dual)
            rows = np.flatnonzero(duals > tol)
            out += [Binding(*self.row_name(int(r)), float(duals[r])) for r in rows]
        if not tts and sol.col_dual is not None:
            # PI: capacity is a bound on u; a non-zero reduced cost on a capped u binds
            for j in self.capped:
                if sol.col_dual[j] < -tol:  # at its upper bound with a cost to relax
                    out.append(Binding("capacity", self.ids[j], "", float(-sol.col_dual[j])))
        return out


def _validate(net: Network) -> None:
    for name in ("inventory", "demand", "profit"):
        arr = getattr(net, name)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"network {name} must be finite for every node")
    if np.any(net.capacity < 0) or np.any(net.inventory < 0) or np.any(net.demand < 0):
        raise ValueError("capacity, inventory and demand must not be negative")
    for gr in net.inputs:
        if len(gr.suppliers) != len(gr.ratios) or any(r <= 0 for r in gr.ratios):
            raise ValueError(f"input group {gr.label!r}: one positive ratio per supplier")


def _edges(net: Network) -> tuple[IntArray, IntArray, FloatArray, IntArray]:
    sup: list[int] = []
    con: list[int] = []
    inv: list[float] = []
    grp: list[int] = []
    for gi, gr in enumerate(net.inputs):
        for s, r in zip(gr.suppliers, gr.ratios, strict=True):
            sup.append(s)
            con.append(gr.consumer)
            inv.append(1.0 / r)
            grp.append(gi)
    as_int = np.array
    return (
        as_int(sup, dtype=np.int64),
        as_int(con, dtype=np.int64),
        np.array(inv, dtype=float),
        as_int(grp, dtype=np.int64),
    )


def _coo(
    rows: list[IntArray], cols: list[IntArray], vals: list[FloatArray], shape: tuple[int, int]
) -> sp.csc_matrix:
    r = np.concatenate([np.asarray(x, dtype=np.int64) for x in rows])
    c = np.concatenate([np.asarray(x, dtype=np.int64) for x in cols])
    v = np.concatenate([np.asarray(x, dtype=float) for x in vals])
    return sp.csc_matrix(sp.coo_matrix((v, (r, c)), shape=shape))


def solve_linprog(
    c: FloatArray, a: sp.csc_matrix, b: FloatArray, ub: FloatArray, lb: FloatArray | None = None
) -> LpSolution:
    """One fresh HiGHS solve through scipy.optimize.linprog (reference path)."""
    low = np.zeros_like(ub) if lb is None else lb
    bounds = np.column_stack([low, np.where(np.isinf(ub), np.nan, ub)])
    bounds_list = [(lo, None if math.isnan(hi) else hi) for lo, hi in bounds]
    res = linprog(c, A_ub=a, b_ub=b, bounds=bounds_list, method="highs")
    if res.status == 3:
        return LpSolution("unbounded", -math.inf)
    if res.status == 2:
        return LpSolution("infeasible", math.nan)
    if res.status != 0:
        return LpSolution("error", math.nan)
    col_dual = res.upper.marginals if res.upper is not None else None
    return LpSolution("optimal", float(res.fun), res.x, res.ineqlin.marginals, col_dual)
