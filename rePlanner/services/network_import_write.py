"""Writes a checked network into one open session (see network_import for the mapping)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import Origin, Powertrain, Stage
from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.domain.progress import Progress, check
from rePlanner.io.network import NodeIn, ParsedNetwork
from rePlanner.persistence.models import (
    Material,
    ProductionLine,
    Program,
    Site,
    SourcingLink,
    Supplier,
    SupplyNode,
)
from rePlanner.services.network_import_base import ImportResult, Tally

PLANT_SUPPLIER = "Imported network"
UNKNOWN_COUNTRY = "Unknown"


def node_notes(network: str, n: NodeIn) -> str:
    pairs = {"network": network, "node": n.id, "kind": n.kind, "tier": n.tier,
             "demand_per_day": n.demand, "profit_per_unit": n.profit}  # fmt: skip
    return "; ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                     for k, v in pairs.items() if v is not None)  # fmt: skip


class NetworkWriter:
    def __init__(
        self, s: Session, parsed: ParsedNetwork, site_name: str, result: ImportResult, tally: Tally
    ) -> None:
        self.s, self.parsed, self.site_name = s, parsed, site_name
        self.result, self.tally = result, tally
        self.network = site_name.removeprefix("Network ")
        self.node_of: dict[str, SupplyNode] = {}

    def write(self, progress: Progress) -> None:
        materials = self._materials()
        old = self._existing_nodes()
        for i, n in enumerate(self.parsed.nodes):
            self.node_of[n.id] = self._node(n, materials[n.material], old.pop(n.id, None))
            if i % 200 == 0:
                check(progress, "the network import")
        self.s.flush()
        self._links([n.id for n in [*self.node_of.values(), *old.values()]])
        self._prune_nodes(old)
        self._products()

    def _materials(self) -> dict[str, Material]:
        names = {n.material for n in self.parsed.nodes}
        found = {
            m.element: m
            for m in self.s.scalars(
                select(Material).where(
                    Material.stage == Stage.COMMODITY, Material.element.in_(names)
                )
            )
        }
        for name in sorted(names - found.keys()):
            found[name] = Material(element=name, stage=Stage.COMMODITY, name=name,
                                   category="imported network", origin=Origin.IMPORT)  # fmt: skip
            self.s.add(found[name])
            self.tally.add("material", "created")
        self.s.flush()
        return found

    def _existing_nodes(self) -> dict[str, SupplyNode]:
        """This network's nodes already in the database, by node ID (= supplier name)."""
        rows = self.s.execute(
            select(Supplier.name, SupplyNode)
            .join(Site, Site.supplier_id == Supplier.id)
            .join(SupplyNode, SupplyNode.site_id == Site.id)
            .where(Site.name == self.site_name, Supplier.is_internal.is_(False))
        )
        return {name: node for name, node in rows}

    def _supplier(self, n: NodeIn) -> Supplier:
        sup = self.s.scalars(select(Supplier).where(Supplier.name == n.id)).first()
        values = {"tier": n.tier, "country": n.country or UNKNOWN_COUNTRY, "region": n.region}
        if sup is None:
            sup = Supplier(name=n.id, origin=Origin.IMPORT, is_internal=False, **values)
            self.s.add(sup)
            self.tally.add("supplier", "created")
        elif sup.origin == Origin.IMPORT:  # a person's own supplier record is left as it is
            self.tally.assign("supplier", sup, values)
        else:
            self.tally.add("supplier", "unchanged")
        return sup

    def _node(self, n: NodeIn, material: Material, node: SupplyNode | None) -> SupplyNode:
        values = {
            "material_id": material.id, "part_id": None, "capacity_per_day": n.capacity,
            "inventory_on_hand": n.inventory, "ttr_days": n.ttr,
            "notes": node_notes(self.network, n),
        }  # fmt: skip
        if node is not None:
            self._supplier(n)
            self.tally.add("site", "unchanged")
            self.tally.assign("supply node", node, values)
            return node
        sup = self._supplier(n)
        site = Site(supplier=sup, name=self.site_name, country=n.country or UNKNOWN_COUNTRY,
                    city=n.city, region=n.region, origin=Origin.IMPORT)  # fmt: skip
        self.s.add(site)
        self.s.flush()
        node = SupplyNode(site_id=site.id, origin=Origin.IMPORT, **values)
        self.s.add(node)
        self.tally.add("site", "created")
        self.tally.add("supply node", "created")
        return node

    def _links(self, ids: list[int]) -> None:
        """Upsert the file's links; links among this network's nodes that it lacks go."""
        existing = {
            (lk.from_node_id, lk.to_node_id): lk
            for lk in self.s.scalars(
                select(SourcingLink).where(
                    SourcingLink.from_node_id.in_(ids), SourcingLink.to_node_id.in_(ids)
                )
            )
        }
        for link in self.parsed.links:
            key = (self.node_of[link.source].id, self.node_of[link.target].id)
            notes = f"network={self.network}; material={link.material}" if link.material else None
            values = {"quantity_per_unit": link.ratio, "notes": notes}
            row = existing.pop(key, None)
            if row is None:
                self.s.add(SourcingLink(from_node_id=key[0], to_node_id=key[1], share=1.0,
                                        origin=Origin.IMPORT, **values))  # fmt: skip
                self.tally.add("sourcing link", "created")
            else:
                self.tally.assign("sourcing link", row, values)
        for row in existing.values():
            self.s.delete(row)
            self.tally.add("sourcing link", "deleted")
        self.s.flush()

    def _prune_nodes(self, stale: dict[str, SupplyNode]) -> None:
        """Nodes of this network that left the file: delete them unless other data uses them."""
        for node_id, node in stale.items():
            inner = select(SourcingLink).where(
                or_(SourcingLink.from_node_id == node.id, SourcingLink.to_node_id == node.id)
            )
            links = list(self.s.scalars(inner))
            if links:
                self._warn(f"node {node_id} is no longer in the file but other data still links "
                           "to it; it was kept", node_id)  # fmt: skip
                continue
            site = self.s.get(Site, node.site_id)
            self.s.delete(node)
            self.s.flush()
            self.tally.add("supply node", "deleted")
            if site is not None and not self._site_used(site):
                self.s.delete(site)
                self.tally.add("site", "deleted")
        self.s.flush()

    def _site_used(self, site: Site) -> bool:
        nodes = self.s.scalars(select(SupplyNode.id).where(SupplyNode.site_id == site.id)).first()
        lines = self.s.scalars(
            select(ProductionLine.id).where(ProductionLine.plant_site_id == site.id)
        ).first()
        return nodes is not None or lines is not None

    def _warn(self, message: str, value: str) -> None:
        self.result.issues.append(ImportIssue(Severity.WARNING, message, self.result.file,
                                              value=value, code="stale_node"))  # fmt: skip

    def _plant(self) -> Site:
        sup = self.s.scalars(select(Supplier).where(Supplier.name == PLANT_SUPPLIER)).first()
        if sup is None:
            sup = Supplier(name=PLANT_SUPPLIER, country=UNKNOWN_COUNTRY, tier=0, is_internal=True,
                           origin=Origin.IMPORT, notes="plants of imported networks")  # fmt: skip
            self.s.add(sup)
            self.s.flush()
        site = self.s.scalars(
            select(Site).where(Site.supplier_id == sup.id, Site.name == self.site_name)
        ).first()
        if site is None:
            site = Site(supplier_id=sup.id, name=self.site_name, country=UNKNOWN_COUNTRY,
                        origin=Origin.IMPORT)  # fmt: skip
            self.s.add(site)
            self.s.flush()
        return site

    def _products(self) -> None:
        plant = self._plant()
        lines = {
            ln.name: ln
            for ln in self.s.scalars(
                select(ProductionLine).where(ProductionLine.plant_site_id == plant.id)
            )
        }
        for n in self.parsed.nodes:
            if n.is_product:
                self._line(n, plant, lines.pop(n.id, None))
        for line in lines.values():
            program = self.s.get(Program, line.program_id)
            self.s.delete(line)
            self.s.flush()
            self.tally.add("production line", "deleted")
            if program is not None and program.name.endswith(f"(network {self.network})"):
                used = self.s.scalars(
                    select(ProductionLine.id).where(ProductionLine.program_id == program.id)
                ).first()
                if used is None:
                    self.s.delete(program)
                    self.tally.add("program", "deleted")
        self.s.flush()

    def _line(self, n: NodeIn, plant: Site, line: ProductionLine | None) -> None:
        program_name = f"{n.id} (network {self.network})"
        powertrain = Powertrain(n.powertrain.upper()) if n.powertrain else Powertrain.BEV
        program = self.s.scalars(select(Program).where(Program.name == program_name)).first()
        if program is None:
            program = Program(
                name=program_name,
                powertrain=powertrain,
                origin=Origin.IMPORT,
                description=f"product {n.id} of imported network {self.network}",
            )
            self.s.add(program)  # fmt: skip
            self.s.flush()
            self.tally.add("program", "created")
        else:
            self.tally.assign("program", program, {"powertrain": powertrain})
        values = {"program_id": program.id, "rate_per_day": n.demand or 0.0,
                  "margin_per_vehicle": n.profit or 0.0, "working_days_per_week": 7}  # fmt: skip
        if line is None:
            self.s.add(ProductionLine(name=n.id, plant_site_id=plant.id, currency="EUR",
                                      origin=Origin.IMPORT, **values))  # fmt: skip
            self.tally.add("production line", "created")
        else:
            self.tally.assign("production line", line, values)
