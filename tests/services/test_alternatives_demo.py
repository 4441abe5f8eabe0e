"""The demo company's most exposed line gets a sensible, explainable ranking."""

from __future__ import annotations

import math

import pytest

from rePlanner.services.alternatives_rank import rank_alternatives
from rePlanner.services.scenario import list_scenarios


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.services.workspace import build_demo

    result = build_demo(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"), force=False,
                        keep_existing=False)  # fmt: skip
    yield result.db
    result.db.dispose()


def test_demo_ships_scenarios_to_explore(demo):
    names = {s.name for s in list_scenarios(demo)}
    assert {"EC07 stop 90 days", "EC07 stop 1 year", "EC07 slow licences"} <= names


def test_most_exposed_line_ranking_is_explained(demo):
    r = rank_alternatives(demo, line="B1 Norvik", scenario="EC07 stop 1 year")
    assert r.shutdown_days > 300  # a year without Dy/Tb magnets stops it for most of it
    best = r.records[0]
    # the traction-motor magnets bind: only sources for both magnet parts together help
    assert best.kind in ("pair", "plan") and best.shutdown_days_after < r.shutdown_days
    assert best.net_value > 0 and best.reasons[0].startswith("together")
    placed = [x for x in r.records if x.placed]
    assert [x.placed for x in r.records] == sorted((x.placed for x in r.records), reverse=True)
    assert all(x.reasons for x in r.records)
    values = [x.net_value for x in placed]
    assert values == sorted(values, reverse=True) and all(math.isfinite(v) for v in values)
    # the magnets for the rear motor (GBD grade, Dy from outside China) and a magnet-free
    # front motor together restart the line; each alone removes nothing (the other binds)
    assert {
        "Baltic Magnetics: GBD rotor magnets for TM-210",
        "Induction front motor for B1 (no magnets)",
    } == set(best.source.split(" + "))
    assert best.gap_closes == best.available_from  # the line runs again when both deliver
    rear = next(x for x in placed if x.source.startswith("Baltic") and x.kind == "supplier")
    assert rear.days_removed == 0 and rear.own_gap_shutdown_days_after < r.shutdown_days
    assert rear.local and rear.coverage == pytest.approx(1.0)
    siegen = next(x for x in placed if x.source.startswith("Magnetwerk Siegen"))
    assert siegen.coverage == pytest.approx(0.55 * 250 / 300)  # 45 % of its Dy is Chinese
    unplaced = [x for x in r.records if not x.placed]
    assert unplaced and all("cannot be placed" in x.reasons[0] for x in unplaced)


def test_rankings_sharing_a_context_give_the_same_answers_with_fewer_runs(demo):
    from rePlanner.services.alternatives_rank import rank_context

    def key(r):
        return [(x.source, x.lost_margin_avoided, x.shutdown_days_after,
                 x.own_gap_lost_margin_avoided) for x in r.records]  # fmt: skip

    lines = ("B3 Kestrel", "O2 Odra e")
    alone = [rank_alternatives(demo, line=ln, scenario="EC07 stop 90 days") for ln in lines]
    shared = rank_context(demo, "EC07 stop 90 days")
    together = [rank_alternatives(demo, line=ln, context=shared) for ln in lines]
    assert [key(r) for r in together] == [key(r) for r in alone]
    asked = sum(r.evaluations for r in together)
    assert len(shared[2].runs) < asked  # the second line re-used the first line's runs
