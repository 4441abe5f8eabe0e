"""Forms for the editable tables: the fields of one record and the rows a reference may
point at, derived from the schema and the tables' columns. No Qt.
"""

from __future__ import annotations

from collections import Counter
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
    String,
    select,
)
from sqlalchemy import Enum as SAEnum

from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.registry import BY_TABLE, spec
from rePlanner.services.tables import (
    PART_COLUMNS,
    PART_MATERIAL_COLUMNS,
    POLICY_COLUMNS,
    SUPPLIER_COLUMNS,
)
from rePlanner.services.tables_alternatives import ALTERNATIVE_COLUMNS
from rePlanner.services.tables_base import Column, plain, read
from rePlanner.services.tables_network import (
    LINE_COLUMNS,
    LINK_COLUMNS,
    NODE_COLUMNS,
    SITE_COLUMNS,
    item_label,
    node_labels,
    site_label,
)
from rePlanner.services.validation import SYSTEM_FIELDS, required_columns

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
    return plain(col.default.arg)


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
    with read(db) as session:
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
            pairs = [(r[0], " / ".join(str(plain(v)) for v in r[1:] if v is not None))
                     for r in session.execute(query)]  # fmt: skip
    twice = Counter(label for _i, label in pairs)
    unique = [(i, f"{label} (#{i})" if twice[label] > 1 else label) for i, label in pairs]
    return sorted(unique, key=lambda p: (p[1].lower(), p[0]))
