"""A what-if table as a formatted .xlsx: numbers as numbers, frozen headers, safe text.

Sheet "What-if": a title, then the table as Excel lays out a Data Table (the row input's
values down column A, the column input's values across the header row; a one-input table has
one output column). Infinite outputs are written as the text "inf", unknown ones as "n/a".
Sheet "Scenario": the inputs the table was computed from. Every text cell goes through
`safe_text`: a text starting with = + - @ (or tab / carriage return) gets a leading apostrophe
so that no spreadsheet program ever runs it as a formula, and texts are always written as
strings (never through xlsxwriter's formula-guessing `write`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.whatif import PARAMS, WhatIfTable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_ROW = 3  # 0-based row of the column headers; the title block sits above it


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_xlsx(table: WhatIfTable, path: str | Path, inputs: dict[str, Any] | None = None) -> Path:
    import xlsxwriter  # imported here: only exports need it

    target = Path(path)
    try:
        book = xlsxwriter.Workbook(str(target))
        fmt = _formats(book)
        sheet = book.add_worksheet("What-if")
        _title(sheet, table, fmt)
        _grid(sheet, table, fmt)
        sheet.freeze_panes(HEADER_ROW + 1, 1)
        if inputs is not None:
            _inputs_sheet(book.add_worksheet("Scenario"), inputs, fmt)
        book.close()
    except OSError as exc:
        raise ReplannerError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def _formats(book: Any) -> dict[str, Any]:
    return {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "head": book.add_format(
            {"bold": True, "bg_color": "#DDE6F0", "border": 1, "num_format": "#,##0.####"}
        ),  # fmt: skip
        "num": book.add_format({"num_format": "#,##0.00", "border": 1}),
        "text": book.add_format({"border": 1, "align": "right", "italic": True}),
    }


def _title(sheet: Any, t: WhatIfTable, fmt: dict[str, Any]) -> None:
    what = f"{t.metric} of {t.line}" if t.line else f"{t.metric}, all lines"
    scenario = f" - scenario {t.scenario}" if t.scenario else ""
    sheet.write_string(0, 0, safe_text(f"What-if: {what}{scenario}"), fmt["title"])
    cols = f"; columns: {_label(t.col_param)}" if t.col_param else ""
    sheet.write_string(1, 0, safe_text(f"rows: {_label(t.row_param)}{cols}"))


def _grid(sheet: Any, t: WhatIfTable, fmt: dict[str, Any]) -> None:
    corner = f"{t.row_param} \\ {t.col_param}" if t.col_param else t.row_param
    sheet.write_string(HEADER_ROW, 0, safe_text(corner), fmt["head"])
    if t.col_param:
        for k, v in enumerate(t.col_values):
            sheet.write_number(HEADER_ROW, k + 1, v, fmt["head"])
    else:
        sheet.write_string(HEADER_ROW, 1, safe_text(t.metric), fmt["head"])
    for i, (r, row) in enumerate(zip(t.row_values, t.cells, strict=True)):
        sheet.write_number(HEADER_ROW + 1 + i, 0, r, fmt["head"])
        for k, v in enumerate(row):
            _cell(sheet, HEADER_ROW + 1 + i, k + 1, v, fmt)
    sheet.set_column(0, 0, max(14, len(corner) + 2))
    sheet.set_column(1, max(1, len(t.col_values)), 14)


def _cell(sheet: Any, row: int, col: int, v: float, fmt: dict[str, Any]) -> None:
    if math.isfinite(v):
        sheet.write_number(row, col, v, fmt["num"])
    else:
        sheet.write_string(row, col, "n/a" if math.isnan(v) else "inf", fmt["text"])


def _inputs_sheet(sheet: Any, inputs: dict[str, Any], fmt: dict[str, Any]) -> None:
    sheet.write_string(0, 0, "input", fmt["head"])
    sheet.write_string(0, 1, "value", fmt["head"])
    for i, (key, value) in enumerate(inputs.items(), start=1):
        sheet.write_string(i, 0, safe_text(key))
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(i, 1, float(value))
        elif value is not None:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            sheet.write_string(i, 1, safe_text(text))
    sheet.set_column(0, 1, 22)
    sheet.freeze_panes(1, 0)


def _label(param: str | None) -> str:
    p = PARAMS.get(param or "")
    return p.label if p else str(param)
