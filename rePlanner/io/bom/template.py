"""An .xlsx BOM template people can fill in and import without any column mapping.

Canonical headers (the BOM reader recognises them exactly), a drop-down of every unit the reader
knows, the part-number column stored as text so Excel keeps leading zeros and long numbers, and a
sheet that explains every column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rePlanner.io.bom.text import KNOWN_UNITS, normalize_unit

BOM_HEADERS = ("Level", "Part Number", "Description", "Quantity", "Unit", "Supplier")
WIDTHS = (8, 22, 44, 11, 9, 32)
TEMPLATE_ROWS = 5000  # rows prepared with the drop-down (the text format covers the column)
TEXT = "@"
HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")

INSTRUCTIONS = (
    ("Column", "What to enter"),
    (
        "Level",
        "1 for parts built directly into the vehicle, 2 for their components, 3 below that, "
        "and so on. A line belongs to the nearest line above it with a lower level.",
    ),
    (
        "Part Number",
        "The part number exactly as in your ERP or PLM system. The column is stored as "
        "text: leading zeros (00123) and long numbers are kept as typed.",
    ),
    ("Description", "Optional. The part's name, e.g. 'Traction motor rotor'."),
    (
        "Quantity",
        "How many of this part go into ONE of the part above it (level 1: per vehicle). "
        "A number greater than zero; decimals allowed (0.25 kg).",
    ),
    ("Unit", "Unit of the quantity; pick one from the list. Parts counted in pieces use 'pc'."),
    ("Supplier", "Optional. The supplier's name as in rePlanner's supplier list."),
    ("", ""),
    (
        "Levels",
        "Example: vehicle -> level 1 'Drive unit' -> level 2 'Rotor' -> level 3 'Magnet "
        "set'. Do not skip levels (1 followed directly by 3 is refused).",
    ),
    ("Units", "Allowed units: {units}."),
    (
        "Import",
        "replanner import-bom FILE --line LINE --dry-run shows every issue before anything "
        "is saved; run it again without --dry-run to import.",
    ),
)


def write_bom_template(path: Path | str, extra_units: Sequence[str] = ()) -> Path:
    """Write the template to `path` (.xlsx) and return it.

    The Unit drop-down offers every unit the BOM reader knows (KNOWN_UNITS, so the two cannot
    drift), then `extra_units` that are not spellings of one of them.
    """
    target = Path(path)
    extra = [u for u in extra_units if u and u not in KNOWN_UNITS and normalize_unit(u) is None]
    allowed = [*KNOWN_UNITS, *dict.fromkeys(extra)]
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook always has one sheet
    ws.title = "BOM"
    _header(ws)
    _part_numbers_as_text(ws)
    _unit_list(wb, ws, allowed)
    _instructions(wb, allowed)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _part_numbers_as_text(ws: Worksheet) -> None:
    """Text format for the whole column (cells typed anywhere in it), and the prepared rows too:
    some programs only look at the cells."""
    col = get_column_letter(BOM_HEADERS.index("Part Number") + 1)
    ws.column_dimensions[col].number_format = TEXT
    for row in range(2, TEMPLATE_ROWS + 2):
        ws[f"{col}{row}"].number_format = TEXT


def _header(ws: Worksheet) -> None:
    ws.append(list(BOM_HEADERS))
    for i, width in enumerate(WIDTHS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(BOM_HEADERS))}1"


def _unit_list(wb: Workbook, ws: Worksheet, units: list[str]) -> None:
    """The units live on a hidden sheet: an inline list is limited to 255 characters."""
    lists = wb.create_sheet("Lists")
    for i, unit in enumerate(units, start=1):
        lists.cell(row=i, column=1, value=unit)
    lists.sheet_state = "hidden"
    col = get_column_letter(BOM_HEADERS.index("Unit") + 1)
    dv = DataValidation(
        type="list",
        formula1=f"=Lists!$A$1:$A${max(len(units), 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown unit",
        error="Pick a unit from the list (see the Instructions sheet).",
    )
    dv.add(f"{col}2:{col}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(dv)


def _instructions(wb: Workbook, units: list[str]) -> None:
    sheet = wb.create_sheet("Instructions", 1)
    for title, text in INSTRUCTIONS:
        sheet.append([title, text.format(units=", ".join(units))])
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows(min_row=2):
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
