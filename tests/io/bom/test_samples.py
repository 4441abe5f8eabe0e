"""The three committed sample workbooks parse as their generator promises."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from rePlanner.domain.imports import BomField, BomLineIn, ParsedBom, Severity
from rePlanner.io.bom import choose_sheet, parse_bom
from rePlanner.io.sample_workbooks import MESSY_HEADER_ROW, SUPERSEDED
from tests.io.bom.helpers import load_sheet

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


@pytest.fixture(scope="module")
def load() -> Callable[[str], tuple[str, ParsedBom]]:
    def run(name: str) -> tuple[str, ParsedBom]:
        path = SAMPLES / name
        heads = {ws.title: [list(r) for r in ws.iter_rows(max_row=100, values_only=True)]
                 for ws in load_workbook(path, read_only=True).worksheets}  # fmt: skip
        sheet = choose_sheet(heads)
        rows, fmt = load_sheet(path, sheet)
        return sheet, parse_bom(iter(rows), file=name, sheet=sheet, formatting=fmt)

    return run


def leaves_per_vehicle(lines: list[BomLineIn]) -> dict[str, float]:
    has_children = {ln.parent for ln in lines if ln.parent is not None}
    totals: dict[str, float] = defaultdict(float)
    for i, line in enumerate(lines):
        if i not in has_children:
            totals[line.part_number] += line.extended_quantity
    return dict(totals)


def test_clean_flat_list(load: Any) -> None:
    sheet, parsed = load("bom_clean.xlsx")
    assert sheet == "BOM" and parsed.ok and parsed.issues == []
    assert parsed.mapping.header_row == 1
    assert {ln.level for ln in parsed.lines} == {1}
    first = parsed.lines[0]
    assert (first.row, first.part_number, first.unit) == (2, "2131106475", "pc")
    assert [ln.part_number for ln in parsed.lines if ln.part_number in ("1E5", "0009891205")] == [
        "1E5",
        "0009891205",
    ]


def test_german_multilevel_matches_the_flat_list(load: Any) -> None:
    sheet, parsed = load("bom_multilevel.xlsx")
    assert sheet == "Stueckliste" and parsed.ok
    assert parsed.mapping.columns[BomField.LEVEL] == 0
    assert parsed.mapping.columns[BomField.PART_NUMBER] == 1
    assert {ln.unit for ln in parsed.lines} == {"pc", "kg", "l"}  # ST, KG, L normalised
    assert max(ln.level for ln in parsed.lines) == 3
    # per vehicle, the tree gives exactly the clean flat list (the generator's `flatten`)
    _, clean = load("bom_clean.xlsx")
    assert leaves_per_vehicle(parsed.lines) == {ln.part_number: ln.quantity for ln in clean.lines}


def test_messy_export(load: Any) -> None:
    sheet, parsed = load("bom_messy.xlsx")
    assert sheet == "BOM export"  # not "Notes"
    assert parsed.mapping.header_row == MESSY_HEADER_ROW
    assert parsed.mapping.header_of(BomField.PART_NUMBER) == "Part No."
    assert parsed.mapping.header_of(BomField.POSITION) == "Item"
    assert parsed.ok  # #REF! sits in the price column, which a BOM does not import
    by_code = {i.code: i for i in parsed.issues}
    assert by_code["quantity_with_unit"].value == "2 pcs"
    assert by_code["quantity_with_unit"].column == "Qty"
    assert by_code["hidden_rows"].row == MESSY_HEADER_ROW + 9
    assert by_code["totals_skipped"].severity is Severity.INFO
    assert [i.value for i in parsed.issues if i.code == "quantity_decimal_comma"] == ["1,5", "8,5"]
    spacer = next(ln for ln in parsed.lines if ln.part_number == SUPERSEDED[0])
    assert spacer.row == MESSY_HEADER_ROW + 9 and spacer.level == 1
    cells = next(ln for ln in parsed.lines if ln.part_number == "0003522925")
    assert (cells.level, cells.extended_quantity) == (3, 96.0)  # indentation gave the levels
    assert parsed.rows_read == len(parsed.lines)  # the total row is not a line
    assert all(ln.part_number != "Total" for ln in parsed.lines)
    # apart from the hidden spacer, per vehicle the same as the clean list
    _, clean = load("bom_clean.xlsx")
    leaves = leaves_per_vehicle(parsed.lines)
    assert leaves.pop(SUPERSEDED[0]) == 1.0
    assert leaves == {ln.part_number: ln.quantity for ln in clean.lines}
