"""Table export to .xlsx, read back with openpyxl: values, formats, safety, all or nothing."""

from __future__ import annotations

import math
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.table_export import write_rows, write_table
from rePlanner.services.tables import Column, TableData

COLUMNS = [
    Column("name", "Supplier"),
    Column("tier", "Tier", "int", "Distance from our plants"),
    Column("share", "China share", "share"),
    Column("tts", "TTS days", "number"),
    Column("since", "Since", "date"),
    Column("own", "Own plant", "bool"),
]
ROWS = [
    ("=cmd|' /C calc'!A0", 1, 0.25, 12.5, date(2025, 4, 4), True),
    ("+SUM(A1)", 2, 1.0, None, date(2024, 12, 1), False),
    ("Ningbo Magnets", 3, 0.0, math.inf, None, False),
    ("@risk", 10, 0.5, math.nan, date(2023, 1, 31), True),
]


def table() -> TableData:
    return TableData(COLUMNS, list(ROWS), [1, 2, 3, 4])


def test_values_types_and_frozen_header(tmp_path: Path) -> None:
    path = write_table(table(), tmp_path / "t.xlsx", sheet="Suppliers")
    sheet = load_workbook(path)["Suppliers"]
    assert [c.value for c in sheet[1]] == [c.title for c in COLUMNS]
    assert sheet.freeze_panes == "A2"  # the header row stays in view
    got = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert got[0][1:] == [1, 0.25, 12.5, datetime(2025, 4, 4), True]
    assert got[1][3] is None and got[1][4] == datetime(2024, 12, 1)  # missing: empty
    assert got[2][3] == "inf" and got[2][4] is None  # infinite without a word: "inf"
    assert got[3][3] is None  # unknown (nan): empty, never a number
    assert isinstance(got[0][1], int) and sheet.cell(2, 2).number_format == "#,##0"
    assert sheet.cell(2, 3).number_format == "0.0%"
    assert sheet.cell(2, 5).is_date and sheet.cell(2, 5).number_format == "yyyy-mm-dd"
    assert sheet.auto_filter.ref == "A1:F5"
    assert sheet.cell(1, 2).comment.text.startswith("Distance")


def test_formula_like_texts_are_neutralised(tmp_path: Path) -> None:
    sheet = load_workbook(write_table(table(), tmp_path / "t.xlsx")).active
    names = [sheet.cell(r, 1).value for r in range(2, 6)]
    assert names == ["'=cmd|' /C calc'!A0", "'+SUM(A1)", "Ningbo Magnets", "'@risk"]
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, 6))  # strings, no formulas


def test_title_blanks_widths_and_row_colours(tmp_path: Path) -> None:
    path = write_table(table(), tmp_path / "t.xlsx", title="-Results: EC07",
                       blanks={"tts": "never"}, flags=[True, False, None, None])  # fmt: skip
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "'-Results: EC07"
    assert sheet.freeze_panes == "A4" and sheet["A3"].value == "Supplier"
    assert sheet["D5"].value == "never" and sheet["D6"].value == "never"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width
    assert sheet["A4"].fill.fgColor.rgb.endswith("F4C7C3")  # at risk: red-ish
    assert sheet["A5"].fill.fgColor.rgb.endswith("D9EAD3")  # safe: green-ish
    assert sheet["A6"].fill.fill_type is None


def test_plain_rows_infer_number_formats(tmp_path: Path) -> None:
    path = write_rows(["Line", "Lost", "Days"], [("B1", 3, 1.5), ("=2+2", 4, None)],
                      tmp_path / "rows.xlsx")  # fmt: skip
    sheet = load_workbook(path).active
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [
        ["Line", "Lost", "Days"], ["B1", 3, 1.5], ["'=2+2", 4, None]
    ]  # fmt: skip
    assert sheet["B2"].number_format == "#,##0" and sheet["C2"].number_format == "#,##0.00"


def test_a_failed_export_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    write_table(table(), target)
    before = target.read_bytes()
    bad = TableData(COLUMNS, [(object(), 1, 0.1, 1.0, None, True)])  # a row that fails midway
    bad.rows.append(("x",))  # too short: IndexError while writing
    with pytest.raises(IndexError):
        write_table(bad, target)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["t.xlsx"]


def test_an_unwritable_target_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReplannerError, match="does not exist"):
        write_table(table(), tmp_path / "missing" / "t.xlsx")
    folder = tmp_path / "t.xlsx"
    folder.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(ReplannerError, match="cannot write"):
        write_table(table(), folder)
    assert os.listdir(tmp_path) == ["t.xlsx"] and not os.listdir(folder)
