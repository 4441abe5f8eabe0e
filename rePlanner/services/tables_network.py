"""Editable tables of the supply network: sites, supply nodes (stock), sourcing links and
production lines, plus the labels other tables and forms name their rows by. No Qt.

Same conventions as services.tables: one query per table involved, columns with a `field` edit
that field, the others (names of referenced rows, counts) are read-only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.tables_base import Column, TableData, only, plain, plain_table, read


def item_label(part_number: str | None, description: str | None, material: str | None) -> str:
    """A part as "0042 Seat motor", a material by its name."""
    if part_number is not None:
        return f"{part_number} {description}" if description else part_number
    return material or ""


def site_label(supplier: str, site: str) -> str:
    return f"{supplier} / {site}"


def node_labels(session: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    """node id -> "Supplier / Site: item", for these nodes (all when ids is None)."""
    n, s, sup, p, mat = m.SupplyNode, m.Site, m.Supplier, m.Part, m.Material
    query = (
        select(n.id, sup.name, s.name, p.part_number, p.description, mat.name)
        .join(s, n.site_id == s.id)
        .join(sup, s.supplier_id == sup.id)
        .outerjoin(p, n.part_id == p.id)
        .outerjoin(mat, n.material_id == mat.id)
    )
    if ids is not None:
        query = query.where(n.id.in_(list(ids)))
    return {
        nid: f"{site_label(supplier, site)}: {item_label(number, text, material)}"
        for nid, supplier, site, number, text, material in session.execute(query)
    }


# --- sites -----------------------------------------------------------------------------------

SITE_COLUMNS = [
    Column("supplier", "Supplier"),
    Column("name", "Site", field="name"),
    Column("country", "Country", field="country"),
    Column("city", "City", field="city"),
    Column("region", "Region", field="region"),
    Column("latitude", "Latitude", "number", "Degrees north (-90 to 90)", field="latitude"),
    Column("longitude", "Longitude", "number", "Degrees east (-180 to 180)", field="longitude"),
    Column("own_plant", "Own plant", "bool", "A site of one of our own companies"),
    Column("nodes", "Supply nodes", "int", "Items made or held at this site"),
]


def sites_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    s, sup, n = m.Site, m.Supplier, m.SupplyNode
    nodes = select(n.site_id, func.count().label("n")).group_by(n.site_id).subquery()
    query = (
        select(
            s.id,
            sup.name,
            s.name,
            s.country,
            s.city,
            s.region,
            s.latitude,
            s.longitude,
            sup.is_internal,
            func.coalesce(nodes.c.n, 0),
        )  # fmt: skip
        .join(sup, s.supplier_id == sup.id)
        .outerjoin(nodes, nodes.c.site_id == s.id)
        .order_by(func.lower(sup.name), func.lower(s.name), s.id)
    )
    with read(db) as session:
        return plain_table(SITE_COLUMNS, session.execute(only(query, s.id, keys)), "site")


# --- supply nodes: what each site makes or holds, and its stock --------------------------------

NODE_COLUMNS = [
    Column("supplier", "Supplier"),
    Column("site", "Site"),
    Column("item", "Item", tip="The part (number and description) or material held here"),
    Column("capacity_per_day", "Capacity/day", "number",
           "Units per working day this site can supply; empty: not limiting",
           field="capacity_per_day"),
    Column("inventory_on_hand", "On hand", "number", "Units in stock at this site",
           field="inventory_on_hand"),
    Column("inventory_in_transit", "In transit", "number",
           "Units shipped from here and not yet received", field="inventory_in_transit"),
    Column("ttr_days", "TTR days", "number",
           "Time to recover: days until this site supplies again after a disruption",
           field="ttr_days"),
    Column("china_share", "China share", "share", "Share of this item that comes from China",
           field="china_share"),
]  # fmt: skip


def supply_nodes_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    """The inventory view: one row per site x item."""
    n, s, sup, p, mat = m.SupplyNode, m.Site, m.Supplier, m.Part, m.Material
    query = (
        select(
            n.id,
            sup.name,
            s.name,
            p.part_number,
            p.description,
            mat.name,
            n.capacity_per_day,
            n.inventory_on_hand,
            n.inventory_in_transit,
            n.ttr_days,
            n.china_share,
        )  # fmt: skip
        .join(s, n.site_id == s.id)
        .join(sup, s.supplier_id == sup.id)
        .outerjoin(p, n.part_id == p.id)
        .outerjoin(mat, n.material_id == mat.id)
        .order_by(func.lower(sup.name), func.lower(s.name), n.id)
    )
    data = TableData(NODE_COLUMNS, entity="supply node")
    with read(db) as session:
        for nid, supplier, site, number, text, material, *stock in session.execute(
            only(query, n.id, keys)
        ):
            data.keys.append(nid)
            data.rows.append((supplier, site, item_label(number, text, material), *stock))
    return data


# --- sourcing links ----------------------------------------------------------------------------

LINK_COLUMNS = [
    Column("from_node", "From", tip="The supplying node: supplier / site: item"),
    Column("to_node", "To", tip="The receiving node: supplier / site: item"),
    Column("quantity_per_unit", "Qty/unit", "number",
           "Units of the supplied item per unit of the receiving item",
           field="quantity_per_unit"),
    Column("share", "Share", "share", "Share of the receiving node's volume bought on this link",
           field="share"),
    Column("price_per_unit", "Price/unit", "number", field="price_per_unit"),
    Column("currency", "Currency", field="currency"),
    Column("lead_time_days", "Lead time days", "number", field="lead_time_days"),
    Column("china_share", "China share", "share",
           "Share of what this link delivers that comes from China", field="china_share"),
]  # fmt: skip


def sourcing_links_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    k = m.SourcingLink
    query = select(
        k.id, k.from_node_id, k.to_node_id, k.quantity_per_unit, k.share, k.price_per_unit,
        k.currency, k.lead_time_days, k.china_share,
    ).order_by(k.id)  # fmt: skip
    data = TableData(LINK_COLUMNS, entity="sourcing link")
    with read(db) as session:
        links = session.execute(only(query, k.id, keys)).all()
        # only the nodes shown: refreshing one row must not label the whole network
        labels = node_labels(session, {r[1] for r in links} | {r[2] for r in links})
    for lid, source, target, *values in sorted(
        links, key=lambda r: (labels.get(r[2], "").lower(), labels.get(r[1], "").lower(), r[0])
    ):  # grouped by receiving node, as a buyer reads a network
        data.keys.append(lid)
        data.rows.append((labels.get(source, ""), labels.get(target, ""), *values))
    return data


# --- production lines --------------------------------------------------------------------------

LINE_COLUMNS = [
    Column("name", "Line", field="name"),
    Column("plant", "Plant", tip="Our plant (company / site) where the line runs"),
    Column("program", "Program"),
    Column("powertrain", "Powertrain", "enum"),
    Column("rate_per_day", "Rate/day", "number", "Vehicles built per working day",
           field="rate_per_day"),
    Column("working_days_per_week", "Days/week", "int", "Working days per week (1 to 7)",
           field="working_days_per_week"),
    Column("margin_per_vehicle", "Margin/vehicle", "number",
           "Contribution margin lost per vehicle not built", field="margin_per_vehicle"),
    Column("currency", "Currency", field="currency"),
]  # fmt: skip


def production_lines_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    ln, s, sup, pg = m.ProductionLine, m.Site, m.Supplier, m.Program
    query = (
        select(
            ln.id,
            ln.name,
            sup.name,
            s.name,
            pg.name,
            pg.powertrain,
            ln.rate_per_day,
            ln.working_days_per_week,
            ln.margin_per_vehicle,
            ln.currency,
        )  # fmt: skip
        .join(s, ln.plant_site_id == s.id)
        .join(sup, s.supplier_id == sup.id)
        .join(pg, ln.program_id == pg.id)
        .order_by(func.lower(ln.name), ln.id)
    )
    data = TableData(LINE_COLUMNS, entity="production line")
    with read(db) as session:
        for lid, name, company, site, program, powertrain, *rest in session.execute(
            only(query, ln.id, keys)
        ):
            data.keys.append(lid)
            data.rows.append((name, site_label(company, site), program, plain(powertrain), *rest))
    return data
