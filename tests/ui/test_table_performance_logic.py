"""The fast table path gives the same rows, texts and order as Qt's own proxy (no timings)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QLocale, QSortFilterProxyModel, Qt

from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.editable_model import EditableTableModel
from rePlanner.ui.models.formatting import format_cell
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE, SORT_ROLE, RecordTableModel
from rePlanner.ui.models.row_filter import RowFilterProxy, display_texts, sort_order
from rePlanner.ui.views.table_page import TablePage

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
KINDS = ["text", "text", "number", "share", "int", "status", "date", "bool", "enum"]
COLUMNS = [
    Column(f"c{i}", f"Column {i}", kind, field=f"f{i}")  # type: ignore[arg-type]
    for i, kind in enumerate(KINDS)
]
STATES = ["in_force", "announced", "ended", "suspension_lapsed", None]


def _table(n: int, seed: int = 3) -> TableData:
    """Few distinct values per column, so ties and blanks are everywhere."""
    rnd = random.Random(seed)
    rows = [
        (
            rnd.choice(["Alpha", "beta", "ALPHA", "Gamma motor", None, "delta 7"]),
            f"Part {rnd.randrange(30)}",
            rnd.choice([None, 0.0, 1234.5678, 0.000123, 2.5, -7.25]),
            rnd.choice([None, 0.125, 1.0, 0.0]),
            rnd.choice([None, 0, 9, 10, 1200]),
            rnd.choice(STATES),
            rnd.choice([None, date(2026, 1, 2), date(2025, 12, 31)]),
            rnd.choice([True, False, None]),
            rnd.choice(["export_control", "ban", None]),
        )
        for _ in range(n)
    ]
    return TableData(list(COLUMNS), rows, list(range(100, 100 + n)), entity="thing")


def _reference(model: RecordTableModel) -> QSortFilterProxyModel:
    """What the page used before: Qt's proxy asking the model for every cell."""
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def _ids(proxy: Any) -> list[int]:
    return [proxy.index(r, 0).data(ENTITY_ID_ROLE) for r in range(proxy.rowCount())]


def _values(proxy: Any, column: int) -> list[Any]:
    return [proxy.index(r, column).data(SORT_ROLE) for r in range(proxy.rowCount())]


@pytest.fixture
def pair(qtbot: Any) -> tuple[RowFilterProxy, QSortFilterProxyModel]:
    model = RecordTableModel(locale=QLocale(QLocale.Language.German, QLocale.Country.Germany))
    model.set_table(_table(400))
    fast = RowFilterProxy(model)
    fast.setSourceModel(model)
    return fast, _reference(model)


@pytest.mark.parametrize("name", ["en_US", "de_DE", "fr_FR", "C", "hi_IN", "ar_EG"])
def test_column_texts_are_exactly_the_cell_texts(name: str) -> None:
    locale, rnd = QLocale(name), random.Random(5)
    numbers = [rnd.uniform(-1e7, 1e7) * 10 ** rnd.randrange(-12, 3) for _ in range(3000)]
    values: dict[str, list[Any]] = {
        "int": [rnd.randrange(-(10**9), 10**9) for _ in range(500)] + [None, True, 3.0, 0],
        "number": numbers + [None, 0, 0.0, 5, float("inf"), 0.5, 2.675, 1e-9, 999.99995],
        "share": [rnd.random() * 3 - 1 for _ in range(500)] + [None, 0, 1, 0.9995],
        "date": [date(2020, 1, 1) + timedelta(days=d) for d in range(0, 900, 7)] + [None],
        "status": STATES + ["weird_state"],
        "enum": ["export_control", "ban", "new_kind", None],
        "bool": [True, False, None],
        "text": ["x", None, 42, "Élan"],
    }
    for kind, column in values.items():
        assert display_texts(locale, kind, column) == [format_cell(locale, kind, v) for v in column]


def test_every_column_sorts_like_qt_in_both_orders(pair: Any) -> None:
    fast, reference = pair
    for column in range(len(KINDS)):
        for order in (ASC, DESC):
            fast.sort(column, order)
            reference.sort(column, order)
            assert _ids(fast) == _ids(reference), (KINDS[column], order)


