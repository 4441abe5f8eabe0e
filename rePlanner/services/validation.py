"""Field validation read from the schema itself (types, nullability, checks, enums, lengths).

The database constraints stay the last line of defence; this turns them into messages that
name the field, the value and the reason, all issues at once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, Float, Integer, String
from sqlalchemy import Enum as SAEnum

from rePlanner.domain.errors import ValidationError, ValidationIssue
from rePlanner.services.registry import EntitySpec

_TRUE = {"1", "true", "yes", "y", "ja", "oui", "x"}
_FALSE = {"0", "false", "no", "n", "nein", "non", ""}
# kept by rePlanner itself: who owns a row and when it changed are not typed in
SYSTEM_FIELDS = frozenset({"origin", "created_at", "updated_at"})
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # PostgreSQL INTEGER
_SHOWN = 60  # characters of a value quoted in an error message

_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
# "1,234": a thousands separator (1234) or a decimal comma (1.234)? "0,125" is not ambiguous
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
_GROUPED_EU = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+,\d+")  # 1.234,5
_GROUPED_US = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+\.\d+")  # 1,234.5
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")


def _number_text(text: str) -> str:
    """Typed number -> Python float syntax; refuses what a person could have meant two ways."""
    s = re.sub(r"[ \u00a0\u202f]", "", text)  # spaces people use to group digits
    if _AMBIGUOUS.fullmatch(s):
        raise ValueError(
            "is ambiguous: a thousands separator or a decimal comma? write 1234 or 1.234"
        )
    if _GROUPED_EU.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_US.fullmatch(s):
        s = s.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")  # decimal comma as typed in much of Europe
    if not _PLAIN.fullmatch(s):
        raise ValueError("not a number")
    return s


def _to_float(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, str | int | float | Decimal):
        raise ValueError("not a number")
    f = float(_number_text(v) if isinstance(v, str) else v)
    if math.isnan(f) or math.isinf(f):
        raise ValueError("not a finite number")
    return f


def _to_int(v: Any) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        n = v
    else:
        f = _to_float(v)
        if not f.is_integer():
            raise ValueError("not a whole number")
        n = int(f)
    if not INT_MIN <= n <= INT_MAX:
        raise ValueError(f"out of range: whole numbers go from {INT_MIN} to {INT_MAX}")
    return n


def _to_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if not isinstance(v, str | int):
        raise ValueError("not yes/no")
    s = str(v).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError("not yes/no")


def _to_date(v: Any) -> date:
    if isinstance(v, datetime):  # a spreadsheet date cell arrives as midnight
        if v.time() != time(0):
            raise ValueError("a date has no time of day")
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str) and _DATE.fullmatch(v):
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise ValueError("no such date") from None
    raise ValueError("not a date: write YYYY-MM-DD")


def _to_datetime(v: Any) -> datetime:
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime.combine(v, time(0))
    if isinstance(v, str) and _DATETIME.fullmatch(v):
        try:
            return datetime.fromisoformat(v)
        except ValueError:
            raise ValueError("no such date or time") from None
    raise ValueError("not a date and time: write YYYY-MM-DD HH:MM")


def _to_json(v: Any) -> Any:
    if not isinstance(v, dict | list):
        raise ValueError("must be a JSON object or list")
    try:
        json.dumps(v, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot be stored as JSON: {exc}") from None
    return v


def _converter(col: Any) -> Callable[[Any], Any] | None:
    t = col.type
    if isinstance(t, JSON):
        return _to_json
    if isinstance(t, SAEnum):
        allowed = list(t.enums)

        def conv(v: Any) -> Any:
            s = getattr(v, "value", v)
            if s not in allowed:
                raise ValueError(f"must be one of {', '.join(allowed)}")
            return t.enum_class(s) if t.enum_class else s

        return conv
    if isinstance(t, Boolean):
        return _to_bool
    if isinstance(t, Integer):
        return _to_int
    if isinstance(t, Float):
        return _to_float
    if isinstance(t, DateTime):
        return _to_datetime
    if isinstance(t, Date):
        return _to_date
    if isinstance(t, String):
        length = t.length

        def conv_s(v: Any) -> str:
            if not isinstance(v, str):  # 12.0 from a number cell is not the name "12"
                raise ValueError(f"must be text, not {type(v).__name__}")
            if length and len(v) > length:
                raise ValueError(f"longer than {length} characters")
            return v

        return conv_s
    return None


def _rules(table: Any) -> dict[str, str]:
    found = {name: rule for name, rule in _BY_NAME.items() if name in table.columns}
    found.update({
        c.info["column"]: c.info["rule"]
        for c in table.constraints
        if isinstance(c, CheckConstraint) and "rule" in c.info
    })  # fmt: skip
    return found


# Columns checked by name wherever they occur (no CHECK constraint in the schema for them).
_BY_NAME = {"latitude": "latitude", "longitude": "longitude"}


_RULE_CHECK: dict[str, tuple[Callable[[float], bool], str]] = {
    "non_negative": (lambda x: x >= 0, "must not be negative"),
    "positive": (lambda x: x > 0, "must be greater than zero"),
    "share": (lambda x: 0 <= x <= 1, "must be a share between 0 and 1"),
    "weekdays": (lambda x: 1 <= x <= 7, "must be between 1 and 7 days"),
    "score10": (lambda x: 0 <= x <= 10, "must be a score from 0 to 10"),
    "latitude": (lambda x: -90 <= x <= 90, "must be a latitude from -90 to 90 degrees"),
    "longitude": (lambda x: -180 <= x <= 180, "must be a longitude from -180 to 180 degrees"),
}


def required_columns(table: Any) -> list[str]:
    return [
        c.name
        for c in table.columns
        if not c.nullable and not c.primary_key and c.default is None and c.server_default is None
    ]


def shown(value: Any) -> Any:
    """A value as quoted in an error: long text is cut so the message stays readable."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return value[:_SHOWN] + "…"
    if not isinstance(value, str | int | float | bool | date | None) and len(repr(value)) > _SHOWN:
        return repr(value)[:_SHOWN] + "…"
    return value


def _convert(col: Any, raw: Any, rule: str | None) -> tuple[Any, str | None]:
    """(value, None) or (None, why it is refused) for one field that is present."""
    text = raw.strip() if isinstance(raw, str) else raw  # " Acme " is "Acme"
    if text is None or text == "":
        return None, None if col.nullable or col.primary_key else "is required"
    conv = _converter(col)
    try:
        val = conv(text) if conv else text
    except (ValueError, TypeError) as exc:
        return None, str(exc) or "invalid value"
    if rule and isinstance(val, int | float):
        ok, why = _RULE_CHECK[rule]
        if not ok(val):
            return None, why
    return val, None


def clean(spec: EntitySpec, values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Convert and check `values`; raise one ValidationError listing every problem."""
    table = spec.table
    issues: list[ValidationIssue] = []
    out: dict[str, Any] = {}
    rules = _rules(table)
    for key, raw in values.items():
        if key not in table.columns or table.columns[key].primary_key and not creating:
            why: str | None = "is not a field of this object"
        elif key in SYSTEM_FIELDS:
            why = "is kept by rePlanner and cannot be set"
        else:
            out[key], why = _convert(table.columns[key], raw, rules.get(key))
        if why:
            out.pop(key, None)
            issues.append(ValidationIssue(spec.name, key, shown(raw), why))
    if creating:
        for name in required_columns(table):
            if name not in values:
                issues.append(ValidationIssue(spec.name, name, None, "is required"))
    if issues:
        raise ValidationError(issues)
    return out
