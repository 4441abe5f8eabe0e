"""Parent-child BOMs: a subassembly used under several parents brings its children to each."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from rePlanner.domain.imports import ParsedBom, Severity
from rePlanner.io.bom import structure
from tests.io.bom.helpers import codes, parse, xlsx

HEAD = ["Part Number", "Parent Part Number", "Description", "Qty"]
# C (4x) in B; B in A (3x) and in E (7x); A 2x and E 1x per vehicle; D (5x) in A.
# C is listed first, before any B: the parent column names a part, not a row.
SHARED = [["C", "B", "c", 4], ["A", None, "a", 2], ["B", "A", "b", 3], ["D", "A", "d", 5],
          ["B", "E", "b", 7], ["E", None, "e", 1]]  # fmt: skip


def per_vehicle(parsed: ParsedBom) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for ln in parsed.lines:
        total[ln.part_number] += ln.extended_quantity
    return dict(total)


def paths(parsed: ParsedBom) -> list[str]:
    out = []
    for ln in parsed.lines:
        names, i = [ln.part_number], ln.parent
        while i is not None:
            names.append(parsed.lines[i].part_number)
            i = parsed.lines[i].parent
        out.append("/".join(reversed(names)))
    return out


def test_children_of_a_subassembly_come_under_every_parent(tmp_path: Path) -> None:
    values, fmt = xlsx(tmp_path, [HEAD, *SHARED])
    parsed = parse(values, formatting=fmt)
    assert per_vehicle(parsed)["C"] == 2 * 3 * 4 + 1 * 7 * 4  # 52, was 24
    assert sorted(paths(parsed)) == ["A", "A/B", "A/B/C", "A/D", "E", "E/B", "E/B/C"]
    assert parsed.ok and parsed.issues == []  # no "parent appears on several lines" warning
    c_lines = [ln for ln in parsed.lines if ln.part_number == "C"]
    assert [ln.row for ln in c_lines] == [2, 2]  # both copies point at the row in the file
    assert c_lines[0] is not c_lines[1] and [ln.level for ln in c_lines] == [3, 3]
    assert all(ln.parent is None or ln.parent < i for i, ln in enumerate(parsed.lines))


def test_children_listed_after_the_last_occurrence_also_go_everywhere() -> None:
    rows = [HEAD, ["A", None, "a", 2], ["E", None, "e", 1], ["B", "A", "b", 3],
            ["B", "E", "b", 7], ["C", "B", "c", 4]]  # fmt: skip
    assert per_vehicle(parse(rows))["C"] == 52


def test_nested_shared_subassemblies_multiply() -> None:
    # M (2x) in B and in F; B in A and E; F in A; so M: A/B/M, E/B/M, A/F/M; X (10x) in M
    rows = [HEAD, ["A", None, "", 1], ["E", None, "", 1], ["B", "A", "", 1], ["B", "E", "", 1],
            ["F", "A", "", 1], ["M", "B", "", 2], ["M", "F", "", 2], ["X", "M", "", 10]]  # fmt: skip
    parsed = parse(rows)
    assert per_vehicle(parsed)["M"] == 6 and per_vehicle(parsed)["X"] == 60
    assert parsed.ok and parsed.issues == []


def test_a_subtree_repeated_under_each_occurrence_is_not_doubled() -> None:
    # a depth-first export: each B is followed by its own C line
    rows = [HEAD, ["A", None, "a", 2], ["B", "A", "b", 3], ["C", "B", "c", 4],
            ["E", None, "e", 1], ["B", "E", "b", 7], ["C", "B", "c", 4]]  # fmt: skip
    parsed = parse(rows)
    assert per_vehicle(parsed)["C"] == 52
    assert [ln.row for ln in parsed.lines] == [2, 3, 4, 5, 6, 7]
    assert parsed.issues == []


def test_different_subtrees_under_each_occurrence_are_still_flagged() -> None:
    rows = [HEAD, ["A", None, "a", 1], ["B", "A", "b", 1], ["C", "B", "c", 4],
            ["E", None, "e", 1], ["B", "E", "b", 1], ["D", "B", "d", 1]]  # fmt: skip
    parsed = parse(rows)
    assert sorted(paths(parsed)) == ["A", "A/B", "A/B/C", "E", "E/B", "E/B/D"]
    ambiguous = [i for i in parsed.issues if i.code == "parent_ambiguous"]
    assert [(i.row, i.severity) for i in ambiguous] == [
        (4, Severity.WARNING),
        (7, Severity.WARNING),
    ]


def test_a_loop_through_a_shared_part_is_reported_once_and_ends() -> None:
    # B is in A and in E; A is also in B: A -> B -> A would never end
    rows = [HEAD, ["A", None, "", 1], ["E", None, "", 1], ["B", "A", "", 1], ["B", "E", "", 1],
            ["A", "B", "", 1]]  # fmt: skip
    parsed = parse(rows)
    cycles = [i for i in parsed.issues if i.code == "cycle"]
    assert [i.row for i in cycles] == [6] and "A → B → A" in cycles[0].message
    assert not parsed.ok and len(parsed.lines) < 20


def _doubling(levels: int) -> list[list[Any]]:
    """Two parts per level, each in both parts of the level above: 2**levels paths."""
    rows: list[list[Any]] = [HEAD, ["L0a", None, "", 1], ["L0b", None, "", 1]]
    for k in range(1, levels + 1):
        for me in ("a", "b"):
            rows += [[f"L{k}{me}", f"L{k - 1}{up}", "", 1] for up in ("a", "b")]
    return rows


def test_explosive_expansion_stops_at_the_cap_with_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(structure, "EXPANSION_LIMIT", 500)
    parsed = parse(_doubling(12))  # would be 2 * (2**13 - 1) = 16,382 lines
    assert len(parsed.lines) <= 500
    err = [i for i in parsed.issues if i.code == "expansion_too_large"]
    assert len(err) == 1 and err[0].severity is Severity.ERROR and "500" in err[0].message
    assert not parsed.ok


def test_below_the_cap_the_expansion_is_complete() -> None:
    parsed = parse(_doubling(6))
    assert len(parsed.lines) == 2 * (2**7 - 1) and codes(parsed) == []
