"""read_formatting of .xlsx: hidden rows, merged ranges and indents from the sheet XML, any size."""

from __future__ import annotations

import re
import time
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.styles import Alignment, Font

from rePlanner.domain.errors import DataFileError
from rePlanner.io.spreadsheet import SheetFormatting, open_workbook


def openpyxl_formatting(path: Path, sheet: str) -> SheetFormatting:
    """What openpyxl's full load reports (the reader this one replaced), as the reference."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet]
    hidden = frozenset(r for r, dim in ws.row_dimensions.items() if dim.hidden)
    indents = {
        (c.row, c.column - 1): int(c.alignment.indent)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None and c.has_style and c.alignment.indent
    }
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    wb.close()
    return SheetFormatting(hidden_rows=hidden, indents=indents, merged=merged)


def mixed_book(path: Path) -> Path:
    """Hidden rows, a collapsed outline group, merges, indents on several styles, shared strings."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Vehicle BOM E-Axle"])
    ws.merge_cells("A1:F1")
    ws.append(["Description", "Part", "Qty", "Unit"])
    levels = [0, 1, 2, 3, 2, 1, 2, 3, 4, 1, 2]
    for i, level in enumerate(levels, start=3):
        desc = ws.cell(i, 1, f"Item {i}")
        desc.alignment = Alignment(indent=level)
        if i % 3 == 0:  # same indent, other font: a separate cell style with the same indent
            desc.font = Font(bold=True)
        ws.cell(i, 2, f"P-{i:05d}")
        ws.cell(i, 3, i * 2).alignment = Alignment(indent=1, horizontal="right")  # numbers too
    ws.cell(14, 1).alignment = Alignment(indent=5)  # styled but empty: not reported
    ws.cell(15, 2, "indented, no value in A").alignment = Alignment(indent=2, wrap_text=True)
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions.group(8, 10, outline_level=1, hidden=True)  # a collapsed group
    ws.merge_cells("B17:C19")
    ws.merge_cells("E5:E6")
    ws.append([])
    wb.create_sheet("Other")["A1"] = "x"
    wb.save(path)
    return path


def test_hidden_rows_outline_group_merges_and_indents(tmp_path: Path) -> None:
    path = mixed_book(tmp_path / "mixed.xlsx")
    with open_workbook(path) as src:
        fmt = src.read_formatting("BOM")
        other = src.read_formatting("Other")
    assert fmt.complete and fmt.note == ""
    assert fmt.hidden_rows == frozenset({4, 8, 9, 10})
    assert sorted(fmt.merged) == [(1, 1, 1, 6), (5, 5, 6, 5), (17, 2, 19, 3)]
    assert {k: v for k, v in fmt.indents.items() if k[1] == 0} == {
        (4, 0): 1, (5, 0): 2, (6, 0): 3, (7, 0): 2, (8, 0): 1,
        (9, 0): 2, (10, 0): 3, (11, 0): 4, (12, 0): 1, (13, 0): 2,
    }  # fmt: skip
    assert fmt.indents[(3, 2)] == 1 and fmt.indents[(15, 1)] == 2
    assert (14, 0) not in fmt.indents
    assert other.complete and other == SheetFormatting()  # the other sheet's own part


def test_equal_to_openpyxl_on_a_mixed_sample(tmp_path: Path) -> None:
    path = mixed_book(tmp_path / "mixed.xlsx")
    with open_workbook(path) as src:
        ours = src.read_formatting("BOM")
    ref = openpyxl_formatting(path, "BOM")
    assert ours.hidden_rows == ref.hidden_rows
    assert ours.indents == ref.indents
    assert sorted(ours.merged) == sorted(ref.merged)


