"""engine/exposure: BOM explosion, shares carried up a network, weighted shares, HHI."""

from __future__ import annotations

import numpy as np
import pytest

from rePlanner.engine.exposure import (
    explode_bom,
    hhi,
    levels,
    propagate,
    topmost_marked,
    weighted_share,
)

NAN = np.nan


def test_explode_multiplies_down_the_tree():
    # 0: A x2 (top) -> 1: B x3 -> 2: C x4 ; 3: D x5 (top)
    parent = np.array([-1, 0, 1, -1])
    ext = explode_bom(parent, np.array([2.0, 3.0, 4.0, 5.0]))
    assert list(ext) == [2, 6, 24, 5]


def test_explode_stops_on_a_cycle():
    ext = explode_bom(np.array([1, 0]), np.array([2.0, 3.0]))
    assert np.isfinite(ext).all()


def test_topmost_marked_ancestor_or_self():
    parent = np.array([-1, 0, 1, 2, -1])
    marked = np.array([False, True, False, True, False])
    assert list(topmost_marked(parent, marked)) == [-1, 1, 1, 1, -1]


def test_levels_put_suppliers_first():
    # 2 -> 1 -> 0 and 2 -> 0
    assert list(levels(3, np.array([0, 1, 0]), np.array([1, 2, 2]))) == [2, 1, 0]


def edges(*rows):
    c, s, w, g = zip(*rows, strict=True)
    return np.array(c), np.array(s), np.array(w, dtype=float), np.array(g)


def test_group_mean_by_share_unknown_counts_zero_groups_combine_by_max():
    # node 0 needs two items: group 0 from nodes 1 (0.6) and 2 (0.4); group 1 from node 3
    own = np.array([[NAN], [1.0], [NAN], [0.3]])
    fallback = np.full((4, 1), NAN)
    e = edges((0, 1, 0.6, 0), (0, 2, 0.4, 0), (0, 3, 1.0, 1))
    out = propagate(own, fallback, *e)
    assert out[0, 0] == pytest.approx(0.6)  # max(0.6 x 1 + 0.4 x unknown(0), 0.3)
    assert np.isnan(out[2, 0])
    mean = propagate(own, fallback, *e, combine="mean")
    assert mean[0, 0] == pytest.approx((0.6 + 0.3) / 2)


def test_own_value_wins_and_fallback_fills_chain_ends():
    own = np.array([[NAN], [0.0], [NAN]])
    fallback = np.array([[NAN], [NAN], [0.25]])
    out = propagate(own, fallback, *edges((0, 1, 1.0, 0), (1, 2, 1.0, 1)))
    assert list(out[:, 0]) == [0.0, 0.0, 0.25]  # node 1 states 0 whatever it buys
    out = propagate(np.full((3, 1), NAN), fallback, *edges((0, 1, 1.0, 0), (1, 2, 1.0, 1)))
    assert out[0, 0] == pytest.approx(0.25)


def test_weighted_share_and_hhi():
    kg = np.array([1.0, 3.0])
    share = np.array([[1.0, NAN], [0.5, NAN]])
    out = weighted_share(kg, share)
    assert out[0] == pytest.approx((1 + 1.5) / 4) and np.isnan(out[1])
    value = hhi(np.array([0.6, 0.4]), np.ones(2), np.array([1.5, 1.0]))
    assert value == pytest.approx(0.36 * 1.5 + 0.16)
