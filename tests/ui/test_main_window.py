from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from rePlanner.domain.errors import DatabaseOpenError
from rePlanner.persistence.database import Database, open_database
from rePlanner.services import crud
from rePlanner.ui.dialogs.about_dialog import AboutDialog
from rePlanner.ui.main_window import MainWindow
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE
from rePlanner.ui.views.table_page import TablePage

DISPLAY = Qt.ItemDataRole.DisplayRole


def settled(qtbot: Any, win: MainWindow) -> MainWindow:
    """The window once its data has arrived (it opens first, then loads in tasks)."""
    qtbot.waitUntil(lambda: not win.loading(), timeout=10_000)
    return win


@pytest.fixture
def window(qtbot: Any, filled_db: Database, settings: QSettings) -> MainWindow:
    win = MainWindow(filled_db, open_database=open_database, settings=settings)
    qtbot.addWidget(win)
    win.show()
    return settled(qtbot, win)


def open_table(qtbot: Any, win: MainWindow, key: str) -> TablePage:
    """A table page as the user gets it: shown (built on first visit), with its rows."""
    win.show_page(key)
    settled(qtbot, win)
    return win.pages[key]


def _column(page: Any, col: int) -> list[str]:
    proxy = page.proxy
    return [proxy.data(proxy.index(r, col), DISPLAY) for r in range(proxy.rowCount())]


def test_pages_show_every_record(window: MainWindow, qtbot: Any) -> None:
    counts = {key: open_table(qtbot, window, key).visible_row_count()
              for key in ("suppliers", "parts", "policies", "sites")}  # fmt: skip
    assert counts == {"suppliers": 12, "parts": 3, "policies": 2, "sites": 66}
    assert window.pages["suppliers"].count_label.text() == "12 suppliers"
    assert window.stack.count() == window.nav.count() == 8


def test_navigation_switches_pages(window: MainWindow, qtbot: Any) -> None:
    assert "policies" not in window.pages  # built on its first visit
    window.nav.setCurrentRow(window.row_of("policies"))
    assert window.stack.currentIndex() == window.row_of("policies")
    page = window.pages["policies"]
    assert window.current_page() is page and page.isVisible()
    settled(qtbot, window)
    assert page.visible_row_count() == 2


def test_only_the_page_on_screen_is_built_at_start(window: MainWindow) -> None:
    assert set(window.views) == {"dashboard"} and not window.pages
    assert window.current_page() is window.views["dashboard"]


def test_typing_in_the_filter_reduces_rows(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "suppliers")
    qtbot.keyClicks(page.filter_edit, "de")  # country DE, any case
    assert page.visible_row_count() == 4
    assert page.count_label.text() == "4 of 12 suppliers"
    page.filter_edit.clear()
    assert page.visible_row_count() == 12
    parts = open_table(qtbot, window, "parts")
    qtbot.keyClicks(parts.filter_edit, "MOTOR")
    assert sorted(_column(parts, 0)) == ["0042", "7"]


def test_sorting_a_number_column_sorts_numerically(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "suppliers")
    sites = page.model.table().column_index("sites")
    page.view.sortByColumn(sites, Qt.SortOrder.AscendingOrder)
    shown = _column(page, sites)
    assert shown == [str(n) for n in range(12)]
    assert shown.index("9") < shown.index("10")
    page.view.sortByColumn(sites, Qt.SortOrder.DescendingOrder)
    assert _column(page, sites)[:3] == ["11", "10", "9"]


def test_part_numbers_stay_text(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "parts")
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _column(page, 0) == ["0042", "0100", "7"]


def test_status_bar_and_title(window: MainWindow, filled_db: Database, qtbot: Any) -> None:
    assert filled_db.location in window.location_label.text()
    assert window.refdata_label.text() == "No reference data loaded"
    assert window.windowTitle() == f"rePlanner — {Path(filled_db.location).name}"
    assert not window.load_bar.isVisible() and window.load_label.text() == ""
    policies = open_table(qtbot, window, "policies")
    assert policies.count_label.text().startswith("2 policy measures  ·  Status on ")


def test_company_name_and_refdata_date_show(qtbot: Any, db: Database, settings: QSettings) -> None:
    crud.create(db, "supplier", {"name": "X", "country": "DE"})
    with db.session("tester", audit=False) as s:  # app_meta has no editing service yet
        from rePlanner.persistence.models import AppMeta

        s.add_all([AppMeta(key="company_name", value="Acme Cars"),
                   AppMeta(key="refdata_as_of", value="2026-11-20")])  # fmt: skip
    win = MainWindow(db, settings=settings)
    qtbot.addWidget(win)
    assert win.windowTitle() == f"rePlanner — {Path(db.location).name}"  # before the load
    settled(qtbot, win)
    assert win.windowTitle() == "rePlanner — Acme Cars"
    assert win.refdata_label.text() == "Reference data as of 2026-11-20"


