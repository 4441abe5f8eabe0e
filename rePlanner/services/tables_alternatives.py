"""The alternative sources table: other suppliers or design changes that could replace a
part's or material's supply. No Qt; conventions as in services.tables.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.tables_base import Column, TableData, only, ordered, plain, read
from rePlanner.services.tables_network import item_label

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
    with read(db) as session:
        for row in session.execute(only(query, a.id, keys)):
            aid, name, kind, number, text, material, supplier, *rest = row
            values = dict(zip([c.key for c in ALTERNATIVE_COLUMNS[4:]], rest, strict=True))
            values["status"] = plain(values["status"])
            data.keys.append(aid)
            data.rows.append(
                ordered(
                    ALTERNATIVE_COLUMNS,
                    name=name,
                    kind=plain(kind),
                    supplier=supplier,
                    item=item_label(number, text, material),
                    **values,
                )  # fmt: skip
            )
    return data
