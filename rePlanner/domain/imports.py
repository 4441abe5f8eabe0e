"""What spreadsheet imports pass between their stages (read -> detect -> map -> parse -> commit).

Plain data only: the readers (io/spreadsheet) fill SheetData, the BOM parser (io/bom) turns it into
ParsedBom with ImportIssues, the services match it against the database and commit it.
Row numbers are always the 1-based numbers a person sees in Excel (header row included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # blocks the import
    WARNING = "warning"  # imported, but the user should look (e.g. "1,5" read as 1.5)
    INFO = "info"


@dataclass(frozen=True)
class CellError:
    """An Excel error value in a cell (#REF!, #N/A, #DIV/0!, #VALUE!, #NAME?, #NUM!, #NULL!)."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class ImportIssue:
    severity: Severity
    message: str  # for a buyer: what is wrong and what to do
    file: str
    sheet: str | None = None
    row: int | None = None  # Excel row number
    column: str | None = None  # header text as in the file (or the column letter)
    value: Any = None
    code: str = ""  # stable machine id, e.g. "quantity_not_numeric"

    def as_dict(self) -> dict[str, Any]:
        value = (
            self.value
            if isinstance(self.value, str | int | float | bool)
            else (None if self.value is None else str(self.value))
        )
        return {
            "severity": self.severity.value,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": self.message,
            "code": self.code,
        }


@dataclass
class Formatting:
    """What only the file's formatting says (sheet XML; empty for CSV or when not read)."""

    hidden_rows: frozenset[int] = frozenset()  # Excel row numbers
    indents: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col0) -> indent
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # r1, c1, r2, c2 (1-based)


@dataclass
class SheetData:
    """The values of one sheet (or CSV file), exactly as stored: text stays text."""

    file: str  # the path as the user gave it
    sheet: str  # sheet name; for CSV the file name
    rows: list[list[Any]]  # str | int | float | bool | datetime | date | CellError | None
    first_row: int = 1  # Excel row number of rows[0]
    formatting: Formatting | None = None  # None: not read (yet)

    def excel_row(self, index: int) -> int:
        return self.first_row + index


class BomField(StrEnum):
    """Canonical columns of a BOM; a mapping assigns each to one column of the sheet."""

    PART_NUMBER = "part_number"
    DESCRIPTION = "description"
    QUANTITY = "quantity"
    UNIT = "unit"
    LEVEL = "level"
    PARENT = "parent_part_number"
    SUPPLIER = "supplier"
    POSITION = "position"


@dataclass
class ColumnMapping:
    """Field -> 0-based column index in the sheet; `header_row` is the Excel row of the header."""

    header_row: int
    columns: dict[BomField, int]
    headers: list[str] = field(default_factory=list)  # header texts as in the file
    scores: dict[BomField, float] = field(default_factory=dict)  # suggestion confidence 0..1

    def header_of(self, f: BomField) -> str | None:
        i = self.columns.get(f)
        return self.headers[i] if i is not None and i < len(self.headers) else None


@dataclass(slots=True)  # hundreds of thousands of these in a big import
class BomLineIn:
    """One parsed BOM row; `parent` indexes ParsedBom.lines (None = directly under the vehicle)."""

    row: int  # Excel row it came from
    part_number: str
    quantity: float  # per parent
    level: int  # 1 = directly under the vehicle
    parent: int | None
    description: str | None = None
    unit: str | None = None
    supplier: str | None = None
    position: int = 0
    extended_quantity: float = 0.0  # per vehicle, through all levels


@dataclass
class ParsedBom:
    file: str
    sheet: str
    mapping: ColumnMapping
    lines: list[BomLineIn] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    rows_read: int = 0  # data rows looked at (blank and footer rows excluded)

    @property
    def ok(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)
