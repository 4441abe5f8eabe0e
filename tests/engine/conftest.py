"""Networks shared by the engine tests."""

from __future__ import annotations

import numpy as np
import pytest

from rePlanner.engine.network import InputGroup, Network


def _two_lines() -> Network:
    """L1 (10/day, margin 100) and L2 (5/day, margin 50) share part P from suppliers A and B.

    Node order: L1, L2, P (our plant, stock 60), A (China, cap 14), B (cap 6).
    """
    inf = np.inf
    return Network(
        ids=["L1", "L2", "P", "A", "B"],
        capacity=np.array([inf, inf, inf, 14.0, 6.0]),
        inventory=np.array([0.0, 0.0, 60.0, 0.0, 0.0]),
        ttr=np.full(5, np.nan),
        demand=np.array([10.0, 5.0, 0, 0, 0]),
        profit=np.array([100.0, 50.0, 0, 0, 0]),
        inputs=[
            InputGroup(0, (2,), (1.0,), "P"),
            InputGroup(1, (2,), (2.0,), "P"),
            InputGroup(2, (3, 4), (1.0, 1.0), "P"),
        ],  # fmt: skip
    )


@pytest.fixture
def two_lines():
    """A factory: each call gives a fresh copy of the two-line network."""
    return _two_lines
