"""Field validation read from the schema itself (types, nullability, checks, enums, lengths).

The database constraints stay the last line of defence; this turns them into messages that
name the field, the value and the reason, all issues at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Float, Integer, String
from sqlalchemy import Enum as SAEnum

from rePlanner.domain.errors import ValidationError, ValidationIssue
from rePlanner.services.registry import EntitySpec

_TRUE = {"1", "true", "yes", "y", "ja", "oui", "x"}
_FALSE = {"0", "false", "no", "n", "nein", "non", ""}


def _to_float(v: Any) -> float:
    if isinstance(v, bool):
        raise ValueError("not a number")
    if isinstance(v, str):
        v = v.strip().replace(" ", "")
        if v.count(",") == 1 and "." not in v:
            v = v.replace(",", ".")  # decimal comma as typed in much of Europe
    f = float(v)
    if math.isnan(f) or math.isinf(f):
        raise ValueError("not a finite number")
    return f


def _to_int(v: Any) -> int:
    f = _to_float(v)
    if f != int(f):
        raise ValueError("not a whole number")
    return int(f)


def _to_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError("not yes/no")


def _to_date(v: Any) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v).strip())


def _to_datetime(v: Any) -> datetime:
    if isinstance(v, datetime):
        return v
    return datetime.fromisoformat(str(v).strip())


def _converter(col: Any) -> Callable[[Any], Any] | None:
    t = col.type
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
            s = v if isinstance(v, str) else str(v)
            if length and len(s) > length:
                raise ValueError(f"longer than {length} characters")
            return s

        return conv_s
    return None


def _rules(table: Any) -> dict[str, str]:
    return {
        c.info["column"]: c.info["rule"]
        for c in table.constraints
        if isinstance(c, CheckConstraint) and "rule" in c.info
    }


_RULE_CHECK: dict[str, tuple[Callable[[float], bool], str]] = {
    "non_negative": (lambda x: x >= 0, "must not be negative"),
    "positive": (lambda x: x > 0, "must be greater than zero"),
    "share": (lambda x: 0 <= x <= 1, "must be a share between 0 and 1"),
    "weekdays": (lambda x: 1 <= x <= 7, "must be between 1 and 7 days"),
}


def required_columns(table: Any) -> list[str]:
    return [
        c.name
        for c in table.columns
        if not c.nullable and not c.primary_key and c.default is None and c.server_default is None
    ]


def clean(spec: EntitySpec, values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Convert and check `values`; raise one ValidationError listing every problem."""
    table = spec.table
    issues: list[ValidationIssue] = []
    out: dict[str, Any] = {}
    rules = _rules(table)
    for key, raw in values.items():
        if key not in table.columns or table.columns[key].primary_key and not creating:
            issues.append(ValidationIssue(spec.name, key, raw, "is not a field of this object"))
            continue
        col = table.columns[key]
        if raw is None or (isinstance(raw, str) and not raw.strip() and col.nullable):
            if not col.nullable and not col.primary_key:
                issues.append(ValidationIssue(spec.name, key, raw, "is required"))
            else:
                out[key] = None
            continue
        if isinstance(raw, str) and not raw.strip():
            issues.append(ValidationIssue(spec.name, key, raw, "is required"))
            continue
        conv = _converter(col)
        try:
            val = conv(raw) if conv else raw
        except (ValueError, TypeError) as exc:
            issues.append(ValidationIssue(spec.name, key, raw, str(exc) or "invalid value"))
            continue
        rule = rules.get(key)
        if rule and isinstance(val, int | float):
            ok, why = _RULE_CHECK[rule]
            if not ok(val):
                issues.append(ValidationIssue(spec.name, key, raw, why))
                continue
        out[key] = val
    if creating:
        for name in required_columns(table):
            if name not in values:
                issues.append(ValidationIssue(spec.name, name, None, "is required"))
    if issues:
        raise ValidationError(issues)
    return out
