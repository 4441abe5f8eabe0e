"""Read models for the main window's tables: plain rows, a few set-based queries, no Qt.

Each table is built with one query per table involved (never one per row), so a few thousand
suppliers or parts load in milliseconds and the GUI can later run this on a worker thread.
Column, TableData (services.tables_base) and the policy table (services.tables_policy) are
re-exported here, where most code imports them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import Stage
from rePlanner.persistence import models as m
from rePlanner.persistence import schema
from rePlanner.persistence.database import Database
from rePlanner.services.info import app_meta
from rePlanner.services.tables_base import (
    Column,
    ColumnKind,
    TableData,
    only,
    ordered,
    plain_table,
    read,
)
from rePlanner.services.tables_policy import POLICY_COLUMNS, policies_table

__all__ = [
    "HEAVY_LICENSED", "PART_COLUMNS", "PART_MATERIAL_COLUMNS", "POLICY_COLUMNS",
    "SUPPLIER_COLUMNS", "TABLE_BUILDERS", "Column", "ColumnKind", "TableBuilder", "TableData",
    "database_overview", "part_materials_table", "parts_table", "policies_table",
    "suppliers_table", "table_rows",
]  # fmt: skip

HEAVY_LICENSED = frozenset({"Dy", "Tb"})  # the magnet heavy rare earths under EC07 licences


# --- suppliers -----------------------------------------------------------------------------

SUPPLIER_COLUMNS = [
    Column("name", "Supplier", field="name"),
    Column("country", "Country", field="country"),
    Column("region", "Region", field="region"),
    Column("tier", "Tier", "int", field="tier"),
    Column("is_internal", "Own plant", "bool", field="is_internal"),
    Column("sites", "Sites", "int"),
    Column("nodes", "Supply nodes", "int", "Items made or held at this supplier's sites"),
    Column("links_out", "Outgoing links", "int", "Sourcing links from this supplier's sites"),
]


def _supplier_query() -> Select[Any]:
    site, node, link = m.Site, m.SupplyNode, m.SourcingLink
    sites = select(site.supplier_id, func.count().label("n")).group_by(site.supplier_id).subquery()
    nodes = (
        select(site.supplier_id, func.count(node.id).label("n"))
        .join(node, node.site_id == site.id)
        .group_by(site.supplier_id)
        .subquery()
    )
    links = (
        select(site.supplier_id, func.count(link.id).label("n"))
        .select_from(link)
        .join(node, link.from_node_id == node.id)
        .join(site, node.site_id == site.id)
        .group_by(site.supplier_id)
        .subquery()
    )
    s = m.Supplier
    return (
        select(
            s.id,
            s.name,
            s.country,
            s.region,
            s.tier,
            s.is_internal,
            func.coalesce(sites.c.n, 0),
            func.coalesce(nodes.c.n, 0),
            func.coalesce(links.c.n, 0),
        )  # fmt: skip
        .outerjoin(sites, sites.c.supplier_id == s.id)
        .outerjoin(nodes, nodes.c.supplier_id == s.id)
        .outerjoin(links, links.c.supplier_id == s.id)
        .order_by(func.lower(s.name))
    )


def suppliers_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    """Every supplier, or only those with these ids (to refresh rows after an edit)."""
    query = only(_supplier_query(), m.Supplier.id, keys)
    with read(db) as session:
        return plain_table(SUPPLIER_COLUMNS, session.execute(query), "supplier")


# --- parts -----------------------------------------------------------------------------------

PART_COLUMNS = [
    Column("part_number", "Part number", field="part_number"),
    Column("description", "Description", field="description"),
    Column("uom", "UoM", field="uom"),
    Column("category", "Category", field="category"),
    Column("materials", "Materials"),
    Column(
        "magnet_kg",
        "Magnet kg/unit",
        "number",
        "Permanent-magnet material (NdFeB, SmCo, ...) per unit of this part",
    ),
    Column(
        "dy_tb_g",
        "Dy+Tb g/unit",
        "number",
        "Grams of dysprosium and terbium per unit: the heavy rare earths under export licence "
        "since April 2025 (counted separately from the magnet mass they sit in)",
    ),
    Column("bom_lines", "BOM lines", "int", "Lines of current BOM revisions that use this part"),
]


def _part_materials(session: Session) -> dict[int, tuple[str, float | None, float | None]]:
    """part id -> ("NdFeB, Dy, Tb", magnet kg per unit, Dy+Tb grams per unit).

    Magnet mass and the Dy/Tb inside it are reported apart: adding them would count the
    heavy rare earths twice.
    """
    pm, mat = m.PartMaterial, m.Material
    rows = session.execute(
        select(pm.part_id, mat.element, mat.stage, pm.kg_per_unit)
        .join(mat, pm.material_id == mat.id)
        .order_by(pm.part_id, pm.kg_per_unit.desc(), mat.element)
    )
    names: dict[int, list[str]] = defaultdict(list)
    magnet: dict[int, float] = {}
    heavy: dict[int, float] = {}
    for part_id, element, stage, kg in rows:
        if element not in names[part_id]:
            names[part_id].append(element)
        if stage == Stage.MAGNET:
            magnet[part_id] = magnet.get(part_id, 0.0) + (kg or 0.0)
        elif element in HEAVY_LICENSED:
            heavy[part_id] = heavy.get(part_id, 0.0) + 1000.0 * (kg or 0.0)
    return {pid: (", ".join(els), magnet.get(pid), heavy.get(pid)) for pid, els in names.items()}


def _bom_use_counts(session: Session) -> dict[int, int]:
    """Lines in current BOM revisions that use each part."""
    line, rev = m.BomLine, m.BomRevision
    rows = session.execute(
        select(line.part_id, func.count(line.id))
        .join(rev, and_(line.revision_id == rev.id, rev.is_current.is_(True)))
        .group_by(line.part_id)
    )
    return {part_id: n for part_id, n in rows}


def parts_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    p = m.Part
    query = select(p.id, p.part_number, p.description, p.uom, p.category).order_by(p.part_number)
    query = only(query, p.id, keys)
    with read(db) as session:
        materials = _part_materials(session)
        bom = _bom_use_counts(session)
        result = session.execute(query)
        data = TableData(PART_COLUMNS, entity="part")
        for pid, number, description, uom, category in result:
            names, magnet_kg, dy_tb_g = materials.get(pid, ("", None, None))
            data.keys.append(pid)
            data.rows.append(
                ordered(
                    PART_COLUMNS,
                    part_number=number,
                    description=description,
                    uom=uom,
                    category=category,
                    materials=names,
                    magnet_kg=magnet_kg,
                    dy_tb_g=dy_tb_g,
                    bom_lines=bom.get(pid, 0),
                )
            )
        return data


# --- material content of parts ---------------------------------------------------------------

PART_MATERIAL_COLUMNS = [
    Column("part_number", "Part number"),
    Column("description", "Part"),
    Column("material", "Material"),
    Column("kg_per_unit", "kg/unit", "number", "Kilograms of the material per unit of the part",
           field="kg_per_unit"),
    Column("china_share", "China share", "share",
           "Share of this material processed in China (0 to 1)", field="china_share"),
    Column("notes", "Notes", field="notes"),
]  # fmt: skip


def part_materials_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    """One row per part x material: the content a buyer edits (kg per unit, China share)."""
    pm, p, mat = m.PartMaterial, m.Part, m.Material
    query = (
        select(
            pm.id,
            p.part_number,
            p.description,
            mat.name,
            pm.kg_per_unit,
            pm.china_share,
            pm.notes,
        )  # fmt: skip
        .join(p, pm.part_id == p.id)
        .join(mat, pm.material_id == mat.id)
        .order_by(p.part_number, mat.name)
    )
    query = only(query, pm.id, keys)
    with read(db) as session:
        return plain_table(PART_MATERIAL_COLUMNS, session.execute(query), "part material")


# Rebuild (some rows of) an editable table after an edit: entity -> builder(db, keys=...).
TableBuilder = Callable[..., TableData]
TABLE_BUILDERS: dict[str, TableBuilder] = {
    "supplier": suppliers_table,
    "part": parts_table,
    "policy measure": policies_table,
    "part material": part_materials_table,
}


def table_rows(db: Database, entity: str, keys: Collection[int]) -> TableData:
    """The rows of these ids as the entity's table shows them (missing ids: deleted)."""
    return TABLE_BUILDERS[entity](db, keys=keys)


# --- the database itself ---------------------------------------------------------------------


def database_overview(db: Database) -> dict[str, Any]:
    """What the window shows about the open database; missing facts are None."""
    meta = app_meta(db)
    return {
        "location": db.location,
        "schema_revision": schema.current_revision(db.engine),
        "refdata_as_of": meta.get("refdata_as_of"),
        "company_name": meta.get("company_name"),
    }
