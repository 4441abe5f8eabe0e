"""Values from every workbook format: text stays text, integral numbers are ints, errors are errors."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.styles import Alignment

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.imports import CellError
from rePlanner.io.spreadsheet import Limits, SheetFormatting, open_workbook

OdsWriter = Callable[..., Path]


def _openpyxl_book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws["B3"], ws["C3"], ws["D3"] = "Part No.", "Qty", "Date"
    ws["B4"], ws["C4"], ws["D4"] = "00123", 12345, date(2024, 1, 2)
    ws["B5"], ws["C5"], ws["D5"] = "1E5", 1.5, datetime(2024, 1, 2, 3, 4)
    ws["B6"], ws["C6"] = "123456789012345678901234567890", True
    wb.create_sheet("Notes")  # empty
    wb.save(path)
    return path


def test_xlsx_values_are_exact_and_columns_start_at_a(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "bom.xlsx")
    with open_workbook(path) as src:
        assert src.file == str(path)
        assert src.sheet_names() == ["BOM", "Notes"]
        data = src.read_sheet("BOM")
    assert data.first_row == 1 and data.sheet == "BOM"
    assert data.rows[0] == [None, None, None, None]  # row 1 is blank; data starts at B3
    assert data.rows[2] == [None, "Part No.", "Qty", "Date"]
    assert data.rows[3] == [None, "00123", 12345, date(2024, 1, 2)]
    assert type(data.rows[3][2]) is int  # calamine gives 12345.0
    assert data.rows[4] == [None, "1E5", 1.5, datetime(2024, 1, 2, 3, 4)]
    assert data.rows[5][1:3] == ["123456789012345678901234567890", True]


def test_iter_rows_start_skips_rows_and_read_sheet_max_rows(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "bom.xlsx")
    with open_workbook(path) as src:
        rows = list(src.iter_rows("BOM", start=3))  # under the header in Excel row 3
        head = src.read_sheet("BOM", max_rows=3)
    assert [r[1] for r in rows] == ["00123", "1E5", "123456789012345678901234567890"]
    assert len(head.rows) == 3


def test_empty_sheet_and_unknown_sheet_give_clear_messages(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "bom.xlsx")
    with open_workbook(path) as src:
        assert src.read_sheet("Notes").rows == []
        with pytest.raises(DataFileError, match="sheet 'Notes'.*empty"):
            list(src.iter_rows("Notes"))
        with pytest.raises(DataFileError, match="no sheet named 'Parts'.*'BOM', 'Notes'"):
            src.read_sheet("Parts")
        assert "contains no data" in str(src.empty_error())


def test_error_cells_and_cached_formula_values(tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("BOM")
    ws.write_row(0, 0, ["Part", "Qty", "Name"])
    ws.write_string(1, 0, "P-1")
    ws.write_formula(1, 1, "=1/0", None, "#DIV/0!")
    ws.write_formula(1, 2, "=#REF!", None, "#REF!")
    ws.write_string(2, 0, "P-2")
    ws.write_formula(2, 1, "=2+3", None, 5)
    ws.write_formula(2, 2, '="Bolt"', None, "Bolt")
    ws.write_formula(3, 1, "=NA()", None, "#N/A")
    wb.close()
    with open_workbook(path) as src:
        rows = src.read_sheet("BOM").rows
        streamed = list(src.iter_rows("BOM", start=1))
    assert rows[1] == ["P-1", CellError("#DIV/0!"), CellError("#REF!")]
    assert rows[2] == ["P-2", 5, "Bolt"]
    assert rows[3] == [None, CellError("#N/A"), None]
    assert streamed == rows[1:]


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "macro.xlsm"
    wb = openpyxl.Workbook()
    wb.active.append(["Part", "Qty"])
    wb.active.append(["007", 2])
    wb.save(path)
    with open_workbook(path) as src:
        assert src.kind == "xlsx"
        assert src.read_sheet(src.sheet_names()[0]).rows == [["Part", "Qty"], ["007", 2]]


def test_xls_legacy_workbook(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (writes .xls) not installed: pip install xlwt")
    path = tmp_path / "legacy.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("Stückliste")
    for c, v in enumerate(["Sachnummer", "Menge", "Datum"]):
        sheet.write(0, c, v)
    sheet.write(1, 0, "00042")
    sheet.write(1, 1, 3)
    sheet.write(1, 2, datetime(2024, 5, 6), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    sheet.write(2, 0, "1E5")
    sheet.write(2, 1, 0.25)
    book.save(str(path))
    with open_workbook(path) as src:
        assert src.kind == "xls"
        rows = src.read_sheet("Stückliste").rows
    assert rows[1][:2] == ["00042", 3] and type(rows[1][1]) is int
    assert rows[1][2] in (date(2024, 5, 6), datetime(2024, 5, 6))
    assert rows[2] == ["1E5", 0.25, None]


def test_ods_values(tmp_path: Path, write_ods: OdsWriter) -> None:
    s, f = "string", "float"
    path = write_ods(
        tmp_path / "bom.ods",
        [[("Part", s), ("Qty", s)], [("00123", s), ("4", f)], [("1E5", s), ("0.5", f)]],
    )
    with open_workbook(path) as src:
        assert src.kind == "ods" and src.sheet_names() == ["BOM"]
        rows = src.read_sheet("BOM").rows
    assert rows == [["Part", "Qty"], ["00123", 4], ["1E5", 0.5]]
    assert type(rows[1][1]) is int


def test_format_decided_by_content_not_name(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "export.csv")  # an xlsx under a .csv name
    with open_workbook(path) as src:
        assert src.kind == "xlsx"
        assert src.read_sheet("BOM").rows[3][1] == "00123"


def test_read_formatting_hidden_rows_indents_merged(tmp_path: Path) -> None:
    path = tmp_path / "indented.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Vehicle BOM"])
    ws.merge_cells("A1:C1")
    ws.append(["Description", "Part", "Qty"])
    for i, (name, indent) in enumerate([("Motor", 0), ("Rotor", 1), ("Magnet", 2)], start=3):
        ws.cell(i, 1, name).alignment = Alignment(indent=indent)
        ws.cell(i, 2, f"P{i}")
    ws.cell(6, 1).alignment = Alignment(indent=3)  # empty cell: not reported
    ws.row_dimensions[4].hidden = True
    wb.save(path)
    with open_workbook(path) as src:
        fmt = src.read_formatting("BOM")
        skipped = open_workbook(path, limits=Limits(max_formatting_rows=3)).read_formatting("BOM")
    assert isinstance(fmt, SheetFormatting) and fmt.complete
    assert fmt.hidden_rows == frozenset({4})
    assert fmt.indents == {(4, 0): 1, (5, 0): 2}
    assert fmt.merged == [(1, 1, 1, 3)]
    assert not skipped.complete and "5 rows" in skipped.note and skipped.indents == {}


def test_read_formatting_not_available_for_csv_and_ods(tmp_path: Path) -> None:
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("Part,Qty\nA,1\n", encoding="utf-8")
    with open_workbook(csv_path) as src:
        fmt = src.read_formatting("a.csv")
    assert not fmt.complete and "CSV" in fmt.note


def test_error_cells_found_across_chunks_of_a_long_sheet(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("BOM")
    for r in range(40_000):  # ~2 MiB of sheet XML: the scan reads it in 1 MiB pieces
        ws.write_string(r, 0, f"P{r}")
        if r in (1, 20_000, 39_999):
            ws.write_formula(r, 1, "=NA()", None, "#N/A")
        else:
            ws.write_number(r, 1, r)
    wb.close()
    with open_workbook(path) as src:
        errors = {i for i, row in enumerate(src.iter_rows("BOM")) if isinstance(row[1], CellError)}
    assert errors == {1, 20_000, 39_999}


def test_error_cells_without_cell_references(tmp_path: Path) -> None:
    """Cells may omit r="B2"; their position then comes from their order in the row."""
    path = tmp_path / "noref.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("BOM")
    ws.write_row(0, 0, ["Part", "Qty"])
    ws.write_string(1, 0, "P-1")
    ws.write_formula(1, 1, "=#REF!", None, "#REF!")
    wb.close()
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<c r="[A-Z]+\d+"', b"<c", parts[sheet])
    assert b'r="B2"' not in parts[sheet]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with open_workbook(path) as src:
        assert src.read_sheet("BOM").rows == [["Part", "Qty"], ["P-1", CellError("#REF!")]]
