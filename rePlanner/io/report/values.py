"""The one text form of a report value, shared by the PDF renderer and the tests that read the
PDF back. Fixed English formatting (thousands with ',') so a printed figure is unambiguous."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from rePlanner.io.report.document import ColumnKind

DASH = "–"  # no value
NEVER = "never"  # a time to survive that does not run out
OPEN = "open-ended"  # a recovery with no end


def format_value(kind: ColumnKind, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    if isinstance(value, str):
        return value
    if kind == "date" or isinstance(value, date | datetime):
        return value.strftime("%Y-%m-%d") if isinstance(value, date | datetime) else str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "text":
        return str(value)
    v = float(value)
    if math.isinf(v):
        return OPEN if v > 0 else "-" + OPEN
    if kind == "int":
        return f"{round(v):,}"
    if kind == "money":
        return money(v)
    if kind == "days":
        return f"{v:,.1f}"
    if kind == "share":
        return f"{v * 100:.0f} %"
    return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"


def money(v: float) -> str:
    """Money in the report's currency unit, rounded to what a reader compares."""
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.1f} M"
    return f"{v:,.0f}"
