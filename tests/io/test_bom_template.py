"""The BOM template: opens, canonical headers, unit drop-down, part numbers kept as text."""

from __future__ import annotations

from openpyxl import load_workbook

from rePlanner.io.bom.template import BOM_HEADERS, TEMPLATE_ROWS, write_bom_template


def test_template_structure(tmp_path):
    path = write_bom_template(tmp_path / "sub" / "bom.xlsx", ["pc", "kg", "m"])
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
    lists = wb["Lists"]
    assert [lists.cell(row=i, column=1).value for i in (1, 2, 3)] == ["pc", "kg", "m"]
    assert dv.formula1 == "=Lists!$A$1:$A$3"
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row)
    assert "leading zeros" in text and "pc, kg, m" in text


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
