"""The reference-data CSVs read into plain rows of typed values.

A file is recognised by its header row. Any bad cell raises DataFileError located the way a
spreadsheet shows it (header = row 1). Rows without a source (source_url for sourced files,
derivation for curated ones) are not loaded: they are returned as skipped, with the reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from rePlanner.domain.enums import Confidence, MeasureKind, QuotaKind, Stage
from rePlanner.domain.errors import DataFileError

Row = dict[str, Any]
E = TypeVar("E", bound=StrEnum)

# kind -> columns that identify it (compared in lower case); the first listed is the source column
SIGNATURES: dict[str, tuple[str, ...]] = {
    "export_controls": (
        "source_url",
        "id",
        "measure",
        "announcement_no",
        "date_announced",
        "date_effective",
        "elements_items",
        "control_type",
        "confidence",
    ),
    "quotas": (
        "source_url",
        "year",
        "batch",
        "mining_quota_t_reo",
        "smelting_separation_quota_t_reo",
        "confidence",
    ),
    "market_share": ("source_url", "commodity", "stage", "country", "share_pct", "confidence"),
    "part_content": (
        "source_url",
        "component",
        "material",
        "quantity_low",
        "quantity_high",
        "confidence",
    ),
    "alt_producers": (
        "source_url",
        "company",
        "hq_country",
        "facility_location",
        "product",
        "capacity_value",
        "capacity_unit",
        "confidence",
    ),
    "materials": ("derivation", "element", "stage", "name", "category"),
    "measures_structured": (
        "derivation",
        "id",
        "kind",
        "date_effective",
        "suspended_from",
        "suspended_until",
        "licence_required",
        "materials",
    ),
    "alt_producers_materials": ("derivation", "company", "facility_location", "element", "stage"),
}
# natural key of each parsed row; two rows with one key in a file are an error
KEYS: dict[str, tuple[str, ...]] = {
    "export_controls": ("code",),
    "measures_structured": ("code",),
    "quotas": ("year", "batch", "kind"),
    "materials": ("element", "stage"),
    "alt_producers": ("name", "location"),
    "alt_producers_materials": ("name", "location"),
}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


@dataclass(frozen=True)
class SkippedRow:
    file: str
    row: int
    reason: str


@dataclass
class RefFile:
    kind: str
    path: Path
    rows: list[Row]  # each row carries "_row", its spreadsheet row number
    skipped: list[SkippedRow]
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


class Cells:
    """One CSV record: typed access to its cells, errors located at this row."""

    def __init__(self, file: str, row: int, values: dict[str, str], headers: dict[str, str]):
        self.file, self.row, self.values, self.headers = file, row, values, headers

    def fail(self, col: str, message: str, value: object = None) -> NoReturn:
        column = self.headers.get(col, col)
        raise DataFileError(self.file, message, row=self.row, column=column, value=value)

    def text(self, col: str) -> str | None:
        return self.values.get(col, "").strip() or None

    def required(self, col: str) -> str:
        value = self.text(col)
        if value is None:
            self.fail(col, "a value is required here")
        return value

    def number(self, col: str, *, bound: bool = False) -> tuple[float | None, str | None]:
        """(number, qualifier); with bound=True '>90' gives (90.0, '>')."""
        raw = self.text(col)
        if raw is None:
            return None, None
        qualifier = raw[0] if bound and raw[0] in "<>~" else None
        digits = raw[1:].strip() if qualifier else raw
        if _THOUSANDS.fullmatch(digits):
            digits = digits.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            self.fail(col, "not a number", raw)
        if value < 0 or not math.isfinite(value):
            self.fail(col, "must be a number of zero or more", raw)
        return value, qualifier

    def amount(self, col: str) -> float | None:
        return self.number(col)[0]

    def integer(self, col: str) -> int | None:
        value = self.amount(col)
        if value is not None and value != int(value):
            self.fail(col, "not a whole number", self.text(col))
        return None if value is None else int(value)

    def iso_date(self, col: str) -> date | None:
        """A date written YYYY-MM-DD, or blank."""
        raw = self.text(col)
        if raw is None:
            return None
        if not _ISO.fullmatch(raw):
            self.fail(col, "not a date written YYYY-MM-DD", raw)
        return self._date(col, raw)

    def date_in_text(self, col: str) -> date | None:
        """Free text that may hold dates: each one must be real; a bare date is returned."""
        raw = self.text(col) or ""
        for token in _ISO.findall(raw):
            self._date(col, token)
        return self._date(col, raw) if _ISO.fullmatch(raw) else None

    def _date(self, col: str, raw: str) -> date:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.fail(col, "not a real calendar date", raw)

    def boolean(self, col: str) -> bool:
        raw = (self.text(col) or "").lower()
        if raw not in _TRUE | _FALSE:
            self.fail(col, "give true or false", self.text(col))
        return raw in _TRUE

    def enum(self, col: str, enum: type[E]) -> E:
        raw = self.required(col)
        try:
            return enum(raw.lower())
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(col, f"not one of: {allowed}", raw)

    def confidence(self) -> Confidence:
        return self.enum("confidence", Confidence)

    def material_keys(self, col: str) -> list[tuple[str, Stage]]:
        keys = []
        for item in (self.text(col) or "").replace(",", ";").split(";"):
            if not item.strip():
                continue
            element, sep, stage = item.strip().partition(":")
            if not sep or not element.strip():
                self.fail(col, "write materials as element:stage; element:stage", item.strip())
            try:
                keys.append((element.strip(), Stage(stage.strip().lower())))
            except ValueError:
                self.fail(col, f"unknown stage in {item.strip()!r}", stage.strip())
        return keys


# --- one parser per file kind: Cells -> rows named like the database columns ----------


def _export_control(c: Cells) -> list[Row]:
    effective_raw = c.text("date_effective")
    row: Row = {
        "code": c.required("id"),
        "title": c.required("measure"),
        "announcement_no": c.text("announcement_no"),
        "authority": c.text("issuing_bodies"),
        "effective_note": None if c.date_in_text("date_effective") else effective_raw,
        "items": c.text("elements_items"),
        "hs_codes": c.text("hs_codes_reference"),
        "control_type": c.text("control_type"),
        "licence_processing": c.text("licence_processing"),
        "status_text": c.text("status_latest_seen"),
        "confidence": c.confidence(),
        "source_url": c.text("source_url"),
        "additional_sources": c.text("additional_sources"),
        "notes": c.text("notes"),
    }
    # free-text dates ("2025-11-08 (planned)") are left to measures_structured.csv
    for col in ("date_announced", "date_effective"):
        if (day := c.date_in_text(col)) is not None:
            row[col] = day
    return [row]


def _measure_structured(c: Cells) -> list[Row]:
    row: Row = {
        "code": c.required("id"),
        "kind": c.enum("kind", MeasureKind),
        "date_effective": c.iso_date("date_effective"),
        "suspended_from": c.iso_date("suspended_from"),
        "suspended_until": c.iso_date("suspended_until"),
        "licence_required": c.boolean("licence_required"),
        "licence_days_nominal": c.integer("licence_days_nominal"),
        "licence_days_min": c.integer("licence_days_min"),
        "licence_days_max": c.integer("licence_days_max"),
        "materials": c.material_keys("materials"),
        "derivation": c.text("derivation"),
    }
    if (announced := c.iso_date("date_announced")) is not None:
        row["date_announced"] = announced
    _check_order(c, row, "suspended_from", "suspended_until")
    _check_order(c, row, "licence_days_min", "licence_days_nominal", "licence_days_max")
    return [row]


def _check_order(c: Cells, row: Row, *cols: str) -> None:
    given = [(col, row[col]) for col in cols if row[col] is not None]
    for (_, low), (col, high) in zip(given, given[1:], strict=False):
        if high < low:
            c.fail(col, f"must not be less than {low}", str(high))


def _quota(c: Cells) -> list[Row]:
    common: Row = {
        "year": _year(c),
        "batch": c.required("batch"),
        "announced": c.text("announced_date"),
        "issuing_bodies": c.text("issuing_bodies"),
        "recipients": c.text("recipients_allocation"),
        "confidence": c.confidence(),
        "source_type": c.text("source_type"),
        "source_url": c.text("source_url"),
        "notes": c.text("notes"),
    }
    c.date_in_text("announced_date")
    mining = {
        **common,
        "kind": QuotaKind.MINING,
        "volume_t": c.amount("mining_quota_t_reo"),
        "volume_light_t": c.amount("mining_light_rock_type_t"),
        "volume_ionic_t": c.amount("mining_ionic_medium_heavy_t"),
    }
    smelting = {
        **common,
        "kind": QuotaKind.SMELTING_SEPARATION,
        "volume_t": c.amount("smelting_separation_quota_t_reo"),
        "volume_light_t": None,
        "volume_ionic_t": None,
    }
    return [mining, smelting]


def _year(c: Cells) -> int:
    year = c.integer("year")
    if year is None:
        c.fail("year", "a year is required")
    return year


def _market_share(c: Cells) -> list[Row]:
    value, value_q = c.number("value", bound=True)
    pct, pct_q = c.number("share_pct", bound=True)
    if pct is not None and pct > 100:
        c.fail("share_pct", "a percentage must be 0 to 100", c.text("share_pct"))
    bounds = [
        f"{col} given as {c.text(col)!r}"
        for col, q in (("value", value_q), ("share_pct", pct_q))
        if q
    ]
    notes = "; ".join([*bounds, *filter(None, [c.text("notes")])]) or None
    return [
        {
            "commodity": c.required("commodity"),
            "stage": c.required("stage"),
            "metric": c.text("metric"),
            "year": c.integer("year"),
            "country": c.required("country"),
            "value": value,
            "unit": c.text("unit"),
            "share": None if pct is None else round(pct / 100, 6),
            "share_qualifier": pct_q,
            "source_publication": c.text("source_publication"),
            "confidence": c.confidence(),
            "source_type": c.text("source_type"),
            "source_url": c.text("source_url"),
            "notes": notes,
        }
    ]


def _part_content(c: Cells) -> list[Row]:
    row: Row = {
        "component": c.required("component"),
        "material": c.required("material"),
        "quantity_low": c.amount("quantity_low"),
        "quantity_high": c.amount("quantity_high"),
        "unit": c.text("unit"),
        "basis": c.text("basis"),
        "confidence": c.confidence(),
        "source_type": c.text("source_type"),
        "source_url": c.text("source_url"),
        "notes": c.text("notes"),
    }
    _check_order(c, row, "quantity_low", "quantity_high")
    return [row]


def _alt_producer(c: Cells) -> list[Row]:
    value, unit = c.text("capacity_value"), c.text("capacity_unit")
    try:  # ranges such as "12,100-18,400" are kept only as text
        number = c.amount("capacity_value")
    except DataFileError:
        number = None
    return [
        {
            "name": c.required("company"),
            "country": c.text("hq_country"),
            "location": c.text("facility_location"),
            "stage_text": c.text("supply_chain_stage"),
            "product": c.text("product"),
            "capacity_value": number,
            "capacity_text": " ".join(filter(None, [value, unit])) or None,
            "timing_text": c.text("status_timing"),
            "customers": c.text("customers_offtake_support"),
            "confidence": c.confidence(),
            "source_url": c.text("source_url"),
            "additional_sources": c.text("additional_sources"),
            "notes": c.text("notes"),
        }
    ]


def _material(c: Cells) -> list[Row]:
    return [
        {
            "element": c.required("element"),
            "stage": c.enum("stage", Stage),
            "name": c.required("name"),
            "category": c.text("category"),
            "derivation": c.text("derivation"),
        }
    ]


def _alt_material(c: Cells) -> list[Row]:
    return [
        {
            "name": c.required("company"),
            "location": c.text("facility_location"),
            "element": c.required("element"),
            "stage": c.enum("stage", Stage),
            "derivation": c.text("derivation"),
        }
    ]


PARSERS: dict[str, Callable[[Cells], list[Row]]] = {
    "export_controls": _export_control,
    "measures_structured": _measure_structured,
    "quotas": _quota,
    "market_share": _market_share,
    "part_content": _part_content,
    "alt_producers": _alt_producer,
    "materials": _material,
    "alt_producers_materials": _alt_material,
}


# --- files -----------------------------------------------------------------------------


def detect_kind(header: list[str], file: str) -> str:
    """The one reference file whose identifying columns are all in the header."""
    cols = {h.strip().lower() for h in header}
    complete = [k for k, sig in SIGNATURES.items() if set(sig) <= cols]
    if complete:
        return max(complete, key=lambda k: len(SIGNATURES[k]))
    best = max(SIGNATURES, key=lambda k: len(set(SIGNATURES[k]) & cols))
    missing = [c for c in SIGNATURES[best] if c not in cols]
    if len(missing) < len(SIGNATURES[best]) / 2:
        raise DataFileError(
            file, f"looks like {best} but lacks columns {', '.join(missing)}", row=1
        )
    raise DataFileError(file, "the header matches no reference-data file", row=1)


def read_refdata_csv(path: Path | str) -> RefFile:
    path = Path(path)
    raw = path.read_bytes()
    try:
        records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except UnicodeDecodeError as exc:
        raise DataFileError(path.name, "not UTF-8 text") from exc
    except csv.Error as exc:
        raise DataFileError(path.name, f"not a readable CSV file: {exc}") from exc
    if not records:
        raise DataFileError(path.name, "the file is empty")
    header = [h.strip() for h in records[0]]
    kind = detect_kind(header, path.name)
    names = [h.lower() for h in header]
    if len(set(names)) != len(names):
        raise DataFileError(path.name, "a column name appears twice in the header", row=1)
    rows, skipped = _parse_records(
        path.name, kind, records[1:], names, dict(zip(names, header, strict=True))
    )
    _check_unique_keys(path.name, kind, rows)
    return RefFile(kind, path, rows, skipped, hashlib.sha256(raw).hexdigest())


def _parse_records(
    file: str, kind: str, records: list[list[str]], names: list[str], headers: dict[str, str]
) -> tuple[list[Row], list[SkippedRow]]:
    source_col = SIGNATURES[kind][0]
    rows: list[Row] = []
    skipped: list[SkippedRow] = []
    for number, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank line
        if len(record) > len(names):
            raise DataFileError(
                file,
                f"{len(record)} cells but the header has {len(names)} "
                "columns (a comma inside an unquoted cell?)",
                row=number,
            )
        cells = Cells(file, number, dict(zip(names, record, strict=False)), headers)
        if cells.text(source_col) is None:
            skipped.append(SkippedRow(file, number, f"no {source_col}: not loaded"))
            continue
        for parsed in PARSERS[kind](cells):
            rows.append({**parsed, "_row": number})
    return rows, skipped


def _check_unique_keys(file: str, kind: str, rows: list[Row]) -> None:
    key = KEYS.get(kind)
    if key is None:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        k = tuple(row[c] for c in key)
        if k in seen:
            shown = " / ".join(str(v) for v in k)
            raise DataFileError(
                file, f"repeats the key of row {seen[k]}", row=row["_row"], value=shown
            )
        seen[k] = row["_row"]


def read_refdata_folder(folder: Path | str) -> list[RefFile]:
    """Every CSV in the folder; two files of one kind would be ambiguous, so that is an error."""
    files = [read_refdata_csv(p) for p in sorted(Path(folder).glob("*.csv"))]
    by_kind: dict[str, str] = {}
    for f in files:
        if f.kind in by_kind:
            raise DataFileError(f.name, f"is a second {f.kind} file (first: {by_kind[f.kind]})")
        by_kind[f.kind] = f.name
    return files
