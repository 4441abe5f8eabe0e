"""Seeded random multi-tier networks for property tests and benchmarks (not real data)."""

from __future__ import annotations

import numpy as np

from rePlanner.engine.network import InputGroup, Network


def random_network(
    seed: int,
    tiers: tuple[int, ...] = (3, 5, 8),
    max_groups: int = 3,
    max_alternatives: int = 2,
    integer_ratios: bool = False,
) -> Network:
    """Tier 1 are products; each node of tier k < last needs 1..max_groups materials, each
    from 1..max_alternatives nodes of tier k + 1; the last tier has no inputs."""
    rng = np.random.default_rng(seed)
    starts = np.cumsum((0,) + tiers)
    n = int(starts[-1])
    ids = [f"T{k + 1}_{i + 1}" for k, size in enumerate(tiers) for i in range(size)]
    groups: list[InputGroup] = []
    for k in range(len(tiers) - 1):
        below = np.arange(starts[k + 1], starts[k + 2])
        for j in range(starts[k], starts[k + 1]):
            n_groups = int(rng.integers(1, max_groups + 1))
            picks = rng.permutation(below)
            pos = 0
            for g in range(n_groups):
                n_alt = int(rng.integers(1, max_alternatives + 1))
                sup = picks[pos : pos + n_alt]
                pos += n_alt
                if len(sup) == 0:
                    break
                ratios = (
                    rng.integers(1, 4, len(sup))
                    if integer_ratios
                    else rng.uniform(0.5, 3, len(sup))
                )
                groups.append(
                    InputGroup(
                        int(j), tuple(int(s) for s in sup), tuple(float(r) for r in ratios), f"m{g}"
                    )
                )
    demand = np.zeros(n)
    profit = np.zeros(n)
    demand[: tiers[0]] = rng.uniform(5, 20, tiers[0])
    profit[: tiers[0]] = rng.uniform(0.5, 5, tiers[0])
    return Network(
        ids=ids,
        capacity=rng.uniform(5, 40, n),
        inventory=rng.uniform(0, 200, n),
        ttr=rng.integers(1, 15, n).astype(float),
        demand=demand,
        profit=profit,
        inputs=groups,
    )
