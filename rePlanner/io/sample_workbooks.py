"""Sample BOM workbooks: a clean flat list, a German multi-level export and a messy real one.

The rows come from the caller (services.demo.sample_bom) so the samples match the demo company.
Files are reproducible byte for byte: fixed document dates and zip entry times.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

CLEAN, MULTILEVEL, MESSY = "bom_clean.xlsx", "bom_multilevel.xlsx", "bom_messy.xlsx"
FIXED_TIME = datetime(2026, 1, 15, 8, 0, 0)
GERMAN_UNITS = {"pc": "ST", "kg": "KG", "l": "L", "set": "SAT", "m": "M"}  # SAP-style units
MESSY_HEADER_ROW = 5
MESSY_HEADERS = ("Item", "Part No.", "Description", "Qty", "UoM", "Supplier", "Price EUR")
SUPERSEDED = ("0000000815", "Spacer, superseded - do not order")


@dataclass(frozen=True)
class BomRow:
    level: int  # 1 = directly under the vehicle
    part_number: str
    description: str
    quantity: float  # per parent
    unit: str
    supplier: str | None
    price: float | None = None


def flatten(bom: Sequence[BomRow]) -> list[BomRow]:
    """Lowest-level parts with quantities per vehicle, merged by part number (tree order)."""
    totals: dict[str, BomRow] = {}
    mult: dict[int, float] = {0: 1.0}
    for i, row in enumerate(bom):
        mult[row.level] = mult[row.level - 1] * row.quantity
        is_leaf = i + 1 == len(bom) or bom[i + 1].level <= row.level
        if is_leaf:
            seen = totals.get(row.part_number)
            qty = mult[row.level] + (seen.quantity if seen else 0.0)
            totals[row.part_number] = replace(seen or row, level=1, quantity=qty)
    return list(totals.values())


def write_samples(
    folder: str | Path, bom: Sequence[BomRow], *, company: str, title: str
) -> list[Path]:
    """Write the three sample workbooks into `folder` and return their paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / CLEAN, out / MULTILEVEL, out / MESSY]
    write_clean(paths[0], bom, company)
    write_multilevel(paths[1], bom, company)
    write_messy(paths[2], bom, company, title)
    return paths


