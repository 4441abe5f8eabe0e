"""Matching a supplier workbook against the database before anything is written.

Supplier names match as in the BOM import (bom_import_match): ignoring case and spacing; a name
that is not there but looks like a known supplier (CLOSE_CANDIDATE) is an error naming that
supplier unless `accept_above` takes it; other new names on the suppliers sheet are created.
Rows that name one supplier (however spelled) must agree. Plants are found as
`import-bom --plant` finds them (bom_query.find_plant). Every issue names the file's own header
text ("Werk", not "plant") and all are collected, never raised one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.imports import ImportIssue, Severity, SheetData
from rePlanner.io.network.cells import Table, find_table
from rePlanner.io.network.suppliers import (
    LINK_COLS,
    SUPPLIER_COLS,
    ParsedSuppliers,
    PartSupplyIn,
    SupplierIn,
)
from rePlanner.persistence.models import Site
from rePlanner.services.bom_import_match import (
    SupplierMatch,
    known_suppliers,
    norm,
    resolve_supplier,
)
from rePlanner.services.bom_query import find_plant, plant_sites

DEFAULT_SITE = "Main site"
LABELS = {c.key: c.label for c in (*SUPPLIER_COLS, *LINK_COLS)}


def site_name(r: SupplierIn) -> str:
    return r.site or r.city or DEFAULT_SITE


class Headers:
    """The file's own header text per sheet, found the way parse_suppliers finds its tables."""

    def __init__(self, sheets: dict[str, SheetData]) -> None:
        self.links: dict[str, Table] = {}
        self.suppliers: list[Table] = []
        for sheet in sheets.values():
            if (table := find_table(sheet, LINK_COLS)) is not None:
                self.links[sheet.sheet] = table
            elif (table := find_table(sheet, SUPPLIER_COLS)) is not None:
                self.suppliers.append(table)

    def link(self, sheet: str, key: str) -> str:
        t = self.links.get(sheet)
        return t.header(key) if t is not None and key in t.columns else LABELS[key]

    def supplier_table(self, r: SupplierIn) -> Table | None:
        """The suppliers sheet row `r` came from (SupplierIn does not carry its sheet)."""
        for t in self.suppliers:
            i, col = r.row - t.sheet.first_row, t.columns["supplier"]
            cells = t.sheet.rows[i] if 0 <= i < len(t.sheet.rows) else []
            if col < len(cells) and str(cells[col]).strip() == r.name:
                return t
        return self.suppliers[0] if self.suppliers else None

    def where(self, r: SupplierIn, key: str) -> dict[str, Any]:
        t = self.supplier_table(r)
        column = t.header(key) if t is not None and key in t.columns else LABELS[key]
        return {"sheet": t.sheet.sheet if t else None, "row": r.row, "column": column}


@dataclass
class Resolved:
    """What matching decided: supplier per normalised file name, plant site per Plant text."""

    suppliers: dict[str, tuple[int | None, str]] = field(default_factory=dict)  # None: create
    plants: dict[str | None, int] = field(default_factory=dict)
    sites: dict[str, set[str]] = field(default_factory=dict)  # supplier key -> normalised sites


