"""The demo supply network: supply nodes (site x item) and the sourcing links between them.

Conventions the engine relies on: a plant node (our plant site x part) exists for every part a
plant receives, i.e. bought modules and the bought components of modules it assembles itself.
Components of a bought module are nodes at the supplier that assembles it, linked to that
supplier's node with quantity_per_unit = BOM quantity. Magnet sets, chips and materials sit below
tier 1 and never appear in a BOM; BOM parts carry the material content. Each supplier ships from
its site closest to the customer's site.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rePlanner.services import demo_catalog as cat
from rePlanner.services.demo_catalog import GRADES, INPUTS, Item
from rePlanner.services.demo_master import DEMO, MasterData, Row
from rePlanner.services.demo_products import FAMILY, WORKING_DAYS, Family, LineSpec, Tree

NodeItem = tuple[str, Any]  # ("part", part id) or ("mat", (element, stage))


@dataclass
class Node:
    id: int
    site: int
    item: NodeItem
    supplier: str  # supplier key
    tier: int
    base: float = 0.0  # own demand per day (plant nodes: what the lines consume)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (latitude, longitude) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(h))


def upstream(item: Item) -> tuple[Item, float] | None:
    """What a node holding `item` consumes per unit (if its supplier buys it at all)."""
    element, stage = item
    if stage == "metal" and element in cat.OXIDE_PER_METAL:
        return (element, "oxide"), cat.OXIDE_PER_METAL[element]
    if stage == "oxide" and element in cat.REO_PER_OXIDE:
        return cat.REO, cat.REO_PER_OXIDE[element]
    if item == cat.GR:
        return cat.GR, cat.FLAKE_PER_SPHERICAL
    return None


class NetworkBuilder:
    """Places each line's bought parts and their inputs as nodes and links, tier by tier."""

    def __init__(self, master: MasterData) -> None:
        self.master = master
        self.nodes: dict[tuple[int, NodeItem], Node] = {}  # insertion order = id order
        self.links: dict[tuple[int, int], Row] = {}  # (from node, to node) -> link row
        self.sourced: dict[tuple[int, int], list[Node]] = {}  # (node, part) -> its sources
        self.fed: set[int] = set()  # nodes whose own inputs are placed already
        self.node_lines: dict[int, set[str]] = defaultdict(set)  # plant node -> line keys
        self.tight: set[int] = set()  # nodes that hold only days of stock
        self.jis: set[int] = set()  # nodes of just-in-sequence modules (hours of stock)

    def place(
        self, line: LineSpec, spec: tuple[str, float, Tree], plant_site: int,
        consumer: Node | None = None, mult: float = 1.0,
    ) -> None:  # fmt: skip
        """Place BOM entry `spec` (and its children) for `line`; `consumer` None = our plant."""
        key, qty, children = spec
        f = FAMILY[key]
        if not f.makers:  # assembled by whoever consumes it: children go to the same place
            for child in children:
                self.place(line, child, plant_site, consumer, mult * qty)
            return
        part, tight = self.master.part(f, line), key in line.tight
        if consumer is None:
            target, per_unit = self._plant_node(line, plant_site, part, mult, qty, tight), 1.0
        else:
            target, per_unit = consumer, qty * mult
        makers = self._source(line.overrides.get(key, f.makers), part, target, per_unit, tight)
        if f.jis:
            self.jis.update([target.id, *(n.id for n in makers)])
        for maker in makers:
            self._feed(maker, f, tight)
            for child in children:
                self.place(line, child, plant_site, maker)

    def _plant_node(
        self, line: LineSpec, site: int, part: int, mult: float, qty: float, tight: bool
    ) -> Node:
        node = self._node(site, ("part", part))
        # per calendar day, as the engine counts (services/network_model.py), so stock cover,
        # capacities and lead-time stock are sized in the days the engine uses
        node.base += line.rate * WORKING_DAYS / 7 * mult * qty
        self.node_lines[node.id].add(line.key)
        if tight:
            self.tight.add(node.id)
        return node

    def _node(self, site: int, item: NodeItem) -> Node:
        node = self.nodes.get((site, item))
        if node is None:
            supplier = self.master.sites[site].supplier
            node = Node(len(self.nodes) + 1, site, item, supplier, self.master.tiers[supplier])
            self.nodes[(site, item)] = node
        return node

    def _closest(self, supplier: str, site: int) -> int:
        here, sites = self.master.sites[site].position, self.master.sites
        return min(self.master.sites_of[supplier], key=lambda s: (km(here, sites[s].position), s))

    def _link(self, src: Node, dst: Node, qty: float, share: float) -> None:
        self.links.setdefault(
            (src.id, dst.id),
            {"from_node_id": src.id, "to_node_id": dst.id, "quantity_per_unit": round(qty, 9),
             "share": share, "currency": "EUR", "notes": None, "origin": DEMO},
        )  # fmt: skip

    def _source(
        self, makers: cat.Sources, part: int, target: Node, per_unit: float, tight: bool
    ) -> list[Node]:
        """Supplier nodes of `part` feeding `target`; the first placement decides the sources."""
        if (target.id, part) not in self.sourced:
            found = []
            for supplier, share in makers:
                node = self._node(self._closest(supplier, target.site), ("part", part))
                self._link(node, target, per_unit, share)
                if tight:
                    self.tight.add(node.id)
                found.append(node)
            self.sourced[(target.id, part)] = found
        return self.sourced[(target.id, part)]

    def _feed(self, node: Node, f: Family, tight: bool) -> None:
        """Place the inputs a supplier node needs: magnet sets, chips, materials."""
        if node.id in self.fed:
            return
        self.fed.add(node.id)
        if f.magnet:
            self._feed_magnets(node, f, tight)
        for chip, pieces in f.chips:
            cf = FAMILY[chip]
            for chip_node in self._source(
                cf.makers, self.master.part(cf, None), node, pieces, False
            ):
                self._feed(chip_node, cf, False)
        for item, kg in f.materials:
            self._supply(node, item, kg)

    def _feed_magnets(self, node: Node, f: Family, tight: bool) -> None:
        """Magnet sets from the motor maker's magnet sources; their rare-earth metals below."""
        assert f.magnet is not None
        grade, kg = f.magnet
        sources = INPUTS[node.supplier]["magnet"]
        for magnet in self._source(sources, self.master.magnet_part(f), node, 1.0, tight):
            if magnet.id not in self.fed:
                self.fed.add(magnet.id)
                for item, frac in zip((cat.NM, cat.DY, cat.TB), GRADES[grade], strict=True):
                    if frac > 0:  # N grades carry no heavy rare earths
                        self._supply(magnet, item, kg * frac)

    def _supply(self, consumer: Node, item: Item, qty: float) -> None:
        """Material `item` from the consumer's sources, and on up the chain to the mines."""
        sources = INPUTS.get(consumer.supplier, {}).get(item) or cat.DEFAULT_INPUTS.get(item, ())
        for supplier, share in sources:
            node = self._node(self._closest(supplier, consumer.site), ("mat", item))
            self._link(node, consumer, qty, share)
            up = upstream(item)
            if node.id not in self.fed and up and up[0] in INPUTS.get(supplier, {}):
                self.fed.add(node.id)
                self._supply(node, *up)
