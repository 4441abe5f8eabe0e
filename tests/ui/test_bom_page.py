"""The BOMs page driven as a user would on the demo company, checked against the BOM services'
own answers (bom_query, bom_view, exposure) for the same line, part, material and revisions."""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from rePlanner.services import crud
from rePlanner.services.bom_import_diff import BomDiff, DiffChange
from rePlanner.services.bom_query import bom_tree, diff_revisions, revision_history
from rePlanner.services.bom_view import bom_view, line_choices
from rePlanner.services.exposure import exposure
from rePlanner.ui.models.bom_tree_model import (
    CHANGE_COLOURS,
    COLUMN,
    PART_NUMBER_ROLE,
    BomTreeModel,
    DiffTableModel,
)
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.views.bom_history import diff_table
from rePlanner.ui.views.bom_page import BomPage

LINE, LIFTER, EPS_MOTOR = "B1 Norvik", "0007262660", "0004613622"
SCREENS = Path("/work/notes/screens6")
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.services.workspace import build_demo

    result = build_demo(str(tmp_path_factory.mktemp("bom") / "demo.sqlite"))
    yield result.db
    result.db.dispose()


@pytest.fixture
def fresh_demo(tmp_path):
    """A demo of its own for tests that write (restore)."""
    from rePlanner.services.workspace import build_demo

    result = build_demo(str(tmp_path / "demo.sqlite"))
    yield result.db
    result.db.dispose()


def open_page(qtbot, db) -> BomPage:
    page = BomPage(db)  # starts loading the first line's tree; the signal comes from the loop
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.tree_loaded, timeout=WAIT_MS):
        page.resize(1280, 800)
        page.show()
    assert page.model.bom() is not None and not page.tree_bar.busy
    return page


@pytest.fixture
def page(qtbot, demo) -> BomPage:
    return open_page(qtbot, demo)


def tree_rows(model, parent=QModelIndex(), up: str | None = None) -> list[tuple]:  # noqa: B008
    """(part number, parent part number, level, qty text, per-vehicle text) in tree order."""
    out = []
    for r in range(model.rowCount(parent)):
        i = model.index(r, 0, parent)
        cells = [i.siblingAtColumn(COLUMN[k]).data() for k in ("level", "quantity",
                                                                 "extended_quantity")]  # fmt: skip
        out.append((i.data(PART_NUMBER_ROLE), up, *cells))
        out += tree_rows(model, i, i.data(PART_NUMBER_ROLE))
    return out


def find(model, part: str, parent=QModelIndex()) -> QModelIndex | None:  # noqa: B008
    for r in range(model.rowCount(parent)):
        i = model.index(r, 0, parent)
        if i.data(PART_NUMBER_ROLE) == part:
            return i
        if (hit := find(model, part, i)) is not None:
            return hit
    return None


def where_rows(page: BomPage) -> list[dict]:
    t = page.where_model.table()
    return [dict(zip([c.key for c in t.columns], row, strict=True)) for row in t.rows]


# --- the tree ------------------------------------------------------------------------------------


def test_tree_rows_and_extended_quantities_equal_the_service(page, demo):
    assert page.line_combo.currentText() == LINE
    loc = QLocale()
    expected = [(r["part_number"], r["parent_part_number"], str(r["level"]),
                 format_number(loc, r["quantity"]), format_number(loc, r["extended_quantity"]))
                for r in bom_tree(demo, LINE)]  # fmt: skip
    assert tree_rows(page.proxy) == expected
    assert "0002020088" in [r[0] for r in expected]  # leading zeros kept as text
    assert "Revision 2" in page.revision_label.text()


def test_material_content_rolls_up_to_the_exposure_figures(page, demo):
    view = page.model.bom()
    eps = find(page.proxy, EPS_MOTOR)
    text = eps.siblingAtColumn(COLUMN["content"]).data()
    assert f"Dy {format_number(QLocale(), 0.0064)} kg" in text  # 0.0064 kg/pc x 1 per vehicle
    assert eps.siblingAtColumn(COLUMN["content"]).data(Qt.ItemDataRole.ForegroundRole) is not None
    totals: dict[str, float] = defaultdict(float)
    for row in view.rows:
        if row.parent_id is None:
            for mid, kg in row.content:
                m = view.materials[mid]
                totals[m.label.split(" ")[0]] += kg
    line = exposure(demo, line=LINE).lines[0]
    assert line.materials, "the demo line has material content"
    for m in line.materials:
        assert math.isclose(totals[m.element], m.kg_per_vehicle, rel_tol=1e-9), m.element


