"""More editable tables (sites, inventory, sourcing links, lines, alternatives), no Qt.

Same conventions as services.tables: one query per table involved, columns with a `field` edit
that field, the others (names of referenced rows, counts) are read-only. Importing this module
registers the builders in tables.TABLE_BUILDERS, so `table_rows(db, entity, keys)` serves them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    Integer,
    Select,
    String,
    func,
    select,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session, aliased

from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.registry import BY_TABLE, spec
from rePlanner.services.tables import (
    PART_COLUMNS,
    PART_MATERIAL_COLUMNS,
    POLICY_COLUMNS,
    SUPPLIER_COLUMNS,
    TABLE_BUILDERS,
    Column,
    TableData,
    _ordered,
    _read,
    _table,
    _value,
)
from rePlanner.services.validation import SYSTEM_FIELDS, required_columns


def _only(query: Select[Any], key: Any, keys: Collection[int] | None) -> Select[Any]:
    return query if keys is None else query.where(key.in_(list(keys)))


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
    with _read(db) as session:
        return _table(SITE_COLUMNS, session.execute(_only(query, s.id, keys)), "site")


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
    with _read(db) as session:
        for nid, supplier, site, number, text, material, *stock in session.execute(
            _only(query, n.id, keys)
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
    with _read(db) as session:
        links = session.execute(_only(query, k.id, keys)).all()
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
    with _read(db) as session:
        for lid, name, company, site, program, powertrain, *rest in session.execute(
            _only(query, ln.id, keys)
        ):
            data.keys.append(lid)
            data.rows.append((name, site_label(company, site), program, _value(powertrain), *rest))
    return data


# --- alternative sources -----------------------------------------------------------------------

ALTERNATIVE_COLUMNS = [
    Column("name", "Alternative", field="name"),
    Column("kind", "Kind", "enum", "Another supplier, or a design change", field="kind"),
    Column("item", "Part/material", tip="What it replaces"),
    Column("supplier", "Supplier"),
    Column("capacity_per_day", "Capacity/day", "number", field="capacity_per_day"),
    Column("qualification_days", "Qualification days", "number",
           "Days to qualify the source before it can deliver", field="qualification_days"),
    Column("ramp_days", "Ramp days", "number", "Days from first delivery to full capacity",
           field="ramp_days"),
    Column("cost_premium_pct", "Premium %", "number",
           "Extra cost over the current source, in percent", field="cost_premium_pct"),
    Column("china_share", "China share", "share", "Its own dependence on China",
           field="china_share"),
    Column("country", "Country", field="country"),
    Column("status", "Status", "enum", field="status"),
    Column("certifications", "Certifications", field="certifications"),
]  # fmt: skip


def alternatives_table(db: Database, keys: Collection[int] | None = None) -> TableData:
    a, p, mat = m.AlternativeSource, m.Part, m.Material
    sup = aliased(m.Supplier)
    query = (
        select(
            a.id,
            a.name,
            a.kind,
            p.part_number,
            p.description,
            mat.name,
            sup.name,
            a.capacity_per_day,
            a.qualification_days,
            a.ramp_days,
            a.cost_premium_pct,
            a.china_share,
            a.country,
            a.status,
            a.certifications,
        )  # fmt: skip
        .outerjoin(p, a.part_id == p.id)
        .outerjoin(mat, a.material_id == mat.id)
        .outerjoin(sup, a.supplier_id == sup.id)
        .order_by(func.lower(a.name), a.id)
    )
    data = TableData(ALTERNATIVE_COLUMNS, entity="alternative source")
    with _read(db) as session:
        for row in session.execute(_only(query, a.id, keys)):
            aid, name, kind, number, text, material, supplier, *rest = row
            values = dict(zip([c.key for c in ALTERNATIVE_COLUMNS[4:]], rest, strict=True))
            values["status"] = _value(values["status"])
            data.keys.append(aid)
            data.rows.append(
                _ordered(
                    ALTERNATIVE_COLUMNS,
                    name=name,
                    kind=_value(kind),
                    supplier=supplier,
                    item=item_label(number, text, material),
                    **values,
                )  # fmt: skip
            )
    return data


MORE_TABLE_BUILDERS = {
    "site": sites_table,
    "supply node": supply_nodes_table,
    "sourcing link": sourcing_links_table,
    "production line": production_lines_table,
    "alternative source": alternatives_table,
}
TABLE_BUILDERS.update(MORE_TABLE_BUILDERS)


# --- forms: the fields of one record and the rows a reference may point at ---------------------

FieldKind = Literal["text", "int", "number", "share", "bool", "date", "datetime", "enum", "ref"]


@dataclass(frozen=True)
class FormField:
    field: str
    title: str
    kind: FieldKind = "text"
    required: bool = False
    tip: str = ""
    choices: tuple[str, ...] = ()  # stored values of an "enum" field
    ref: str | None = None  # the entity a "ref" field points at ("supplier")
    max_length: int | None = None
    default: Any = None  # what a new record gets when the field is left alone


ENTITY_COLUMNS: dict[str, list[Column]] = {
    "supplier": SUPPLIER_COLUMNS,
    "part": PART_COLUMNS,
    "policy measure": POLICY_COLUMNS,
    "part material": PART_MATERIAL_COLUMNS,
    "site": SITE_COLUMNS,
    "supply node": NODE_COLUMNS,
    "sourcing link": LINK_COLUMNS,
    "production line": LINE_COLUMNS,
    "alternative source": ALTERNATIVE_COLUMNS,
}


def form_fields(entity: str) -> list[FormField]:
    """Every field a person types for this entity, in schema order (ids and bookkeeping out)."""
    table = spec(entity).table
    shown = {c.field: c for c in ENTITY_COLUMNS.get(entity, []) if c.field}
    shares = {c.info["column"] for c in table.constraints
              if isinstance(c, CheckConstraint) and c.info.get("rule") == "share"}  # fmt: skip
    required = set(required_columns(table))
    out = []
    for col in table.columns:
        if (col.primary_key and not col.foreign_keys) or col.name in SYSTEM_FIELDS:
            continue
        if isinstance(col.type, JSON):  # structured data is edited by its own screen
            continue
        known = shown.get(col.name)
        title = known.title if known and col.name != "name" else _humane(col.name)
        must = col.name in required or bool(col.primary_key)  # a key that is also a reference
        out.append(FormField(col.name, title, required=must,
                             tip=known.tip if known else "", default=_default(col),
                             **_kind(col, shares)))  # fmt: skip
    return out


def _humane(name: str) -> str:
    """supplier_id -> "Supplier", lead_time_days -> "Lead time days"."""
    words = name.removesuffix("_id").replace("_", " ").replace(" url", " URL")
    return words[:1].upper() + words[1:]


def _default(col: Any) -> Any:
    if col.default is None or not getattr(col.default, "is_scalar", False):
        return None
    return _value(col.default.arg)


def _kind(col: Any, shares: set[str]) -> dict[str, Any]:
    t = col.type
    if col.foreign_keys:
        target = next(iter(col.foreign_keys)).column.table.name
        return {"kind": "ref", "ref": BY_TABLE[target].name}
    if isinstance(t, SAEnum):
        return {"kind": "enum", "choices": tuple(t.enums)}
    kinds: list[tuple[type, FieldKind]] = [
        (Boolean, "bool"), (Integer, "int"), (DateTime, "datetime"), (Date, "date"),
    ]  # fmt: skip
    for sa_type, kind in kinds:
        if isinstance(t, sa_type):
            return {"kind": kind}
    if isinstance(t, Float):
        return {"kind": "share" if col.name in shares else "number"}
    return {"kind": "text", "max_length": t.length if isinstance(t, String) else None}


_NAME_FIELDS = {"material": ("name",)}  # labels people recognise better than the spec's


def reference_choices(db: Database, entity: str) -> list[tuple[int, str]]:
    """(id, label) of every row a reference to `entity` may name; labels are unique."""
    with _read(db) as session:
        if entity == "supply node":
            pairs = list(node_labels(session).items())
        elif entity == "site":
            s, sup = m.Site, m.Supplier
            query = select(s.id, sup.name, s.name).join(sup, s.supplier_id == sup.id)
            pairs = [(i, site_label(a, b)) for i, a, b in session.execute(query)]
        elif entity == "part":
            p = m.Part
            query = select(p.id, p.part_number, p.description)
            pairs = [(i, item_label(n, d, None)) for i, n, d in session.execute(query)]
        else:
            sp = spec(entity)
            names = [sp.table.columns[c] for c in _NAME_FIELDS.get(entity, sp.label)]
            query = select(sp.table.columns["id"], *names)
            pairs = [(r[0], " / ".join(str(_value(v)) for v in r[1:] if v is not None))
                     for r in session.execute(query)]  # fmt: skip
    twice = Counter(label for _i, label in pairs)
    unique = [(i, f"{label} (#{i})" if twice[label] > 1 else label) for i, label in pairs]
    return sorted(unique, key=lambda p: (p[1].lower(), p[0]))