def test_f5_refresh_picks_up_new_records(window: MainWindow, qtbot: Any) -> None:
    open_table(qtbot, window, "suppliers")
    crud.create(window.db, "supplier", {"name": "Late Arrival GmbH", "country": "AT"})
    assert window.pages["suppliers"].visible_row_count() == 12
    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    page = window.pages["suppliers"]
    assert page.visible_row_count() == 13
    assert "Late Arrival GmbH" in _column(page, 0)


def test_refresh_keeps_the_filter(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "suppliers")
    qtbot.keyClicks(page.filter_edit, "Supplier 1")
    assert page.visible_row_count() == 2  # 10, 11
    crud.create(window.db, "supplier", {"name": "Supplier 12", "country": "AT"})
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.refresh()  # in a task: the window stays responsive while a big database loads
    assert page.visible_row_count() == 3
    assert page.count_label.text() == "3 of 13 suppliers"


def test_selected_ids_are_database_ids(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "suppliers")
    page.view.selectRow(0)
    ids = page.selected_ids()
    assert ids == [page.proxy.index(0, 0).data(ENTITY_ID_ROLE)]
    name = page.proxy.index(0, 0).data(DISPLAY)
    assert crud.get(window.db, "supplier", ids[0])["name"] == name


def test_about_dialog_opens_without_blocking(window: MainWindow, qtbot: Any) -> None:
    window.about_action.trigger()
    dialog = window.about_dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    text = dialog.text_label.text()
    assert window.db.location in text and "PySide6" in text and "Python" in text
    dialog.reject()
    assert not dialog.isVisible()


def test_open_database_switches_and_reports_errors(
    window: MainWindow, tmp_path: Path, qtbot: Any
) -> None:
    other = open_database(str(tmp_path / "other.sqlite"))
    crud.create(other, "supplier", {"name": "Only One", "country": "JP"})
    other.dispose()
    open_table(qtbot, window, "suppliers")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        assert window.open_database_file(str(tmp_path / "other.sqlite"))
    assert window.pages["suppliers"].visible_row_count() == 1
    assert open_table(qtbot, window, "sites").visible_row_count() == 0  # built after the switch
    assert "other.sqlite" in window.location_label.text()
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_text("this is not SQLite")
    with pytest.raises(DatabaseOpenError):
        open_database(str(bad))
    assert not window.open_database_file(str(bad))
    assert window.error_box is not None and window.error_box.isVisible()
    window.error_box.close()
    assert "other.sqlite" in window.location_label.text()  # still on the working database


def test_settings_remember_page_and_geometry(
    qtbot: Any, filled_db: Database, settings: QSettings
) -> None:
    first = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(640, 480)  # within the offscreen screen, which restoreGeometry clamps to
    open_table(qtbot, first, "parts").view.horizontalHeader().resizeSection(0, 133)
    first.close()
    second = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(second)
    assert second.nav.currentRow() == second.row_of("parts")
    assert second.current_page() is second.pages["parts"]
    assert (second.width(), second.height()) == (640, 480)
    settled(qtbot, second)
    assert second.pages["parts"].view.horizontalHeader().sectionSize(0) == 133


def test_default_size_is_1280_by_800(qtbot: Any, filled_db: Database, settings: QSettings) -> None:
    win = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(win)
    assert (win.width(), win.height()) == (1280, 800)


def test_no_table_widget_anywhere(window: MainWindow) -> None:
    from PySide6.QtWidgets import QTableWidget

    assert not window.findChildren(QTableWidget)


def test_spare_width_goes_to_the_text_column(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "suppliers")
    header = page.view.horizontalHeader()
    qtbot.waitUntil(lambda: abs(header.length() - page.view.viewport().width()) <= 2)
    name = page.model.table().column_index("name")
    last = header.count() - 1
    assert header.sectionSize(last) < 200  # numbers stay beside their neighbours
    assert abs(header.length() - page.view.viewport().width()) <= 2  # no gap at the right
    fitted = header.sectionSize(name)
    window.resize(window.width() - 200, window.height())
    qtbot.waitUntil(lambda: header.sectionSize(name) < fitted)


