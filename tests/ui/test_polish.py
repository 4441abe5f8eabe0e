"""The polish sweep's defects, each pinned: numbers grouped in the C locale, days with one
decimal, the dashboard's heat map whole at 1280 x 800, the top-risks summary on one line, the
quota legend inside the chart, no engine import when the dashboard module loads, and no empty
band right of a table without a stretch column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QPoint, QSettings, Qt

from rePlanner.persistence.database import Database, open_database
from rePlanner.services.dashboard import top_risks
from rePlanner.services.tables import TableData
from rePlanner.ui.models.column_ops import display_texts
from rePlanner.ui.models.formatting import format_cell, format_days, two_lines
from rePlanner.ui.views.run_tables import RESULT_COLUMNS
from rePlanner.ui.views.scenario_editor import FlaggedTableModel
from rePlanner.ui.widgets.quota_chart import BarChart, BarValue

SCREENS = Path("/work/notes/screens11")
WAIT = 60_000
C = QLocale.c()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from rePlanner.services.workspace import build_demo

    db = build_demo(str(tmp_path_factory.mktemp("polish") / "demo.sqlite")).db
    yield db
    db.dispose()


# --- formatting ----------------------------------------------------------------------------


def test_the_c_locale_groups_thousands_in_every_numeric_kind() -> None:
    assert format_cell(C, "int", 176288000) == "176,288,000"
    assert format_cell(C, "number", 15740.5) == "15,740.5"
    assert format_cell(C, "share", 12.5) == "1,250.0 %"
    assert format_days(C, 52.4681) == "52.5" and format_days(C, 1234.0) == "1,234.0"


@pytest.mark.parametrize("kind", ["int", "number", "share"])
def test_the_fast_column_formatter_groups_as_format_cell(kind: str) -> None:
    values = [0, 7, 1234, 176288000, -98765] if kind == "int" else [0.5, 1234.5678, 1e7, -2.5]
    assert display_texts(C, kind, values) == [format_cell(C, kind, v) for v in values]
    assert "," in display_texts(C, kind, [10_000_000])[0]


def test_result_tables_show_days_with_one_decimal_and_two_line_headers(qtmodeltester) -> None:
    model = FlaggedTableModel()
    row = ("B1 Norvik", "Bremen", 10.5321, 153.0, 142.4679, 42740, 478688000, "At risk")
    model.set_flagged(TableData(RESULT_COLUMNS, [row], [0]), [True])
    model.setProperty("locale", C)
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[2:5] == [format_days(model.locale(), v) for v in row[2:5]]
    assert texts[4].endswith(".5") and "," in format_cell(C, "int", row[6])
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Shutdown\ndays"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Line"  # text: one line
    assert two_lines("Shutdown days\nEC07 stop 1 year") == "Shutdown days\nEC07 stop 1 year"
    qtmodeltester.check(model)


# --- dashboard -----------------------------------------------------------------------------


def test_importing_the_dashboard_leaves_the_engine_to_its_tasks() -> None:
    code = ("import sys, rePlanner.ui.views.dashboard_page\n"
            "print([m for m in ('rePlanner.services.dashboard', 'rePlanner.services.scenario_run',"
            " 'rePlanner.engine', 'scipy')"
            " if m in sys.modules])\n")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def dashboard_in_window(qtbot: Any, db: Database, tmp_path: Path, size: tuple[int, int]) -> Any:
    from rePlanner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(db, open_database=open_database, settings=settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    page = win.page("dashboard")
    qtbot.waitUntil(lambda: page.heat is not None and page.calendar is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: not page.task_bar.busy and not win.loading(), timeout=WAIT)
    qtbot.wait(100)  # the splitters balance once the layout has settled
    return win, page


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_heat_map_shows_every_column_in_the_window(
    qtbot: Any, demo: Database, tmp_path: Path, size: tuple[int, int]
) -> None:
    win, page = dashboard_in_window(qtbot, demo, tmp_path, size)
    heat = page.heat_map
    assert len(heat.columns) == 9  # Dy ... Tb
    last = heat.cell_rect(len(heat.rows) - 1, len(heat.columns) - 1)
    assert last.right() < heat.width() and last.bottom() < heat.height()
    right = heat.mapTo(win, QPoint(last.right(), 0)).x()
    assert right < page.risk_box.mapTo(win, QPoint(0, 0)).x()  # not under the next panel
    assert heat.width() >= heat.minimumSizeHint().width()
    chart = page.chart  # the quota legend: every entry inside the chart
    assert all(r.right() <= chart.width() for r in chart.legend_rects())
    summary = page.risk_summary  # one line, never clipped; the tooltip has it all
    assert summary.height() >= summary.fontMetrics().height()
    assert summary.toolTip() == summary.text() and "lines at risk" in summary.text()
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert win.grab().save(str(SCREENS / f"polish_test_dashboard_{size[0]}.png"))


def test_top_risks_numbers_are_formatted(qtbot: Any, demo: Database, tmp_path: Path) -> None:
    _win, page = dashboard_in_window(qtbot, demo, tmp_path, (1280, 800))
    model, loc = page.risk_model, page.risk_model.locale()
    expected = top_risks(demo).risks[0]
    days, margin, vehicles = expected.shutdown_days, expected.lost_margin, expected.lost_vehicles
    assert days is not None and margin is not None and vehicles is not None
    col = {c.key: i for i, c in enumerate(model.table().columns)}
    text = {k: model.index(0, i).data() for k, i in col.items()}
    assert text["shutdown_days"] == format_days(loc, days)
    assert text["lost_margin"] == format_cell(loc, "int", round(margin))
    if loc.language() in (QLocale.Language.C, QLocale.Language.English):
        assert text["lost_margin"] == f"{round(margin):,}"  # 176,288,000
        assert text["lost_vehicles"] == f"{round(vehicles):,}"
        assert text["shutdown_days"] == f"{days:,.1f}"
    assert model.headerData(col["lost_margin"], Qt.Orientation.Horizontal) == "Lost\nmargin"


def test_the_quota_legend_wraps_in_a_narrow_chart(qtbot: Any) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    bars = {("2024", "mining"): BarValue(270_000.0), ("2024", "sep"): BarValue(None)}
    chart.set_data(["2024"], [("mining", "Mining"), ("sep", "Separation")], bars,
                   axis_title="thousand tonnes", hatch_label="derived or incomplete",
                   missing_label="not published")  # fmt: skip
    for width in (240, 330, 900):
        chart.resize(width, 260)
        rects = chart.legend_rects()
        assert len(rects) == 4 and all(r.right() <= width for r in rects), width
        lines = len({r.top() for r in rects})
        assert (lines > 1) == (width < 500)
        assert chart._plot().top() >= rects[-1].bottom()  # the bars start under the legend


# --- tables --------------------------------------------------------------------------------


def test_a_table_without_a_stretch_column_fills_the_width(
    qtbot: Any, filled_db: Database, settings: QSettings
) -> None:
    from rePlanner.ui.main_window import MainWindow

    win = MainWindow(filled_db, open_database=open_database, settings=settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.show_page("materials")  # "Material content": no column named to stretch
    qtbot.waitUntil(lambda: not win.loading(), timeout=WAIT)
    page = win.pages["materials"]
    qtbot.waitUntil(lambda: page.visible_row_count() > 0, timeout=WAIT)
    header = page.view.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() >= page.view.viewport().width(), timeout=WAIT)
    assert header.length() == page.view.viewport().width()


def test_scenario_results_show_whole_titles_and_numbers(qtbot: Any, demo: Database) -> None:
    from rePlanner.ui.views.scenarios_page import ScenariosPage

    page = ScenariosPage(demo)
    qtbot.addWidget(page)
    page.resize(1280 - 200, 700)  # the window at 1280 px less the navigation list
    page.show()
    page.select("EC07 stop 90 days")
    with qtbot.waitSignal(page.task_done, timeout=WAIT):
        page.run()
    view, header = page.results_view, page.results_view.horizontalHeader()
    qtbot.wait(50)
    keys = [c.key for c in page.results.table().columns]
    for section, key in enumerate(keys):
        if key != "plant":  # the plant's column gives way (elided, with a tooltip)
            assert header.sectionSize(section) >= header.sectionSizeFromContents(section).width()
            assert header.sectionSize(section) >= view.sizeHintForColumn(section), key
    assert header.length() <= view.viewport().width()  # nothing hidden to the right
    assert not view.horizontalScrollBar().isVisible()
