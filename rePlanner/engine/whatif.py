"""What-if tables (Excel's Data Table) and goal seek over any function of numeric inputs.

Nothing here knows about scenarios or databases: a table evaluates `f(values) -> number` on
every cell of one or two axes, and goal seek finds where a monotone output reaches a goal.

Goal seek by bisection assumes the output is MONOTONE in the input over [lo, hi]: it does not
rise toward the input's "good" end (more buffer never lengthens a shutdown; a shorter licence
delay, a smaller quota cut or a quicker alternative never do either). This is checked at the
bracket ends (and every midpoint is checked to lie between them); a violation is reported
rather than bisected through, because bisection would then give a meaningless threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rePlanner.domain.progress import NullProgress, Progress, check

Axis = tuple[str, Sequence[float]]  # (input name, values)
GOAL_TOL = 1e-6  # an output at or below this meets a "reach zero" goal


def data_table(
    f: Callable[[dict[str, float]], float],
    rows: Axis,
    cols: Axis | None = None,
    progress: Progress | None = None,
) -> list[list[float]]:
    """cells[i][k] = f({row name: row value i, col name: col value k}); one column without cols.

    Progress is reported and Cancel honoured between cells (raises domain.progress.Cancelled).
    """
    progress = progress or NullProgress()
    row_name, row_values = rows
    col_name, col_values = cols if cols is not None else ("", [math.nan])
    total = len(row_values) * len(col_values)
    cells: list[list[float]] = []
    done = 0
    for r in row_values:
        line: list[float] = []
        for c in col_values:
            check(progress, "the what-if table")
            point = (
                {row_name: float(r)} if cols is None else {row_name: float(r), col_name: float(c)}
            )
            line.append(float(f(point)))
            done += 1
            progress.update(done, total, f"cell {done} of {total}")
        cells.append(line)
    return cells


@dataclass
class SeekResult:
    reachable: bool
    value: float | None  # the threshold (within `tol`), None when not reachable
    lo: float
    hi: float
    good_end: str  # "hi": the goal is met from `value` upward; "lo": from `value` downward
    message: str
    monotone: bool = True
    evaluations: int = 0
    trace: list[tuple[float, float]] = field(default_factory=list)  # (input, output)


def seek_threshold(
    f: Callable[[float], float],
    lo: float,
    hi: float,
    *,
    higher_is_better: bool,
    tol: float,
    goal: float = GOAL_TOL,
    progress: Progress | None = None,
    max_evaluations: int = 200,
) -> SeekResult:
    """Where f (>= 0, e.g. shutdown days) first reaches <= goal, by bisection on [lo, hi].

    With `higher_is_better` the smallest input meeting the goal (e.g. buffer days), otherwise
    the largest input still meeting it (e.g. the longest licence delay a line survives).
    The answer errs on the safe side: it meets the goal, and is within `tol` of the boundary.
    """
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and tol > 0):
        raise ValueError(f"need finite lo < hi and tol > 0, not [{lo}, {hi}], tol {tol}")
    progress = progress or NullProgress()
    good_end = "hi" if higher_is_better else "lo"
    good, bad = (hi, lo) if higher_is_better else (lo, hi)
    res = SeekResult(False, None, lo, hi, good_end, "")
    steps = max(1, math.ceil(math.log2((hi - lo) / tol))) + 2

    def ev(x: float) -> float:
        check(progress, "goal seek")
        y = float(f(x))
        res.trace.append((x, y))
        res.evaluations += 1
        progress.update(res.evaluations, steps, f"input {x:g}: output {y:g}")
        return y

    def met(y: float) -> bool:
        return not math.isnan(y) and y <= goal

    y_bad, y_good = ev(bad), ev(good)
    if _worse(y_good, y_bad):
        res.monotone = False
        res.message = (f"not monotone: the output is {y_good:g} at {good:g} but {y_bad:g} at "
                       f"{bad:g}; goal seek needs it not to rise toward {good:g}")  # fmt: skip
        return res
    if met(y_bad):
        res.reachable, res.value = True, bad
        res.message = f"the goal is met over all of [{lo:g}, {hi:g}]"
        return res
    if not met(y_good):
        res.message = f"not reachable within [{lo:g}, {hi:g}] (output {y_good:g} at {good:g})"
        return res
    hi_y, lo_y = y_bad, y_good  # outputs at the unmet and met end, for the midpoint check
    while abs(good - bad) > tol and res.evaluations < max_evaluations:
        mid = (good + bad) / 2.0
        y = ev(mid)
        if _worse(lo_y, y) or _worse(y, hi_y):
            res.monotone = False
        if met(y):
            good, lo_y = mid, y
        else:
            bad, hi_y = mid, y
    res.reachable, res.value = True, good
    res.message = f"goal met at {good:g} (within {tol:g})"
    if not res.monotone:
        res.message += "; warning: the output was not monotone between the bracket ends"
    return res


def _worse(a: float, b: float) -> bool:
    """a is clearly above b (nan counts as worst: unknown never meets a goal)."""
    if math.isnan(a):
        return not math.isnan(b)
    if math.isnan(b):
        return False
    return a > b + 1e-9 * max(1.0, abs(b))
