"""Time-to-survive results of one network topology, kept between scenario evaluations.

A line's own survival time (its demand alone, S disrupted) is solved on the part of the network
upstream of it. This is exact: a node that does not feed the line (directly or through other
nodes) has no path to the line's demand row, so its production, stock and capacity cannot
change how long the line runs: in the full LP (only this line has demand) its production and
every shipment to it can sit at 0 without loss, so the optimum (and TTS) is that of the
upstream sub-network alone. (Only the duals may differ where the full LP is degenerate: the
sub-network reports no shadow prices on rows of nodes that do not feed the line.)

Results are keyed by what they depend on: the whole network's TTS by every node's capacity,
stock and demand and by S; a line's own TTS by the capacity and stock of the nodes upstream of
it and by S restricted to them. So a change that does not reach a line (a quota cut on nodes
that do not feed it, another line's buffer) reuses that line's result, and a change of TTR
reuses everything. Engine.solve_tts always re-solves S from the undisrupted basis, so a result
does not depend on what was asked before.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rePlanner.engine.network import InputGroup, Network
from rePlanner.engine.solve import Engine, TTSResult

MAX_ENTRIES = 20_000  # cached (base, hit) pairs before the cache is emptied

Pair = tuple[TTSResult, TTSResult]  # (nothing disrupted, S disrupted)


class Survival:
    """Whole-network and per-line TTS (base, hit) for networks sharing one topology."""

    def __init__(self) -> None:
        self._topology: tuple[list[InputGroup], list[str]] | None = None
        self._upstream: dict[int, np.ndarray] = {}
        self._groups: dict[int, list[int]] = {}  # consumer -> its input groups' indices
        self._results: dict[tuple[object, ...], Pair] = {}

    def network(self, net: Network, s: list[int], engine: Engine | None = None) -> Pair:
        """TTS of the whole network, nothing disrupted and S disrupted (`engine`: one already
        built on `net`, to save building another; its TTS model is not used otherwise)."""
        self._check(net)
        key = ("net", net.state_key(), tuple(s))
        if key not in self._results:
            self._store(key, _pair(engine or Engine(net), s))
        return self._results[key]

    def line(self, net: Network, j: int, s: list[int]) -> Pair:
        """TTS of product j alone, on the sub-network upstream of j (see the module doc)."""
        self._check(net)
        up = self.upstream(net, j)
        where = {int(old): new for new, old in enumerate(up)}
        local = sorted(where[x] for x in set(s) if x in where)
        key = (j, float(net.demand[j]), net.capacity[up].tobytes(), net.inventory[up].tobytes(),
               net.start_days()[up].tobytes(), tuple(local))  # fmt: skip
        if key not in self._results:
            groups = sorted(g for i in up for g in self._groups.get(int(i), ()))
            sub = subnetwork(net, up, where, [net.inputs[g] for g in groups], j)
            self._store(key, _pair(Engine(sub), local))
        return self._results[key]

    def upstream(self, net: Network, j: int) -> np.ndarray:
        """j and every node that feeds it, in index order."""
        self._check(net)
        if j not in self._upstream:
            seen, todo = {j}, [j]
            while todo:
                for g in self._groups.get(todo.pop(), ()):
                    for x in net.inputs[g].suppliers:
                        if x not in seen:
                            seen.add(x)
                            todo.append(x)
            self._upstream[j] = np.array(sorted(seen), dtype=np.int64)
        return self._upstream[j]

    def _check(self, net: Network) -> None:
        """Forget everything when the topology (links or node labels) changes."""
        top = self._topology
        if top is not None and top[0] is net.inputs and top[1] is net.ids:
            return
        if top is None or top[0] != net.inputs or top[1] != net.ids:
            self._upstream.clear()
            self._results.clear()
            self._groups = {}
            for gi, g in enumerate(net.inputs):
                self._groups.setdefault(g.consumer, []).append(gi)
        self._topology = (net.inputs, net.ids)

    def _store(self, key: tuple[object, ...], pair: Pair) -> None:
        if len(self._results) >= MAX_ENTRIES:
            self._results.clear()
        self._results[key] = pair


def _pair(engine: Engine, s: list[int]) -> Pair:
    base = engine.time_to_survive([])
    return base, (engine.time_to_survive(s) if s else base)


def subnetwork(
    net: Network, up: np.ndarray, where: dict[int, int], inputs: list[InputGroup], product: int
) -> Network:
    """The nodes `up` (renumbered by `where`) with their input groups `inputs`, in net's order."""
    groups = [
        InputGroup(where[g.consumer], tuple(where[x] for x in g.suppliers), g.ratios, g.label)
        for g in inputs
    ]
    demand = np.zeros(len(up))
    demand[where[product]] = net.demand[product]
    start = None if net.available_from is None else net.available_from[up]
    return replace(net, ids=[net.ids[i] for i in up], capacity=net.capacity[up],
                   inventory=net.inventory[up], ttr=net.ttr[up], demand=demand,
                   profit=net.profit[up], inputs=groups, labels={},
                   available_from=start)  # fmt: skip
