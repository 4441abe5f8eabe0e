"""Headers by synonym and cell values with located issues, shared by network and supplier sheets.

Each reader describes its columns (`Col`), finds the header row (title rows above it are
skipped), then reads typed values row by row; every problem becomes an ImportIssue that names
file, sheet, Excel row, header text and value. Nothing here raises on bad data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rePlanner.domain.imports import CellError, ImportIssue, Severity, SheetData

HEADER_SEARCH_ROWS = 20  # title rows tolerated above the header


def norm(text: Any) -> str:
    """'Lieferzeit (Tage)' -> 'lieferzeit tage': case, accents, punctuation and spaces folded."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", s.lower()).split())


def _variants(header: Any) -> set[str]:
    full = norm(header)
    bare = norm(re.sub(r"\(.*?\)|\[.*?\]", " ", str(header)))  # without '(days)', '[%]'
    return {v for v in (full, bare) if v}


@dataclass(frozen=True)
class Col:
    key: str
    label: str  # canonical header (templates, messages)
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {norm(self.label), norm(self.key.replace("_", " ")), *map(norm, self.synonyms)}


@dataclass
class Table:
    """One sheet with its header found: `columns` maps Col.key -> 0-based column index."""

    sheet: SheetData
    header_index: int  # index into sheet.rows
    columns: dict[str, int]
    headers: list[str]

    def header(self, key: str) -> str:
        i = self.columns[key]
        return self.headers[i] if i < len(self.headers) else key

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row, values) of every non-blank row below the header."""
        for i in range(self.header_index + 1, len(self.sheet.rows)):
            values = self.sheet.rows[i]
            if any(not _blank(v) for v in values):
                yield self.sheet.excel_row(i), values


def match_columns(headers: Sequence[Any], cols: Sequence[Col]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col in cols:
        names = col.names()
        for i, h in enumerate(headers):
            if not _blank(h) and i not in found.values() and _variants(h) & names:
                found[col.key] = i
                break
    return found


def find_table(sheet: SheetData, cols: Sequence[Col]) -> Table | None:
    """The first row (of the first 20) that holds every required column, else None."""
    required = {c.key for c in cols if c.required}
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found = match_columns(row, cols)
        if required <= found.keys() and found:
            headers = ["" if _blank(h) else str(h).strip() for h in row]
            return Table(sheet, i, found, headers)
    return None


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


class Reader:
    """Typed cell access for one table; collects issues instead of raising."""

    def __init__(self, table: Table, issues: list[ImportIssue]) -> None:
        self.table, self.issues = table, issues

    def issue(
        self, severity: Severity, row: int, key: str | None, value: Any, message: str, code: str
    ) -> None:
        column = self.table.header(key) if key else None
        sheet = self.table.sheet
        self.issues.append(
            ImportIssue(severity, message, sheet.file, sheet.sheet, row, column, value, code)
        )

    def raw(self, values: list[Any], key: str) -> Any:
        i = self.table.columns.get(key)
        if i is None or i >= len(values):
            return None
        return None if _blank(values[i]) else values[i]

    def text(self, row: int, values: list[Any], key: str) -> str | None:
        v = self.raw(values, key)
        if isinstance(v, CellError):
            self.issue(Severity.ERROR, row, key, v, _error_cell(v), "error_cell")
            return None
        if v is None:
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))  # a numeric id cell: 12.0 -> "12"
        if isinstance(v, datetime | date):
            return v.isoformat()
        return str(v).strip()

    def number(
        self, row: int, values: list[Any], key: str, *, positive: bool = False
    ) -> float | None:
        """A non-negative (or positive) number; None when empty or unreadable (issue added)."""
        v = self.raw(values, key)
        if v is None:
            return None
        if isinstance(v, CellError):
            self.issue(Severity.ERROR, row, key, v, _error_cell(v), "error_cell")
            return None
        x = self._to_float(row, key, v)
        if x is None:
            return None
        if x < 0 or (positive and x == 0):
            need = "greater than zero" if positive else "zero or more"
            self.issue(
                Severity.ERROR, row, key, v, f"must be {need}; correct the value", "out_of_range"
            )
            return None
        return x

    def share(self, row: int, values: list[Any], key: str) -> float | None:
        """A share as 0..1, '40%' or 40 (read as percent, with a warning)."""
        v = self.raw(values, key)
        percent = isinstance(v, str) and v.strip().endswith("%")
        x = self.number(row, values, key)
        if x is None:
            return None
        if percent:
            x /= 100
        elif x > 1:
            self.issue(
                Severity.WARNING, row, key, v, f"read as {x:g}% (a share is 0..1 or 0..100%)",
                "share_percent",
            )  # fmt: skip
            x /= 100
        if x > 1:
            self.issue(Severity.ERROR, row, key, v, "a share cannot exceed 100%", "out_of_range")
            return None
        return x

    def _to_float(self, row: int, key: str, v: Any) -> float | None:
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            self.issue(Severity.ERROR, row, key, v, "is not a number; enter a number", "not_num")
            return None
        if not isinstance(v, str):
            return float(v)
        s = v.strip().rstrip("%").strip().replace("\u00a0", "").replace(" ", "")
        if "," in s and "." not in s:
            s = s.replace(",", ".")
            if _float(s) is not None:
                self.issue(
                    Severity.WARNING, row, key, v, f"decimal comma read as {s}", "decimal_comma"
                )
        x = _float(s)
        if x is None:
            self.issue(Severity.ERROR, row, key, v, "is not a number; enter a number", "not_num")
        return x


def _float(s: str) -> float | None:
    try:
        x = float(s)
    except ValueError:
        return None
    return x if x == x and x not in (float("inf"), float("-inf")) else None


def _error_cell(v: CellError) -> str:
    return f"the cell shows the Excel error {v}; fix the formula or type the value"
