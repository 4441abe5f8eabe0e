"""Helpers for the BOM parser tests: real .xlsx files: written with openpyxl, read back the same way.

The spreadsheet readers (io/spreadsheet) are built separately; these helpers read values with
openpyxl's values_only and the formatting (indents, hidden rows, merges) from the cells, which is
what the readers hand to parse_bom.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from rePlanner.domain.imports import CellError, Formatting, ParsedBom
from rePlanner.io.bom import parse_bom

ERRORS = {"#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"}
Sheet = tuple[list[list[Any]], Formatting]


def load_sheet(path: Path, sheet: str | None = None) -> Sheet:
    values = load_workbook(path, data_only=True)
    styled = load_workbook(path)
    ws = values[sheet] if sheet else values.worksheets[0]
    rows = [
        [CellError(v) if isinstance(v, str) and v in ERRORS else v for v in row]
        for row in ws.iter_rows(values_only=True)
    ]
    fmt_ws = styled[ws.title]
    indents = {
        (cell.row, cell.column - 1): int(cell.alignment.indent)
        for row in fmt_ws.iter_rows()
        for cell in row
        if cell.alignment is not None and cell.alignment.indent
    }
    hidden = frozenset(r for r, dim in fmt_ws.row_dimensions.items() if dim.hidden)
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in fmt_ws.merged_cells.ranges]
    return rows, Formatting(hidden_rows=hidden, indents=indents, merged=merged)


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    title: str = "BOM",
    indents: dict[tuple[int, int], int] | None = None,
    hidden: Sequence[int] = (),
    merges: Sequence[str] = (),
    text_columns: Sequence[int] = (),
) -> Path:
    """Write rows from A1; indents are {(excel row, 0-based col): indent}."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if c - 1 in text_columns:
                cell.number_format = "@"
    for (r, c), level in (indents or {}).items():
        ws.cell(row=r, column=c + 1).alignment = Alignment(indent=level)
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def parse(rows: Sequence[Sequence[Any]], **kwargs: Any) -> ParsedBom:
    kwargs.setdefault("file", "bom.xlsx")
    kwargs.setdefault("sheet", "BOM")
    return parse_bom(rows, **kwargs)


def codes(parsed: ParsedBom) -> list[str]:
    return [i.code for i in parsed.issues]


def xlsx(tmp_path: Path, rows: Sequence[Sequence[Any]], **kwargs: Any) -> Sheet:
    """Write rows to a real workbook and read them back (values + formatting)."""
    return load_sheet(write_xlsx(tmp_path / "bom.xlsx", rows, **kwargs))
