"""Every way a BOM shows its structure, the tree it gives, and quantities per vehicle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rePlanner.domain.imports import BomField, ColumnMapping, Formatting, ParsedBom
from tests.io.bom.helpers import codes, parse, xlsx

# vehicle -> A (2x) -> B (3x) -> C (4x); D at top level once
TREE = [("A", 2, 1), ("B", 3, 2), ("C", 4, 3), ("D", 1, 1)]


def shape(parsed: ParsedBom) -> list[tuple[str, int, str | None, float]]:
    out = []
    for ln in parsed.lines:
        parent = parsed.lines[ln.parent].part_number if ln.parent is not None else None
        out.append((ln.part_number, ln.level, parent, ln.extended_quantity))
    return out


EXPECTED = [("A", 1, None, 2.0), ("B", 2, "A", 6.0), ("C", 3, "B", 24.0), ("D", 1, None, 1.0)]


@pytest.mark.parametrize(
    "levels",
    [
        [1, 2, 3, 1],  # numbers
        [0, 1, 2, 0],  # 0-based
        ["1", "2", "3", "1"],  # numbers as text (CSV)
        [".1", "..2", "...3", ".1"],  # SAP dotted
        ["1", "1.1", "1.1.1", "2"],  # outline numbers
        [1.0, 2.0, 3.0, 1.0],  # floats from a numeric column
    ],
)
def test_level_column_forms(levels: list[Any]) -> None:
    rows = [["Level", "Part Number", "Qty"]]
    rows += [[lv, pn, q] for lv, (pn, q, _) in zip(levels, TREE, strict=True)]
    parsed = parse(rows)
    assert shape(parsed) == EXPECTED
    assert parsed.ok


def test_zero_based_levels_are_reported() -> None:
    parsed = parse([["Level", "Part Number", "Qty"], [0, "A", 1], [1, "B", 1]])
    assert [ln.level for ln in parsed.lines] == [1, 2]
    assert codes(parsed) == ["levels_rebased"]


def test_outline_numbers_in_the_position_column() -> None:
    rows = [["Pos", "Part Number", "Qty"], ["1", "A", 2], ["1.1", "B", 3], ["1.1.1", "C", 4],
            ["2", "D", 1]]  # fmt: skip
    parsed = parse(rows)
    assert shape(parsed) == EXPECTED
    assert [ln.position for ln in parsed.lines] == [1, 1, 1, 2]


def test_indentation_of_the_description_from_formatting(tmp_path: Path) -> None:
    rows = [["Part Number", "Description", "Qty"]]
    rows += [[pn, f"part {pn}", q] for pn, q, _ in TREE]
    # Excel indent 0 / 2 / 4: the step is 2
    indents = {(3, 1): 2, (4, 1): 4}
    values, fmt = xlsx(tmp_path, rows, indents=indents)
    assert fmt.indents == indents
    assert shape(parse(values, formatting=fmt)) == EXPECTED
    assert {ln.level for ln in parse(values).lines} == {1}  # without formatting: flat


def test_indentation_of_the_part_number_cell() -> None:
    rows = [["Part Number", "Qty"]] + [[pn, q] for pn, q, _ in TREE]
    fmt = Formatting(indents={(3, 0): 1, (4, 0): 2})
    assert shape(parse(rows, formatting=fmt)) == EXPECTED


def test_leading_spaces_in_the_description() -> None:
    rows = [["Part Number", "Description", "Qty"], ["A", "Frame", 2], ["B", "   Door", 3],
            ["C", "      Motor", 4], ["D", "Seat", 1]]  # fmt: skip
    parsed = parse(rows)
    assert shape(parsed) == EXPECTED
    assert parsed.lines[1].description == "Door"


def test_parent_column_with_forward_references() -> None:
    # children listed before their parents, as adjacency exports often do
    rows = [["Parent Part Number", "Part Number", "Qty"], ["B", "C", 4], ["A", "B", 3],
            [None, "A", 2], [None, "D", 1]]  # fmt: skip
    parsed = parse(rows)
    assert parsed.ok, parsed.issues
    assert shape(parsed) == EXPECTED  # depth-first order: parents first
    assert [ln.row for ln in parsed.lines] == [4, 3, 2, 5]
    assert all(ln.parent is None or ln.parent < i for i, ln in enumerate(parsed.lines))


def test_parent_not_found() -> None:
    parsed = parse([["Parent", "Part Number", "Qty"], [None, "A", 1], ["ZZ", "B", 1]])
    issue = parsed.issues[0]
    assert (issue.code, issue.row, issue.column, issue.value) == (
        "parent_not_found",
        3,
        "Parent",
        "ZZ",
    )
    assert not parsed.ok


def test_flat_list() -> None:
    parsed = parse([["Part Number", "Qty"], ["A", 2], ["B", 3]])
    assert shape(parsed) == [("A", 1, None, 2.0), ("B", 1, None, 3.0)]


def test_extended_quantity_through_three_levels_with_shared_parts() -> None:
    rows = [["Level", "Part Number", "Qty"], [1, "DOOR-L", 1], [2, "REGULATOR", 1], [3, "MOTOR", 1],
            [1, "DOOR-R", 1], [2, "REGULATOR", 1], [3, "MOTOR", 1], [1, "PACK", 1],
            [2, "MODULE", 8], [3, "CELL", 12]]  # fmt: skip
    parsed = parse(rows)
    ext = {}
    for ln in parsed.lines:
        ext[ln.part_number] = ext.get(ln.part_number, 0) + ln.extended_quantity
    assert ext["MOTOR"] == 2.0 and ext["CELL"] == 96.0 and ext["MODULE"] == 8.0
    assert parsed.ok and parsed.issues == []  # same part under different parents is fine


def test_level_jump_is_an_error_at_that_row() -> None:
    parsed = parse([["Level", "Part Number", "Qty"], [1, "A", 1], [3, "B", 1], [2, "C", 1]])
    jump = [i for i in parsed.issues if i.code == "level_jump"]
    assert [(i.row, i.column, i.value) for i in jump] == [(3, "Level", 3)]
    assert "from 1 to 3" in jump[0].message
    assert not parsed.ok


def test_first_line_deeper_than_the_rest_is_a_jump() -> None:
    parsed = parse([["Level", "Part Number", "Qty"], [2, "A", 1], [1, "B", 1]])
    assert [i.row for i in parsed.issues if i.code == "level_jump"] == [2]


def test_part_that_contains_itself_through_levels() -> None:
    rows = [["Level", "Part Number", "Qty"], [1, "A", 1], [2, "B", 1], [3, "A", 1]]
    parsed = parse(rows)
    cycle = [i for i in parsed.issues if i.code == "cycle"]
    assert [(i.row, i.value) for i in cycle] == [(4, "A")]
    assert "A → B → A" in cycle[0].message and not parsed.ok


def test_cycle_through_a_parent_column() -> None:
    rows = [["Parent", "Part Number", "Qty"], [None, "TOP", 1], ["Y", "X", 1], ["X", "Y", 1]]
    parsed = parse(rows)
    cycle = [i for i in parsed.issues if i.code == "cycle"]
    assert len(cycle) == 1 and cycle[0].row == 3 and not parsed.ok
    assert "X" in cycle[0].message and "Y" in cycle[0].message
    assert len(parsed.lines) == 3  # every line still listed for the preview


def test_part_that_is_its_own_parent() -> None:
    parsed = parse([["Parent", "Part Number", "Qty"], ["A", "A", 1]])
    assert codes(parsed) == ["cycle"]


def test_duplicate_line_under_the_same_parent_is_a_warning() -> None:
    rows = [["Level", "Part Number", "Qty"], [1, "A", 1], [2, "S", 4], [2, "S", 2], [1, "S", 1]]
    parsed = parse(rows)
    dup = [i for i in parsed.issues if i.code == "duplicate_line"]
    assert [(i.row, i.value, i.severity.value) for i in dup] == [(4, "S", "warning")]
    assert "row 3" in dup[0].message
    assert parsed.ok  # both lines count: 4 + 2 screws per A
    assert sum(ln.extended_quantity for ln in parsed.lines if ln.part_number == "S") == 7.0


def test_level_column_wins_over_parent_column_and_disagreement_is_flagged() -> None:
    rows = [["Level", "Parent", "Part Number", "Qty"], [1, None, "A", 1], [2, "A", "B", 1],
            [2, "X", "C", 1]]  # fmt: skip
    parsed = parse(rows)
    assert [(i.code, i.row, i.value) for i in parsed.issues] == [("parent_mismatch", 4, "X")]
    assert parsed.lines[2].parent == 0


def test_mapping_given_for_a_level_column() -> None:
    rows = [["a", "b", "c"], ["x", 1, "A"], ["y", 2, "B"]]
    mapping = ColumnMapping(1, {BomField.LEVEL: 1, BomField.PART_NUMBER: 2})
    parsed = parse(rows, mapping=mapping)
    assert shape(parsed) == [("A", 1, None, 1.0), ("B", 2, "A", 1.0)]
    assert codes(parsed) == ["no_quantity_column"]