def test_filter_matches_the_worded_status(window: MainWindow, qtbot: Any) -> None:
    page = open_table(qtbot, window, "policies")
    qtbot.keyClicks(page.filter_edit, "lapsed")  # displayed text, not the stored value
    assert _column(page, 0) == ["EC14"]


def test_columns_can_be_hidden_and_stay_hidden(
    window: MainWindow, qtbot: Any, filled_db: Database, settings: QSettings
) -> None:
    page = open_table(qtbot, window, "policies")
    source = page.model.table().column_index("source_url")
    actions = page.column_menu().actions()
    assert [a.text() for a in actions][:3] == ["Code", "Title", "Status"]
    actions[source].setChecked(False)
    assert page.view.horizontalHeader().isSectionHidden(source)
    window.close()
    again = settled(qtbot, MainWindow(filled_db, settings=settings))  # reopens on policies
    qtbot.addWidget(again)
    assert again.pages["policies"].view.horizontalHeader().isSectionHidden(source)


def test_big_tables_filter_after_a_typing_pause(qtbot: Any) -> None:
    from rePlanner.services.tables import Column, TableData
    from rePlanner.ui.views.table_page import TablePage

    page = TablePage("rows")
    qtbot.addWidget(page)
    rows = [(f"row {i}", i) for i in range(15_000)]
    page.set_table(TableData([Column("name", "Name"), Column("n", "N", "int")], rows,
                             list(range(15_000))))  # fmt: skip
    page.filter_edit.setText("row 1234")
    assert page.visible_row_count() == 15_000  # not yet: the user may still be typing
    qtbot.waitUntil(lambda: page.visible_row_count() == 11)  # 1234 and 12340..12349
    assert page.count_label.text().startswith("11 of 15")


def test_widths_saved_for_other_columns_are_ignored(
    qtbot: Any, filled_db: Database, settings: QSettings
) -> None:
    first = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(first)
    open_table(qtbot, first, "parts").view.horizontalHeader().resizeSection(0, 133)
    first.close()
    keys = [c.key for c in first.pages["parts"].model.table().columns]
    assert settings.value("tables/parts/columns") == ",".join(keys)
    settings.setValue("tables/parts/columns", "part_number,an_old_column")  # an older version
    second = settled(qtbot, MainWindow(filled_db, settings=settings))
    qtbot.addWidget(second)
    assert second.pages["parts"].view.horizontalHeader().sectionSize(0) != 133


def test_tables_never_shown_keep_their_saved_widths(
    qtbot: Any, filled_db: Database, settings: QSettings
) -> None:
    first = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(first)
    open_table(qtbot, first, "parts").view.horizontalHeader().resizeSection(0, 133)
    first.close()
    saved = settings.value("tables/parts/header")
    settings.setValue("main_window/page_key", "dashboard")
    second = settled(qtbot, MainWindow(filled_db, settings=settings))
    qtbot.addWidget(second)
    second.show_page("dashboard")  # parts is never shown in this session
    second.close()
    assert "parts" not in second.pages
    assert settings.value("tables/parts/header") == saved