class Matcher:
    def __init__(
        self,
        s: Session,
        parsed: ParsedSuppliers,
        heads: Headers,
        accept_above: float | None,
    ) -> None:
        self.s, self.parsed, self.heads, self.accept = s, parsed, heads, accept_above
        self.issues: list[ImportIssue] = []
        self.out = Resolved()
        self.known = known_suppliers(s)

    def _issue(self, sev: Severity, message: str, code: str, value: Any, **where: Any) -> None:
        self.issues.append(ImportIssue(sev, message, self.parsed.file, code=code, value=value,
                                       **where))  # fmt: skip

    def run(self) -> Resolved:
        groups: dict[str, list[SupplierIn]] = {}
        for r in self.parsed.suppliers:
            groups.setdefault(norm(r.name), []).append(r)
        for key, rows in groups.items():
            self._agree(rows)
            self._sheet_supplier(key, rows)
        self._link_suppliers()
        self._plants()
        self._sites(groups)
        return self.out

    def _agree(self, rows: list[SupplierIn]) -> None:
        """Rows naming one supplier (any spelling) must not contradict the first of them."""
        first, seen = rows[0], {norm(site_name(rows[0])): rows[0]}
        for r in rows[1:]:
            clash = [(k, a, b) for k, a, b in (("tier", first.tier, r.tier),
                     ("country", first.country, r.country), ("region", first.region, r.region))
                     if a is not None and b is not None and a != b
                     and (k == "tier" or r.site is None)]  # fmt: skip
            for key, a, b in clash:
                self._issue(Severity.ERROR, f"row {r.row} gives {r.name!r} the {key} {b}, row "
                            f"{first.row} gives {first.name!r} the {key} {a}: they are one "
                            "supplier; make the rows agree", "supplier_conflict", b,
                            **self.heads.where(r, key))  # fmt: skip
            twin = seen.setdefault(norm(site_name(r)), r)
            if twin is not r:
                self._issue(Severity.ERROR, f"row {r.row} ({r.name!r}, site {site_name(r)!r}) "
                            f"repeats row {twin.row} ({twin.name!r}, site {site_name(twin)!r}); "
                            "keep one row", "duplicate", r.site, **self.heads.where(r, "site"))  # fmt: skip

    def _sheet_supplier(self, key: str, rows: list[SupplierIn]) -> None:
        m = SupplierMatch(" ".join(rows[0].name.split()), len(rows), rows[0].row, "unresolved")
        resolve_supplier(m, self.known, self.accept, create=True)
        where = self.heads.where(rows[0], "supplier")
        if m.status == "unresolved":
            best, ratio = m.candidates[0]
            self._issue(Severity.ERROR, f"supplier {m.name!r} is not in rePlanner but looks like "
                        f"{best!r} (similarity {ratio:.2f}), so it is not created as a new one: "
                        f"write it as {best!r}, or accept the match with "
                        f"--accept-suppliers-above {int(ratio * 100) / 100:.2f}",
                        "supplier_similar", m.name, **where)  # fmt: skip
            return
        if m.status == "accepted":
            self._accepted(m, where)
        self.out.suppliers[key] = (m.supplier_id, m.supplier_name or m.name)

    def _accepted(self, m: SupplierMatch, where: dict[str, Any]) -> None:
        ratio = m.candidates[0][1]
        self._issue(Severity.WARNING, f"supplier {m.name!r} taken as {m.supplier_name!r} "
                    f"(similarity {ratio:.2f})", "supplier_matched_fuzzy", m.name, **where)  # fmt: skip

    def _link_suppliers(self) -> None:
        rows: dict[str, list[PartSupplyIn]] = {}
        for r in self.parsed.links:
            key = norm(r.supplier)
            if key not in self.out.suppliers:
                rows.setdefault(key, []).append(r)
        for key, links in rows.items():
            first = links[0]
            m = SupplierMatch(" ".join(first.supplier.split()), len(links), first.row, "")
            resolve_supplier(m, self.known, self.accept, create=False)
            where = {"sheet": first.sheet, "row": first.row,
                     "column": self.heads.link(first.sheet, "supplier")}  # fmt: skip
            if m.status in ("exact", "accepted"):
                if m.status == "accepted":
                    self._accepted(m, where)
                assert m.supplier_id is not None and m.supplier_name is not None
                self.out.suppliers[key] = (m.supplier_id, m.supplier_name)
                continue
            self._issue(Severity.ERROR, _unknown_message(m), "unknown_supplier", first.supplier,
                        **where)  # fmt: skip

    def _plants(self) -> None:
        texts: dict[str | None, PartSupplyIn] = {}
        for r in self.parsed.links:
            texts.setdefault(" ".join(r.plant.split()) if r.plant else None, r)
        for text, r in texts.items():
            where = {"sheet": r.sheet, "row": r.row, "column": self.heads.link(r.sheet, "plant")}
            try:
                self.out.plants[text] = self._plant(text).id
            except ReplannerError as exc:
                code = "unknown_plant" if text else "plant_ambiguous"
                self._issue(Severity.ERROR, str(exc), code, r.plant, **where)

    def _plant(self, text: str | None) -> Site:
        if text:
            return find_plant(self.s, text)
        sites = plant_sites(self.s)
        if len(sites) != 1:
            raise ReplannerError(
                f"rePlanner knows {len(sites)} plants of ours; add a Plant column that names "
                "the receiving plant"
            )
        return sites[0]

    def _sites(self, groups: dict[str, list[SupplierIn]]) -> None:
        """Each link's supplier site must exist after the import: stored or on the sheet."""
        for key, (sid, _name) in self.out.suppliers.items():
            names = {norm(site_name(r)) for r in groups.get(key, [])}
            if sid is not None:
                names |= {norm(n) for n in self._stored_sites(sid)}
            self.out.sites[key] = names
        for r in self.parsed.links:
            key = norm(r.supplier)
            if key not in self.out.suppliers:
                continue  # already reported
            self._link_site(r, self.out.sites[key])

    def _stored_sites(self, supplier_id: int) -> Iterable[str]:
        return self.s.scalars(select(Site.name).where(Site.supplier_id == supplier_id))

    def _link_site(self, r: PartSupplyIn, sites: set[str]) -> None:
        where = {"sheet": r.sheet, "row": r.row, "column": self.heads.link(r.sheet, "site")}
        if r.site and norm(r.site) not in sites:
            self._issue(Severity.ERROR, f"{r.supplier} has no site {r.site!r}; add it on the "
                        "suppliers sheet", "unknown_site", r.site, **where)  # fmt: skip
        elif not r.site and len(sites) != 1:
            self._issue(Severity.ERROR, f"{r.supplier} has {len(sites)} sites; name the one "
                        f"that delivers in the {where['column']} column", "site_ambiguous",
                        None, **where)  # fmt: skip


def _unknown_message(m: SupplierMatch) -> str:
    rows = f" (on {m.rows} rows)" if m.rows > 1 else ""
    head = f"supplier {m.name!r}{rows} is neither in rePlanner nor on the suppliers sheet"
    if not m.candidates:
        return f"{head}; add it there"
    best, ratio = m.candidates[0]
    return (f"{head}; did you mean {best!r} (similarity {ratio:.2f})? Write it as {best!r}, "
            f"accept the match with --accept-suppliers-above {int(ratio * 100) / 100:.2f}, or "
            "add it on the suppliers sheet")  # fmt: skip
