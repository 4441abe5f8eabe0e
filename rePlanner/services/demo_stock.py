"""Finish the demo network: demand, China share, stock, capacity, time to recover, link prices.

Demand is pushed up from the lines through the links; stock on hand is then a seeded number of
days of that demand. A node's inventory_in_transit is what it has shipped and its customers have
not yet received: lead time x daily flow summed over its outgoing links (so a sea link carries
weeks, a truck link days; our plants ship nothing). The RNG draws happen in node id order, then
link order; keep that order, or the demo changes for the same seed.
"""

from __future__ import annotations

import random
from collections import defaultdict

from rePlanner.services import demo_catalog as cat
from rePlanner.services.demo_master import DEMO, MasterData, Row, Tables
from rePlanner.services.demo_network import NetworkBuilder, Node, NodeItem, km
from rePlanner.services.demo_products import LINES


class Flows:
    """Daily demand, lines served and China share of every node of a built network."""

    def __init__(self, net: NetworkBuilder, master: MasterData) -> None:
        self.master = master
        self.by_id = {n.id: n for n in net.nodes.values()}
        self.out: dict[int, list[Row]] = defaultdict(list)
        self.into: dict[int, list[Row]] = defaultdict(list)
        for link in net.links.values():
            self.out[link["from_node_id"]].append(link)
            self.into[link["to_node_id"]].append(link)
        self.node_lines = net.node_lines
        self.demand: dict[int, float] = {}
        self.serves: dict[int, set[str]] = {}
        self.china: dict[int, float] = {}
        for nid in sorted(self.by_id):
            self._walk_down(nid)
            self._walk_up(nid)

    def flow(self, link: Row) -> float:
        """Units per day moving along a link."""
        return self.demand[link["to_node_id"]] * link["quantity_per_unit"] * link["share"]

    def _walk_down(self, nid: int) -> None:
        """Demand of a node: its own plus what its customers need of it."""
        if nid in self.demand:
            return
        for link in self.out[nid]:
            self._walk_down(link["to_node_id"])
        links = self.out[nid]
        self.demand[nid] = self.by_id[nid].base + sum(
            self.demand[k["to_node_id"]] * k["quantity_per_unit"] * k["share"] for k in links
        )
        self.serves[nid] = self.node_lines[nid].union(
            *(self.serves[k["to_node_id"]] for k in links)
        )

    def _walk_up(self, nid: int) -> float:
        if nid not in self.china:
            self.china[nid] = self._china(self.by_id[nid], self.into[nid])
        return self.china[nid]

    def _china(self, node: Node, links: list[Row]) -> float:
        """1 at a Chinese site; else the most China-dependent input (a scarce input stops all)."""
        if self.master.sites[node.site].country == "China":
            return 1.0
        groups: dict[NodeItem, list[tuple[float, float]]] = defaultdict(list)
        for link in links:
            src = link["from_node_id"]
            groups[self.by_id[src].item].append((link["share"], self._walk_up(src)))
        shares = [sum(s * c for s, c in g) / sum(s for s, _ in g) for g in groups.values()]
        return round(max(shares, default=0.0), 3)


def write_network(tables: Tables, net: NetworkBuilder, flows: Flows, rng: random.Random) -> None:
    """Append the supply_nodes rows (id order), then the sourcing_links rows (link order)."""
    sites = flows.master.sites
    transport = {key: transport_mode(link, flows) for key, link in net.links.items()}
    pipeline: dict[int, float] = defaultdict(float)  # what a node has shipped, not yet received
    for key, link in net.links.items():
        pipeline[link["from_node_id"]] += transport[key][0] * flows.flow(link)
    stock = _StockPolicy(net, flows.master, rng)
    safe_lines = {line.key for line in LINES if line.safe}
    for nid in sorted(flows.by_id):
        node = flows.by_id[nid]
        safe = bool(flows.serves[nid] & safe_lines)
        row = stock.node_row(node, flows.demand[nid], safe, flows.china[nid])
        row["inventory_in_transit"] = _qty(pipeline[nid], node.item[0] == "part")
        row["notes"] = _node_note(node, nid in net.tight, sites[node.site].country)
        tables["supply_nodes"].append(row)
    for key, link in net.links.items():
        tables["sourcing_links"].append(_priced_link(link, flows, rng, transport[key]))


