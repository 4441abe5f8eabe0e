"""Rows parsed from the reference files turned into database records, and back to text."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from sqlalchemy import Table

from rePlanner.domain.enums import MeasureKind, Origin
from rePlanner.io.refdata_csv import Row

REF = Origin.REFERENCE
_DERIVATION = "[derivation] "
# natural key of each table with one, as shown in a KeptRow
DESCRIBED_BY: dict[str, tuple[str, ...]] = {
    "materials": ("element", "stage"),
    "policy_measures": ("code",),
    "quota_batches": ("year", "batch", "kind"),
    "alternative_sources": ("name", "location"),
}


def table_of(model: Any) -> Table:
    table: Table = model.__table__
    return table


def plain(row: Row, *drop: str) -> Row:
    """The row without its spreadsheet row number and the named keys."""
    return {k: v for k, v in row.items() if k != "_row" and k not in drop}


def measure_record(code: str, raw: Row | None, st: Row | None, old: Any) -> Row:
    """Raw columns from export_controls, structured ones from measures_structured."""
    old_raw, old_derivation = _split_notes(old["notes"] if old is not None else None)
    rec: Row = {"code": code}
    if raw:
        rec.update(plain(raw, "notes"))
    if st:
        rec.update(plain(st, "materials", "derivation"))
    elif old is None:  # a new measure without structured data: best guess, said so
        rec.update(_guess_kind(rec.get("control_type")))
        st = {"derivation": "kind and licence_required guessed from control_type"}
    notes = raw["notes"] if raw else old_raw
    rec["notes"] = _join_notes(notes, st["derivation"] if st else old_derivation)
    return rec


def _guess_kind(control_type: str | None) -> Row:
    text = (control_type or "").lower()
    for word, kind in (
        ("suspension", MeasureKind.SUSPENSION),
        ("framework", MeasureKind.FRAMEWORK),
        ("technolog", MeasureKind.TECHNOLOGY),
        ("ban", MeasureKind.BAN),
    ):
        if word in text:
            return {"kind": kind, "licence_required": kind is MeasureKind.TECHNOLOGY}
    return {"kind": MeasureKind.EXPORT_CONTROL, "licence_required": "licen" in text}


def _split_notes(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    head, sep, tail = text.partition(_DERIVATION)
    return (head.strip() or None, tail.strip() or None) if sep else (text, None)


def _join_notes(notes: str | None, derivation: str | None) -> str | None:
    parts = [notes, _DERIVATION + derivation if derivation else None]
    return "\n\n".join(p for p in parts if p) or None


def alternative_record(r: Row) -> Row:
    labelled = [
        ("Customers / offtake / support", r["customers"]),
        ("Additional sources", r["additional_sources"]),
        ("Notes", r["notes"]),
    ]
    notes = "\n".join(f"{label}: {text}" for label, text in labelled if text)
    rec = plain(r, "customers", "additional_sources", "capacity_value")
    return {**rec, "notes": notes or None}


def uniform(rows: list[Row]) -> list[Row]:
    """Executemany needs the same keys in every row."""
    keys = {k for r in rows for k in r}
    return [{k: r.get(k) for k in keys} for r in rows]


def content(row: Mapping[Any, Any], cols: list[str]) -> tuple[Any, ...]:
    """The row's values in cols, comparable between a parsed row and a stored one."""
    return tuple(v.value if isinstance(v, Enum) else v for v in (row.get(c) for c in cols))


def describe(name: str, row: Any) -> str:
    return " / ".join(str(getattr(row[c], "value", row[c])) for c in DESCRIBED_BY[name])
