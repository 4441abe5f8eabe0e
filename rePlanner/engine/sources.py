"""Extra supply nodes for alternative sources, added to a network for one evaluation.

An alternative source makes the same item as some existing supply nodes (the same part or
material) and can stand in for them wherever they are an input: it joins every input group
that contains one of them, as one more OR supplier with that supplier's ratio. It holds no
stock, its own inputs lie outside the network (its own China exposure is applied by the caller
as a lower capacity), and it delivers from day `start` (Network.available_from) at up to
`capacity` per day, shared by every consumer it joins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from rePlanner.engine.network import InputGroup, Network


@dataclass(frozen=True)
class NewSource:
    label: str
    stands_in_for: frozenset[int]  # node indices making the same item
    capacity: float  # per day; inf = not limiting
    start: float  # days until it delivers


def add_sources(net: Network, sources: list[NewSource]) -> tuple[Network, list[int]]:
    """A copy of `net` with one node per source; returns it and the number of groups each
    source joined (0: nothing in the network uses its item)."""
    if not sources:
        return net, []
    n = net.size
    joined = [0] * len(sources)
    groups: list[InputGroup] = []
    for g in net.inputs:
        extra_s, extra_r = [], []
        for k, src in enumerate(sources):
            ratio = next((r for s, r in zip(g.suppliers, g.ratios, strict=True)
                          if s in src.stands_in_for), None)  # fmt: skip
            if ratio is not None:
                extra_s.append(n + k)
                extra_r.append(ratio)
                joined[k] += 1
        if extra_s:
            g = replace(g, suppliers=g.suppliers + tuple(extra_s), ratios=g.ratios + tuple(extra_r))
        groups.append(g)
    k = len(sources)
    start = np.concatenate([net.start_days(), [s.start for s in sources]])
    grown = replace(
        net,
        ids=net.ids + [s.label for s in sources],
        capacity=np.concatenate([net.capacity, [s.capacity for s in sources]]),
        inventory=np.concatenate([net.inventory, np.zeros(k)]),
        ttr=np.concatenate([net.ttr, np.full(k, np.nan)]),
        demand=np.concatenate([net.demand, np.zeros(k)]),
        profit=np.concatenate([net.profit, np.zeros(k)]),
        inputs=groups,
        available_from=start,
    )
    return grown, joined
