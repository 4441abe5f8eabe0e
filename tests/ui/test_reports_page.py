"""The Reports page builds the report in the background, shows it, saves, exports and prints."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest

from rePlanner.services.workspace import build_demo
from rePlanner.ui.report_print import new_printer, print_task
from rePlanner.ui.views.reports_page import ReportsPage

SCENARIO = "EC07 stop 90 days"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "demo.sqlite"
    build_demo(str(path), force=False, keep_existing=False).db.dispose()
    return path


@pytest.fixture
def page(qtbot, demo_path):
    from rePlanner.persistence.database import open_database

    db = open_database(str(demo_path))
    p = ReportsPage(db)
    qtbot.addWidget(p)
    p.alternatives.setChecked(False)
    p.heat.setChecked(False)
    p.draws.setValue(0)
    yield p
    p.bar.cancel()
    db.dispose()


def _choose(page, scope: str, scenario: str) -> None:
    page.scope.setCurrentIndex(page.scope.findText(scope))
    page.scenario.setCurrentIndex(page.scenario.findText(scenario))


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def test_lists_scopes_and_scenarios(page):
    scopes = [page.scope.itemText(i) for i in range(page.scope.count())]
    assert scopes[0] == "Whole company"
    assert {"Plant Bremen", "Line B1 Norvik", "Program Norvik EV"} <= set(scopes)
    assert page.scenario.findText(SCENARIO) >= 0
    assert not page.print_button.isEnabled()  # nothing built yet


def test_build_shows_the_report_and_saves_it(page, qtbot, tmp_path):
    _choose(page, "Plant Bremen", SCENARIO)
    with qtbot.waitSignals([page.report_ready, page.task_done], timeout=60_000):
        qtbot.mouseClick(page.build_button, qtbot_button())
    built = page.built
    assert [r["line"] for r in built.data.lines] == ["B1 Norvik", "B2 Vela", "B3 Kestrel"]
    assert page.document.pageCount() == page.pages > 3
    assert page.print_button.isEnabled() and page.pdf_button.isEnabled()
    assert f"{page.pages} pages" in page.status.text()
    out = tmp_path / "r.pdf"
    page.save_pdf_to(str(out))
    text = _text(out)
    assert "Plant Bremen" in text and SCENARIO in text
    assert "Line B1 Norvik" in text and "Line O2 Odra e" not in text
    with qtbot.waitSignal(page.task_done, timeout=30_000):
        page.export_excel_to(str(tmp_path / "r.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    lines = [r[0] for r in book["Lines"].iter_rows(min_row=4, values_only=True)]
    assert lines == ["B1 Norvik", "B2 Vela", "B3 Kestrel"]
    page.resize(1280, 800)
    page.grab().save("/tmp/reports_page.png")


def test_printing_runs_in_a_task_to_the_chosen_printer(page, qtbot, tmp_path):
    _choose(page, "Line B3 Kestrel", SCENARIO)
    with qtbot.waitSignals([page.report_ready, page.task_done], timeout=60_000):
        page.build()
    printer = new_printer(page.built.report)
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    task = print_task(page.built.report, printer)
    with qtbot.waitSignal(task.signals.finished, timeout=30_000) as got:
        page.bar.run(task)
    assert got.args[0].pages == page.pages
    assert "Line B3 Kestrel" in _text(tmp_path / "printed.pdf")


def test_cancel_builds_nothing(page, qtbot):
    _choose(page, "Whole company", SCENARIO)
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        page.build()
        page.bar.cancel()
    assert page.built is None and not page.print_button.isEnabled()
    assert "Cancelled" in page.status.text()


def test_a_failed_build_says_why(page, qtbot, tmp_path):
    from rePlanner.services import crud
    from rePlanner.services.scenario import get_scenario

    _choose(page, "Whole company", SCENARIO)
    page.scenario.setItemData(page.scenario.currentIndex(), "No such scenario")
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        page.build()
    assert page.built is None
    assert "No such scenario" in page.status.text()
    assert get_scenario(page.db, SCENARIO) and crud  # the real one is untouched


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_ctrl_p_anywhere_builds_then_prints(qtbot, demo_path, settings, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrintDialog

    from rePlanner.persistence.database import open_database
    from rePlanner.ui.main_window import MainWindow

    db = open_database(str(demo_path))
    win = MainWindow(db, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.loading(), timeout=10_000)
    win.show_page("dashboard")
    win.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(win.isActiveWindow, timeout=5_000)
    reports = win.page("reports")
    for box in (reports.alternatives, reports.heat):
        box.setChecked(False)
    reports.draws.setValue(0)
    with qtbot.waitSignal(reports.report_ready, timeout=60_000):
        qtbot.keyClick(win, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert win.current_key() == "reports"
    qtbot.waitUntil(lambda: isinstance(getattr(reports, "_dialog", None), QPrintDialog)
                    and reports._dialog.isVisible(), timeout=10_000)  # fmt: skip
    from PySide6.QtWidgets import QLineEdit

    printer = reports._dialog.printer()  # the user types a file to print to, then OK
    names = [e for e in reports._dialog.findChildren(QLineEdit) if e.objectName() == "filename"]
    names[0].setText(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(reports.bar.busy_changed, timeout=5_000):
        reports._dialog.accept()  # the printing runs as a task
    qtbot.waitUntil(lambda: not reports.bar.busy, timeout=30_000)
    out = printer.outputFileName()  # the dialog applies its own choice of file on OK
    assert f"Page {reports.pages} of {reports.pages}" in _text(out)
    win.stop_tasks()
    db.dispose()


def _built(page, qtbot, scope="Line B3 Kestrel"):
    _choose(page, scope, SCENARIO)
    with qtbot.waitSignals([page.report_ready, page.task_done], timeout=60_000):
        page.build()


def test_a_failed_print_says_why(page, qtbot, tmp_path):
    _built(page, qtbot)
    printer = new_printer(page.built.report)
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path))  # a folder: the painter cannot start
    with qtbot.waitSignal(page.task_done, timeout=30_000):
        page._start_print(print_task(page.built.report, printer))
    assert page.status.text().startswith("Not printed") and "b00020" in page.status.styleSheet()


def test_print_after_the_data_changed_builds_again_first(page, qtbot):
    _built(page, qtbot)
    first = page.built
    page.refresh()  # what the window does after an edit, an import or F5
    assert page.stale and "may have changed" in page.status.text()
    with qtbot.waitSignal(page.report_ready, timeout=60_000) as got:
        page.request("preview")
    assert got.args[0] is not first and not page.stale
    qtbot.waitUntil(lambda: getattr(page, "_dialog", None) is not None, timeout=10_000)
    page._dialog.reject()


def test_a_cancelled_rebuild_keeps_the_report_on_show(page, qtbot, tmp_path):
    _built(page, qtbot)
    shown, pages = page.built, page.document.pageCount()
    with qtbot.waitSignal(page.task_done, timeout=60_000):
        page.build()
        page.bar.cancel()
    assert page.built is shown and page.document.pageCount() == pages > 0
    assert page.print_button.isEnabled() and "unchanged" in page.status.text()
    page.save_pdf_to(str(tmp_path / "kept.pdf"))
    assert "Line B3 Kestrel" in _text(tmp_path / "kept.pdf")


def test_an_error_then_a_success_is_not_shown_in_red(page, qtbot, tmp_path):
    _built(page, qtbot)
    page.save_pdf_to(str(tmp_path))  # a folder
    assert "b00020" in page.status.styleSheet()
    page.save_pdf_to(str(tmp_path / "ok.pdf"))
    assert page.status.text().startswith("Saved") and page.status.styleSheet() == ""


def test_mnemonics_are_unique_and_clear_of_the_menus(page):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    keys = []
    for w in page.findChildren(QAbstractButton) + page.findChildren(QLabel):
        text = w.text()
        if "&" in text.replace("&&", ""):
            keys.append(text[text.index("&") + 1].lower())
    assert len(keys) == len(set(keys)) >= 8, keys
    assert not set(keys) & set("fevh")  # File, Edit, View, Help


def test_preview_dialogs_do_not_pile_up(page, qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    _built(page, qtbot)
    for _ in range(3):
        page.preview()
        page._dialog.close()
    qtbot.waitUntil(lambda: not page.findChildren(QPrintPreviewDialog), timeout=5_000)


def test_a_scenario_saved_on_the_scenarios_page_is_listed_on_reports(qtbot, demo_path, settings,
                                                                      tmp_path):  # fmt: skip
    import shutil

    from rePlanner.persistence.database import open_database
    from rePlanner.ui.main_window import MainWindow

    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_path, copy)
    db = open_database(str(copy))
    win = MainWindow(db, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.loading(), timeout=10_000)
    win.show_page("reports")
    assert win.page("reports").scenario.findText("My new what-if") < 0
    win.show_page("scenarios")
    scenarios = win.page("scenarios")
    scenarios.select(SCENARIO)
    with qtbot.waitSignal(scenarios.scenario_saved, timeout=5_000):
        assert scenarios._save("My new what-if", replace=False)
    win.show_page("reports")
    assert win.page("reports").scenario.findText("My new what-if") >= 0
    win.stop_tasks()
    db.dispose()


def test_codes_stay_codes():
    from rePlanner.ui.models.formatting import enum_label

    assert [enum_label(v) for v in ("BEV", "PHEV", "export_control", "in_progress")] == [
        "BEV", "PHEV", "Export control", "In progress"]  # fmt: skip
