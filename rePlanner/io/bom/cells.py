"""Reading one BOM cell: part numbers stay text, quantities become numbers, levels become depths.

Each reader returns the value and the issue codes (see messages.py) the cell raised.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from rePlanner.domain.imports import CellError
from rePlanner.io.bom.text import cell_text, is_blank, is_number, normalize_unit

_QUANTITY = re.compile(r"([+-]?\d(?:[\d\s.,'’]*\d)?)\s*([^\d\s].*?)?")
_DOTTED = re.compile(r"(\.+)\s*(\d+)?")  # SAP style ".1", "..2", "...3"
_OUTLINE = re.compile(r"\d+(?:\.\d+)*\.?")  # "1", "1.2", "1.2.3"
_LEADING = re.compile(r"[ \t\u3000\u00a0]*")

Codes = tuple[str, ...]
EXCEL_DIGITS = 1e15  # Excel keeps 15 significant digits: a number this large has lost some


def part_number(value: Any) -> tuple[str | None, str | None]:
    """Text exactly as typed (spaces stripped); numbers from numeric cells get a flag."""
    if isinstance(value, CellError):
        return None, "excel_error"
    if isinstance(value, str):
        text = value.strip()
        return (text, None) if text else (None, "part_number_missing")
    if value is None:
        return None, "part_number_missing"
    if isinstance(value, date):
        return None, "part_number_date"
    if isinstance(value, bool):
        return str(value).upper(), None
    if isinstance(value, int | float) and math.isfinite(value) and abs(value) >= EXCEL_DIGITS:
        return str(int(value)), "part_number_precision"  # Excel already dropped digits
    if isinstance(value, int):
        return str(value), "part_number_int"  # summed up once: ERP exports do this a lot
    if isinstance(value, float) and math.isfinite(value):
        return (str(int(value)) if value.is_integer() else repr(value)), "part_number_numeric"
    return cell_text(value).strip() or None, None


def _number(text: str) -> tuple[float, bool]:
    """A number written with ',' or '.' as decimal or thousands separator; True if decimal comma."""
    s = re.sub(r"[\s'’]", "", text)
    comma = False
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s, comma = s.replace(".", "").replace(",", "."), True
        else:
            s = s.replace(",", "")
    elif s.count(",") == 1:
        s, comma = s.replace(",", "."), True
    elif "," in s:
        s = s.replace(",", "")
    elif s.count(".") > 1:
        s = s.replace(".", "")
    return float(s), comma


def _check_positive(qty: float, codes: Codes) -> tuple[float | None, Codes]:
    if not math.isfinite(qty):
        return None, ("quantity_not_numeric",)
    if qty == 0:
        return None, ("quantity_zero",)
    if qty < 0:
        return None, ("quantity_negative",)
    return qty, codes


def quantity(value: Any) -> tuple[float | None, str | None, Codes]:
    """(quantity, unit written in the quantity cell, issue codes)."""
    if is_blank(value):
        return None, None, ("quantity_missing",)
    if isinstance(value, CellError):
        return None, None, ("excel_error",)
    if isinstance(value, date):
        return None, None, ("quantity_date",)
    if is_number(value):
        qty, codes = _check_positive(float(value), ())
        return qty, None, codes
    match = _QUANTITY.fullmatch(str(value).strip())
    if isinstance(value, bool) or not match:
        return None, None, ("quantity_not_numeric",)
    try:
        number, comma = _number(match.group(1))
    except ValueError:
        return None, None, ("quantity_not_numeric",)
    unit_text = match.group(2)
    if unit_text and not re.fullmatch(r"[^\W\d_]{1,12}\.?", unit_text):
        return None, None, ("quantity_not_numeric",)  # "2 x 3", "3 (see note)"
    codes = ("quantity_decimal_comma",) * comma + ("quantity_with_unit",) * bool(unit_text)
    qty, codes = _check_positive(number, codes)
    return qty, unit_text, codes


def unit(value: Any) -> tuple[str | None, str | None]:
    """Canonical unit ("Stk" -> "pc"); unknown units are kept as written with a flag."""
    if isinstance(value, CellError):
        return None, "excel_error"
    if is_blank(value):
        return None, None
    text = cell_text(value).strip()
    canonical = normalize_unit(text)
    return (canonical, None) if canonical else (text, "unit_unknown")


def text(value: Any) -> tuple[str | None, str | None]:
    """A description or supplier name."""
    if isinstance(value, CellError):
        return None, "excel_error"
    if is_blank(value):
        return None, None
    if isinstance(value, date):
        return value.isoformat(), None
    return cell_text(value).strip(), None


def level(value: Any) -> tuple[int, int, str | None]:
    """(level as a number, outline depth, issue code); -1 where that reading does not apply.

    "2" is level 2 or outline depth 1 (the caller decides per column); "1.2.3" is depth 3;
    ".1"/"..2" are level 1/2.
    """
    if isinstance(value, CellError):
        return -1, -1, "excel_error"
    if is_blank(value):
        return -1, -1, "level_missing"
    if is_number(value) and not isinstance(value, bool):
        if not math.isfinite(value):
            return -1, -1, "level_invalid"
        if float(value).is_integer():
            return int(value), 1, None
        # "1.2" that Excel made a number ("1.10" became 1.1): read as an outline, but say so
        return -1, repr(float(value)).count(".") + 1, "level_outline_number"
    s = str(value).strip()
    dotted = _DOTTED.fullmatch(s)
    if dotted:
        n = int(dotted.group(2)) if dotted.group(2) else len(dotted.group(1))
        return n, n, None
    if _OUTLINE.fullmatch(s):
        parts = s.rstrip(".").split(".")
        return (int(parts[0]) if len(parts) == 1 else -1), len(parts), None
    return -1, -1, "level_invalid"


def position(value: Any) -> tuple[int, int]:
    """(position number, outline depth or -1): 10 -> (10, 1); "1.2.3" -> (3, 3)."""
    if is_number(value) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value), 1
        shown = repr(float(value))
        if not shown.replace(".", "", 1).isdigit():
            return 0, -1  # nan, inf, 1e-05: not an item number
        return int(shown.split(".")[-1]), 2
    if isinstance(value, str) and _OUTLINE.fullmatch(value.strip()):
        parts = value.strip().rstrip(".").split(".")
        return int(parts[-1]), len(parts)
    return 0, -1


def leading_spaces(value: Any) -> int:
    """Indentation typed as spaces in front of a description ("    Window lifter motor")."""
    if not isinstance(value, str) or not value.strip():
        return -1
    lead = _LEADING.match(value)
    return len(lead.group(0).replace("\t", "    ")) if lead else 0