def test_filter_keeps_the_ancestors_of_matches(page, qtbot):
    qtbot.keyClicks(page.filter_edit, "window lifter")
    shown = page.visible_part_numbers()
    assert LIFTER in shown
    assert {"0007248650", "2137208772"} <= set(shown)  # regulator and door module above it
    assert "2131001550" not in shown  # body-in-white has no lifter below it
    matches = [r for r in bom_tree(page.db, LINE) if "window lifter" in
               (r["description"] or "").lower()]  # fmt: skip
    assert shown.count(LIFTER) == len(matches)
    lifter = find(page.proxy, LIFTER)
    assert page.tree.isExpanded(lifter.parent())  # the match is in sight
    page.filter_edit.clear()
    assert len(page.visible_part_numbers()) == len(page.model.bom().rows)


def test_expand_and_collapse_all(page, qtbot):
    first = page.proxy.index(0, 0)
    QTest.mouseClick(page.collapse_button, Qt.MouseButton.LeftButton)
    assert not page.tree.isExpanded(first)
    QTest.mouseClick(page.expand_button, Qt.MouseButton.LeftButton)
    assert page.tree.isExpanded(first)


def test_show_line_loads_that_lines_tree(page, qtbot, demo):
    with qtbot.waitSignal(page.tree_loaded, timeout=WAIT_MS):
        page.show_line("b3 kestrel")
    assert page.line_combo.currentText() == "B3 Kestrel"
    assert [r[0] for r in tree_rows(page.proxy)] == [
        r["part_number"] for r in bom_tree(demo, "B3 Kestrel")
    ]


# --- where used ------------------------------------------------------------------------------


def test_where_used_for_the_selected_part_lists_the_services_lines(page, qtbot, demo):
    lifter = find(page.proxy, LIFTER)
    with qtbot.waitSignal(page.where_used_done, timeout=WAIT_MS):
        page.tree.setCurrentIndex(lifter)
    rows = where_rows(page)
    expected: dict[str, float] = defaultdict(float)
    for line in line_choices(demo):
        for r in bom_tree(demo, line.name):
            if r["part_number"] == LIFTER:
                expected[line.name] += r["extended_quantity"]
    got: dict[str, float] = defaultdict(float)
    for r in rows:
        got[r["line"]] += r["per_vehicle"]
    assert got == expected and len(expected) == 7
    assert {r["parent"] for r in rows} == {"0007248650", "0007251181"}
    assert LIFTER in page.where_label.text()


def test_where_used_for_a_material_lists_every_line_and_part(page, qtbot, demo):
    dy = page.material_combo.findText("Dy", Qt.MatchFlag.MatchStartsWith)
    with qtbot.waitSignal(page.where_used_done, timeout=WAIT_MS):
        page.material_combo.setCurrentIndex(dy)
    dy_id = page.material_combo.currentData()
    holders = {p["part_id"] for p in crud.find(demo, "part material", material_id=dy_id)}
    numbers = {p["id"]: p["part_number"] for p in crud.find(demo, "part")}
    expected = {(line.name, r["part_number"]) for line in line_choices(demo)
                for r in bom_tree(demo, line.name)
                if r["part_number"] in {numbers[h] for h in holders}}  # fmt: skip
    rows = where_rows(page)
    assert {(r["line"], r["part"]) for r in rows} == expected
    counted = sum(r["kg"] for r in rows if r["line"] == LINE and not r["in_assembly"])
    dy_exposure = next(m for m in exposure(demo, line=LINE).lines[0].materials
                       if m.element == "Dy")  # fmt: skip
    assert math.isclose(counted, dy_exposure.kg_per_vehicle, rel_tol=1e-9)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SCREENS / "bom_where_used_material.png"))


@pytest.fixture
def gate(monkeypatch):
    """Material where-used waits for the test to open the gate: Cancel can come first."""
    import rePlanner.ui.views.bom_page as bom_page

    opened, real = threading.Event(), bom_page.material_where_used

    def held(db, material_id, progress=None):
        assert opened.wait(WAIT_MS / 1000)
        return real(db, material_id, progress)

    monkeypatch.setattr(bom_page, "material_where_used", held)
    return opened


