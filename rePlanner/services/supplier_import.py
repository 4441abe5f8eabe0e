"""Import a supplier workbook: suppliers and sites, and part-supplier links, all or nothing.

Mapping: a Suppliers row upserts the Supplier and, when a site is named, the Site (by supplier +
site name, ignoring case and spacing; without one, a site named after the supplier's city or
"Main site"). Supplier names are matched first (supplier_import_match): ignoring case and
spacing, and a name that looks like a known supplier is an error unless --accept-suppliers-above
takes it. A part-supplier row finds or creates the Part (by part number, origin IMPORT), the
supplier's SupplyNode for that part (inventory on hand / in transit, China share) and our
plant's node for it, and upserts the SourcingLink supplier node -> plant node (share, price,
currency, lead time, China share; quantity 1). The plant is the Plant column, found as
`import-bom --plant` finds it; without that column the database must hold exactly one plant.
The file's own issues and the matching's are reported together; any error writes nothing.
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
from rePlanner.services.bom_import_match import norm
from rePlanner.services.network_import_base import ImportResult, Tally, record_batch, run_unit
from rePlanner.services.session import current_user
from rePlanner.services.supplier_import_match import Headers, Matcher, Resolved, site_name

WHAT = "the supplier import"


def import_suppliers(
    db: Database,
    path: Path | str,
    *,
    dry_run: bool = False,
    accept_suppliers_above: float | None = None,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, match and (unless dry_run or any error) write the workbook in one transaction.

    `accept_suppliers_above`: take a known supplier whose name is at least this similar (0..1)
    to a name in the file instead of reporting the look-alike as an error.
    """
    file = Path(path)
    prog = progress or NullProgress()
    who = user or current_user()
    result = ImportResult("suppliers", str(file), dry_run=dry_run)
    prog.update(0, 3, f"reading {file.name}")
    sheets = read_sheets(file)
    parsed = parse_suppliers(str(file), sheets)
    check(prog, WHAT)
    result.rows_read, result.issues = parsed.rows_read, list(parsed.issues)
    result.counts = {"suppliers": len({norm(s.name) for s in parsed.suppliers}),
                     "part_suppliers": len(parsed.links)}  # fmt: skip
    if not parsed.suppliers and not parsed.links:
        return result
    tally = Tally()

    def work(s: Session) -> None:
        prog.update(1, 3, "matching suppliers, sites and plants")
        matcher = Matcher(s, parsed, Headers(sheets), accept_suppliers_above)
        plan = matcher.run()
        result.issues.extend(matcher.issues)  # with the file's own: all at once
        check(prog, WHAT)
        if result.errors:
            return  # nothing is written; run_unit rolls back
        w = _Writer(s, plan, tally)
        for row in parsed.suppliers:
            w.supplier(row)
        prog.update(2, 3, "writing parts and links")
        for i, link in enumerate(parsed.links):
            w.link(link)
            if i % 500 == 0:
                check(prog, WHAT)
        if not dry_run:
            record_batch(s, result, file, ", ".join(parsed.sheets), who, tally)

    run_unit(db, who, result, work)
    result.changes = tally.as_dict()
    prog.update(3, 3, "done")
    return result


class _Writer:
    """Writes what the Matcher resolved; every look-up here is known to succeed."""

    def __init__(self, s: Session, plan: Resolved, tally: Tally) -> None:
        self.s, self.plan, self.tally = s, plan, tally
        self.ids: dict[str, int] = {k: i for k, (i, _) in plan.suppliers.items() if i is not None}

    def _supplier_id(self, name: str) -> int:
        return self.ids[norm(name)]

    def supplier(self, r: SupplierIn) -> None:
        key = norm(r.name)
        values = {"country": r.country, "region": r.region, "tier": r.tier}
        values = {k: v for k, v in values.items() if v is not None}
        if key not in self.ids:
            sup = Supplier(name=self.plan.suppliers[key][1], origin=Origin.IMPORT,
                           is_internal=False, **values)  # fmt: skip
            self.s.add(sup)
            self.s.flush()
            self.ids[key] = sup.id
            self.tally.add("supplier", "created")
        else:
            self.tally.assign("supplier", self.s.get_one(Supplier, self.ids[key]), values)
        name = site_name(r)
        site = self._site(self.ids[key], name)
        site_values = {"country": r.country, "city": r.city, "region": r.region}
        site_values = {k: v for k, v in site_values.items() if v is not None}
        if site is None:
            self.s.add(Site(supplier_id=self.ids[key], name=name, origin=Origin.IMPORT,
                            **site_values))  # fmt: skip
            self.s.flush()
            self.tally.add("site", "created")
        else:
            self.tally.assign("site", site, site_values)

    def _site(self, supplier_id: int, name: str | None) -> Site | None:
        """The supplier's site called `name` (case and spacing ignored); None: its only site."""
        sites = list(self.s.scalars(select(Site).where(Site.supplier_id == supplier_id)))
        if name is None:
            return sites[0] if len(sites) == 1 else None
        return next((x for x in sites if norm(x.name) == norm(name)), None)

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
        site = self._site(self._supplier_id(r.supplier), r.site)
        plant = self.s.get_one(
            Site, self.plan.plants[" ".join(r.plant.split()) if r.plant else None]
        )
        assert site is not None  # the Matcher checked it
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
