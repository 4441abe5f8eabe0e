"""Real workbooks for the network and supplier tests, written with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

PEER = Path("/work/shared/peer")
NODE_HEADER = [
    "Node ID",
    "Tier",
    "Node type",
    "Item / material",
    "Capacity per day",
    "Inventory (units)",
    "Demand per day",
    "Profit per unit",
    "Time to recover (days)",
]
LINK_HEADER = ["From node", "To node", "Material", "Units of from per unit of to"]
NODES = [
    ["P1", 1, "product", "P1", 100, 50, 40, 2.5, 3],
    ["S1", 2, "supplier", "steel", 80, 10, None, None, 5],
    ["S2", 2, "supplier", "steel", 60, 0, None, None, 7],
    ["R1", 3, "sub-supplier", "ore", 200, 30, None, None, 10],
]
LINKS = [["S1", "P1", "steel", 2], ["S2", "P1", "steel", 2], ["R1", "S1", "ore", 1.5]]


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def network_book(
    path: Path, nodes: list[list[Any]] | None = None, links: list[list[Any]] | None = None
) -> Path:
    return write_book(path, {
        "Nodes": [NODE_HEADER, *(NODES if nodes is None else nodes)],
        "Links": [LINK_HEADER, *(LINKS if links is None else links)],
    })  # fmt: skip