def test_cancelled_where_used_changes_nothing(page, qtbot, gate):
    before = page.where_model.table()
    dy = page.material_combo.findText("Dy", Qt.MatchFlag.MatchStartsWith)
    page.material_combo.setCurrentIndex(dy)
    assert page.where_bar.busy and page.where_bar.isVisibleTo(page)
    with qtbot.waitSignal(page.where_used_done, timeout=WAIT_MS):
        QTest.mouseClick(page.where_bar.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert page.where_model.table() is before
    assert not page.where_bar.busy and page.where_bar.isHidden()


def test_a_new_where_used_replaces_the_running_one(page, qtbot, gate):
    dy = page.material_combo.findText("Dy", Qt.MatchFlag.MatchStartsWith)
    page.material_combo.setCurrentIndex(dy)  # held at the gate
    with qtbot.waitSignal(page.where_used_done, timeout=WAIT_MS):
        page.tree.setCurrentIndex(find(page.proxy, LIFTER))  # the user moves on
        gate.set()
    assert "places" in [c.key for c in page.where_model.table().columns]  # the part's table
    assert {r["parent"] for r in where_rows(page)} == {"0007248650", "0007251181"}
    assert LIFTER in page.where_label.text() and not page.where_bar.busy


# --- history, diff, restore --------------------------------------------------------------------


def test_history_and_diff_with_current(page, qtbot, demo):
    page.tabs.setCurrentIndex(1)
    hist = page.history
    assert (
        [hist.model.index(r, 0).data() for r in range(hist.model.rowCount())]
        == [str(h.revision) for h in revision_history(demo, LINE)]
        == ["2", "1"]
    )
    assert hist.selected_revision() == 1
    with qtbot.waitSignal(hist.diff_done, timeout=WAIT_MS):
        QTest.mouseClick(hist.compare_button, Qt.MouseButton.LeftButton)
    expected = diff_revisions(demo, LINE, 1, 2)
    table = hist.diff_model.table()
    assert [(r[0], r[2]) for r in table.rows] == [("added", a.part_number) for a in expected.added]
    assert len(table.rows) == 6 and not hist.error_label.text()
    colour = hist.diff_model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert colour == CHANGE_COLOURS["added"]
    assert "6</b> added" in hist.diff_label.text()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SCREENS / "bom_history_diff.png"))


def test_diff_table_colours_removed_and_changed_rows(demo, qtmodeltester):
    """Revision 2 -> 1 of the demo only removes; a changed quantity is amber."""
    model = DiffTableModel()
    model.set_table(diff_table(diff_revisions(demo, LINE, 2, 1)))
    assert {model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole).name()
            for r in range(model.rowCount())} == {CHANGE_COLOURS["removed"].name()}  # fmt: skip
    qtmodeltester.check(model)
    change = DiffChange(("2134601024",), EPS_MOTOR, 1.0, 2.0, "A", "a", None)  # same supplier
    model.set_table(diff_table(BomDiff(1, changed=[change])))
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == CHANGE_COLOURS["changed"]
    assert [model.index(0, c).data() for c in range(4)] == ["Changed", "2134601024", EPS_MOTOR,
                                                             "quantity"]  # fmt: skip


def test_restore_creates_a_new_current_revision_and_the_page_shows_it(qtbot, fresh_demo):
    page = open_page(qtbot, fresh_demo)
    page.tabs.setCurrentIndex(1)
    hist = page.history
    assert hist.selected_revision() == 1
    QTest.mouseClick(hist.restore_button, Qt.MouseButton.LeftButton)
    assert hist.confirm_box is not None and hist.confirm_box.isVisible()
    hist.confirm_box.button(QMessageBox.StandardButton.Cancel).click()  # changes nothing
    assert [h.revision for h in revision_history(fresh_demo, LINE)] == [2, 1]
    QTest.mouseClick(hist.restore_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignals([hist.restore_done, page.tree_loaded], timeout=WAIT_MS):
        hist.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    history = revision_history(fresh_demo, LINE)
    assert [(h.revision, h.is_current, h.lines) for h in history][0] == (3, True, 101)
    assert hist.model.rowCount() == 3 and hist.current_revision() == 3
    assert "restored as revision 3" in hist.status_label.text()
    assert "Revision 3" in page.revision_label.text(), page.error_label.text()
    assert len(page.model.bom().rows) == 101
    assert [r[0] for r in tree_rows(page.proxy)] == [
        r["part_number"] for r in bom_tree(fresh_demo, LINE, 1)
    ]


def test_a_refused_restore_shows_the_services_message(page, qtbot, demo):
    page.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(page.history.restore_done, timeout=WAIT_MS):
        page.history.restore(2)  # already current: the service refuses
    assert "already the current one" in page.history.error_label.text()
    assert page.history.error_label.isVisibleTo(page)
    assert [h.revision for h in revision_history(demo, LINE)] == [2, 1]


# --- models and screens ------------------------------------------------------------------------


def test_tree_model_passes_qtmodeltester(demo, qtmodeltester):
    model = BomTreeModel()
    model.set_view(bom_view(demo, LINE))
    assert model.rowCount() == sum(1 for r in bom_tree(demo, LINE) if r["level"] == 1)
    qtmodeltester.check(model)


def test_screenshot_tree_with_where_used(page, qtbot):
    eps = find(page.proxy, EPS_MOTOR)
    with qtbot.waitSignal(page.where_used_done, timeout=WAIT_MS):
        page.tree.setCurrentIndex(eps)
    page.tree.scrollTo(eps)
    header = page.tree.header()
    width = page.tree.fontMetrics().horizontalAdvance("4065710082351927")
    assert header.sectionSize(COLUMN["part_number"]) > width  # part numbers are not cut
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SCREENS / "bom_tree.png"))
