"""The Alternatives page driven as a user would, on the demo company, checked against the
ranking service's own answer for the same inputs."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest

from rePlanner.services.alternatives_rank import rank_alternatives
from rePlanner.services.alternatives_value import Ranked
from rePlanner.services.scenario import list_scenarios
from rePlanner.ui.views.alternatives_detail import (
    KEY,
    UNPLACED,
    RankingModel,
    days_text,
    money_text,
)
from rePlanner.ui.views.alternatives_page import AlternativesPage

LINE, SCENARIO = "B1 Norvik", "EC07 stop 1 year"
SCREENS = Path("/work/notes/screens6")
RUN_MS = 120_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.services.workspace import build_demo

    result = build_demo(str(tmp_path_factory.mktemp("alt") / "demo.sqlite"))
    yield result.db
    result.db.dispose()


@pytest.fixture(scope="module")
def expected(demo):
    return rank_alternatives(demo, line=LINE, scenario=SCENARIO)


def choose(page: AlternativesPage, line: str = LINE, scenario: str | None = SCENARIO) -> None:
    page.kind_buttons["line"].click()
    page.line_combo.setCurrentIndex(page.line_combo.findText(line))
    page.scenario_combo.setCurrentIndex(page.scenario_combo.findData(scenario))


@pytest.fixture(scope="module")
def ranked(qapp, demo, expected):
    """One page ranked once through the GUI (a ranking takes seconds): tests share it."""
    page = AlternativesPage(demo)
    page.resize(1280, 800)
    page.show()
    choose(page)
    ends: list[int] = []
    loop = QEventLoop()  # QTest.qWait would hold the GIL and starve the worker thread
    page.ranking_done.connect(lambda: (ends.append(1), loop.quit()))
    QTimer.singleShot(RUN_MS, loop.quit)
    QTest.mouseClick(page.rank_button, Qt.MouseButton.LeftButton)
    loop.exec()
    assert ends and not page.task_bar.busy, "the ranking did not finish"
    yield page
    page.close()
    page.deleteLater()


def cell(page: AlternativesPage, row: int, key: str) -> str:
    return str(page.proxy.index(row, KEY[key]).data())


def select_source(page: AlternativesPage, pred) -> int:
    for row in range(page.proxy.rowCount()):
        rec = page.model.records[int(page.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 2))]
        if pred(rec):
            page.view.selectRow(row)
            return row
    raise AssertionError("no such row")


def plain(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_ranked_table_follows_the_service(ranked, expected):
    page = ranked
    page.reset_weights()
    page.order_combo.setCurrentIndex(0)
    assert page.ranking is not None and page.proxy.rowCount() == len(expected.records) > 5
    for row, rec in enumerate(expected.records):
        assert cell(page, row, "source") == rec.source
        assert cell(page, row, "rank") == str(row + 1)
        net = page.proxy.index(row, KEY["net"]).data()
        if math.isfinite(rec.net_value):
            assert net == money_text(page.locale(), rec.net_value)
        else:
            assert net == ""  # unknown: no premium figure, or the source cannot be placed
        grey = page.proxy.index(row, 1).data(Qt.ItemDataRole.ForegroundRole) == UNPLACED
        assert grey == (not rec.placed)
    days = page.locale().toString(expected.shutdown_days, "f", 1)
    assert LINE in page.header_label.text() and SCENARIO in page.header_label.text()
    assert days in page.header_label.text()
    best = expected.records[0]
    before, after = (days_text(page.locale(), v)
                     for v in (best.shutdown_days_before, best.shutdown_days_after))  # fmt: skip
    assert cell(page, 0, "shutdown") == f"{before} → {after}"
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.view.selectRow(0)
    page.grab().save(str(SCREENS / "alternatives.png"))


def test_selecting_a_row_shows_its_reasons_and_scores(ranked, expected):
    page = ranked
    page.reset_weights()
    row = select_source(page, lambda r: r.placed and len(r.alternative_ids) == 1)
    rec = page.selected_record()
    assert rec is not None and rec.source == cell(page, row, "source")
    shown = plain(page.detail.reasons.text())
    assert rec.reasons and all(reason in shown for reason in rec.reasons)
    assert page.detail.title.text() == rec.source
    bar = page.detail.bars["proximity"]
    assert bar.value() == round(rec.criteria["proximity"] * 100) and bar.isEnabled()
    page.grab().save(str(SCREENS / "alternatives_detail.png"))


@pytest.mark.parametrize("heavy", ["proximity", "premium"])
def test_weights_reorder_the_criteria_without_a_new_run(ranked, demo, heavy):
    page = ranked
    page.reset_weights()
    ranking = page.ranking
    service = rank_alternatives(demo, line=LINE, scenario=SCENARIO, weights=f"{heavy}=5",
                                pairs=False)  # fmt: skip
    want = {r.source: r.criteria_rank for r in service.records}
    page.weight_spins[heavy].setValue(5)
    assert not page.task_bar.busy and page.ranking is ranking  # no engine run
    got = {
        cell(page, row, "source"): cell(page, row, "criteria_rank")
        for row in range(page.proxy.rowCount())
        if cell(page, row, "kind") in ("Supplier", "Design")
    }
    assert got == {name: str(rank) for name, rank in want.items()}
    page.order_combo.setCurrentIndex(1)  # by criteria score: the best criteria rank on top
    assert cell(page, 0, "criteria_rank") == "1"
    page.grab().save(str(SCREENS / f"alternatives_weights_{heavy}.png"))
    page.order_combo.setCurrentIndex(0)
    page.reset_weights()


def test_proximity_and_premium_weights_swap_two_candidates(demo):
    """The guard for the test above: the two weightings really order differently."""
    ranks = {}
    for heavy in ("proximity", "premium"):
        r = rank_alternatives(demo, line=LINE, scenario=SCENARIO, weights=f"{heavy}=5",
                              pairs=False)  # fmt: skip
        ranks[heavy] = {x.source: x.criteria_rank for x in r.records}
    assert ranks["proximity"] != ranks["premium"]


def test_qualify_now_saves_a_scenario(ranked, demo, qtbot):
    page = ranked
    button = page.detail.qualify_button
    select_source(page, lambda r: not r.placed)
    assert not button.isEnabled()
    select_source(page, lambda r: r.placed and len(r.alternative_ids) == 1)
    assert button.isEnabled()
    source = page.selected_record().source
    saved = []
    page.scenario_saved.connect(saved.append)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.qualify_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.textValue() == f"{SCENARIO} + qualify {source}"[:120]
    dialog.setTextValue("EC07 1y with Baltic now")
    dialog.accept()
    assert saved == ["EC07 1y with Baltic now"]
    info = next(s for s in list_scenarios(demo) if s.name == "EC07 1y with Baltic now")
    assert page.selected_record().alternative_ids[0] in info.inputs.alternatives
    assert "EC07 1y with Baltic now" in page.status_label.text()
    assert page.scenario_combo.findData("EC07 1y with Baltic now") > 0  # offered for the next run
    assert page.error_label.text() == ""


def test_pairs_and_unplaced_sources_cannot_be_qualified(qtbot, demo, expected):
    """A ranking with a pair (the demo's may have none, depending on the data)."""
    single = next(r for r in expected.records if r.placed and len(r.alternative_ids) == 1)
    unplaced = Ranked("Far away", [9999], "supplier", placed=False, reasons=["cannot be placed"])
    pair = replace(single, source=f"{single.source} + B", alternative_ids=[single.alternative_ids[0], 9998],
                   kind="pair", criteria={}, reasons=["together they do what none does alone"])  # fmt: skip
    page = AlternativesPage(demo)
    qtbot.addWidget(page)
    page.show_ranking(replace(expected, records=[pair, single, unplaced]))
    button = page.detail.qualify_button
    states = []
    for row in range(3):
        page.view.selectRow(row)
        states.append(button.isEnabled())
    assert states == [False, True, False]
    page.view.selectRow(0)  # a pair: its reasons, and no sub-scores of its own
    assert plain(page.detail.reasons.text()).startswith("together they do")
    assert not page.detail.bars["time"].isEnabled() and page.detail.criteria_note.text()
    assert cell(page, 0, "criteria") != ""  # the mean of its members' scores
    page.scenario_combo.setCurrentIndex(0)  # the default scenario is not saved: nothing to copy
    page.show_ranking(replace(expected, scenario="(default: …)", records=[single]))
    assert not button.isEnabled() and "saved scenario" in button.toolTip()


def test_cancel_leaves_the_page_idle(qtbot, demo):
    page = AlternativesPage(demo)
    qtbot.addWidget(page)
    choose(page)
    with qtbot.waitSignal(page.ranking_done, timeout=RUN_MS):
        qtbot.mouseClick(page.rank_button, Qt.MouseButton.LeftButton)
        assert page.task_bar.busy and not page.rank_button.isEnabled()
        page.resize(1280, 800)
        page.grab().save(str(SCREENS / "alternatives_running.png"))
        qtbot.mouseClick(page.task_bar.cancel_button, Qt.MouseButton.LeftButton)
    assert page.ranking is None and page.model.rowCount() == 0
    assert page.rank_button.isEnabled() and not page.task_bar.busy
    assert "cancelled" in page.status_label.text() and page.error_label.text() == ""


def test_a_refused_target_is_shown_in_the_page(qtbot, demo):
    page = AlternativesPage(demo)
    qtbot.addWidget(page)
    page.kind_buttons["material"].click()
    assert page.material_edit.isEnabled() and not page.line_combo.isEnabled()
    qtbot.keyClicks(page.material_edit, "Unobtainium")
    with qtbot.waitSignal(page.ranking_done, timeout=RUN_MS):
        qtbot.keyClick(page.material_edit, Qt.Key.Key_Return)
    assert "no such material" in page.error_label.text() and page.model.rowCount() == 0
    page.material_edit.clear()
    page.rank()  # nothing to rank: said at once, no task
    assert not page.task_bar.busy and "part number or a material" in page.error_label.text()


def test_another_database_clears_the_results(qtbot, demo, expected, db):
    page = AlternativesPage(demo)
    qtbot.addWidget(page)
    page.show_ranking(expected)
    assert page.model.rowCount() and page.line_combo.count() == 7
    page.set_database(db)  # an empty database: no lines, only the default scenario
    assert page.ranking is None and page.model.rowCount() == 0
    assert page.line_combo.count() == 0 and page.scenario_combo.count() == 1
    assert "then Rank" in page.header_label.text()


def test_the_model_passes_qtmodeltester(qtmodeltester, expected):
    model = RankingModel()
    model.set_records(expected.records)
    qtmodeltester.check(model)
    assert model.rowCount() == len(expected.records)
    assert math.isfinite(expected.records[0].net_value)


def _ranked_names(page: AlternativesPage) -> list[str]:
    return [page.model.records[i].source for i in range(page.model.rowCount())]


@pytest.mark.parametrize("where", ["line", "scenario"])
def test_enter_in_the_target_or_scenario_choice_starts_the_ranking(qtbot, demo, where):
    """Enter ranks like the Rank button (a QShortcut on each combo: setDefault works only in
    dialogs), and the table shows what the service ranks for the same inputs."""
    page = AlternativesPage(demo)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    choose(page, "B3 Kestrel", None)  # the default scenario: a quick ranking
    combo = page.line_combo if where == "line" else page.scenario_combo
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    with qtbot.waitSignal(page.ranking_done, timeout=RUN_MS):
        qtbot.keyClick(combo, Qt.Key.Key_Return)
        assert page.task_bar.busy  # started by the key, running in the background
    assert page.ranking is not None and page.error_label.text() == ""
    expected = rank_alternatives(demo, line="B3 Kestrel", scenario=None)
    assert page.ranking.target.text == "B3 Kestrel"
    assert _ranked_names(page) == [r.source for r in expected.records]


def test_enter_in_the_material_field_ranks_for_that_material(qtbot, demo):
    page = AlternativesPage(demo)
    qtbot.addWidget(page)
    page.kind_buttons["material"].click()
    qtbot.keyClicks(page.material_edit, "Dy")
    with qtbot.waitSignal(page.ranking_done, timeout=RUN_MS):
        qtbot.keyClick(page.material_edit, Qt.Key.Key_Enter)  # the keypad's Enter as well
    assert page.error_label.text() == "" and page.ranking is not None
    expected = rank_alternatives(demo, material="Dy", scenario=None)
    assert _ranked_names(page) == [r.source for r in expected.records] != []
