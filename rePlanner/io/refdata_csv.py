"""The reference-data CSVs read into plain rows of typed values.

A file is recognised by its header row. Any bad cell, and any row with more or fewer cells than
the header, raises DataFileError located the way a spreadsheet shows it (header = row 1) and
naming the file by the path the caller gave. A file with no loadable row is refused too. Rows without a source (source_url for sourced files,
derivation for curated ones) are not loaded: they are returned as skipped, with the reason.
Cell typing lives in refdata_cells, one parser per file kind in refdata_parsers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import DataFileError
from rePlanner.io.refdata_cells import Cells, Row
from rePlanner.io.refdata_parsers import PARSERS

__all__ = [
    "KEYS",
    "SIGNATURES",
    "Cells",
    "RefFile",
    "Row",
    "SkippedRow",
    "detect_kind",
    "read_refdata_csv",
    "read_refdata_folder",
]

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

    @property
    def shown(self) -> str:
        """The path for messages (as given, or the folder as given joined with the name)."""
        return str(self.path)


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
    """Read and type one reference CSV; errors name the file as the caller gave its path."""
    shown = os.fspath(path)
    path = Path(path)
    raw = path.read_bytes()
    try:
        records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except UnicodeDecodeError as exc:
        raise DataFileError(shown, "not UTF-8 text") from exc
    except csv.Error as exc:
        raise DataFileError(shown, f"not a readable CSV file: {exc}") from exc
    if not records:
        raise DataFileError(shown, "the file is empty")
    header = [h.strip() for h in records[0]]
    kind = detect_kind(header, shown)
    names = [h.lower() for h in header]
    if len(set(names)) != len(names):
        raise DataFileError(shown, "a column name appears twice in the header", row=1)
    rows, skipped = _parse_records(
        shown, kind, records[1:], names, dict(zip(names, header, strict=True))
    )
    _check_unique_keys(shown, kind, rows)
    if not rows:  # loading it would delete every reference row of its table
        raise DataFileError(shown, _nothing_to_load(skipped))
    return RefFile(kind, path, rows, skipped, hashlib.sha256(raw).hexdigest())


def _nothing_to_load(skipped: list[SkippedRow]) -> str:
    if not skipped:
        return "no loadable rows: the file has no data rows"
    shown = "; ".join(f"row {s.row}: {s.reason}" for s in skipped[:3])
    more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    return f"no loadable rows: {len(skipped)} skipped ({shown}{more})"


def _parse_records(
    file: str, kind: str, records: list[list[str]], names: list[str], headers: dict[str, str]
) -> tuple[list[Row], list[SkippedRow]]:
    source_col = SIGNATURES[kind][0]
    rows: list[Row] = []
    skipped: list[SkippedRow] = []
    for number, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank line
        _check_width(file, number, len(record), len(names))
        cells = Cells(file, number, dict(zip(names, record, strict=True)), headers)
        if cells.text(source_col) is None:
            # the summary lists files by name: skipped rows use the name too
            skipped.append(SkippedRow(Path(file).name, number, f"no {source_col}: not loaded"))
            continue
        for parsed in PARSERS[kind](cells):
            rows.append({**parsed, "_row": number})
    return rows, skipped


def _check_width(file: str, number: int, cells: int, columns: int) -> None:
    """Every row has exactly one cell per column. A short row is not padded: a missing comma
    mid-row would shift the later cells into the wrong columns without any error."""
    if cells > columns:
        hint = "a comma inside an unquoted cell?"
    elif cells < columns:
        hint = "a missing comma, or empty cells at the end left out?"
    else:
        return
    raise DataFileError(
        file, f"{cells} cells but the header has {columns} columns ({hint})", row=number
    )


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
            raise DataFileError(f.shown, f"is a second {f.kind} file (first: {by_kind[f.kind]})")
        by_kind[f.kind] = f.shown
    return files