def test_policies_page_shows_the_end_date_and_ended_state(
    qtbot: Any, filled_db: Database, settings: QSettings
) -> None:
    from datetime import date, timedelta

    yesterday = date.today() - timedelta(days=1)  # the window shows status as of today
    crud.create(filled_db, "policy measure", {
        "code": "EC20", "kind": "suspension", "title": "An expired suspension",
        "date_effective": date(2025, 11, 7), "date_ends": yesterday,
    })  # fmt: skip
    win = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(win)
    page = open_table(qtbot, win, "policies")
    table = page.model.table()
    ends = table.column_index("date_ends")
    assert ends == table.column_index("suspended_until") + 1
    header = page.model.headerData(ends, Qt.Orientation.Horizontal, DISPLAY)
    assert header == "Ends"
    tip = page.model.headerData(ends, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "stops applying" in tip
    codes = _column(page, table.column_index("code"))
    row = codes.index("EC20")
    assert _column(page, table.column_index("status"))[row] == "Ended"
    assert _column(page, ends)[row] == yesterday.isoformat()
    assert _column(page, table.column_index("status"))[codes.index("EC14")] == (
        "Suspension lapsed: check"
    )


def test_dashboard_click_through_opens_the_page_that_explains(
    window: MainWindow, qtbot: Any
) -> None:
    window.open_detail("measure", "EC14")
    assert window.current_page() is window.pages["policies"]
    assert window.pages["policies"].filter_edit.text() == "EC14"
    settled(qtbot, window)
    assert _column(window.pages["policies"], 0) == ["EC14"]  # the filter applies to the rows
    window.page("alternatives").refresh()
    window.open_detail("line", "nope")  # an unknown line leaves the choice alone
    assert window.current_page() is window.views["alternatives"]
    assert window.views["alternatives"].target().keys() <= {"line"}


def test_every_workflow_page_is_in_the_navigation(window: MainWindow) -> None:
    titles = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert titles == ["Dashboard", "Suppliers & sites", "Parts & materials", "BOMs",
                      "Policies & quotas", "Scenarios & what-if", "Alternatives", "Reports"]  # fmt: skip
    for key in ("dashboard", "boms", "scenarios", "alternatives"):
        window.show_page(key)
        assert window.stack.currentWidget().widget() is window.views[key]  # in a scroll area


def test_dropping_a_workbook_opens_the_import_wizard(window: MainWindow, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    book = tmp_path / "bom.xlsx"
    wb = Workbook()
    wb.active.append(["Part number", "Quantity"])
    wb.save(book)
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(tmp_path / "notes.txt.pdf")), QUrl.fromLocalFile(str(book))]
    )
    event = QDropEvent(QPointF(QPoint(10, 10)), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(event)
    assert window.import_wizard is not None and window.import_wizard.isVisible()
    window.import_wizard.reject()


def test_import_is_ctrl_o_and_edit_menu_follows_the_page(window: MainWindow, qtbot: Any) -> None:
    assert window.import_action.shortcut().toString() == "Ctrl+O"
    window.import_action.trigger()
    assert window.import_wizard is not None and window.import_wizard.isVisible()
    window.import_wizard.reject()
    open_table(qtbot, window, "suppliers")
    window._fill_edit_menu()
    texts = [a.text() for a in window.edit_menu.actions() if a.text()]
    assert window.pages["suppliers"].undo_action.text() in texts
    window.show_page("dashboard")
    window._fill_edit_menu()
    assert not window.edit_menu.actions()[0].isEnabled()


def test_settings_and_recent_databases_are_in_the_file_menu(
    window: MainWindow, tmp_path: Path, qtbot: Any
) -> None:
    location = str(window._overview.get("location"))
    assert window.recent.paths()[0] == location  # the database in use is remembered
    dialog = window.open_settings()
    assert dialog.isVisible()
    other = tmp_path / "other.sqlite"
    open_database(str(other), create=True).dispose()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        dialog.database_chosen.emit(str(other))  # what "Use this database" does
    assert "other.sqlite" in window.location_label.text()
    assert window.recent.paths()[:2] == [str(other), location]


def test_switching_database_keeps_typed_work(
    window: MainWindow, qtbot: Any, filled_db: Database, tmp_path: Path, monkeypatch: Any
) -> None:
    other = tmp_path / "other.sqlite"
    open_database(str(other), create=True).dispose()
    # a cell still being typed in is saved to the database it was typed for
    page = open_table(qtbot, window, "suppliers")
    index = page.proxy.index(0, page.model.table().column_index("country"))
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = page.view.indexWidget(index) or page.view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "NL")
    supplier = page.proxy.data(index, ENTITY_ID_ROLE)
    # unsaved scenario edits: refusing to discard them keeps the current database
    scenarios = window.page("scenarios")
    monkeypatch.setattr(scenarios, "has_unsaved_changes", lambda: True)
    monkeypatch.setattr(window, "_discard_ok", lambda: False)
    assert not window.open_database_file(str(other))
    assert crud.get(filled_db, "supplier", supplier)["country"] == "NL"
    assert "other.sqlite" not in window.location_label.text()
    monkeypatch.setattr(window, "_discard_ok", lambda: True)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        assert window.open_database_file(str(other))
    assert "other.sqlite" in window.location_label.text()


def test_every_record_kind_has_a_table_and_a_form(window: MainWindow, qtbot: Any) -> None:
    for key in ("sites", "nodes", "links", "lines", "materials", "candidates"):
        assert open_table(qtbot, window, key) is window.current_page()
        assert window.pages[key].model.table().entity  # editable through the services
    window.show_page("sites")
    form = window.open_form(new=True)
    assert form is not None and form.isVisible()
    form.reject()
    assert window.open_form() is None  # nothing selected: it says so in the status bar


def test_tab_titles_show_an_ampersand_not_a_mnemonic(window: MainWindow) -> None:
    window.show_page("nodes")
    tabs = window.tabs["suppliers"]
    title = tabs.tabText(tabs.currentIndex())
    assert window.current_page() is window.pages["nodes"]
    assert title == "Supply nodes && stock"  # Qt shows "&&" as "&"; a single "&" underlines
