"""Scenarios page extras driven as a user would: the Monte Carlo histogram, scenarios side by
side, and "Export to Excel…" on every table, against the demo database."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

import rePlanner.services.scenario_run as service
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.montecarlo import run_montecarlo
from rePlanner.services.scenario import save_scenario, scenario_results
from rePlanner.services.scenario_run import run_saved_scenario
from rePlanner.services.workspace import build_demo
from rePlanner.ui.models.record_table_model import SORT_ROLE
from rePlanner.ui.views.scenario_compare import compare_table
from rePlanner.ui.views.scenario_editor import RISK_BACKGROUND
from rePlanner.ui.views.scenarios_page import ScenariosPage
from rePlanner.ui.widgets.histogram import Histogram, histogram_data

SCREENS = Path("/work/notes/screens6")
NINETY, YEAR, SLOW = "EC07 stop 90 days", "EC07 stop 1 year", "EC07 slow licences"
TIMEOUT = 60_000
METRICS = ("shutdown_days", "lost_vehicles", "lost_margin")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = build_demo(str(tmp_path_factory.mktemp("demo") / "demo.sqlite")).db
    yield db
    db.dispose()


def make_page(qtbot, db: Database) -> ScenariosPage:
    page = ScenariosPage(db)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


@pytest.fixture
def page(qtbot, demo: Database) -> ScenariosPage:
    return make_page(qtbot, demo)


def choose(qtbot, page: ScenariosPage, name: str) -> None:
    item = page.scenario_list.findItems(name, Qt.MatchFlag.MatchExactly)[0]
    rect = page.scenario_list.visualItemRect(item)
    qtbot.mouseClick(page.scenario_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_name() == name


def save_screen(page: ScenariosPage, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(SCREENS / name))


def export_through_dialog(qtbot, button, path: Path) -> None:
    """Click "Export to Excel…", pick the file in the (non-blocking) dialog."""
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = button.dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    dialog.fileSelected.emit(str(path))  # what the dialog sends when the user clicks Save
    dialog.close()


def sheet_rows(path: Path, header_row: int) -> tuple[list, list[list]]:
    sheet = load_workbook(path).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header_row)]
    return rows[0], rows[1:]


def model_rows(view) -> list[list]:
    """The table as shown (sorted or not): the raw value behind each cell."""
    m = view.model()
    return [[m.index(r, c).data(SORT_ROLE) for c in range(m.columnCount())]
            for r in range(m.rowCount())]  # fmt: skip


def same(cell, value) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        return cell in (None, "never")  # a blank on screen is empty (or its word) in Excel
    if isinstance(value, int | float) and not isinstance(value, bool):
        return isinstance(cell, int | float) and cell == pytest.approx(value)
    return cell == value


# --- Monte Carlo histogram -------------------------------------------------------------------


def test_histogram_data_counts_every_finite_value_and_numpy_percentiles() -> None:
    values = [0.0, 3.0, 3.5, 10.0, 250.0, math.inf, math.nan, 42.0, 42.0]
    d = histogram_data(values)
    finite = [v for v in values if math.isfinite(v)]
    assert d.total == len(finite) and d.skipped == 2
    assert d.edges[0] <= min(finite) and d.edges[-1] >= max(finite)
    assert len(d.edges) == len(d.counts) + 1
    assert (d.p50, d.p90) == tuple(np.percentile(finite, [50, 90]))
    assert histogram_data([5.0] * 7).counts == [7]  # one value: one bar holding all
    assert histogram_data([math.inf]).counts == [] and histogram_data([]).p50 is None


def test_monte_carlo_chart_shows_the_selected_lines_draws(qtbot, page, demo):
    choose(qtbot, page, NINETY)
    page.tabs.setCurrentWidget(page.mc_panel)
    page.draws.setValue(60)
    page.seed.setValue(7)
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        qtbot.mouseClick(page.mc_button, Qt.MouseButton.LeftButton)
    expected = run_montecarlo(demo, NINETY, 60, 7, per_draw=True)
    node = {x["line"]: x["node"] for x in expected.lines}
    chart, hist = page.mc_panel.chart, page.mc_panel.chart.histogram
    worst = max(expected.lines, key=lambda x: x["lost_margin_p90"])["line"]
    assert chart.group_box.currentText() == worst  # the riskiest line is charted first
    assert chart.measure_box.currentData() == "lost_margin"
    margin = expected.per_draw[node[worst]]["lost_margin"]
    assert sum(hist.data.counts) == 60 == len(margin) and hist.data.skipped == 0
    assert hist.data.p50 == pytest.approx(np.percentile(margin, 50))
    assert hist.data.p90 == pytest.approx(np.percentile(margin, 90))
    mc_row = next(x for x in expected.lines if x["line"] == worst)
    assert hist.data.p90 == pytest.approx(mc_row["lost_margin_p90"])  # = the table's P90
    assert worst in hist.title and "P90" in hist.note()
    # a click on another line in the table charts that line; the combo switches the measure
    view = page.mc_panel.view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == "O2 Odra e")  # fmt: skip
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chart.group_box.currentText() == "O2 Odra e"
    chart.measure_box.setCurrentIndex(chart.measure_box.findData("shutdown_days"))
    days = expected.per_draw[node["O2 Odra e"]]["shutdown_days"]
    assert sum(hist.data.counts) == 60
    assert (hist.data.p50, hist.data.p90) == pytest.approx(tuple(np.percentile(days, [50, 90])))
    assert "Shutdown days" in hist.title
    chart.measure_box.setCurrentIndex(chart.measure_box.findData("lost_margin"))
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == worst)  # fmt: skip
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chart.group_box.currentText() == worst
    ticks = hist._y_ticks()
    assert all(float(t).is_integer() for t in ticks) and ticks[-1] >= max(hist.data.counts)
    save_screen(page, "scenarios_mc_chart.png")


def test_histogram_says_what_a_bar_holds(qtbot) -> None:
    hist = Histogram()
    qtbot.addWidget(hist)
    hist.resize(600, 340)
    data = hist.set_values([1.0, 2.0, 2.5, 9.0], title="t", x_label="x")
    bar = max(range(len(data.counts)), key=lambda i: data.counts[i])
    centre = hist.bar_rect(bar).center().toPoint()
    assert hist.bar_at(centre) == bar and hist.bar_at(QPoint(1, 1)) is None
    assert f"{data.counts[bar]} of 4 draws" in hist.bar_tip(bar)
    assert not hist.grab().isNull()


def test_cancelled_monte_carlo_leaves_no_chart(qtbot, page) -> None:
    choose(qtbot, page, NINETY)
    page.draws.setValue(200)
    task = page.run_montecarlo()
    task.cancel()  # the user clicks Cancel at once
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        pass
    assert page.mc.rowCount() == 0 and not page.mc_panel.chart.histogram.data.counts
    assert not page.bar.busy and page.mc_button.isEnabled()


# --- side by side ----------------------------------------------------------------------------


def test_compare_two_scenarios_equals_the_runs_and_stores_nothing(qtbot, page, demo, qtmodeltester):
    page.tabs.setCurrentWidget(page.compare)
    c = page.compare
    before = {n: len(scenario_results(demo, n)) for n in (NINETY, YEAR)}
    c.tick(NINETY)
    assert not c.compare_button.isEnabled()  # one scenario is no comparison
    c.tick(YEAR)
    assert c.compare_button.isEnabled()
    with qtbot.waitSignal(c.compared, timeout=TIMEOUT):
        qtbot.mouseClick(c.compare_button, Qt.MouseButton.LeftButton)
    names = [r.name for r in c.runs]  # in the list's order
    assert sorted(names) == sorted([NINETY, YEAR])
    runs = [run_saved_scenario(demo, n, store=False).results["lines"] for n in names]
    m = c.model
    head = m.headerData(2, Qt.Orientation.Horizontal)
    assert head.startswith("Shutdown days\n") and head[14:].replace("\n", " ") == names[0]
    assert m.rowCount() == len(runs[0]) + 1 and m.columnCount() == 2 + 3 * 2
    for r, x in enumerate(runs[0]):
        assert m.index(r, 0).data() == x["line"]
        for k, key in enumerate(METRICS):
            for i, lines in enumerate(runs):
                got = m.index(r, 2 + 2 * k + i).data(SORT_ROLE)
                want = lines[r][key] if key == "shutdown_days" else round(lines[r][key])
                assert got == pytest.approx(want), (x["line"], key, i)
    total = m.rowCount() - 1
    assert m.index(total, 0).data() == "Total"
    assert m.index(total, 7).data(SORT_ROLE) == sum(round(x["lost_margin"]) for x in runs[1])
    vela = next(r for r, x in enumerate(runs[0]) if x["line"] == "B2 Vela")  # 0 vs > 0
    red, year = Qt.ItemDataRole.BackgroundRole, 6 + names.index(YEAR)
    assert m.index(vela, year).data(red) == RISK_BACKGROUND
    assert m.index(vela, 13 - year).data(red) is None  # the other scenario's cell
    assert m.index(total, year).data(red) == RISK_BACKGROUND
    same_row = next(r for r, x in enumerate(runs[0]) if x["line"] == "S1 Brazos EV")  # 0 vs 0
    assert all(m.index(same_row, col).data(red) is None for col in range(2, 8))
    assert {n: len(scenario_results(demo, n)) for n in (NINETY, YEAR)} == before
    qtmodeltester.check(m)
    save_screen(page, "scenarios_compare.png")


def test_compare_table_counts_an_unknown_loss_as_the_worse() -> None:
    class Run:
        def __init__(self, name, margin):
            self.name = name
            self.results = {"lines": [{"node": "P / L", "line": "L", "plant": "P",
                                       "shutdown_days": 5.0, "lost_vehicles": 10.0,
                                       "lost_margin": margin}]}  # fmt: skip

    table, worse = compare_table([Run("a", 100.0), Run("b", None)])
    assert table.rows[0] == ("L", "P", 5.0, 5.0, 10, 10, 100, None)
    assert table.rows[1][-2:] == (100, None)  # the total is unknown when a line's is
    assert worse == {(0, 7), (1, 7)}  # equal values are not highlighted


def test_at_most_four_and_cancel_stores_nothing(qtbot, page, demo, monkeypatch):
    for n in ("Compare extra A", "Compare extra B"):
        save_scenario(demo, n, ScenarioInputs(measures=("EC07",), duration_days=30))
    page.refresh()
    c = page.compare
    c.tick(NINETY, YEAR, SLOW, "Compare extra A")
    c.tick("Compare extra B")  # the fifth is refused and said
    assert len(c.ticked()) == 4 and "At most 4" in c.message.text()
    started, release = threading.Event(), threading.Event()
    real = service.run_saved_scenario

    def slow(db, name, store=True, progress=None):
        started.set()
        release.wait(10)
        return real(db, name, store=store, progress=progress)

    monkeypatch.setattr(service, "run_saved_scenario", slow)
    before = {n: len(scenario_results(demo, n)) for n in c.ticked()}
    c.compare()
    assert started.wait(10) and page.bar.busy and not c.compare_button.isEnabled()
    qtbot.mouseClick(page.bar.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        release.set()
    assert c.model.rowCount() == 0 and "cancelled" in c.message.text()
    assert {n: len(scenario_results(demo, n)) for n in c.ticked()} == before
    assert c.compare_button.isEnabled()


# --- export to Excel -------------------------------------------------------------------------


def test_results_export_has_the_tables_values_in_the_order_shown(qtbot, page, tmp_path):
    choose(qtbot, page, NINETY)
    assert not page.results_export.isEnabled()  # nothing to export yet
    with qtbot.waitSignal(page.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    view = page.results_view
    view.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # by lost margin, as a user would
    path = tmp_path / "results.xlsx"
    export_through_dialog(qtbot, page.results_export, path)
    assert path.exists() and "Exported to" in page.summary.text()
    header, rows = sheet_rows(path, 3)
    assert header == [page.results.column(c).title for c in range(8)]
    shown = model_rows(view)
    assert [r[0] for r in rows] == [r[0] for r in shown]  # sorted as on screen
    assert all(same(cell, v) for row, want in zip(rows, shown, strict=True)
               for cell, v in zip(row, want, strict=True))  # fmt: skip
    sheet = load_workbook(path).worksheets[0]
    assert sheet.freeze_panes == "A4" and sheet["A1"].value == f"Results: {NINETY}"


def test_monte_carlo_and_compare_exports(qtbot, page, tmp_path):
    choose(qtbot, page, NINETY)
    page.draws.setValue(20)
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        page.run_montecarlo()
    path = tmp_path / "mc.xlsx"
    assert page.mc_panel.export_button.export_to(str(path))
    header, rows = sheet_rows(path, 3)
    assert header[2] == "P(shutdown)" and len(rows) == page.mc.rowCount()
    assert all(same(cell, v) for row, want in zip(rows, model_rows(page.mc_panel.view),
                                                  strict=True)
               for cell, v in zip(row, want, strict=True))  # fmt: skip
    c = page.compare
    c.tick(NINETY, SLOW)
    with qtbot.waitSignal(c.compared, timeout=TIMEOUT):
        c.compare()
    path = tmp_path / "compare.xlsx"
    export_through_dialog(qtbot, c.export_button, path)
    header, rows = sheet_rows(path, 3)
    assert header[2] == c.model.headerData(2, Qt.Orientation.Horizontal)
    assert header[2].replace("\n", " ") == f"Shutdown days {c.runs[0].name}"
    assert rows[-1][0] == "Total"
    assert all(same(cell, v) for row, want in zip(rows, model_rows(c.view), strict=True)
               for cell, v in zip(row, want, strict=True))  # fmt: skip
    assert load_workbook(path).worksheets[0].freeze_panes == "A4"


def test_a_formula_like_line_name_is_neutralised(qtbot, tmp_path):
    db = build_demo(str(tmp_path / "cmd.sqlite")).db
    try:
        line = next(r for r in crud.find(db, "production line") if r["name"] == "B1 Norvik")
        crud.update(db, "production line", line["id"], {"name": "=cmd"})
        page = make_page(qtbot, db)
        choose(qtbot, page, NINETY)
        with qtbot.waitSignal(page.run_finished, timeout=TIMEOUT):
            page.run()
        assert page.results.index(0, 0).data() == "=cmd"
        path = tmp_path / "cmd.xlsx"
        assert page.results_export.export_to(str(path))
        cell = load_workbook(path).worksheets[0]["A4"]
        assert cell.value == "'=cmd" and cell.data_type == "s"  # text, never a formula
    finally:
        db.dispose()


def test_a_failed_export_is_said_in_red(qtbot, page, tmp_path):
    choose(qtbot, page, NINETY)
    with qtbot.waitSignal(page.run_finished, timeout=TIMEOUT):
        page.run()
    assert not page.results_export.export_to(str(tmp_path / "no" / "such" / "t.xlsx"))
    assert "does not exist" in page.summary.text() and "d03030" in page.summary.styleSheet()
