"""Read models for the main window's tables: plain rows, a few set-based queries, no Qt.

Each table is built with one query per table involved (never one per row), so a few thousand
suppliers or parts load in milliseconds and the GUI can later run this on a worker thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import Stage
from rePlanner.domain.policy import measure_status
from rePlanner.persistence import models as m
from rePlanner.persistence import schema
from rePlanner.persistence.database import Database
from rePlanner.services.info import app_meta
from rePlanner.services.session import current_user

# "enum" holds a StrEnum value and "status" a MeasureState value: the UI words both.
ColumnKind = Literal["text", "number", "int", "date", "share", "bool", "enum", "status"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "text"
    tip: str = ""  # what the column means, when the title cannot say it all
    field: str | None = None  # the entity field an edit of this column changes; None: computed


@dataclass
class TableData:
    """Rows of plain values (str, int, float, bool, date, None) in column order; keys = row ids."""

    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)
    on: date | None = None  # the day statuses refer to, when the table has any
    entity: str | None = None  # the registry name of the rows' object ("supplier"), if editable

    def column_index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(key)


HEAVY_LICENSED = frozenset({"Dy", "Tb"})  # the magnet heavy rare earths under EC07 licences


def _read(db: Database) -> AbstractContextManager[Session]:
    return db.session(current_user(), audit=False)


def _table(columns: list[Column], result: Any, entity: str) -> TableData:
    data = TableData(columns, entity=entity)
    for row in result:
        data.keys.append(row[0])
        data.rows.append(tuple(row[1:]))
    return data


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
    query = _supplier_query()
    if keys is not None:
        query = query.where(m.Supplier.id.in_(list(keys)))
    with _read(db) as session:
        return _table(SUPPLIER_COLUMNS, session.execute(query), "supplier")


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
    if keys is not None:
        query = query.where(p.id.in_(list(keys)))
    with _read(db) as session:
        materials = _part_materials(session)
        bom = _bom_use_counts(session)
        result = session.execute(query)
        data = TableData(PART_COLUMNS, entity="part")
        for pid, number, description, uom, category in result:
            names, magnet_kg, dy_tb_g = materials.get(pid, ("", None, None))
            data.keys.append(pid)
            data.rows.append(
                _ordered(
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


# --- policy measures -------------------------------------------------------------------------

POLICY_COLUMNS = [  # what a buyer checks first comes first
    Column("code", "Code", field="code"),
    Column("title", "Title", field="title"),
    Column("status", "Status", "status", "Where the measure stands on the day shown above"),
    Column("suspended_until", "Suspended until", "date", field="suspended_until"),
    Column(
        "date_ends",
        "Ends",
        "date",
        "The day the measure itself stops applying: it still applies on that day, not after",
        field="date_ends",
    ),
    Column("date_effective", "Effective", "date", field="date_effective"),
    Column("materials", "Materials"),
    # nominal days, or the maximum when no nominal is known: not one field, so not edited here
    Column("licence_days", "Licence days", "int", "Licence processing time in working days"),
    Column("kind", "Kind", "enum", field="kind"),
    Column("confidence", "Confidence", "enum", field="confidence"),
    Column("authority", "Authority", field="authority"),
    Column("source_url", "Source", field="source_url"),
]


def _measure_materials(session: Session) -> dict[int, str]:
    mm, mat = m.MeasureMaterial, m.Material
    rows = session.execute(
        select(mm.measure_id, mat.element)
        .join(mat, mm.material_id == mat.id)
        .order_by(mm.measure_id, mat.element)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for measure_id, element in rows:
        if element not in names[measure_id]:
            names[measure_id].append(element)
    return {mid: ", ".join(els) for mid, els in names.items()}


def _measure_query() -> Select[Any]:
    """Plain columns, not PolicyMeasure objects: nothing bound to the session leaves it."""
    pm = m.PolicyMeasure
    return select(
        pm.id, pm.code, pm.title, pm.date_effective, pm.suspended_from, pm.suspended_until,
        pm.date_ends, pm.licence_days_nominal, pm.licence_days_max, pm.kind, pm.confidence,
        pm.authority, pm.source_url,
    ).order_by(pm.code)  # fmt: skip


def policies_table(
    db: Database, on: date | None = None, keys: Collection[int] | None = None
) -> TableData:
    """Measures with their status on `on` (today by default)."""
    day = on or date.today()
    query = _measure_query()
    if keys is not None:
        query = query.where(m.PolicyMeasure.id.in_(list(keys)))
    with _read(db) as session:
        materials = _measure_materials(session)
        measures = session.execute(query).all()
    data = TableData(POLICY_COLUMNS, on=day, entity="policy measure")
    for x in measures:
        status = measure_status(
            x.date_effective, x.suspended_from, x.suspended_until, day, date_ends=x.date_ends
        )
        licence = x.licence_days_nominal
        data.keys.append(x.id)
        data.rows.append(
            _ordered(
                POLICY_COLUMNS,
                code=x.code,
                title=x.title,
                status=status.state.value,
                suspended_until=x.suspended_until,
                date_ends=x.date_ends,
                date_effective=x.date_effective,
                materials=materials.get(x.id, ""),
                licence_days=licence if licence is not None else x.licence_days_max,
                kind=_value(x.kind),
                confidence=_value(x.confidence),
                authority=x.authority,
                source_url=x.source_url,
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
    if keys is not None:
        query = query.where(pm.id.in_(list(keys)))
    with _read(db) as session:
        return _table(PART_MATERIAL_COLUMNS, session.execute(query), "part material")


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


def _ordered(columns: list[Column], **values: Any) -> tuple[Any, ...]:
    """A row in column order, so reordering the columns cannot misplace a value."""
    return tuple(values[c.key] for c in columns)


def _value(v: Any) -> Any:
    """Enum members as their stored value, so the UI gets plain strings."""
    return getattr(v, "value", v)


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
