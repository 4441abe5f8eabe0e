"""Read models for the main window's tables: plain rows, a few set-based queries, no Qt.

Each table is built with one query per table involved (never one per row), so a few thousand
suppliers or parts load in milliseconds and the GUI can later run this on a worker thread.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from rePlanner.domain.policy import measure_status
from rePlanner.persistence import models as m
from rePlanner.persistence import schema
from rePlanner.persistence.database import Database
from rePlanner.services.session import current_user

# "status" holds a MeasureState value; the UI words it.
ColumnKind = Literal["text", "number", "int", "date", "share", "bool", "status"]

RARE_EARTH_ELEMENTS = frozenset({
    "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
    "Sc", "Y",
})  # fmt: skip
# Magnet alloys and mixed oxides are rare-earth material too (their whole mass is counted).
RARE_EARTH_ALLOYS = frozenset({"ndfeb", "smco", "ndpr", "pr-nd", "didymium"})
_RE_CATEGORY = re.compile(r"rare[- ]earth|\bRE\b|\bREE\b", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "text"


@dataclass
class TableData:
    """Rows of plain values (str, int, float, bool, date, None) in column order; keys = row ids."""

    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)
    on: date | None = None  # the day statuses refer to, when the table has any

    def column_index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(key)


def is_rare_earth(element: str, category: str | None) -> bool:
    if element in RARE_EARTH_ELEMENTS or element.strip().lower() in RARE_EARTH_ALLOYS:
        return True
    return bool(category and _RE_CATEGORY.search(category))


def _read(db: Database) -> AbstractContextManager[Session]:
    return db.session(current_user(), audit=False)


def _table(columns: list[Column], result: Any, on: date | None = None) -> TableData:
    data = TableData(columns, on=on)
    for row in result:
        data.keys.append(row[0])
        data.rows.append(tuple(row[1:]))
    return data


# --- suppliers -----------------------------------------------------------------------------

SUPPLIER_COLUMNS = [
    Column("name", "Supplier"),
    Column("country", "Country"),
    Column("region", "Region"),
    Column("tier", "Tier", "int"),
    Column("is_internal", "Own plant", "bool"),
    Column("sites", "Sites", "int"),
    Column("nodes", "Supply nodes", "int"),
    Column("links_out", "Outgoing links", "int"),
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


def suppliers_table(db: Database) -> TableData:
    with _read(db) as session:
        return _table(SUPPLIER_COLUMNS, session.execute(_supplier_query()))


# --- parts -----------------------------------------------------------------------------------

PART_COLUMNS = [
    Column("part_number", "Part number"),
    Column("description", "Description"),
    Column("uom", "UoM"),
    Column("category", "Category"),
    Column("materials", "Materials"),
    Column("re_kg", "Rare earths kg/unit", "number"),
    Column("bom_lines", "BOM lines", "int"),
]


def _part_materials(session: Session) -> dict[int, tuple[str, float | None]]:
    """part id -> ("NdFeB, Dy, Tb", kg of rare-earth material per unit or None)."""
    pm, mat = m.PartMaterial, m.Material
    rows = session.execute(
        select(pm.part_id, mat.element, mat.category, pm.kg_per_unit)
        .join(mat, pm.material_id == mat.id)
        .order_by(pm.part_id, pm.kg_per_unit.desc(), mat.element)
    )
    names: dict[int, list[str]] = defaultdict(list)
    re_kg: dict[int, float] = {}
    for part_id, element, category, kg in rows:
        if element not in names[part_id]:
            names[part_id].append(element)
        if is_rare_earth(element, category):
            re_kg[part_id] = re_kg.get(part_id, 0.0) + (kg or 0.0)
    return {pid: (", ".join(els), re_kg.get(pid)) for pid, els in names.items()}


def _bom_use_counts(session: Session) -> dict[int, int]:
    """Lines in current BOM revisions that use each part."""
    line, rev = m.BomLine, m.BomRevision
    rows = session.execute(
        select(line.part_id, func.count(line.id))
        .join(rev, and_(line.revision_id == rev.id, rev.is_current.is_(True)))
        .group_by(line.part_id)
    )
    return {part_id: n for part_id, n in rows}


def parts_table(db: Database) -> TableData:
    p = m.Part
    with _read(db) as session:
        materials = _part_materials(session)
        bom = _bom_use_counts(session)
        result = session.execute(
            select(p.id, p.part_number, p.description, p.uom, p.category).order_by(p.part_number)
        )
        data = TableData(PART_COLUMNS)
        for pid, number, description, uom, category in result:
            names, re_kg = materials.get(pid, ("", None))
            data.keys.append(pid)
            data.rows.append((number, description, uom, category, names, re_kg, bom.get(pid, 0)))
        return data


# --- policy measures -------------------------------------------------------------------------

POLICY_COLUMNS = [
    Column("code", "Code"),
    Column("kind", "Kind"),
    Column("title", "Title"),
    Column("authority", "Authority"),
    Column("date_effective", "Effective", "date"),
    Column("status", "Status", "status"),
    Column("suspended_until", "Suspended until", "date"),
    Column("licence_days", "Licence days", "int"),
    Column("materials", "Materials"),
    Column("confidence", "Confidence"),
    Column("source_url", "Source"),
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


def policies_table(db: Database, on: date | None = None) -> TableData:
    """Measures with their status on `on` (today by default)."""
    day = on or date.today()
    pm = m.PolicyMeasure
    with _read(db) as session:
        materials = _measure_materials(session)
        measures = session.scalars(select(pm).order_by(pm.code)).all()
        data = TableData(POLICY_COLUMNS, on=day)
        for x in measures:
            status = measure_status(x.date_effective, x.suspended_from, x.suspended_until, day)
            licence = x.licence_days_nominal
            data.keys.append(x.id)
            data.rows.append((
                x.code, _value(x.kind), x.title, x.authority, x.date_effective,
                status.state.value, x.suspended_until,
                licence if licence is not None else x.licence_days_max,
                materials.get(x.id, ""), _value(x.confidence), x.source_url,
            ))  # fmt: skip
        return data


def _value(v: Any) -> Any:
    """Enum members as their stored value, so the UI gets plain strings."""
    return getattr(v, "value", v)


# --- the database itself ---------------------------------------------------------------------


def database_overview(db: Database) -> dict[str, Any]:
    """What the window shows about the open database; missing facts are None."""
    with _read(db) as session:
        meta = dict(session.execute(select(m.AppMeta.key, m.AppMeta.value)).tuples().all())
    return {
        "location": db.location,
        "schema_revision": schema.current_revision(db.engine),
        "refdata_as_of": meta.get("refdata_as_of"),
        "company_name": meta.get("company_name"),
    }
