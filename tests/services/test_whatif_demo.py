"""The demo company: a prepared context gives run_inputs' numbers for every variant."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services.scenario_run import ScenarioContext, run_inputs
from rePlanner.services.whatif import goal_seek, what_if_table

EC07 = ScenarioInputs(measures=("EC07",), duration_days=90)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.services.workspace import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    result = build_demo(str(path), force=False, keep_existing=False)
    yield result.db
    result.db.dispose()


def same(a, b, rel=1e-9):
    """Equal, numbers within `rel`: a warm-started LP may differ from a cold one in the last
    bits (e.g. 120373.00000000001 vs 120373.0 lost vehicles)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], rel) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y, rel) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=rel, abs=1e-9)
    return a == b


def test_context_variants_equal_fresh_runs(demo):
    ctx = ScenarioContext.prepare(demo, EC07)
    variants = [EC07, replace(EC07, licence_delay_days=20), replace(EC07, buffer_days=30),
                replace(EC07, licence_delay_days=90, denial_share=0.5)]  # fmt: skip
    for inputs in variants:
        assert same(ctx.evaluate(inputs).results, run_inputs(demo, inputs).results)
    assert ctx.cache.hits == 2  # the licence variants reuse the first run's survival times


def test_more_buffer_never_lengthens_a_shutdown_and_goal_seek_agrees(demo):
    t = what_if_table(demo, EC07, [("buffer_days", [0, 50, 100, 200])], "shutdown_days",
                      "B1 Norvik")  # fmt: skip
    days = [row[0] for row in t.cells]
    assert days[0] > 0 and all(a >= b for a, b in zip(days, days[1:], strict=False))
    found = goal_seek(demo, EC07, "B1 Norvik", "buffer_days", lo=0, hi=400, tol=0.5).result
    assert found.reachable and found.value is not None
    check = what_if_table(demo, EC07, [("buffer_days", [found.value - 0.5, found.value])],
                          "shutdown_days", "B1 Norvik")  # fmt: skip
    assert check.cells[0][0] > 0 and check.cells[1][0] == 0
