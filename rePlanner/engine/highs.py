"""A HiGHS model loaded once and re-solved after bound changes (dual simplex warm start).

Uses `highspy` when installed, else the HiGHS binding SciPy ships (scipy.optimize._highspy,
the same solver linprog(method="highs") calls). `available()` says whether either exists;
callers fall back to `lp.solve_linprog` otherwise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.sparse as sp

from rePlanner.engine.lp import LpSolution
from rePlanner.engine.network import FloatArray


def _core() -> Any:
    try:
        import highspy

        return highspy._core if hasattr(highspy, "_core") else highspy
    except ImportError:
        pass
    try:
        from scipy.optimize._highspy import _core

        return _core
    except ImportError:
        return None


_H = _core()


def available() -> bool:
    return _H is not None and hasattr(_H, "_Highs")


class WarmLp:
    """min c x  s.t.  A x <= b,  0 <= x <= ub; change ub/b and re-solve from a saved basis."""

    def __init__(
        self, c: FloatArray, a: sp.csc_matrix, b: FloatArray, ub: FloatArray, presolve: bool = True
    ) -> None:
        if not available():
            raise RuntimeError("HiGHS bindings are not available")
        a = sp.csc_matrix(a)
        lp = _H.HighsLp()
        lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = a.shape[1], a.shape[0]
        lp.a_matrix_.format_ = _H.MatrixFormat.kColwise
        lp.col_cost_ = np.asarray(c, dtype=float)
        lp.col_lower_ = np.zeros(a.shape[1])
        lp.col_upper_ = _inf(ub)
        lp.row_lower_ = np.full(a.shape[0], -_H.kHighsInf)
        lp.row_upper_ = _inf(b)
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(float)
        self._h = _H._Highs()
        self._h.setOptionValue("output_flag", False)
        self._h.setOptionValue("threads", 1)
        self._presolve = "choose" if presolve else "off"  # solves from a saved basis skip it
        self._h.setOptionValue("presolve", self._presolve)
        self._h.passModel(lp)
        self._ub = np.array(ub, dtype=float)
        self._b = np.array(b, dtype=float)
        self._basis: Any = None

    def set_upper(self, cols: np.ndarray, values: FloatArray) -> None:
        cols = np.asarray(cols, dtype=np.int32)
        if len(cols):
            lower = np.zeros(len(cols))
            self._h.changeColsBounds(len(cols), cols, lower, _inf(values))

    def set_bounds(self, cols: np.ndarray, lower: FloatArray, upper: FloatArray) -> None:
        cols = np.asarray(cols, dtype=np.int32)
        if len(cols):
            self._h.changeColsBounds(len(cols), cols, _inf(lower), _inf(upper))

    def set_rhs(self, rows: np.ndarray, values: FloatArray) -> None:
        for r, v in zip(np.asarray(rows, dtype=np.int64), _inf(values), strict=True):
            self._h.changeRowBounds(int(r), -_H.kHighsInf, float(v))

    def save_basis(self) -> None:
        self._basis = self._h.getBasis()

    def restore_basis(self) -> None:
        if self._basis is not None:
            self._h.setBasis(self._basis)

    def solve(self, duals: bool = False, retried: bool = False) -> LpSolution:
        self._h.run()
        status = self._h.getModelStatus()
        ms = _H.HighsModelStatus
        if status == ms.kOptimal:
            sol = self._h.getSolution()
            obj = float(self._h.getInfo().objective_function_value)
            x = np.asarray(sol.col_value)
            if not duals:
                return LpSolution("optimal", obj, x)
            # HiGHS duals are <= 0 on binding "<=" rows of a min problem; report magnitudes
            return LpSolution("optimal", obj, x, np.asarray(sol.row_dual), np.asarray(sol.col_dual))
        if status == ms.kUnboundedOrInfeasible and not retried:
            # presolve can stop short of telling the two apart; the simplex alone does
            self._h.setOptionValue("presolve", "off")
            try:
                return self.solve(duals, retried=True)
            finally:
                self._h.setOptionValue("presolve", self._presolve)
        if status in (ms.kUnbounded, ms.kUnboundedOrInfeasible):
            return LpSolution("unbounded", -math.inf)
        if status == ms.kInfeasible:
            return LpSolution("infeasible", math.nan)
        return LpSolution("error", math.nan)


def _inf(values: FloatArray) -> FloatArray:
    v = np.asarray(values, dtype=float)
    big = float(_H.kHighsInf)
    return np.where(np.isposinf(v), big, np.where(np.isneginf(v), -big, v))
