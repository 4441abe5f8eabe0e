"""LpModel.row_name (used by bindings) names every row as row_names does, in both LPs."""

from __future__ import annotations

from rePlanner.engine.generate import random_network
from rePlanner.engine.lp import LpModel
from rePlanner.engine.solve import Engine


def test_row_name_matches_row_names_in_both_lps() -> None:
    model = LpModel.build(random_network(3, tiers=(4, 9, 15)))
    for tts, rows in ((True, model.a_tts.shape[0]), (False, model.a_pi.shape[0])):
        names = model.row_names(tts)
        assert len(names) == rows
        assert [model.row_name(r) for r in range(rows)] == names


def test_bindings_name_the_rows_with_a_dual() -> None:
    engine = Engine(random_network(5, tiers=(4, 9, 15)))
    sol = engine.solve_tts([], duals=True)
    assert sol.status == "optimal" and sol.row_dual is not None
    names = engine.model.row_names(tts=True)
    expected = [names[r][:3] for r, d in enumerate(sol.row_dual) if abs(d) > 1e-9]
    got = [(b.kind, b.node, b.detail) for b in engine.model.bindings(sol, tts=True)]
    assert got == expected and got