def _workbook(company: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    wb.properties.creator = company
    wb.properties.created = FIXED_TIME
    ws = wb.active
    assert ws is not None
    return wb, ws


def _text(ws: Worksheet, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = "@"  # Excel keeps it text: leading zeros and "1E5" survive


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width


def write_clean(path: Path, bom: Sequence[BomRow], company: str) -> None:
    wb, ws = _workbook(company)
    ws.title = "BOM"
    ws.append(["Part Number", "Description", "Quantity", "Unit", "Supplier"])
    for r, row in enumerate(flatten(bom), start=2):
        _text(ws, r, 1, row.part_number)
        for col, value in enumerate((row.description, row.quantity, row.unit, row.supplier), 2):
            ws.cell(row=r, column=col, value=value)
    _widths(ws, (20, 48, 10, 6, 40))
    _save(wb, path)


def write_multilevel(path: Path, bom: Sequence[BomRow], company: str) -> None:
    wb, ws = _workbook(company)
    ws.title = "Stueckliste"
    ws.append(["Stufe", "Sachnummer", "Benennung", "Menge", "ME", "Lieferant"])
    for r, row in enumerate(bom, start=2):
        ws.cell(row=r, column=1, value=row.level)
        _text(ws, r, 2, row.part_number)
        unit = GERMAN_UNITS.get(row.unit, row.unit.upper())
        for col, value in enumerate((row.description, row.quantity, unit, row.supplier), 3):
            ws.cell(row=r, column=col, value=value)
    _widths(ws, (6, 20, 48, 8, 5, 40))
    _save(wb, path)


def _messy_part_number(ws: Worksheet, r: int, number: str) -> None:
    # what exports do: digit strings become numbers unless a leading zero or length saves them
    if number.isdigit() and not number.startswith("0") and len(number) <= 15:
        ws.cell(row=r, column=2, value=int(number))
    else:
        _text(ws, r, 2, number)


def _messy_quantity(quantity: float, pcs_done: bool) -> tuple[float | str, bool]:
    if quantity != int(quantity):
        return f"{quantity:g}".replace(".", ","), pcs_done  # decimal comma, stored as text
    if quantity == 2 and not pcs_done:
        return "2 pcs", True
    return int(quantity), pcs_done


def _messy_title(ws: Worksheet, company: str, title: str) -> None:
    ws["A1"] = f"{company.upper()} - BILL OF MATERIALS"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:G1")
    ws["A2"] = "[logo]"
    ws.merge_cells("A2:A3")
    ws["B2"] = title
    ws["B2"].font = Font(bold=True)
    ws.merge_cells("B2:G2")
    exported = FIXED_TIME.strftime("%Y-%m-%d %H:%M")
    ws["B3"] = f"Exported {exported} from PLM, revision MY2026 - CONFIDENTIAL"
    ws.merge_cells("B3:G3")
    for col, header in enumerate(MESSY_HEADERS, start=1):
        ws.cell(row=MESSY_HEADER_ROW, column=col, value=header).font = Font(bold=True)


def write_messy(path: Path, bom: Sequence[BomRow], company: str, title: str) -> None:
    """Title, logo and blank rows, indentation for levels, text numbers, #REF!, hidden row."""
    wb, ws = _workbook(company)
    ws.title = "BOM export"
    _messy_title(ws, company, title)
    r, pcs_done, broken, numeric_sum = MESSY_HEADER_ROW, False, None, 0.0
    priced = 0
    for i, row in enumerate(bom):
        r += 1
        qty, pcs_done = _messy_quantity(row.quantity, pcs_done)
        numeric_sum += qty if isinstance(qty, int | float) else 0.0
        ws.cell(row=r, column=1, value=(i + 1) * 10)
        _messy_part_number(ws, r, row.part_number)
        desc = ws.cell(row=r, column=3, value=row.description)
        desc.alignment = Alignment(indent=row.level - 1)
        for col, value in ((4, qty), (5, row.unit), (6, row.supplier or ""), (7, row.price)):
            ws.cell(row=r, column=col, value=value)
        priced += row.price is not None
        if priced == 5 and broken is None:  # a lookup into a deleted price sheet
            ws.cell(row=r, column=7, value=f"=VLOOKUP(B{r},#REF!,3,FALSE)")
            broken = f"G{r}"
        if i == 7:  # an obsolete line someone hid instead of deleting
            r += 1
            _text(ws, r, 2, SUPERSEDED[0])
            ws.cell(row=r, column=3, value=SUPERSEDED[1])
            ws.cell(row=r, column=4, value=1)
            numeric_sum += 1
            ws.row_dimensions[r].hidden = True
    total = f"D{r + 2}"
    ws.cell(row=r + 2, column=1, value="Total")
    ws[total] = f"=SUM(D{MESSY_HEADER_ROW + 1}:D{r})"
    ws[total].font = Font(bold=True)
    _widths(ws, (7, 20, 52, 8, 6, 40, 11))
    _notes(wb, company)
    cached = {total: ("n", f"{numeric_sum:g}")}
    if broken:
        cached[broken] = ("e", "#REF!")
    _save(wb, path, cached)


def _notes(wb: Workbook, company: str) -> None:
    notes = wb.create_sheet("Notes")
    for line in (
        "Notes",
        "Quantities are per parent assembly; the level is shown by the indentation of the description.",
        "Prices are indicative, EUR per unit; the price list link is broken for one line.",
        f"Fictional demo data generated by rePlanner ({company}).",
    ):
        notes.append([line])


def _save(wb: Workbook, path: Path, cached: dict[str, tuple[str, str]] | None = None) -> None:
    """Save, then store cached formula results and fixed timestamps (openpyxl writes neither)."""
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            if name == "xl/worksheets/sheet1.xml" and cached:
                data = _cache_values(data, cached)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def _cache_values(xml: bytes, cached: dict[str, tuple[str, str]]) -> bytes:
    for ref, (kind, value) in cached.items():
        pattern = rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>'.encode()
        kind_attr = ' t="e"' if kind == "e" else ""
        repl = rf'<c r="{ref}"\1{kind_attr}><f>\2</f><v>{value}</v>'.encode()
        xml, n = re.subn(pattern, repl, xml)
        if n != 1:
            raise RuntimeError(f"formula cell {ref} not found in the sheet XML")
    return xml
