"""Read a multi-tier supply-network workbook (sheets "Nodes" and "Links") and check it whole.

Layout (the peer's, github.com/databricks-industry-solutions/supply-chain-stress-test):
  Nodes: Node ID | Tier | Node type | Item / material | Capacity per day | Inventory (units) |
         Demand per day | Profit per unit | Time to recover (days)   [+ optional Country, Region,
         City, Powertrain]
  Links: From node | To node | Material | Units of from per unit of to
Headers are matched by synonym (English and German), sheets by name ("Nodes"/"Knoten",
"Links"/"Kanten"/"Edges"). Every issue is collected; nothing is thrown away silently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rePlanner.domain.enums import Powertrain
from rePlanner.domain.imports import ImportIssue, Severity, SheetData
from rePlanner.io.network.cells import Col, Reader, find_table, norm
from rePlanner.io.network.graph import find_cycles

NODE_COLS = (
    Col("id", "Node ID", ("node", "id", "node id", "knoten", "knoten id"), required=True),
    Col("tier", "Tier", ("stufe", "ebene", "tier level")),
    Col("kind", "Node type", ("kind", "type", "node kind", "knotentyp", "typ", "art")),
    Col("material", "Item / material", ("item", "material", "item material", "artikel"), True),
    Col("capacity", "Capacity per day", ("capacity", "capacity per day", "kapazitat pro tag")),
    Col("inventory", "Inventory (units)", ("inventory", "inventory on hand", "bestand")),
    Col("demand", "Demand per day", ("demand", "bedarf pro tag", "bedarf")),
    Col("profit", "Profit per unit", ("profit", "margin", "gewinn pro einheit", "marge")),
    Col("ttr", "Time to recover (days)", ("ttr", "ttr days", "wiederanlaufzeit")),
    Col("country", "Country", ("land",)),
    Col("region", "Region", ()),
    Col("city", "City", ("stadt", "ort")),
    Col("powertrain", "Powertrain", ("antrieb",)),
)
LINK_COLS = (
    Col("source", "From node", ("from", "source", "supplier node", "von", "von knoten"), True),
    Col("target", "To node", ("to", "target", "customer node", "nach", "an knoten"), True),
    Col("material", "Material", ("item",)),
    Col("ratio", "Units of from per unit of to", ("ratio", "quantity per unit", "menge")),
)
NODE_SHEETS = ("nodes", "knoten", "node")
LINK_SHEETS = ("links", "edges", "kanten", "link", "verbindungen")
PRODUCT_KINDS = {"product", "finished product", "end product", "produkt", "endprodukt"}
MAX_ITEM_LEN = 32  # materials.element


@dataclass
class NodeIn:
    row: int
    id: str
    material: str
    tier: int | None = None
    kind: str | None = None
    capacity: float | None = None  # None: not limiting
    inventory: float = 0.0
    demand: float | None = None
    profit: float | None = None
    ttr: float | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    powertrain: str | None = None

    @property
    def is_product(self) -> bool:
        if self.kind:
            return norm(self.kind) in PRODUCT_KINDS
        return self.tier == 1 and self.demand is not None


@dataclass
class LinkIn:
    row: int
    source: str
    target: str
    material: str | None
    ratio: float


@dataclass
class ParsedNetwork:
    file: str
    nodes: list[NodeIn] = field(default_factory=list)
    links: list[LinkIn] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def _sheet(sheets: dict[str, SheetData], names: tuple[str, ...]) -> SheetData | None:
    by_norm = {norm(n): s for n, s in sheets.items()}
    return next((by_norm[n] for n in names if n in by_norm), None)


def parse_network(file: str, sheets: dict[str, SheetData]) -> ParsedNetwork:
    out = ParsedNetwork(file)
    for names, label in ((NODE_SHEETS, "Nodes"), (LINK_SHEETS, "Links")):
        if _sheet(sheets, names) is None:
            out.issues.append(_file_issue(file, f'no sheet "{label}"; the workbook has '
                              f"{', '.join(sheets) or 'no sheets'}", "sheet_missing"))  # fmt: skip
    node_sheet, link_sheet = _sheet(sheets, NODE_SHEETS), _sheet(sheets, LINK_SHEETS)
    if node_sheet is None or link_sheet is None:
        return out
    _read_nodes(out, node_sheet)
    _read_links(out, link_sheet)
    if not out.nodes and out.ok:
        out.issues.append(_file_issue(file, "the sheet has no nodes below its header; fill it "
                          "in", "empty", node_sheet.sheet))  # fmt: skip
    _check_graph(out, link_sheet)
    return out


def _file_issue(file: str, message: str, code: str, sheet: str | None = None) -> ImportIssue:
    return ImportIssue(Severity.ERROR, message, file, sheet, code=code)


def _missing_header(out: ParsedNetwork, sheet: SheetData, cols: tuple[Col, ...]) -> None:
    need = ", ".join(f'"{c.label}"' for c in cols if c.required)
    out.issues.append(_file_issue(out.file, f"no header row with the columns {need} in the "
                      "first 20 rows; add or rename them", "header_missing", sheet.sheet))  # fmt: skip


def _read_nodes(out: ParsedNetwork, sheet: SheetData) -> None:
    table = find_table(sheet, NODE_COLS)
    if table is None:
        return _missing_header(out, sheet, NODE_COLS)
    r = Reader(table, out.issues)
    first_row: dict[str, int] = {}
    for row, v in table.rows():
        out.rows_read += 1
        node_id, material = r.text(row, v, "id"), r.text(row, v, "material")
        if not node_id:
            r.issue(Severity.ERROR, row, "id", None, "the node has no ID; enter one", "id_missing")
            continue
        if node_id in first_row:
            r.issue(Severity.ERROR, row, "id", node_id, f"node ID already used in row "
                    f"{first_row[node_id]}; IDs must be unique", "duplicate_id")  # fmt: skip
            continue
        first_row[node_id] = row
        if not material:
            r.issue(Severity.ERROR, row, "material", None, f"node {node_id} names no item or "
                    "material; enter what it makes", "material_missing")  # fmt: skip
            continue
        if len(material) > MAX_ITEM_LEN:
            r.issue(Severity.ERROR, row, "material", material, f"item names are limited to "
                    f"{MAX_ITEM_LEN} characters; shorten it", "material_too_long")  # fmt: skip
            continue
        out.nodes.append(_node(r, row, v, node_id, material))


def _node(r: Reader, row: int, v: list[Any], node_id: str, material: str) -> NodeIn:
    tier = r.number(row, v, "tier")
    if tier is not None and not tier.is_integer():
        r.issue(Severity.ERROR, row, "tier", tier, "the tier must be a whole number", "tier")
        tier = None
    node = NodeIn(
        row, node_id, material, None if tier is None else int(tier), r.text(row, v, "kind"),
        r.number(row, v, "capacity"), r.number(row, v, "inventory") or 0.0,
        r.number(row, v, "demand"), r.number(row, v, "profit"), r.number(row, v, "ttr"),
        r.text(row, v, "country"), r.text(row, v, "region"), r.text(row, v, "city"),
        r.text(row, v, "powertrain"),
    )  # fmt: skip
    if node.powertrain and node.powertrain.upper() not in {p.value for p in Powertrain}:
        r.issue(Severity.ERROR, row, "powertrain", node.powertrain, "use BEV, PHEV, HEV or ICE",
                "powertrain")  # fmt: skip
        node.powertrain = None
    if node.is_product and node.demand is None:
        r.issue(Severity.WARNING, row, "demand", None, f"product {node_id} has no demand; "
                "read as 0 per day", "demand_missing")  # fmt: skip
    if not node.is_product and (node.demand or node.profit):
        r.issue(Severity.WARNING, row, "demand", node.demand, f"node {node_id} is not a product: "
                "its demand and profit are kept as notes only", "demand_not_product")  # fmt: skip
    return node


def _read_links(out: ParsedNetwork, sheet: SheetData) -> None:
    table = find_table(sheet, LINK_COLS)
    if table is None:
        return _missing_header(out, sheet, LINK_COLS)
    r = Reader(table, out.issues)
    nodes = {n.id: n for n in out.nodes}
    seen: dict[tuple[str, str], int] = {}
    for row, v in table.rows():
        out.rows_read += 1
        src, dst = r.text(row, v, "source"), r.text(row, v, "target")
        ratio = r.number(row, v, "ratio", positive=True) if r.raw(v, "ratio") is not None else 1.0
        bad = False
        for key, node_id in (("source", src), ("target", dst)):
            if not node_id:
                r.issue(Severity.ERROR, row, key, None, "the link names no node", "node_missing")
                bad = True
            elif node_id not in nodes:
                r.issue(Severity.ERROR, row, key, node_id, f'node {node_id} is not on the sheet '
                        '"Nodes"; add it there or correct the ID', "unknown_node")  # fmt: skip
                bad = True
        if bad or ratio is None or src is None or dst is None:
            continue
        if src == dst:
            r.issue(Severity.ERROR, row, "target", dst, "a node cannot supply itself", "self_link")
            continue
        if (src, dst) in seen:
            r.issue(Severity.ERROR, row, "source", src, f"link {src} -> {dst} already given in "
                    f"row {seen[src, dst]}; keep one", "duplicate_link")  # fmt: skip
            continue
        seen[src, dst] = row
        material = r.text(row, v, "material")
        if material and material != nodes[src].material:
            r.issue(Severity.WARNING, row, "material", material, f"node {src} makes "
                    f"{nodes[src].material}; the link's material is kept as a note",
                    "material_mismatch")  # fmt: skip
        out.links.append(LinkIn(row, src, dst, material, ratio))


def _check_graph(out: ParsedNetwork, link_sheet: SheetData) -> None:
    """Circular supply (A feeds B feeds A) has no meaning for recovery times: refuse it."""
    edges: dict[str, list[str]] = defaultdict(list)
    row_of = {}
    for link in out.links:
        edges[link.source].append(link.target)
        row_of[link.source, link.target] = link.row
    for cycle in find_cycles([n.id for n in out.nodes], edges):
        loop = " -> ".join([*cycle, cycle[0]])
        row = row_of.get((cycle[0], cycle[1 % len(cycle)]))
        out.issues.append(ImportIssue(
            Severity.ERROR, f"the links form a loop ({loop}); remove one of them", out.file,
            link_sheet.sheet, row, None, loop, "cycle",
        ))  # fmt: skip