def transport_mode(link: Row, flows: Flows) -> tuple[float, str]:
    """(lead time in days, mode): truck within ~3,500 km, sea beyond it, air where catalogued."""
    src, dst = flows.by_id[link["from_node_id"]], flows.by_id[link["to_node_id"]]
    if (src.supplier, dst.supplier) in cat.AIR_FREIGHT:
        return cat.AIR_LEAD_DAYS, "air"
    if src.site == dst.site:
        return 0.0, "internal"
    sites = flows.master.sites
    distance = km(sites[src.site].position, sites[dst.site].position)
    if distance < 3500:  # road (ferry across short straits): 1-5 days
        return float(max(1, round(1 + distance / 800))), "truck"
    # port handling, main leg and inland haulage: Asia to Europe ~35, to Mexico ~45 days
    return float(min(50, round(14 + distance / 400))), "sea"


def _node_note(node: Node, tight: bool, country: str) -> str | None:
    if tight and node.tier == 2 and country == "China":
        return "Finished magnet sets wait for export licences (granted per shipment)"
    if node.tier >= 3:
        return "capacity_per_day: output allocated to Nordwerk's chain, not the site's total"
    return None


def _qty(value: float, is_part: bool) -> float:
    """Whole units for parts, four significant digits for kilograms of material."""
    return float(round(value)) if is_part else float(f"{value:.4g}")


class _StockPolicy:
    """Seeded stock on hand, capacity and time to recover for each node."""

    def __init__(self, net: NetworkBuilder, master: MasterData, rng: random.Random) -> None:
        self.tight, self.jis, self.master, self.rng = net.tight, net.jis, master, rng

    def node_row(self, node: Node, demand: float, safe: bool, china: float) -> Row:
        is_part = node.item[0] == "part"
        on_hand = demand * self._cover_days(node, safe)
        # tier 0 is our own plant: its capacity is the lines' rate, not a supply limit
        capacity = None if node.tier == 0 else _qty(demand * self.rng.uniform(1.15, 1.8), is_part)
        return {
            "id": node.id, "site_id": node.site,
            "part_id": node.item[1] if is_part else None,
            "material_id": None if is_part else node.item[1],
            "capacity_per_day": capacity, "inventory_on_hand": _qty(on_hand, is_part),
            "inventory_in_transit": 0.0, "ttr_days": self._ttr_days(node),
            "china_share": china, "notes": None, "origin": DEMO,
        }  # fmt: skip

    def _cover_days(self, node: Node, safe: bool) -> float:
        """Days of stock on hand: thin on the exposed chain, weeks on the safe line."""
        if node.id in self.tight:
            return self.rng.uniform(1.0, 2.0)
        if node.id in self.jis:  # built to the plant's sequence: hours at the plant
            return self.rng.uniform(0.1, 2.0) if node.tier == 0 else self.rng.uniform(0.5, 2.0)
        if safe:
            return self.rng.uniform(55, 90)
        low, high = {0: (3, 12), 1: (4, 15), 2: (10, 35)}.get(node.tier, (30, 90))
        return self.rng.uniform(low, high)

    def _ttr_days(self, node: Node) -> float:
        """Days to recover a lost source: a Chinese tier-2 maker takes longest to replace."""
        if node.tier == 2:
            chinese = self.master.sites[node.site].country == "China"
            return float(round(self.rng.uniform(*((120, 210) if chinese else (60, 120)))))
        low, high = {0: (5, 10), 1: (30, 90), 3: (120, 240)}.get(node.tier, (180, 365))
        return float(round(self.rng.uniform(low, high)))


def _priced_link(link: Row, flows: Flows, rng: random.Random, transport: tuple[float, str]) -> Row:
    """Price around the item's list price, lead time by mode, China share of the source."""
    src = flows.by_id[link["from_node_id"]]
    kind, item = src.item
    base = flows.master.part_price[item] if kind == "part" else cat.MATERIAL_PRICE[item]
    lead, mode = transport
    link["price_per_unit"] = round(base * rng.uniform(0.92, 1.08), 2)
    link["lead_time_days"] = lead
    link["china_share"] = flows.china[src.id]
    link["notes"] = cat.HOLD_NOTE if mode == "air" else f"{mode}, {lead:g} days"
    return link


def part_china_share(pid: int, net: NetworkBuilder, flows: Flows) -> float | None:
    """China share of what we receive (plant nodes), else of what suppliers hold."""
    nodes = [n for n in net.nodes.values() if n.item == ("part", pid)]
    nodes = [n for n in nodes if n.tier == 0] or nodes
    weight = sum(flows.demand[n.id] for n in nodes)
    if not weight:
        return None
    return round(sum(flows.demand[n.id] * flows.china[n.id] for n in nodes) / weight, 3)
