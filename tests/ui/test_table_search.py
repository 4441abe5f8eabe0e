"""Typing into a big table the instant it appears: the keystroke builds one slice of the
search index, shows the matches found so far, and the rest follow in idle slices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.column_ops import SEPARATOR, display_texts, fold, search_texts
from rePlanner.ui.models.record_table_model import SORT_ROLE
from rePlanner.ui.models.row_filter import BUILD_SLICE
from rePlanner.ui.views.table_page import TablePage

N = 100_000
COLUMNS = [Column("name", "Name"), Column("n", "N", "int"), Column("kg", "kg", "number")]


def _page(qtbot: Any) -> TablePage:
    page = TablePage("rows")
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


def _big() -> TableData:
    rows = [(f"row {i}", i, i / 7) for i in range(N)]
    return TableData(list(COLUMNS), rows, list(range(N)))


def _type_now(page: TablePage, text: str) -> None:
    """setText is what a keystroke does; the filter runs on the next event-loop turn."""
    page.filter_edit.setText(text)
    QApplication.processEvents()
    assert page.proxy.filter_text() == text


def _shown(page: TablePage) -> list[int]:
    return sorted(page.proxy.index(r, 1).data(SORT_ROLE) for r in range(page.visible_row_count()))


def test_the_first_keystroke_builds_one_slice_and_the_rest_follows(qtbot: Any) -> None:
    page = _page(qtbot)
    page.set_table(_big())
    _type_now(page, "row 9999")  # before any idle build: the index is empty
    assert page.proxy.indexed_rows() <= BUILD_SLICE  # the keystroke did not index 100,000 rows
    assert page.proxy.searching()
    assert _shown(page) == [9999]  # the match in the first slice, at once
    assert "searching" in page.count_label.text()
    qtbot.waitUntil(lambda: not page.proxy.searching(), timeout=10_000)
    assert _shown(page) == [9999, *range(99990, 100000)]
    assert page.count_label.text() == f"11 of {page.locale().toString(N)} rows"  # done


def test_typing_on_while_searching_narrows_correctly(qtbot: Any) -> None:
    page = _page(qtbot)
    page.set_table(_big())
    _type_now(page, "row 5")
    assert page.proxy.searching()
    _type_now(page, "row 55")  # narrower, while most rows are not indexed yet
    _type_now(page, "row 555")
    qtbot.waitUntil(lambda: not page.proxy.searching(), timeout=10_000)
    expected = [i for i in range(N) if "row 555" in f"row {i}"]
    assert _shown(page) == expected
    _type_now(page, "row 5")  # wider again: every row is indexed now, the answer is at once
    assert not page.proxy.searching()
    assert page.visible_row_count() == sum(1 for i in range(N) if "row 5" in f"row {i}")


def test_a_row_added_while_searching_is_found_when_the_build_reaches_it(qtbot: Any) -> None:
    page = _page(qtbot)
    page.set_table(_big())
    _type_now(page, "needle")
    assert page.proxy.searching() and page.visible_row_count() == 0
    page.model.update_rows(TableData(list(COLUMNS), [("a needle", 1, 1.0)], [N]), [N])
    qtbot.waitUntil(lambda: not page.proxy.searching(), timeout=10_000)
    assert page.visible_row_count() == 1
    assert page.proxy.index(0, 0).data() == "a needle"


def test_search_texts_fold_all_rows_at_once_like_row_by_row() -> None:
    columns = [["Élan", "ABC", "x\x1ey", "Straße", ""], ["Dy", "1,234.5", "z", "İ", "ok"]]
    expected = [fold(SEPARATOR.join(cells)) for cells in zip(*columns, strict=True)]
    assert search_texts(columns) == expected  # "\x1e" inside a cell: the row-by-row fallback
    ascii_only = [["Alpha", "BETA"], ["1", "2"]]
    assert search_texts(ascii_only) == ["alpha\x1f1", "beta\x1f2"]
    assert search_texts([[], []]) == [] and search_texts([]) == []


def test_numbers_in_the_c_locale_take_the_fast_path_and_read_as_format_cell() -> None:
    from rePlanner.ui.models import column_ops
    from rePlanner.ui.models.formatting import format_cell

    locale = QLocale.c()
    values = [1234567.891, -0.5, 12.5, None, 0.0, 1e15, 999.9999]
    assert display_texts(locale, "number", values) == [
        format_cell(locale, "number", v) for v in values
    ]
    assert column_ops._fast_formatter(locale, "number") is not None  # grouped like English


def test_screenshot_of_a_search_under_way(qtbot: Any) -> None:
    from pathlib import Path

    page = _page(qtbot)
    page.resize(1280, 800)
    page.set_table(_big())
    _type_now(page, "row 99")
    assert "searching" in page.count_label.text()
    screens = Path("/work/notes/screens6")
    screens.mkdir(parents=True, exist_ok=True)
    QApplication.sendPostedEvents()  # the layout request of the longer count text
    assert page.grab().save(str(screens / "table_searching.png"))
    qtbot.waitUntil(lambda: not page.proxy.searching(), timeout=10_000)
    qtbot.wait(20)
    assert page.grab().save(str(screens / "table_search_done.png"))
    assert page.visible_row_count() == sum(1 for i in range(N) if "row 99" in f"row {i}")
