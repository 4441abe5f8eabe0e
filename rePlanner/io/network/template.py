"""An .xlsx supplier-data template: a "Suppliers" sheet and a "Part suppliers" sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rePlanner.io.network.suppliers import LINK_COLS, SUPPLIER_COLS

TEXT_ROWS = 5000
_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")


def write_supplier_template(path: Path | str) -> Path:
    """Write the template (headers the supplier import recognises exactly) and return its path."""
    target = Path(path)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "Suppliers"
    header_sheet(ws, [c.label for c in SUPPLIER_COLS])
    links = wb.create_sheet("Part suppliers")
    header_sheet(links, [c.label for c in LINK_COLS])
    for row in range(2, TEXT_ROWS + 2):  # part numbers stay text (leading zeros)
        links.cell(row=row, column=1).number_format = "@"
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def header_sheet(ws: Worksheet, headers: list[str]) -> None:
    ws.append(headers)
    for i, _ in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _FILL
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(headers[i - 1]) + 4)
    ws.freeze_panes = "A2"
