"""engine.whatif: Data Table shape and cancel, goal seek on functions with known thresholds."""

from __future__ import annotations

import math

import pytest

from rePlanner.domain.progress import Cancelled
from rePlanner.engine.whatif import data_table, seek_threshold


class StopAfter:
    """Progress that asks to cancel once `n` cells are done."""

    def __init__(self, n: int) -> None:
        self.n, self.done = n, 0

    def update(self, done: int, total: int, message: str = "") -> None:
        self.done = done

    def cancelled(self) -> bool:
        return self.done >= self.n


def test_two_input_table_is_rows_by_columns_in_order():
    cells = data_table(lambda v: v["a"] * 10 + v["b"], ("a", [1, 2, 3]), ("b", [0.5, 7]))
    assert cells == [[10.5, 17], [20.5, 27], [30.5, 37]]


def test_one_input_table_has_one_column():
    seen = []
    cells = data_table(lambda v: seen.append(dict(v)) or v["x"] ** 2, ("x", [0, 2, 3]))
    assert cells == [[0], [4], [9]] and seen == [{"x": 0}, {"x": 2}, {"x": 3}]


def test_cancel_between_cells_stops_the_table():
    calls = []
    with pytest.raises(Cancelled):
        data_table(lambda v: calls.append(v) or 0.0, ("a", [1, 2, 3]), ("b", [1, 2]), StopAfter(4))
    assert len(calls) == 4  # the 5th cell was never computed


def test_smallest_input_that_reaches_zero():
    res = seek_threshold(lambda x: max(0.0, 24 - 2 * x), 0, 100, higher_is_better=True, tol=1e-3)
    assert res.reachable and res.monotone
    assert 12 <= res.value <= 12 + 1e-3  # errs on the safe side
    assert res.evaluations < 30


def test_largest_input_that_still_meets_the_goal():
    res = seek_threshold(lambda x: max(0.0, x + 14 - 20), 0, 365, higher_is_better=False, tol=0.01)
    assert res.reachable and 6 - 0.01 <= res.value <= 6 and res.good_end == "lo"


def test_not_reachable_within_the_bracket():
    res = seek_threshold(lambda x: max(0.0, 24 - 2 * x), 0, 5, higher_is_better=True, tol=0.01)
    assert not res.reachable and res.value is None
    assert "not reachable within [0, 5]" in res.message and res.evaluations == 2


def test_goal_already_met_at_the_bad_end():
    res = seek_threshold(lambda x: 0.0, 3, 9, higher_is_better=True, tol=0.01)
    assert res.reachable and res.value == 3


def test_output_rising_toward_the_good_end_is_refused():
    res = seek_threshold(lambda x: x, 0, 10, higher_is_better=True, tol=0.01)
    assert not res.reachable and not res.monotone and "not monotone" in res.message


def test_unknown_output_never_meets_the_goal():
    res = seek_threshold(
        lambda x: math.nan if x < 5 else 0.0, 0, 10, higher_is_better=True, tol=0.1
    )
    assert res.reachable and 5 <= res.value <= 5.1


def test_a_bad_bracket_is_refused():
    with pytest.raises(ValueError):
        seek_threshold(lambda x: 0.0, 5, 5, higher_is_better=True, tol=0.1)


@pytest.mark.parametrize("ttrs", [(30.0, 30.0), (5.0, 40.0), (math.inf, 12.0), (0.0, 0.0)])
def test_cached_runs_equal_run_scenario(ttrs, two_lines):
    from rePlanner.engine.scenario import ScenarioEvaluator, perturbed, run_scenario

    cache = ScenarioEvaluator()
    for buffer in (0.0, 2.0, 0.0):  # the third run reuses the first state's TTS results
        net = perturbed(two_lines(), buffer_nodes=[2], buffer_days=buffer)
        for disrupted in ([3], [4], []):
            ttr = {0: ttrs[0], 1: ttrs[1]}
            assert repr(cache.run(net, disrupted, ttr)) == repr(run_scenario(net, disrupted, ttr))
    assert cache.hits == 3
