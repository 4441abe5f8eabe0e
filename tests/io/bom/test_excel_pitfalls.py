"""What Excel does to a BOM before we see it, and a BOM without quantities: each said clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from rePlanner.domain.imports import BomField, ColumnMapping, Severity
from tests.io.bom.helpers import codes, parse, xlsx

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


def test_no_quantity_column_is_an_error_that_says_how_to_fix_it() -> None:
    parsed = parse([["Part Number", "Description"], ["P-1", "Rotor"], ["P-2", "Stator"]])
    (issue,) = parsed.issues
    assert (issue.code, issue.severity) == ("no_quantity_column", E) and not parsed.ok
    assert "--mapping" in issue.message and "Quantity column" in issue.message


def test_a_quantity_column_mapped_by_hand_imports() -> None:
    rows = [["Part Number", "Stueck je Baugruppe"], ["P-1", 2], ["P-2", 3]]
    mapping = ColumnMapping(1, {BomField.PART_NUMBER: 0, BomField.QUANTITY: 1})
    parsed = parse(rows, mapping=mapping)
    assert parsed.ok and parsed.issues == []
    assert [ln.extended_quantity for ln in parsed.lines] == [2.0, 3.0]


@pytest.mark.parametrize("value", [12345678901234567890, 1.2345678901234569e19, 10**15, -1e15])
def test_part_number_with_16_or_more_digits_is_an_error(value: float) -> None:
    parsed = parse([["Part Number", "Qty"], ["P-1", 1], [value, 1]])
    (issue,) = [i for i in parsed.issues if i.code == "part_number_precision"]
    assert (issue.severity, issue.row, issue.column, issue.value) == (E, 3, "Part Number", value)
    assert str(int(value)) in issue.message and "Text" in issue.message
    assert "part_number_numbers" not in codes(parsed)  # not also summed up as an ordinary one


def test_long_numeric_part_number_from_a_real_workbook(tmp_path: Path) -> None:
    rows = [["Part Number", "Qty"], [12345678901234567890, 1], [123456789012345, 1], [4711, 1]]
    values, fmt = xlsx(tmp_path, rows)
    parsed = parse(values, formatting=fmt)
    precision = [i for i in parsed.issues if i.code == "part_number_precision"]
    assert [(i.severity, i.row) for i in precision] == [(E, 2)] and not parsed.ok
    summary = [i for i in parsed.issues if i.code == "part_number_numbers"]
    assert [(i.severity, i.row) for i in summary] == [(I, 3)]  # 15 digits: still exact
    assert "2 part numbers" in summary[0].message


def test_outline_levels_stored_as_numbers_get_a_warning(tmp_path: Path) -> None:
    rows = [["Level", "Part Number", "Qty"], [1, "A", 1], [1.1, "B", 1], [1.2, "C", 1],
            [2.0, "D", 1]]  # fmt: skip
    values, fmt = xlsx(tmp_path, rows)
    parsed = parse(values, formatting=fmt)
    warned = [i for i in parsed.issues if i.code == "level_outline_number"]
    assert [(i.severity, i.row, i.column, i.value) for i in warned] == [
        (W, 3, "Level", 1.1), (W, 4, "Level", 1.2)]  # fmt: skip
    assert "Text" in warned[0].message and parsed.ok


def test_whole_number_levels_stored_as_floats_are_silent() -> None:
    parsed = parse([["Level", "Part Number", "Qty"], [1.0, "A", 1], [2.0, "B", 1]])
    assert parsed.issues == [] and [ln.level for ln in parsed.lines] == [1, 2]


@pytest.mark.parametrize(
    "written", ["ud", "UD", "uds", "Uds.", "unidad", "pz", "pezzi", "pcs.", "Stck.", "個", "件"]
)
def test_piece_units_in_more_languages(written: str) -> None:
    parsed = parse([["Part Number", "Qty", "Unit"], ["P-1", 2, written]])
    assert parsed.lines[0].unit == "pc" and parsed.issues == []
