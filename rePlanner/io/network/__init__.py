"""Supply-network and supplier workbooks: read, map headers, check; no database access here."""

from __future__ import annotations

from rePlanner.io.network.network import LinkIn, NodeIn, ParsedNetwork, parse_network
from rePlanner.io.network.read import read_sheets
from rePlanner.io.network.suppliers import (
    ParsedSuppliers,
    PartSupplyIn,
    SupplierIn,
    parse_suppliers,
)
from rePlanner.io.network.template import write_supplier_template

__all__ = [
    "LinkIn",
    "NodeIn",
    "ParsedNetwork",
    "ParsedSuppliers",
    "PartSupplyIn",
    "SupplierIn",
    "parse_network",
    "parse_suppliers",
    "read_sheets",
    "write_supplier_template",
]
