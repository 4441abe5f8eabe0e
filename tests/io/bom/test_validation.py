"""Every validation rule, located at its row, column and value; part numbers stay text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from rePlanner.domain.imports import CellError, ImportIssue, ParsedBom, Severity
from rePlanner.domain.progress import Cancelled
from rePlanner.io.bom.messages import MAX_PER_CODE
from tests.io.bom.helpers import parse, xlsx

HEAD = ["Part Number", "Description", "Qty", "Unit"]


def one(parsed: ParsedBom, code: str) -> ImportIssue:
    found = [i for i in parsed.issues if i.code == code]
    assert len(found) == 1, parsed.issues
    return found[0]


def located(issue: ImportIssue) -> tuple[Any, ...]:
    return issue.severity, issue.row, issue.column, issue.value


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


@pytest.mark.parametrize(
    ("qty", "code", "severity", "read"),
    [
        ("abc", "quantity_not_numeric", E, None),
        (0, "quantity_zero", E, None),
        (-2, "quantity_negative", E, None),
        (None, "quantity_missing", E, None),
        (True, "quantity_not_numeric", E, None),
        ("2 x 3", "quantity_not_numeric", E, None),
        (datetime(2026, 1, 2), "quantity_date", E, None),
        ("1,5", "quantity_decimal_comma", W, 1.5),
        ("1.234,5", "quantity_decimal_comma", W, 1234.5),
    ],
)
def test_quantity_rules(qty: Any, code: str, severity: Severity, read: float | None) -> None:
    parsed = parse([HEAD, ["OK-1", "fine", 1, "pc"], ["P-1", "Bolt", qty, "pc"]])
    issue = one(parsed, code)
    assert located(issue) == (severity, 3, "Qty", qty)
    assert parsed.ok is (severity is not E)
    if read is not None:
        assert parsed.lines[1].quantity == read and str(read) in issue.message


@pytest.mark.parametrize(
    ("qty", "unit"), [("2 pcs", "pc"), ("2 Stk", "pc"), ("2 ST", "pc"), ("2kg", "kg")]
)
def test_unit_in_the_quantity_cell(qty: str, unit: str) -> None:
    parsed = parse([["Part Number", "Qty"], ["P-1", qty]])
    issue = one(parsed, "quantity_with_unit")
    assert located(issue) == (W, 2, "Qty", qty)
    assert (parsed.lines[0].quantity, parsed.lines[0].unit) == (2.0, unit)
    assert parsed.ok


def test_plain_numeric_text_is_read_silently() -> None:
    parsed = parse([HEAD, ["P-1", "x", "3", "pc"], ["P-2", "y", " 2.5 ", "pc"]])
    assert [ln.quantity for ln in parsed.lines] == [3.0, 2.5] and parsed.issues == []


def test_unit_in_quantity_contradicting_the_unit_column() -> None:
    parsed = parse([HEAD, ["P-1", "x", "2 kg", "pc"]])
    assert located(one(parsed, "unit_conflict")) == (E, 2, "Qty", "2 kg")


@pytest.mark.parametrize(
    ("written", "unit"),
    [("Stk", "pc"), ("ST", "pc"), ("Stück", "pc"), ("EA", "pc"), ("PCE", "pc"), ("KG", "kg"),
     ("g", "g"), ("M", "m"), ("mm", "mm"), ("L", "l"), ("ml", "ml"), ("SAT", "set"),
     ("Set", "set"), ("pair", "pair"), ("个", "pc"), ("m²", "m2")],
)  # fmt: skip
def test_known_units_are_normalised(written: str, unit: str) -> None:
    parsed = parse([HEAD, ["P-1", "x", 1, written]])
    assert parsed.lines[0].unit == unit and parsed.issues == []


def test_unknown_unit_is_kept_with_a_warning() -> None:
    parsed = parse([HEAD, ["P-1", "x", 1, "barrel"]])
    assert located(one(parsed, "unit_unknown")) == (W, 2, "Unit", "barrel")
    assert parsed.lines[0].unit == "barrel" and parsed.ok
    assert "pc, kg, g, m, mm, m2, l, ml, set, pair" in parsed.issues[0].message


def test_missing_part_number() -> None:
    parsed = parse([HEAD, ["P-1", "a", 1, "pc"], ["  ", "Bolt", 2, "pc"], ["P-3", "c", 1, "pc"]])
    assert located(one(parsed, "part_number_missing")) == (E, 3, "Part Number", "  ")
    assert len(parsed.lines) == 3 and not parsed.ok


def test_part_numbers_stay_text() -> None:
    rows = [HEAD, ["00123", "a", 1, "pc"], ["1E5", "b", 1, "pc"], ["  AB 12 ", "c", 1, "pc"],
            ["4065710082351927", "d", 1, "pc"], [12345, "e", 1, "pc"], [1e5, "f", 1, "pc"]]  # fmt: skip
    parsed = parse(rows)
    assert [ln.part_number for ln in parsed.lines] == [
        "00123", "1E5", "AB 12", "4065710082351927", "12345", "100000"]  # fmt: skip
    assert located(one(parsed, "part_number_numeric")) == (W, 7, "Part Number", 1e5)
    assert "100000" in one(parsed, "part_number_numeric").message
    summary = one(parsed, "part_number_numbers")  # the int cell: one note, not one per row
    assert (summary.severity, summary.row) == (I, 6) and "1 part numbers" in summary.message


def test_part_numbers_from_a_real_workbook_keep_leading_zeros(tmp_path: Path) -> None:
    rows = [HEAD, ["0009891205", "a", 1, "pc"], ["1E5", "b", 1, "pc"], [2131001550, "c", 1, "pc"]]
    values, fmt = xlsx(tmp_path, rows, text_columns=[0])
    parsed = parse(values, formatting=fmt)
    assert [ln.part_number for ln in parsed.lines] == ["0009891205", "1E5", "2131001550"]


def test_date_as_part_number() -> None:
    parsed = parse([HEAD, [datetime(2026, 3, 4), "a", 1, "pc"]])
    assert located(one(parsed, "part_number_date"))[:3] == (E, 2, "Part Number")


def test_excel_error_cells_in_a_real_workbook(tmp_path: Path) -> None:
    rows = [HEAD, ["#N/A", "a", 1, "pc"], ["P-2", "b", "#REF!", "pc"], ["P-3", "#VALUE!", 1, "pc"]]
    values, fmt = xlsx(tmp_path, rows)
    assert values[1][0] == CellError("#N/A")
    parsed = parse(values, formatting=fmt)
    found = [located(i) for i in parsed.issues if i.code == "excel_error"]
    assert found == [(E, 2, "Part Number", CellError("#N/A")), (E, 3, "Qty", CellError("#REF!")),
                     (E, 4, "Description", CellError("#VALUE!"))]  # fmt: skip
    assert "#REF!" in parsed.issues[1].message
    assert parsed.issues[1].as_dict()["value"] == "#REF!"


def test_blank_rows_are_skipped_and_rows_keep_their_numbers() -> None:
    parsed = parse([HEAD, ["A", "a", 1, "pc"], [None, "", None], [], ["B", "b", 1, "pc"]])
    assert [ln.row for ln in parsed.lines] == [2, 5] and parsed.rows_read == 2
    assert parsed.issues == []


@pytest.mark.parametrize(
    "label", ["Total", "TOTAL:", "Summe", "Gesamt", "Grand total", "合计", "合計"]
)
def test_totals_rows_are_skipped(label: str) -> None:
    rows = [
        HEAD,
        ["A", "a", 1, "pc"],
        [None, label, 1, None],
        ["B", "b", 2, "pc"],
        [label, None, 3],
    ]
    parsed = parse(rows)
    assert [ln.part_number for ln in parsed.lines] == ["A", "B"]
    assert [(i.code, i.row) for i in parsed.issues] == [
        ("totals_skipped", 3),
        ("totals_skipped", 5),
    ]
    assert parsed.ok


def test_part_numbers_that_start_like_a_total_are_parts() -> None:
    parsed = parse([HEAD, ["SUM-123", "Sum gear", 1, "pc"], ["Total-7", "x", 2, "pc"]])
    assert [ln.part_number for ln in parsed.lines] == ["SUM-123", "Total-7"]
    assert parsed.issues == []


def test_a_lone_sum_after_the_data_is_a_footer_but_inside_the_data_an_error() -> None:
    rows = [HEAD, ["A", "a", 1, "pc"], [None, None, 7, None], ["B", "b", 2, "pc"], [],
            [None, None, 3, None], [None, "Prepared by J. Doe", None, None]]  # fmt: skip
    parsed = parse(rows)
    assert [(i.code, i.row) for i in parsed.issues] == [
        ("part_number_missing", 3), ("footer_skipped", 6), ("footer_skipped", 7)]  # fmt: skip
    assert [ln.row for ln in parsed.lines] == [2, 3, 4]


def test_hidden_rows_are_imported_with_one_warning_per_run(tmp_path: Path) -> None:
    rows = [HEAD] + [[f"P-{i}", "x", 1, "pc"] for i in range(2, 9)]
    values, fmt = xlsx(tmp_path, rows, hidden=[3, 4, 5, 8])
    parsed = parse(values, formatting=fmt)
    hidden = [i for i in parsed.issues if i.code == "hidden_rows"]
    assert [(i.severity, i.row) for i in hidden] == [(W, 3), (W, 8)]
    assert "Rows 3–5 are hidden" in hidden[0].message and "Row 8 is hidden" in hidden[1].message
    assert len(parsed.lines) == 7 and parsed.ok


def test_value_merged_down_several_rows_fills_each_row(tmp_path: Path) -> None:
    rows = [["Part Number", "Qty", "Supplier"], ["A", 1, "ACME"], ["B", 1, None], ["C", 1, "Other"]]
    values, fmt = xlsx(tmp_path, rows, merges=["C2:C3"])
    parsed = parse(values, formatting=fmt)
    assert [ln.supplier for ln in parsed.lines] == ["ACME", "ACME", "Other"]


def test_all_issues_at_once_and_capped_per_code() -> None:
    rows = [HEAD] + [[f"P-{i}", "x", "bad", "pc"] for i in range(MAX_PER_CODE + 250)]
    rows.append([None, "no number", 1, "pc"])
    rows.append(["Z", "z", 1, "pc"])
    parsed = parse(rows)
    bad = [i for i in parsed.issues if i.code == "quantity_not_numeric"]
    assert len(bad) == MAX_PER_CODE + 1  # the first ones, then one summary
    assert bad[-1].row is None and "250 more rows" in bad[-1].message
    assert one(parsed, "part_number_missing").row == MAX_PER_CODE + 252


class Recorder:
    def __init__(self, stop_at: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.stop_at = stop_at
        self.pulled = 0

    def update(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, self.pulled))

    def cancelled(self) -> bool:
        return self.stop_at is not None and self.pulled >= self.stop_at

    def rows(self, n: int) -> Iterator[list[Any]]:
        yield HEAD
        for i in range(n):
            self.pulled += 1
            yield [f"P-{i}", "x", 1, "pc"]


def test_rows_stream_with_progress() -> None:
    rec = Recorder()
    parsed = parse(rec.rows(9000), progress=rec, total_rows=9001)
    assert len(parsed.lines) == 9000
    # progress came while rows were still being pulled: nothing read the whole sheet first
    assert rec.calls[0] == (2000, 1999)
    assert rec.calls[-1][0] == 9001


def test_cancel_stops_the_parse() -> None:
    rec = Recorder(stop_at=3000)
    with pytest.raises(Cancelled, match="cancelled"):
        parse(rec.rows(50_000), progress=rec)
    assert rec.pulled < 5000
