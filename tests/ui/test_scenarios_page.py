"""The Scenarios & what-if page driven as a user would, against the demo database."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

import rePlanner.services.scenario_run as service
from rePlanner.persistence.database import Database
from rePlanner.services.scenario import get_scenario, scenario_results
from rePlanner.services.scenario_run import run_saved_scenario
from rePlanner.services.whatif import goal_seek, what_if_table
from rePlanner.services.workspace import build_demo
from rePlanner.ui.models.record_table_model import SORT_ROLE
from rePlanner.ui.views.scenario_editor import RISK_BACKGROUND, SAFE_BACKGROUND
from rePlanner.ui.views.scenarios_page import ScenariosPage
from rePlanner.ui.views.whatif_panel import seek_text

SCREENS = Path("/work/notes/screens6")
NINETY = "EC07 stop 90 days"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = build_demo(str(tmp_path_factory.mktemp("demo") / "demo.sqlite")).db
    yield db
    db.dispose()


@pytest.fixture
def page(qtbot, demo: Database) -> ScenariosPage:
    p = ScenariosPage(demo)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    return p


def choose(qtbot, page: ScenariosPage, name: str) -> None:
    item = page.scenario_list.findItems(name, Qt.MatchFlag.MatchExactly)[0]
    rect = page.scenario_list.visualItemRect(item)
    qtbot.mouseClick(page.scenario_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_name() == name


def cells(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def save_screen(page: ScenariosPage, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(SCREENS / name))


def test_lists_the_saved_scenarios_and_shows_their_inputs(qtbot, page, demo):
    names = [page.scenario_list.item(i).text() for i in range(page.scenario_list.count())]
    assert {NINETY, "EC07 stop 1 year", "EC07 slow licences"} <= set(names)
    choose(qtbot, page, "EC07 slow licences")
    info = get_scenario(demo, "EC07 slow licences")
    assert page.editor.editors["measures"].text() == "EC07"
    assert page.editor.editors["duration_days"].text() == ""  # open-ended
    assert page.editor.inputs() == info.inputs  # the form reads back exactly what was saved


def test_run_shows_the_services_lines_and_stores_one_result(qtbot, page, demo, qtmodeltester):
    choose(qtbot, page, NINETY)
    before = len(scenario_results(demo, NINETY))
    with qtbot.waitSignal(page.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.bar.busy)
    expected = run_saved_scenario(demo, NINETY, store=False).results["lines"]
    model = page.results
    assert cells(page.results_view.model(), 0) == [x["line"] for x in expected]  # as shown
    shutdown = [model.index(r, 4).data(SORT_ROLE) for r in range(len(expected))]
    assert shutdown == pytest.approx([x["shutdown_days"] for x in expected])
    for r, x in enumerate(expected):  # at-risk rows red-ish, the others green-ish
        colour = model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
        assert colour == (RISK_BACKGROUND if x["at_risk"] else SAFE_BACKGROUND)
    assert any(x["at_risk"] for x in expected)
    assert len(scenario_results(demo, NINETY)) == before + 1
    assert page.last_run.result_id == scenario_results(demo, NINETY)[0]["id"]
    qtmodeltester.check(model)
    page.tabs.setCurrentIndex(0)
    save_screen(page, "scenarios_run.png")


def test_infinite_values_read_never_with_a_tooltip(qtbot, page, demo):
    choose(qtbot, page, "EC07 slow licences")
    denial = page.editor.editors["denial_share"]
    denial.selectAll()
    qtbot.keyClicks(denial, "1")  # every licence denied: supply never comes back
    assert page.save_as("EC07 licences never")
    with qtbot.waitSignal(page.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    lines = page.last_run.results["lines"]
    assert lines and all(x["ttr_days"] is None for x in lines)
    ttr = page.results.index(0, 3)
    assert ttr.data() == "never" and "Open-ended" in ttr.data(Qt.ItemDataRole.ToolTipRole)
    risky = next(r for r, x in enumerate(lines) if x["at_risk"])
    lost = page.results.index(risky, 5)
    assert lost.data() == "—" and "Unknown" in lost.data(Qt.ItemDataRole.ToolTipRole)


def test_a_bad_buffer_is_shown_under_its_field_and_nothing_is_saved(qtbot, page, demo):
    choose(qtbot, page, NINETY)
    before = get_scenario(demo, NINETY)
    buffer = page.editor.editors["buffer_days"]
    buffer.selectAll()
    qtbot.keyClicks(buffer, "-1")
    assert page.save_button.isEnabled() and not page.run_button.isEnabled()
    assert not page.scenario_list.isEnabled()  # no click on another scenario loses the edit
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    error = page.editor.errors["buffer_days"]
    assert error.isVisible() and ">= 0" in error.text()
    assert not page.editor.errors["duration_days"].isVisible()
    assert buffer.text() == "-1"  # the user's input is kept
    assert get_scenario(demo, NINETY) == before
    page.revert_button.click()
    assert buffer.text() == "0" and page.scenario_list.isEnabled()


def test_save_and_save_as(qtbot, page, demo):
    choose(qtbot, page, "EC07 stop 1 year")
    buffer = page.editor.editors["buffer_days"]
    buffer.selectAll()
    qtbot.keyClicks(buffer, "30")
    assert page.save_as("EC07 year, 30 days buffer")
    assert get_scenario(demo, "EC07 year, 30 days buffer").inputs.buffer_days == 30
    assert get_scenario(demo, "EC07 stop 1 year").inputs.buffer_days == 0
    assert page.current_name() == "EC07 year, 30 days buffer"
    assert not page.save_as(NINETY)  # a duplicate name is refused and said
    assert "already exists" in page.status.text()
    page.editor.editors["denial_share"].setText("0.1")
    page.editor.editors["denial_share"].textEdited.emit("0.1")
    assert page.save()
    assert get_scenario(demo, "EC07 year, 30 days buffer").inputs.denial_share == 0.1


def test_cancel_during_a_run_stores_nothing_and_leaves_the_page_idle(
    qtbot, page, demo, monkeypatch
):
    choose(qtbot, page, NINETY)
    before = len(scenario_results(demo, NINETY))
    started, release = threading.Event(), threading.Event()

    def slow_run(db, name, store=True, progress=None):
        started.set()
        release.wait(10)
        return run_saved_scenario(db, name, store=store, progress=progress)

    monkeypatch.setattr(service, "run_saved_scenario", slow_run)  # the run the worker calls
    outcome = []
    task = page.run()
    task.signals.cancelled.connect(lambda: outcome.append("cancelled"))
    assert started.wait(10) and page.bar.busy and not page.run_button.isEnabled()
    qtbot.mouseClick(page.bar.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        release.set()
    assert outcome == ["cancelled"]
    assert not page.bar.busy and page.bar.isHidden() and page.run_button.isEnabled()
    assert len(scenario_results(demo, NINETY)) == before
    assert page.results.rowCount() == 0 and "cancelled" in page.summary.text()


def test_one_input_what_if_equals_the_service(qtbot, page, demo, tmp_path):
    choose(qtbot, page, NINETY)
    page.tabs.setCurrentWidget(page.whatif)
    w = page.whatif
    w.param1.setCurrentIndex(w.param1.findData("buffer_days"))
    qtbot.keyClicks(w.values1, "0, 30, 60, 120")
    w.metric_box.setCurrentIndex(w.metric_box.findData("lost_vehicles"))
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        qtbot.mouseClick(w.compute_button, Qt.MouseButton.LeftButton)
    expected = what_if_table(demo, NINETY, [("buffer_days", [0, 30, 60, 120])], "lost_vehicles")

    got = [w.model.index(r, 1).data(SORT_ROLE) for r in range(w.model.rowCount())]
    assert got == pytest.approx([row[0] for row in expected.cells])
    assert [w.model.index(r, 0).data(SORT_ROLE) for r in range(4)] == [0, 30, 60, 120]
    assert w.export_button.isEnabled() and w.export_to(str(tmp_path / "grid.xlsx"))
    sheet = load_workbook(tmp_path / "grid.xlsx")["What-if"]
    assert sheet.cell(5, 2).value == pytest.approx(expected.cells[0][0])


def test_two_input_grid_goal_seek_and_bad_values(qtbot, page, demo):
    choose(qtbot, page, NINETY)
    w = page.whatif
    qtbot.keyClicks(w.values1, "0, abc")
    w.compute_button.click()
    assert "not a number" in w.values_error.text() and not page.bar.busy
    w.values1.setText("0, 60")
    w.param1.setCurrentIndex(w.param1.findData("buffer_days"))
    w.param2.setCurrentIndex(w.param2.findData("licence_delay_days"))
    w.values2.setText("20, 90")
    w.line.setCurrentIndex(w.line.findData("B1 Norvik"))
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        w.compute()
    vary = [("buffer_days", [0.0, 60.0]), ("licence_delay_days", [20.0, 90.0])]
    expected = what_if_table(demo, NINETY, vary, "shutdown_days", "B1 Norvik")
    assert w.table.cells == expected.cells and w.model.columnCount() == 3
    w.seek_line.setCurrentIndex(w.seek_line.findData("B1 Norvik"))
    w.seek_param.setCurrentIndex(w.seek_param.findData("buffer_days"))
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        qtbot.mouseClick(w.seek_button, Qt.MouseButton.LeftButton)
    found = goal_seek(demo, NINETY, "B1 Norvik", "buffer_days")
    assert found.result.reachable
    assert w.seek_result.text() == seek_text(found)
    assert f"B1 Norvik: no shutdown with extra buffer (days) at least {found.result.value:g}" in (
        w.seek_result.text()
    )
    page.tabs.setCurrentWidget(w)
    save_screen(page, "scenarios_whatif.png")


def test_monte_carlo_table(qtbot, page, demo):
    from rePlanner.services.montecarlo import run_montecarlo

    choose(qtbot, page, NINETY)
    page.draws.setValue(40)
    page.seed.setValue(7)
    with qtbot.waitSignal(page.task_done, timeout=TIMEOUT):
        qtbot.mouseClick(page.mc_button, Qt.MouseButton.LeftButton)
    expected = run_montecarlo(demo, NINETY, 40, 7).lines
    assert page.mc.rowCount() == len(expected)
    for r, x in enumerate(expected):
        assert page.mc.index(r, 2).data(SORT_ROLE) == x["p_shutdown"]
        p90 = x["lost_vehicles_p90"]
        assert page.mc.index(r, 4).data(SORT_ROLE) == (
            round(p90) if p90 is not None and math.isfinite(p90) else math.inf
        )
    page.tabs.setCurrentIndex(2)
    save_screen(page, "scenarios_montecarlo.png")


def test_set_database_clears_results(qtbot, page, db):
    page.set_database(db)
    assert page.scenario_list.count() == 0 and page.results.rowCount() == 0
    assert not page.run_button.isEnabled() and not page.editor.isEnabled()
