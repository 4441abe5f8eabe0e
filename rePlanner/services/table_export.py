"""Any table as a formatted .xlsx: frozen header row, numbers as numbers, dates as dates.

`write_table(table, path)` writes a services.tables.TableData (or `write_rows(headers, rows,
path)` plain rows) to one sheet: an optional title above, the header row (bold, filtered,
frozen, each column's tip as a comment), then the rows. Number formats follow the column kind
(int "#,##0", share "0.0%", number "#,##0.00"); a value that is missing or infinite is left
empty unless `blanks` gives the word the screen shows for it ("never"). Every text goes
through whatif_export.safe_text (a text starting with = + - @ is never run as a formula) and
is written as a string. Rows may be coloured (`flags`: True at risk, False safe).
All or nothing: the workbook is written to a temporary file next to the target, then renamed
over it, so a failed export never leaves a half-written or corrupted file behind.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.tables import Column, ColumnKind, TableData
from rePlanner.services.whatif_export import safe_text

NUMBER_FORMATS = {"int": "#,##0", "share": "0.0%", "number": "#,##0.00"}
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_table(
    table: TableData,
    path: str | Path,
    *,
    title: str | None = None,
    sheet: str = "Table",
    blanks: Mapping[str, str] | None = None,
    flags: Sequence[bool | None] | None = None,
) -> Path:
    """Write `table` to `path` (.xlsx); returns the path. ReplannerError when it cannot."""
    return write_sheets([Sheet(sheet, table, title, blanks or {}, flags or [])], path)


@dataclass
class Sheet:
    """One table on its own sheet of a workbook (see write_table for the options)."""

    name: str
    table: TableData
    title: str | None = None
    blanks: Mapping[str, str] = field(default_factory=dict)
    flags: Sequence[bool | None] = ()


def write_sheets(sheets: Sequence[Sheet], path: str | Path) -> Path:
    """Several tables, one sheet each (names made unique), written all or nothing."""
    import xlsxwriter  # imported here: only exports need it
    from xlsxwriter.exceptions import XlsxWriterException

    target = Path(path)
    fd, temp = tempfile.mkstemp(suffix=".xlsx", prefix=".export-", dir=_folder(target))
    os.close(fd)
    try:
        book = xlsxwriter.Workbook(temp, {"nan_inf_to_errors": False})
        used: set[str] = set()
        for sh in sheets:
            ws = book.add_worksheet(_unique(_sheet_name(sh.name), used))
            _write_sheet(book, ws, sh.table, sh.title, sh.blanks, sh.flags)
        book.close()
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    except (OSError, XlsxWriterException) as exc:
        Path(temp).unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or exc
        raise ReplannerError(f"cannot write {target}: {reason}") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _unique(name: str, used: set[str]) -> str:
    """Excel refuses two sheets whose names differ only in case."""
    out, n = name, 2
    while out.casefold() in used:
        tail = f" ({n})"
        out, n = name[: SHEET_NAME_MAX - len(tail)] + tail, n + 1
    used.add(out.casefold())
    return out


def write_rows(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], path: str | Path, **options: Any
) -> Path:
    """Plain rows under `headers`; each column's number format follows its values."""
    columns = [Column(f"c{i}", h, _kind_of([r[i] for r in rows if i < len(r)]))
               for i, h in enumerate(headers)]  # fmt: skip
    return write_table(TableData(columns, [tuple(r) for r in rows]), path, **options)


def _folder(target: Path) -> str:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ReplannerError(f"cannot write {target}: the folder {folder} does not exist")
    return str(folder)


def _sheet_name(name: str) -> str:
    return (name.translate(_SHEET_BAD).strip("' ") or "Table")[:SHEET_NAME_MAX]


def _kind_of(values: list[Any]) -> ColumnKind:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "number"
    if present and all(isinstance(v, date) for v in present):
        return "date"
    return "text"


_BASE: dict[str, dict[str, Any]] = {
    "text": {},
    "date": {"num_format": "yyyy-mm-dd"},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm"},
    "blank": {"align": "right", "italic": True},
    **{k: {"num_format": v} for k, v in NUMBER_FORMATS.items()},
}
_FILLS = {"": {}, "/risk": {"bg_color": "#F4C7C3"}, "/safe": {"bg_color": "#D9EAD3"}}


def _formats(book: Any) -> dict[str, Any]:
    """Cell formats by name, plain and with the at-risk / safe fill (pale: prints readably)."""
    fmt = {f"{name}{fill}": book.add_format({**props, **extra})
           for name, props in _BASE.items() for fill, extra in _FILLS.items()}  # fmt: skip
    fmt["title"] = book.add_format({"bold": True, "font_size": 13})
    fmt["head"] = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1,
                                   "text_wrap": True, "valign": "top"})  # fmt: skip
    return fmt


def _write_sheet(
    book: Any, sheet: Any, table: TableData, title: str | None,
    blanks: Mapping[str, str], flags: Sequence[bool | None],
) -> None:  # fmt: skip
    fmt = _formats(book)
    head = 0
    if title:
        sheet.write_string(0, 0, safe_text(title), fmt["title"])
        head = 2
    widths = [max(map(len, c.title.splitlines()), default=0) for c in table.columns]
    for j, column in enumerate(table.columns):
        sheet.write_string(head, j, safe_text(column.title), fmt["head"])
        if column.tip:
            sheet.write_comment(head, j, column.tip)
    for i, row in enumerate(table.rows):
        flag = flags[i] if i < len(flags) else None
        colour = "" if flag is None else "/risk" if flag else "/safe"
        for j, column in enumerate(table.columns):
            shown = _cell(sheet, head + 1 + i, j, row[j], column, blanks, fmt, colour)
            widths[j] = max(widths[j], shown)
    for j, width in enumerate(widths):
        sheet.set_column(j, j, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
    sheet.freeze_panes(head + 1, 0)
    if table.columns:
        sheet.autofilter(head, 0, head + len(table.rows), len(table.columns) - 1)


def _cell(
    sheet: Any, r: int, c: int, value: Any, column: Column, blanks: Mapping[str, str],
    fmt: dict[str, Any], colour: str,
) -> int:  # fmt: skip
    """Write one value; returns about how many characters wide it shows."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        word = blanks.get(column.key)
        if word is None and isinstance(value, float) and math.isinf(value):
            word = "inf" if value > 0 else "-inf"
        if word is None:
            sheet.write_blank(r, c, None, fmt[f"blank{colour}"])
            return 0
        sheet.write_string(r, c, safe_text(word), fmt[f"blank{colour}"])
        return len(word)
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value, fmt[f"text{colour}"])
        return 5
    if isinstance(value, int | float):
        name = (column.kind if column.kind in NUMBER_FORMATS
                else "int" if isinstance(value, int) else "number")  # fmt: skip
        sheet.write_number(r, c, value, fmt[f"{name}{colour}"])
        return len(f"{value:,.2f}") if name != "int" else len(f"{value:,.0f}")
    if isinstance(value, datetime):
        sheet.write_datetime(r, c, value.replace(tzinfo=None), fmt[f"datetime{colour}"])
        return 16
    if isinstance(value, date):
        sheet.write_datetime(r, c, datetime(value.year, value.month, value.day),
                             fmt[f"date{colour}"])  # fmt: skip
        return 10
    text = safe_text(str(value))
    sheet.write_string(r, c, text, fmt[f"text{colour}"])
    return max((len(t) for t in text.splitlines()), default=0)
