"""The BOM template: opens, canonical headers, unit drop-down, part numbers kept as text."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree as ET

from openpyxl import load_workbook

from rePlanner.io.bom import KNOWN_UNITS, normalize_unit
from rePlanner.io.bom.template import BOM_HEADERS, TEMPLATE_ROWS, write_bom_template

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_template_structure(tmp_path):
    path = write_bom_template(tmp_path / "sub" / "bom.xlsx", ["Stk", "drum"])
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["BOM", "Instructions"]
    ws = wb["BOM"]
    headers = [c.value for c in ws[1]]
    assert headers == ["Level", "Part Number", "Description", "Quantity", "Unit", "Supplier"]
    assert tuple(headers) == BOM_HEADERS
    assert ws.freeze_panes == "A2"
    assert ws["B2"].number_format == "@" and ws[f"B{TEMPLATE_ROWS + 1}"].number_format == "@"
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert str(dv.sqref) == f"E2:E{TEMPLATE_ROWS + 1}"
    offered = [c.value for c in wb["Lists"]["A"]]
    assert offered == [*KNOWN_UNITS, "drum"]  # "Stk" is a spelling of "pc": not offered twice
    assert dv.formula1 == f"=Lists!$A$1:$A${len(offered)}"
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row)
    assert "leading zeros" in text and ", ".join(offered) in text


def test_unit_list_offers_every_unit_the_parser_knows(tmp_path):
    wb = load_workbook(write_bom_template(tmp_path / "bom.xlsx"))
    offered = [c.value for c in wb["Lists"]["A"]]
    assert set(KNOWN_UNITS) <= set(offered)  # e.g. "pair" was missing from a list of its own
    assert all(normalize_unit(u) == u for u in offered)  # each one imports as itself


def test_whole_part_number_column_is_text(tmp_path):
    path = write_bom_template(tmp_path / "bom.xlsx")
    ws = load_workbook(path)["BOM"]
    assert ws.column_dimensions["B"].number_format == "@"  # rows after the prepared ones too
    assert ws["A2"].number_format != "@"
    with zipfile.ZipFile(path) as z:  # what Excel reads: <col min=2 max=2 style=N>, xf N is text
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        styles = ET.fromstring(z.read("xl/styles.xml"))
    (col,) = [c for c in sheet.iter(f"{NS}col") if c.get("min") == "2" and c.get("max") == "2"]
    xfs = list(next(styles.iter(f"{NS}cellXfs")))
    assert xfs[int(col.get("style", "0"))].get("numFmtId") == "49"  # 49 = "@"


def test_leading_zero_part_number_survives_round_trip(tmp_path):
    path = write_bom_template(tmp_path / "bom.xlsx", ["pc"])
    wb = load_workbook(path)
    for col, value in enumerate([1, "000123", "Rotor", 2, "pc"], start=1):
        wb["BOM"].cell(row=2, column=col, value=value)
    wb.save(path)
    from rePlanner.io.spreadsheet import open_workbook

    with open_workbook(path) as src:
        rows = src.read_sheet("BOM").rows
    assert rows[1][1] == "000123"