def test_non_ascii_text_sorts_ignoring_case_and_accents() -> None:
    values = ["zeta", "Élan", "apple", None, "éclair", "Eagle", "élan"]
    got = [values[i] for i in sort_order(values, False, text=True)]
    assert got == ["apple", "Eagle", "éclair", "Élan", "élan", "zeta", None]
    got = [values[i] for i in sort_order(values, True, text=True)]
    assert got == [None, "zeta", "Élan", "élan", "éclair", "Eagle", "apple"]  # ties keep order


@pytest.mark.parametrize("typed", [["a", "al", "alp", "al", ""], ["MOT", "mo"], ["234,5", "2,5 %"]])
def test_filter_shows_the_rows_qt_shows(pair: Any, typed: list[str]) -> None:
    fast, reference = pair
    fast.sort(2, DESC)
    reference.sort(2, DESC)
    for text in typed:  # narrowing reuses the last matches; widening searches all rows again
        fast.set_filter_text(text)
        reference.setFilterFixedString(text)
        assert sorted(_ids(fast)) == sorted(_ids(reference)), text
        assert _values(fast, 2) == _values(reference, 2)  # still sorted (ties: Qt's own order)
        assert fast.rowCount() > 0 or not text


def test_filter_ignores_accents_and_never_spans_two_cells(qtbot: Any) -> None:
    model = RecordTableModel()
    model.set_table(TableData([Column("a", "A"), Column("b", "B")],
                              [("Élan", "x"), ("ab", "cd"), ("abc", "")], [1, 2, 3]))  # fmt: skip
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("ELAN")
    assert _ids(proxy) == [1]
    proxy.set_filter_text("bc")
    assert _ids(proxy) == [3]  # not "ab" + "cd"


def test_the_proxy_passes_the_model_tester_through_edits(qtmodeltester: Any) -> None:
    model = EditableTableModel()
    model.set_table(_table(60))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(1, DESC)
    proxy.set_filter_text("part 1")
    qtmodeltester.check(proxy)
    fresh = _table(60, seed=9)  # other values for the same keys, one removed, one new
    fresh.keys[5] = 999
    model.update_rows(fresh, [fresh.keys[0], fresh.keys[1], 105, 999])
    proxy.invalidate()
    qtmodeltester.check(proxy)
    reference = _reference(model)
    reference.sort(1, DESC)
    reference.setFilterFixedString("part 1")
    assert sorted(_ids(proxy)) == sorted(_ids(reference)) and 999 in model.table().keys
    assert 105 not in _ids(proxy) and _values(proxy, 1) == _values(reference, 1)


def test_edits_resort_and_keep_the_selection(qtbot: Any) -> None:
    page = TablePage("things")
    qtbot.addWidget(page)
    page.set_table(_table(50))
    page.view.sortByColumn(4, ASC)
    picked = page.proxy.index(10, 0)
    key = picked.data(ENTITY_ID_ROLE)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    page.view.selectionModel().select(picked, flags)
    old = page.model.table().rows[page.model.table().keys.index(key)]
    new = (*old[:4], 10**6, *old[5:])  # the largest count now
    page.model.update_rows(TableData(list(COLUMNS), [new], [key]), [key])
    blanks = sum(row[4] is None for row in page.model.table().rows)
    last = page.proxy.rowCount() - blanks - 1  # blanks sort after every value
    qtbot.waitUntil(lambda: page.proxy.index(last, 0).data(ENTITY_ID_ROLE) == key)
    assert page.selected_ids() == [key]  # moved down, still selected
    page.view.sortByColumn(4, DESC)
    assert page.proxy.index(blanks, 0).data(ENTITY_ID_ROLE) == key
    assert page.selected_ids() == [key]


def test_big_table_filters_on_the_next_event_loop_turn(qtbot: Any) -> None:
    page = TablePage("rows")
    qtbot.addWidget(page)
    rows = [(f"row {i}", i) for i in range(30_000)]
    page.set_table(TableData([Column("name", "Name"), Column("n", "N", "int")], rows,
                             list(range(30_000))))  # fmt: skip
    page.filter_edit.setText("row 2999")
    qtbot.waitUntil(lambda: page.visible_row_count() == 11)  # 2999 and 29990..29999
    assert page.count_label.text() == "11 of 30000 rows"
    assert sorted(page.proxy.index(r, 1).data(SORT_ROLE) for r in range(11)) == [
        2999,
        *range(29990, 30000),
    ]
