"""Compile the database into the engine's supply network (engine/network.py), one model for all.

Whether the data came from BOM imports, typed entry, the demo or a network workbook, it compiles
the same way (units are those of the records; time is in days):

- Time is in calendar days throughout (stock cover, TTS, TTR, shutdown days), so the licence
  wait (working days, converted by the line's week) and a stock's cover are counted alike.
  Every production line is a finished-product node: demand = rate_per_day x working days per
  week / 7 (rate_per_day is vehicles per working day; imported networks use 7-day weeks), profit
  = margin_per_vehicle. It holds no stock (inventory 0), its capacity is not limiting (inf) and
  its time to recover is unknown (nan), unless it has a product node of its own (below).
- A line's inputs are the parts its BOM needs at its plant: the BOM tree of its current revision
  (or, with `as_of`, the last revision created on or before that date) is walked from the top;
  a part that has a plant node (a supply node at the line's plant site for that part) is an
  input and the walk does not descend below it; other parts are descended into. Each plant node
  reached is ONE input group of the line with ratio = the extended quantity per vehicle (the
  product of BOM quantities down the tree, summed over every place the part occurs). A part
  bought inside a module has no plant node (a plant node exists exactly for the parts a plant
  receives, see services/demo_network.py): it is reached through the module supplier's node and
  that node's own links. BOM leaves with no plant node are listed in `warnings`.
- Every supply node (site x part or material) is a node: capacity = capacity_per_day (None ->
  inf), inventory = inventory_on_hand + inventory_in_transit, ttr = ttr_days (None -> nan),
  demand and profit 0. In-transit stock is recorded on the SHIPPING node (the demo stores lead
  time x daily flow there), so it counts as stock that node can still ship: a disrupted
  supplier's goods already on the water still arrive, as in the LP ("ship <= make + stock").
- Sourcing links into a node are grouped by the item supplied (the from-node's part or
  material): each group is one AND input of the node, its links are OR alternatives whose
  shipments add up, with ratio = quantity_per_unit (units of the supplied item per unit made).
- A line with a product node of its own is ONE node: network_import writes product X of network
  N both as line X at the internal plant site "Network N" and as the only supply node of supplier
  X at its site "Network N". Such a line and node compile to a single node that takes demand and
  profit from the line and capacity, inventory and TTR from the node; its inputs are the links
  into the node (plus its BOM, if it has one). So an imported peer workbook compiles to exactly
  the peer's network.
- `scope` restricts the network to one plant (site name or city of one of our plants) or one
  imported network (its name, with or without "Network "): the nodes at those sites, the lines
  there, and every node upstream of them.

Node order: lines first (by id), then the remaining supply nodes (by id). Node ids (labels) are
"Plant / line" for lines and "Supplier / item" for supply nodes (our plants: "Plant site /
item"; "Supplier (site) / item" where a supplier makes an item at two sites).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from rePlanner.engine.network import InputGroup, Network
from rePlanner.persistence.database import Database
from rePlanner.services.network_model_build import (
    bom_inputs,
    link_groups,
    own_nodes,
    select_scope,
    unique_labels,
)
from rePlanner.services.network_model_load import LineRow, NodeRow, Tables, load_tables, node_item
from rePlanner.services.session import current_user


@dataclass(frozen=True)
class NodeInfo:
    """What one engine node is in the database, with names people read."""

    label: str  # = network.ids[i]
    supply_node_id: int | None  # None for a line without a node of its own
    line_id: int | None  # set for finished products (lines)
    supplier: str | None = None
    site: str | None = None
    item: str | None = None  # part "description number" or material
    line: str | None = None
    plant: str | None = None  # the line's plant site
    tier: int | None = None  # the supplier's tier (0 = our own plants)
    part_id: int | None = None  # the node's item (part XOR material), for alternatives
    material_id: int | None = None
    on_hand: float = 0.0  # of its inventory, the part on hand (the rest is in transit)


@dataclass
class CompiledNetwork:
    network: Network
    nodes: list[NodeInfo]  # one per engine node, same order
    as_of: date | None = None
    scope: str | None = None
    warnings: list[str] = field(default_factory=list)

    def index_of_supply_node(self) -> dict[int, int]:
        return {n.supply_node_id: i for i, n in enumerate(self.nodes) if n.supply_node_id}

    def index_of_line(self) -> dict[int, int]:
        return {n.line_id: i for i, n in enumerate(self.nodes) if n.line_id is not None}


def compile_network(
    db: Database, *, as_of: date | None = None, scope: str | None = None
) -> CompiledNetwork:
    """The engine Network of the whole database (or of `scope`) and the way back to its rows."""
    with db.session(current_user(), audit=False) as s:
        tables = load_tables(s, as_of)
    return build(tables, as_of=as_of, scope=scope)


def build(t: Tables, *, as_of: date | None = None, scope: str | None = None) -> CompiledNetwork:
    node_ids, line_ids = select_scope(t, scope)
    lines = [ln for ln in t.lines if ln.id in line_ids]
    warnings: list[str] = []
    own = own_nodes(t, lines, warnings)
    nodes = [n for n in t.nodes if n.id in node_ids]
    by_id = {n.id: n for n in t.nodes}
    index: dict[int, int] = {}  # supply node id -> engine index
    infos = [_line_info(t, ln, by_id.get(own.get(ln.id, -1))) for ln in lines]
    for i, ln in enumerate(lines):
        if ln.id in own:
            index[own[ln.id]] = i
    for n in nodes:
        if n.id not in index:
            index[n.id] = len(infos)
            infos.append(_node_info(t, n))
    network = _arrays(lines, by_id, index, len(infos))
    network.inputs = link_groups(t, index, by_id)
    network.inputs += _line_groups(t, lines, index, by_id, warnings)
    infos = _named(infos)
    network.ids = [i.label for i in infos]
    return CompiledNetwork(network, infos, as_of, scope, warnings)


def _arrays(
    lines: list[LineRow], by_id: dict[int, NodeRow], index: dict[int, int], size: int
) -> Network:
    capacity = np.full(size, np.inf)
    inventory = np.zeros(size)
    ttr = np.full(size, np.nan)
    demand = np.zeros(size)
    profit = np.zeros(size)
    for node_id, i in index.items():
        n = by_id[node_id]
        capacity[i] = np.inf if n.capacity is None else n.capacity
        inventory[i] = (n.on_hand or 0.0) + (n.in_transit or 0.0)
        ttr[i] = np.nan if n.ttr is None else n.ttr
    for i, ln in enumerate(lines):
        demand[i], profit[i] = ln.rate * ln.week / 7.0, ln.margin  # per calendar day
    return Network([""] * size, capacity, inventory, ttr, demand, profit)


def _line_groups(
    t: Tables, lines: list[LineRow], index: dict[int, int], by_id: dict[int, NodeRow],
    warnings: list[str],
) -> list[InputGroup]:  # fmt: skip
    plant_parts: dict[int, dict[int, int]] = {}  # site id -> part id -> supply node id
    for n in t.nodes:
        if n.part_id is not None and n.id in index:
            plant_parts.setdefault(n.site_id, {})[n.part_id] = n.id
    groups = []
    for i, ln in enumerate(lines):
        bom = t.boms.get(ln.id)
        if not bom:
            continue
        need, unsupplied = bom_inputs(bom, plant_parts.get(ln.plant_site_id, {}))
        for node_id in sorted(need):
            label = node_item(t, by_id[node_id])[1]
            groups.append(InputGroup(i, (index[node_id],), (need[node_id],), label))
        if unsupplied:
            names = sorted({t.parts.get(p, str(p)) for p in unsupplied})
            more = " ..." if len(names) > 5 else ""
            warnings.append(
                f"line {ln.name}: {len(names)} BOM part(s) have no plant node and no components, "
                f"so nothing in the network supplies them (made in-house, or data missing): "
                f"{', '.join(names[:5])}{more}"
            )
    return groups


def _line_info(t: Tables, ln: LineRow, node: NodeRow | None) -> NodeInfo:
    plant = t.sites[ln.plant_site_id]
    where = t.sites[node.site_id] if node else plant  # a product node's own supplier and tier
    item = node_item(t, node)[1] if node else None
    return NodeInfo(f"{plant.name} / {ln.name}", node.id if node else None, ln.id, where.supplier,
                    plant.name, item, ln.name, plant.name, where.tier,
                    node.part_id if node else None, node.material_id if node else None,
                    (node.on_hand or 0.0) if node else 0.0)  # fmt: skip


def _node_info(t: Tables, n: NodeRow) -> NodeInfo:
    site = t.sites[n.site_id]
    item = node_item(t, n)[1]
    who = site.name if site.internal else site.supplier
    return NodeInfo(f"{who} / {item}", n.id, None, site.supplier, site.name, item,
                    tier=site.tier, part_id=n.part_id, material_id=n.material_id,
                    on_hand=n.on_hand or 0.0)  # fmt: skip


def _named(infos: list[NodeInfo]) -> list[NodeInfo]:
    """Labels made unique: the site where a supplier makes an item at two, then a number."""
    twice = {k for k, n in Counter(i.label for i in infos).items() if n > 1}
    infos = [
        replace(i, label=f"{i.supplier} ({i.site}) / {i.item}")
        if i.label in twice and i.line_id is None and i.tier != 0
        else i
        for i in infos
    ]
    labels = unique_labels([i.label for i in infos])
    return [replace(i, label=label) for i, label in zip(infos, labels, strict=True)]
