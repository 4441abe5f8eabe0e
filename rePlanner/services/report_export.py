"""The report's tables as one Excel workbook: a sheet per table, numbers as numbers, frozen
headers, formula injection neutralised (services.table_export does the writing)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from rePlanner.io.report.document import Report, Table
from rePlanner.io.report.values import OPEN
from rePlanner.services import tables
from rePlanner.services.table_export import Sheet, write_sheets

# report column kinds -> the table export's number formats (money: whole units; days: 2 dp)
_KIND: dict[str, tables.ColumnKind] = {
    "text": "text", "int": "int", "number": "number", "money": "int", "days": "number",
    "share": "share", "date": "date",
}  # fmt: skip


def export_report(report: Report, path: str | Path) -> Path:
    """Every table of `report` that names a sheet, plus a cover sheet saying what it is."""
    sheets = [_cover(report)] + [_sheet(t) for t in report.tables()]
    return write_sheets(sheets, path)


def _sheet(t: Table) -> Sheet:
    cols = [tables.Column(f"c{i}", c.title, _KIND[c.kind]) for i, c in enumerate(t.columns)]
    rows = [tuple(_value(v) for v in r) for r in t.rows]
    flags = [None if f in (None, "warn") else f == "risk" for f in t.flags]
    return Sheet(t.sheet or "Table", tables.TableData(cols, rows), t.title, {}, flags)


def _value(v: Any) -> Any:
    if isinstance(v, float) and math.isinf(v):
        return OPEN if v > 0 else "-" + OPEN  # infinite: a word, never a fake number
    return v


def _cover(report: Report) -> Sheet:
    c = report.cover
    rows = [("Report", c.title), ("Company", c.company), ("Scope", c.scope),
            ("Scenario", c.scenario), ("Date", c.report_date),
            ("Confidentiality", c.confidentiality or "–"),
            *(("", line) for line in c.lines)]  # fmt: skip
    cols = [tables.Column("k", "Item"), tables.Column("v", "Value")]
    return Sheet("Report", tables.TableData(cols, rows), c.title)