def inline_book(path: Path, trick: str = 'hidden="1" s="2"') -> Path:
    """xlsxwriter constant_memory writes inline strings (<is><t>) and row by row."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("BOM")
    indent = [wb.add_format({"indent": n}) for n in range(4)]
    ws.write_row(0, 0, ["Description", "Part", "Note"])
    ws.set_column(5, 5, None, None, {"hidden": True})  # <col hidden="1">: not a row
    ws.merge_range(1, 0, 1, 2, "Powertrain", indent[0])
    ws.set_row(2, None, None, {"hidden": True})
    ws.write_string(2, 0, "Motor", indent[1])
    ws.write_string(2, 1, "M-1")
    ws.write_string(3, 0, "Rotor", indent[2])
    ws.write_string(3, 2, trick)  # text that looks like the attributes the scan looks for
    ws.write_blank(4, 0, None, indent[3])  # styled, empty
    ws.write_number(5, 0, 7, indent[3])
    ws.write_formula(6, 0, '="Magnet"', indent[2], "Magnet")
    wb.close()
    return path


def test_inline_strings_formulas_and_attribute_lookalikes_in_text(tmp_path: Path) -> None:
    path = inline_book(tmp_path / "inline.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert b"inlineStr" in zf.read("xl/worksheets/sheet1.xml")  # the shape under test
    with open_workbook(path) as src:
        fmt = src.read_formatting("BOM")
    assert fmt.hidden_rows == frozenset({3})
    assert fmt.merged == [(2, 1, 2, 3)]
    assert fmt.indents == {(3, 0): 1, (4, 0): 2, (6, 0): 3, (7, 0): 2}
    assert fmt == openpyxl_formatting(path, "BOM")


def _rewrite_sheet(path: Path, change: object) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_rows_and_cells_without_references_are_placed_by_order(tmp_path: Path) -> None:
    """r="..." is optional on rows and cells; positions then come from the order (exact pass).

    Dropped on every row and on the cells of column A (a first cell without r is in column A).
    """
    path = mixed_book(tmp_path / "noref.xlsx")
    expected = openpyxl_formatting(path, "BOM")
    _rewrite_sheet(path, lambda xml: re.sub(rb'<(row|c) r="A?\d+"', rb"<\1", xml))
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
        assert b'<row r="' not in xml and b'r="A5"' not in xml and b'r="B5"' in xml
    with open_workbook(path) as src:
        fmt = src.read_formatting("BOM")
    assert fmt.hidden_rows == expected.hidden_rows
    assert fmt.indents == expected.indents


def test_namespace_prefixed_sheet_xml(tmp_path: Path) -> None:
    """Some generators write <x:row>/<x:c> with a prefixed main namespace."""
    path = inline_book(tmp_path / "prefixed.xlsx", trick="plain")
    expected = openpyxl_formatting(path, "BOM")

    def prefix(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)(?!\?)(\w+)", rb"<\1x:\2", xml)
        return xml.replace(b"xmlns=", b"xmlns:x=", 1)

    _rewrite_sheet(path, prefix)
    with zipfile.ZipFile(path) as zf:
        assert b"<x:row " in zf.read("xl/worksheets/sheet1.xml")
    with open_workbook(path) as src:
        fmt = src.read_formatting("BOM")
    assert (fmt.hidden_rows, fmt.indents, fmt.merged) == (
        expected.hidden_rows,
        expected.indents,
        expected.merged,
    )


def test_doctype_hidden_behind_a_long_prolog_is_refused(tmp_path: Path) -> None:
    """The open-time check reads 64 KiB of each part; the formatting scan sees the whole prolog."""
    path = inline_book(tmp_path / "bomb.xlsx", trick="plain")
    entity = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'

    def pad(xml: bytes) -> bytes:
        head, _, rest = xml.partition(b"?>")
        return head + b"?><!--" + b" " * 100_000 + b"-->" + entity + rest

    _rewrite_sheet(path, pad)
    with open_workbook(path) as src, pytest.raises(DataFileError, match="DOCTYPE"):
        src.read_formatting("BOM")


def test_60k_rows_read_completely(tmp_path: Path) -> None:
    """Above the old 50k-row cut-off: complete, every hidden row and indent found."""
    path = tmp_path / "big.xlsx"
    rows = 60_000
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("BOM")
    indent = [wb.add_format({"indent": n}) for n in range(5)]
    ws.write_row(0, 0, ["Description", "Part", "Qty"])
    for r in range(1, rows + 1):
        if r % 9 == 0:
            ws.set_row(r, None, None, {"hidden": True})
        ws.write_string(r, 0, f"Component {r}", indent[r % 5])
        ws.write_string(r, 1, f"{r:08d}")
        ws.write_number(r, 2, r % 7)
    ws.merge_range(rows + 1, 0, rows + 1, 2, "End of BOM")
    wb.close()
    with open_workbook(path) as src:
        t0 = time.perf_counter()
        fmt = src.read_formatting("BOM")
        took = time.perf_counter() - t0
    print(f"\nread_formatting {rows:,} rows: {took:.3f} s")
    assert fmt.complete
    assert fmt.hidden_rows == frozenset(r + 1 for r in range(9, rows + 1, 9))
    assert len(fmt.indents) == sum(1 for r in range(1, rows + 1) if r % 5)
    assert fmt.indents[(rows, 0)] == (rows - 1) % 5 and (rows, 1) not in fmt.indents
    assert fmt.merged == [(rows + 2, 1, rows + 2, 3)]
