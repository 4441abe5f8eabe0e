"""The policy measures table: each export-control measure with its status on a given day. No Qt."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from rePlanner.domain.policy import measure_status
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.tables_base import Column, TableData, only, ordered, plain, read

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
    with read(db) as session:
        materials = _measure_materials(session)
        measures = session.execute(only(_measure_query(), m.PolicyMeasure.id, keys)).all()
    data = TableData(POLICY_COLUMNS, on=day, entity="policy measure")
    for x in measures:
        status = measure_status(
            x.date_effective, x.suspended_from, x.suspended_until, day, date_ends=x.date_ends
        )
        licence = x.licence_days_nominal
        data.keys.append(x.id)
        data.rows.append(
            ordered(
                POLICY_COLUMNS,
                code=x.code,
                title=x.title,
                status=status.state.value,
                suspended_until=x.suspended_until,
                date_ends=x.date_ends,
                date_effective=x.date_effective,
                materials=materials.get(x.id, ""),
                licence_days=licence if licence is not None else x.licence_days_max,
                kind=plain(x.kind),
                confidence=plain(x.confidence),
                authority=x.authority,
                source_url=x.source_url,
            )
        )
    return data
