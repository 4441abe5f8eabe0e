"""Read a supplier workbook: suppliers and their sites, and which supplier site delivers which part.

Sheets are recognised by their headers, not their names: a sheet with a part-number and a
supplier column holds part-supplier links; a sheet with supplier and country columns holds
suppliers and sites (one row per site). Either may be missing, not both. Headers in English or
German (SYNONYMS below); shares as 0..1, "40%" or 40.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rePlanner.domain.imports import ImportIssue, Severity, SheetData
from rePlanner.io.network.cells import Col, Reader, Table, find_table

SUPPLIER_COLS = (
    Col("supplier", "Supplier", ("supplier name", "name", "lieferant", "lieferantenname"), True),
    Col("country", "Country", ("land", "staat"), True),
    Col("region", "Region", ()),
    Col("tier", "Tier", ("lieferantenstufe", "stufe")),
    Col("site", "Site", ("supplier site", "location", "standort", "lieferwerk", "werk")),
    Col("city", "City", ("stadt", "ort")),
)
LINK_COLS = (
    Col(
        "part_number",
        "Part Number",
        ("part no", "part", "pn", "sachnummer", "teilenummer", "materialnummer"),
        True,
    ),  # fmt: skip
    Col("supplier", "Supplier", ("supplier name", "lieferant", "lieferantenname"), True),
    Col("site", "Site", ("supplier site", "location", "standort", "lieferwerk")),
    Col("plant", "Plant", ("our plant", "receiving plant", "empfangswerk", "werk", "kundenwerk")),
    Col("share", "Share", ("volume share", "share %", "anteil", "lieferanteil", "quote")),
    Col("price", "Price", ("unit price", "price per unit", "preis", "stuckpreis", "einzelpreis")),
    Col("currency", "Currency", ("curr", "wahrung", "wahrungscode")),
    Col(
        "lead_time",
        "Lead Time (days)",
        ("lead time", "lead time days", "lieferzeit", "wiederbeschaffungszeit", "lieferzeit tage"),
    ),  # fmt: skip
    Col(
        "on_hand", "Inventory on Hand", ("inventory", "on hand", "stock", "bestand", "lagerbestand")
    ),  # fmt: skip
    Col(
        "in_transit",
        "Inventory in Transit",
        ("in transit", "transit", "unterwegs", "transitbestand"),
    ),  # fmt: skip
    Col(
        "china_share", "China Share", ("share china", "chinaanteil", "anteil china", "china anteil")
    ),  # fmt: skip
)


@dataclass
class SupplierIn:
    row: int
    name: str
    country: str
    region: str | None = None
    tier: int | None = None
    site: str | None = None
    city: str | None = None


@dataclass
class PartSupplyIn:
    row: int
    part_number: str
    supplier: str
    site: str | None = None
    plant: str | None = None
    share: float | None = None
    price: float | None = None
    currency: str | None = None
    lead_time: float | None = None
    on_hand: float | None = None
    in_transit: float | None = None
    china_share: float | None = None
    sheet: str = ""


@dataclass
class ParsedSuppliers:
    file: str
    suppliers: list[SupplierIn] = field(default_factory=list)
    links: list[PartSupplyIn] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    rows_read: int = 0
    sheets: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def parse_suppliers(file: str, sheets: dict[str, SheetData]) -> ParsedSuppliers:
    out = ParsedSuppliers(file)
    for sheet in sheets.values():
        links = find_table(sheet, LINK_COLS)
        if links is not None:
            out.sheets.append(sheet.sheet)
            _read_links(out, links)
            continue
        suppliers = find_table(sheet, SUPPLIER_COLS)
        if suppliers is not None:
            out.sheets.append(sheet.sheet)
            _read_suppliers(out, suppliers)
    if out.sheets and not out.rows_read:
        out.issues.append(ImportIssue(Severity.ERROR, "the workbook has headers but no rows; fill "
                          "in at least one supplier or part", file, code="empty"))  # fmt: skip
    if not out.sheets:
        out.issues.append(ImportIssue(
            Severity.ERROR, "no sheet has supplier columns (Supplier and Country) or part-supplier "
            "columns (Part Number and Supplier); rename the headers or use the template",
            file, code="header_missing",
        ))  # fmt: skip
    return out


def _read_suppliers(out: ParsedSuppliers, table: Table) -> None:
    r = Reader(table, out.issues)
    seen: dict[tuple[str, str | None], int] = {}
    country_of: dict[str, tuple[str, int]] = {}
    for row, v in table.rows():
        out.rows_read += 1
        name, country = r.text(row, v, "supplier"), r.text(row, v, "country")
        if not name or not country:
            key = "supplier" if not name else "country"
            r.issue(Severity.ERROR, row, key, None, f"the {key} is empty; fill it in", "missing")
            continue
        tier = r.number(row, v, "tier")
        if tier is not None and not tier.is_integer():
            r.issue(Severity.ERROR, row, "tier", tier, "the tier must be a whole number", "tier")
        site = r.text(row, v, "site")
        if (name, site) in seen:
            r.issue(Severity.ERROR, row, "site", site, f"{name} / {site or '(no site)'} already "
                    f"given in row {seen[name, site]}; keep one row", "duplicate")  # fmt: skip
            continue
        seen[name, site] = row
        first = country_of.setdefault(name, (country, row))
        if first[0] != country and site is None:
            r.issue(Severity.ERROR, row, "country", country, f"row {first[1]} gives {name} the "
                    f"country {first[0]}", "country_conflict")  # fmt: skip
            continue
        out.suppliers.append(SupplierIn(
            row, name, country, r.text(row, v, "region"),
            int(tier) if tier is not None and tier.is_integer() else None,
            site, r.text(row, v, "city"),
        ))  # fmt: skip


def _read_links(out: ParsedSuppliers, table: Table) -> None:
    r = Reader(table, out.issues)
    seen: dict[tuple[Any, ...], int] = {}
    shares: dict[tuple[str, str | None], list[tuple[int, float]]] = defaultdict(list)
    for row, v in table.rows():
        out.rows_read += 1
        pn, supplier = r.text(row, v, "part_number"), r.text(row, v, "supplier")
        if not pn or not supplier:
            key = "part_number" if not pn else "supplier"
            what = "part number" if not pn else "supplier"
            r.issue(Severity.ERROR, row, key, None, f"the {what} is empty; fill it in", "missing")
            continue
        link = PartSupplyIn(
            row, pn, supplier, r.text(row, v, "site"), r.text(row, v, "plant"),
            r.share(row, v, "share"), r.number(row, v, "price"), _currency(r, row, v),
            r.number(row, v, "lead_time"), r.number(row, v, "on_hand"),
            r.number(row, v, "in_transit"), r.share(row, v, "china_share"), table.sheet.sheet,
        )  # fmt: skip
        ident = (pn, supplier, link.site, link.plant)
        if ident in seen:
            r.issue(Severity.ERROR, row, "part_number", pn, f"part {pn} from {supplier} is "
                    f"already given in row {seen[ident]}; keep one row", "duplicate")  # fmt: skip
            continue
        seen[ident] = row
        shares[pn, link.plant].append((row, 1.0 if link.share is None else link.share))
        out.links.append(link)
    for (pn, _plant), rows in shares.items():
        if sum(s for _, s in rows) > 1.0001:
            r.issue(Severity.WARNING, rows[-1][0], "share", sum(s for _, s in rows),
                    f"the shares of part {pn} add up to more than 100%", "share_sum")  # fmt: skip


def _currency(r: Reader, row: int, v: list[Any]) -> str | None:
    cur = r.text(row, v, "currency")
    if cur is None:
        return None
    if len(cur) != 3 or not cur.isalpha():
        r.issue(Severity.ERROR, row, "currency", cur, "use a 3-letter code such as EUR", "currency")
        return None
    return cur.upper()
