"""Formatting that carries meaning in a BOM (indent levels, hidden rows, merged cells), via openpyxl.

openpyxl loads the whole workbook with styles (read-only mode has no row dimensions or merged
ranges), which takes seconds per 10k rows: sheets above Limits.max_formatting_rows are skipped and
the result says so.
"""

from __future__ import annotations

import warnings

from rePlanner.io.spreadsheet.limits import Limits
from rePlanner.io.spreadsheet.source import SheetFormatting


def read_xlsx_formatting(path: str, sheet: str, rows: int, limits: Limits) -> SheetFormatting:
    if rows > limits.max_formatting_rows:
        return SheetFormatting(
            complete=False,
            note=f"formatting was not read: the sheet has {rows:,} rows and formatting is read "
            f"for at most {limits.max_formatting_rows:,}. Use a level column instead of "
            "indentation, or unhide rows, for sheets this large.",
        )
    import openpyxl  # here, not at the top: importing it costs ~0.2 s at every start

    with warnings.catch_warnings():  # "extension is not supported" and the like: not the user's
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    try:
        ws = wb[sheet]
        hidden = frozenset(r for r, dim in ws.row_dimensions.items() if dim.hidden)
        indents: dict[tuple[int, int], int] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or not cell.has_style:
                    continue
                indent = int(cell.alignment.indent or 0)
                if indent:
                    indents[(cell.row, cell.column - 1)] = indent
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        return SheetFormatting(hidden_rows=hidden, indents=indents, merged=merged)
    finally:
        wb.close()
