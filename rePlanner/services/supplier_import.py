"""Import a supplier workbook: suppliers and sites, and part-supplier links, all or nothing.

Mapping: a Suppliers row upserts the Supplier (by exact name) and, when a site is named, the Site
(by supplier + site name; without one, a site named after the supplier's city or "Main site").
A part-supplier row finds or creates the Part (by part number, origin IMPORT), the supplier's
SupplyNode for that part (inventory on hand / in transit, China share) and our plant's node for
it, and upserts the SourcingLink supplier node -> plant node (share, price, currency, lead time,
China share; quantity 1). The plant is the Plant column (a site of an internal supplier, i.e. our
own plant); without that column the database must hold exactly one plant.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import Origin
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.network import PartSupplyIn, SupplierIn, parse_suppliers, read_sheets
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import Part, Site, SourcingLink, Supplier, SupplyNode
from rePlanner.services.network_import_base import (
    ImportResult,
    Tally,
    db_issue,
    record_batch,
    run_unit,
)
from rePlanner.services.session import current_user

DEFAULT_SITE = "Main site"


def import_suppliers(
    db: Database,
    path: Path | str,
    *,
    dry_run: bool = False,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    file = Path(path)
    prog = progress or NullProgress()
    who = user or current_user()
    result = ImportResult("suppliers", str(file), dry_run=dry_run)
    prog.update(0, 3, f"reading {file.name}")
    parsed = parse_suppliers(str(file), read_sheets(file))
    check(prog, "the supplier import")
    result.rows_read, result.issues = parsed.rows_read, list(parsed.issues)
    result.counts = {"suppliers": len({s.name for s in parsed.suppliers}),
                     "part_suppliers": len(parsed.links)}  # fmt: skip
    if not parsed.ok:
        return result
    tally = Tally()

    def work(s: Session) -> None:
        w = _Writer(s, result, tally)
        for row in parsed.suppliers:
            w.supplier(row)
        prog.update(1, 3, "matching parts and suppliers")
        for i, link in enumerate(parsed.links):
            w.link(link)
            if i % 500 == 0:
                check(prog, "the supplier import")
        if not result.errors and not dry_run:
            record_batch(s, result, file, ", ".join(parsed.sheets), who, tally)

    run_unit(db, who, result, work)
    result.changes = tally.as_dict()
    prog.update(3, 3, "done")
    return result


class _Writer:
    def __init__(self, s: Session, result: ImportResult, tally: Tally) -> None:
        self.s, self.result, self.tally = s, result, tally
        self._plants: list[Site] | None = None

    def _find_supplier(self, name: str) -> Supplier | None:
        return self.s.scalars(select(Supplier).where(Supplier.name == name)).first()

    def supplier(self, r: SupplierIn) -> None:
        sup = self._find_supplier(r.name)
        values = {"country": r.country, "region": r.region, "tier": r.tier}
        values = {k: v for k, v in values.items() if v is not None}
        if sup is None:
            sup = Supplier(name=r.name, origin=Origin.IMPORT, is_internal=False, **values)
            self.s.add(sup)
            self.s.flush()
            self.tally.add("supplier", "created")
        else:
            self.tally.assign("supplier", sup, values)
        site_name = r.site or r.city or DEFAULT_SITE
        site = self._site(sup, site_name)
        site_values = {"country": r.country, "city": r.city, "region": r.region}
        site_values = {k: v for k, v in site_values.items() if v is not None}
        if site is None:
            self.s.add(Site(supplier_id=sup.id, name=site_name, origin=Origin.IMPORT,
                            **site_values))  # fmt: skip
            self.s.flush()
            self.tally.add("site", "created")
        else:
            self.tally.assign("site", site, site_values)

    def _site(self, sup: Supplier, name: str) -> Site | None:
        stmt = select(Site).where(Site.supplier_id == sup.id, Site.name == name)
        return self.s.scalars(stmt).first()

    def _supplier_site(self, r: PartSupplyIn) -> Site | None:
        where = {"sheet": r.sheet, "row": r.row}
        sup = self._find_supplier(r.supplier)
        if sup is None:
            db_issue(self.result, f"supplier {r.supplier!r} is neither in rePlanner nor on the "
                     "suppliers sheet; add it there", "unknown_supplier", column="Supplier",
                     value=r.supplier, **where)  # fmt: skip
            return None
        if r.site:
            site = self._site(sup, r.site)
            if site is None:
                db_issue(
                    self.result,
                    f"{r.supplier} has no site {r.site!r}; add it on the suppliers sheet",
                    "unknown_site",
                    column="Site",
                    value=r.site,
                    **where,
                )
            return site  # fmt: skip
        sites = list(self.s.scalars(select(Site).where(Site.supplier_id == sup.id)))
        if len(sites) != 1:
            db_issue(
                self.result,
                f"{r.supplier} has {len(sites)} sites; name the one that "
                "delivers in the Site column",
                "site_ambiguous",
                column="Site",
                **where,
            )
            return None  # fmt: skip
        return sites[0]

    def _plant(self, r: PartSupplyIn) -> Site | None:
        if self._plants is None:
            stmt = select(Site).join(Supplier).where(Supplier.is_internal.is_(True))
            self._plants = list(self.s.scalars(stmt))
        where = {"sheet": r.sheet, "row": r.row, "column": "Plant", "value": r.plant}
        if r.plant:
            hits = [p for p in self._plants if p.name == r.plant]
            if not hits:
                known = ", ".join(sorted(p.name for p in self._plants)) or "none"
                db_issue(self.result, f"no plant of ours is named {r.plant!r} (plants: {known})",
                         "unknown_plant", **where)  # fmt: skip
            return hits[0] if hits else None
        if len(self._plants) != 1:
            db_issue(
                self.result,
                f"rePlanner knows {len(self._plants)} plants of ours; add a "
                "Plant column that names the receiving plant",
                "plant_ambiguous",
                **where,
            )
            return None  # fmt: skip
        return self._plants[0]

    def _part(self, number: str) -> Part:
        part = self.s.scalars(select(Part).where(Part.part_number == number)).first()
        if part is None:
            part = Part(part_number=number, origin=Origin.IMPORT)
            self.s.add(part)
            self.s.flush()
            self.tally.add("part", "created")
        return part

    def _node(self, site: Site, part: Part, values: dict[str, object]) -> SupplyNode:
        stmt = select(SupplyNode).where(
            SupplyNode.site_id == site.id, SupplyNode.part_id == part.id
        )
        node = self.s.scalars(stmt).first()
        if node is None:
            node = SupplyNode(site_id=site.id, part_id=part.id, origin=Origin.IMPORT, **values)
            self.s.add(node)
            self.s.flush()
            self.tally.add("supply node", "created")
        elif values:
            self.tally.assign("supply node", node, values)
        return node

    def link(self, r: PartSupplyIn) -> None:
        site, plant = self._supplier_site(r), self._plant(r)
        if site is None or plant is None or self.result.errors:
            return  # keep matching to report every row; nothing is written anyway
        part = self._part(r.part_number)
        node_values = {"inventory_on_hand": r.on_hand, "inventory_in_transit": r.in_transit,
                       "china_share": r.china_share}  # fmt: skip
        src = self._node(site, part, {k: v for k, v in node_values.items() if v is not None})
        dst = self._node(plant, part, {})
        values = {"share": r.share, "price_per_unit": r.price, "currency": r.currency,
                  "lead_time_days": r.lead_time, "china_share": r.china_share}  # fmt: skip
        values = {k: v for k, v in values.items() if v is not None}
        stmt = select(SourcingLink).where(
            SourcingLink.from_node_id == src.id, SourcingLink.to_node_id == dst.id
        )
        link = self.s.scalars(stmt).first()
        if link is None:
            self.s.add(SourcingLink(from_node_id=src.id, to_node_id=dst.id, quantity_per_unit=1.0,
                                    origin=Origin.IMPORT, **values))  # fmt: skip
            self.s.flush()
            self.tally.add("sourcing link", "created")
        else:
            self.tally.assign("sourcing link", link, values)
