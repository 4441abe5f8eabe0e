"""An .xlsx template for alternative sources: the header the import reads, two example rows.

The examples (a candidate supplier and a design alternative) name materials from the shipped
reference data, so the file imports as it is; overwrite or delete them before real use.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rePlanner.domain.enums import Confidence
from rePlanner.io.network.alternatives import ALTERNATIVE_COLS, TEMPLATE_EXAMPLE
from rePlanner.io.network.template import TEXT_ROWS, header_sheet

SHEET = "Alternatives"
KIND_CHOICES = ("supplier", "design")
STATUS_CHOICES = ("candidate", "in qualification", "qualified", "active")
EXAMPLES: tuple[dict[str, Any], ...] = (
    {"name": "Example magnet maker (EU)", "kind": "supplier", "material": "NdFeB magnet",
     "capacity_per_day": 2000, "capacity_text": "1,000 t/yr NdFeB",
     "earliest_available": date(2027, 1, 1), "qualification_days": 180, "ramp_days": 90,
     "cost_premium_pct": 25, "china_share": 0.3, "country": "Germany", "region": "EU",
     "location": "Example site", "latitude": 50.13, "longitude": 8.92,
     "certifications": "IATF 16949", "status": "candidate", "confidence": "unconfirmed",
     "notes": TEMPLATE_EXAMPLE,
     "depends_on": "Dy metal: 100 %; NdPr oxide: 30 %"},
    {"name": "Example Dy-free magnet design", "kind": "design", "material": "NdFeB magnet",
     "qualification_days": 365, "cost_premium_pct": 5, "status": "candidate",
     "confidence": "unconfirmed", "notes": TEMPLATE_EXAMPLE,
     "depends_on": "NdPr oxide: 60 %"},
)  # fmt: skip
_FORMATS = {"part_number": "@", "earliest_available": "yyyy-mm-dd", "china_share": "0%"}


def write_alternatives_template(path: Path | str) -> Path:
    """Write the template and return its path; existing files are replaced."""
    target = Path(path)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    keys = [c.key for c in ALTERNATIVE_COLS]
    header_sheet(ws, [c.label for c in ALTERNATIVE_COLS])  # bold header, widths, frozen row 1
    for example in EXAMPLES:
        ws.append([example.get(k) for k in keys])
    _formats(ws, keys)
    _choices(ws, keys, "kind", KIND_CHOICES)
    _choices(ws, keys, "status", STATUS_CHOICES)
    _choices(ws, keys, "confidence", tuple(c.value for c in Confidence))
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _letter(keys: list[str], key: str) -> str:
    return get_column_letter(keys.index(key) + 1)


def _formats(ws: Worksheet, keys: list[str]) -> None:
    """Part numbers as text (leading zeros), dates as dates, the China share as percent.

    Set per column (and on the example rows), not per cell: formatted empty cells would count
    as used rows, and rows added below them would start after row 5000."""
    for key, fmt in _FORMATS.items():
        column = keys.index(key) + 1
        ws.column_dimensions[get_column_letter(column)].number_format = fmt
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=column).number_format = fmt
    for key in ("depends_on", "notes", "source_url"):
        ws.column_dimensions[_letter(keys, key)].width = 40


def _choices(ws: Worksheet, keys: list[str], key: str, values: tuple[str, ...]) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle=key.title(),
                        error=f"Choose one of: {', '.join(values)}")  # fmt: skip
    col = _letter(keys, key)
    dv.add(f"{col}2:{col}{TEXT_ROWS + 1}")
    ws.add_data_validation(dv)
