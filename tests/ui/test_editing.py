"""Data entry on the table pages, driven as a user would; the database is checked after each step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.tables import part_materials_table, suppliers_table
from rePlanner.ui.models.editable_model import EditableTableModel
from rePlanner.ui.views.table_page import TablePage

SCREENS = Path("/work/notes/screens6")
CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot: Any, db: Database, table: Any, noun: str = "suppliers") -> TablePage:
    page = TablePage(noun, "name", db=db)
    qtbot.addWidget(page)
    page.set_table(table)
    page.resize(1100, 520)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def suppliers(qtbot: Any, filled_db: Database) -> TablePage:
    return _page(qtbot, filled_db, suppliers_table(filled_db))


@pytest.fixture
def contents(qtbot: Any, filled_db: Database) -> TablePage:
    return _page(qtbot, filled_db, part_materials_table(filled_db), "material rows")


def _sid(db: Database, name: str) -> int:
    return int(crud.find(db, "supplier", name=name)[0]["id"])


def _cell(page: TablePage, name: str, key: str) -> QModelIndex:
    """The view's index of the row whose first column reads `name`, in column `key`."""
    col = page.model.table().column_index(key)
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data() == name:
            return page.proxy.index(r, col)
    raise AssertionError(name)


def _type_into(qtbot: Any, page: TablePage, index: QModelIndex, text: str) -> QLineEdit:
    """Select the cell, F2, replace the text, Enter: the editor the user typed into."""
    page.view.setFocus()
    page.view.setCurrentIndex(index)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    editor = page.view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.indexWidget(index) is not editor)  # commit is queued
    return editor


def _select_rows(page: TablePage, names: list[str]) -> None:
    """Ctrl+click on each row, as a user picks scattered rows."""
    page.view.clearSelection()
    for i, name in enumerate(names):
        rect = page.view.visualRect(_cell(page, name, "name"))
        modifier = CTRL if i else Qt.KeyboardModifier.NoModifier
        QTest.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert len(page.view.selectionModel().selectedRows()) == len(names)


def test_edit_in_place_then_undo_and_redo(qtbot: Any, suppliers: TablePage, filled_db: Database):
    sid = _sid(filled_db, "Supplier 01")
    _type_into(qtbot, suppliers, _cell(suppliers, "Supplier 01", "country"), "FR")
    assert crud.get(filled_db, "supplier", sid)["country"] == "FR"
    assert _cell(suppliers, "Supplier 01", "country").data() == "FR"
    qtbot.keyClick(suppliers.view, Qt.Key.Key_Z, CTRL)
    assert crud.get(filled_db, "supplier", sid)["country"] == "CN"
    assert _cell(suppliers, "Supplier 01", "country").data() == "CN"
    qtbot.keyClick(suppliers.view, Qt.Key.Key_Y, CTRL)
    assert crud.get(filled_db, "supplier", sid)["country"] == "FR"
    assert _cell(suppliers, "Supplier 01", "country").data() == "FR"
    assert suppliers.undo_stack.count() == 1


def test_a_bad_share_is_refused_inline_and_keeps_the_text(
    qtbot: Any, contents: TablePage, filled_db: Database
) -> None:
    before = {r["id"]: r["china_share"] for r in crud.find(filled_db, "part material")}
    index = _cell(contents, "0042", "china_share")
    _type_into(qtbot, contents, index, "1.5")
    assert contents.status_label.isVisible()
    assert "share between 0 and 1" in contents.status_label.text()
    assert "1.5" in contents.status_label.text()
    qtbot.waitUntil(lambda: isinstance(contents.view.indexWidget(index), QLineEdit))
    editor = contents.view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "1.5"  # the user's text, to correct
    assert {r["id"]: r["china_share"] for r in crud.find(filled_db, "part material")} == before
    assert contents.undo_stack.count() == 0
    editor.setText("85 %")  # corrected: a percentage is understood as a share
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: contents.view.indexWidget(index) is None)
    key = contents.model.entity_id(contents.proxy.mapToSource(index).row())
    assert crud.get(filled_db, "part material", key)["china_share"] == pytest.approx(0.85)
    assert not contents.status_label.styleSheet()  # the red line became a plain "done" line


def test_bulk_edit_is_one_undoable_step(qtbot: Any, suppliers: TablePage, filled_db: Database):
    names = ["Supplier 00", "Supplier 04", "Supplier 07"]
    ids = [_sid(filled_db, n) for n in names]
    before = [crud.get(filled_db, "supplier", i)["country"] for i in ids]
    _select_rows(suppliers, names)
    suppliers.bulk_action.trigger()
    dialog = suppliers.bulk_dialog
    assert dialog is not None and dialog.isVisible()
    # open(), not exec(): window-modal and the call returned at once (we are still here)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.choose(suppliers.model.table().column_index("country"))
    qtbot.keyClicks(dialog.value_edit, "JP")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert [crud.get(filled_db, "supplier", i)["country"] for i in ids] == ["JP"] * 3
    assert crud.get(filled_db, "supplier", _sid(filled_db, "Supplier 01"))["country"] == "CN"
    assert suppliers.undo_stack.count() == 1
    suppliers.undo_action.trigger()
    assert [crud.get(filled_db, "supplier", i)["country"] for i in ids] == before
    assert [_cell(suppliers, n, "country").data() for n in names] == before


def test_bulk_edit_refusal_keeps_the_dialog_open(qtbot: Any, suppliers: TablePage):
    _select_rows(suppliers, ["Supplier 00", "Supplier 01"])
    suppliers.open_bulk_edit()
    dialog = suppliers.bulk_dialog
    assert dialog is not None
    dialog.choose(suppliers.model.table().column_index("tier"))
    qtbot.keyClicks(dialog.value_edit, "1.5")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "not a whole number" in dialog.error_label.text()
    assert dialog.value_edit.text() == "1.5"
    assert suppliers.undo_stack.count() == 0


def test_paste_a_block_from_excel(qtbot: Any, suppliers: TablePage, filled_db: Database):
    a, b = _sid(filled_db, "Supplier 00"), _sid(filled_db, "Supplier 01")
    suppliers.view.setFocus()
    suppliers.view.setCurrentIndex(_cell(suppliers, "Supplier 00", "country"))
    QApplication.clipboard().setText("a\tb\nc\td")
    qtbot.keyClick(suppliers.view, Qt.Key.Key_V, CTRL)
    got = [(crud.get(filled_db, "supplier", k)["country"], crud.get(filled_db, "supplier", k)
            ["region"]) for k in (a, b)]  # fmt: skip
    assert got == [("a", "b"), ("c", "d")]
    assert suppliers.undo_stack.count() == 1
    suppliers.undo_action.trigger()
    assert crud.get(filled_db, "supplier", a)["country"] == "DE"
    assert crud.get(filled_db, "supplier", b)["region"] is None
    assert _cell(suppliers, "Supplier 00", "country").data() == "DE"


def test_a_paste_with_one_bad_value_applies_nothing(suppliers: TablePage, filled_db: Database):
    a = _sid(filled_db, "Supplier 00")
    suppliers.view.setCurrentIndex(_cell(suppliers, "Supplier 00", "tier"))
    why = suppliers.paste_text("3\tno\n2\tmaybe\n")
    assert why is not None
    assert "Row 2, column 2" in why and "Own plant" in why and "maybe" in why
    assert "Supplier 01" in why  # the row by its name too
    assert crud.get(filled_db, "supplier", a)["tier"] == 1  # row 1 was valid: not applied either
    assert suppliers.status_label.text() == why
    assert suppliers.undo_stack.count() == 0
    why = suppliers.paste_text("x\ty")  # tier is editable, "sites" next to is_internal is not
    suppliers.view.setCurrentIndex(_cell(suppliers, "Supplier 00", "is_internal"))
    why = suppliers.paste_text("yes\t5")
    assert why is not None and "computed" in why and "Sites" in why


def test_deleting_a_referenced_supplier_is_refused(suppliers: TablePage, filled_db: Database):
    sid = _sid(filled_db, "Supplier 03")
    crud.create(filled_db, "alternative source", {"name": "Alt", "kind": "supplier",
                                                  "supplier_id": sid})  # fmt: skip
    _select_rows(suppliers, ["Supplier 03"])
    suppliers.delete_action.trigger()
    assert suppliers.confirm_box is None  # no question: the answer would be no anyway
    box = suppliers.message_box
    assert box is not None and box.isVisible()
    assert "cannot be deleted" in box.text() and "1 alternative source" in box.text()
    assert "alternative source" in suppliers.status_label.text()
    assert crud.get(filled_db, "supplier", sid)["name"] == "Supplier 03"
    assert suppliers.visible_row_count() == 12


def test_delete_after_confirmation_and_undo_restores_owned_rows(
    qtbot: Any, suppliers: TablePage, filled_db: Database
) -> None:
    sid = _sid(filled_db, "Supplier 02")
    sites = sorted(s["id"] for s in crud.find(filled_db, "site", supplier_id=sid))
    assert len(sites) == 2
    before = crud.get(filled_db, "supplier", sid)
    _select_rows(suppliers, ["Supplier 02"])
    suppliers.view.setFocus()
    qtbot.keyClick(suppliers.view, Qt.Key.Key_Delete)
    box = suppliers.confirm_box
    assert box is not None and box.isVisible()
    assert "Supplier 02" in box.text() and "2 sites" in box.informativeText()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert crud.find(filled_db, "supplier", name="Supplier 02") == []
    assert crud.find(filled_db, "site", supplier_id=sid) == []
    assert suppliers.visible_row_count() == 11
    suppliers.undo_action.trigger()
    again = crud.get(filled_db, "supplier", sid)
    assert again["name"] == "Supplier 02"  # same id again
    # as it was: its origin and timestamps too (a restored reference row stays reference data)
    assert {k: again[k] for k in ("origin", "created_at")} == {
        k: before[k] for k in ("origin", "created_at")}  # fmt: skip
    assert sorted(s["id"] for s in crud.find(filled_db, "site", supplier_id=sid)) == sites
    assert suppliers.visible_row_count() == 12
    assert _cell(suppliers, "Supplier 02", "sites").data() == "2"


def test_declining_the_confirmation_deletes_nothing(qtbot: Any, suppliers: TablePage, filled_db):
    _select_rows(suppliers, ["Supplier 00"])
    suppliers.delete_selected()
    assert suppliers.confirm_box is not None
    suppliers.confirm_box.button(QMessageBox.StandardButton.No).click()
    assert crud.find(filled_db, "supplier", name="Supplier 00") != []
    assert suppliers.undo_stack.count() == 0


def test_undo_of_a_delete_when_the_id_was_taken(suppliers: TablePage, filled_db: Database):
    """SQLite hands a freed top id to the next new row: the re-created row gets a new id."""
    sid = _sid(filled_db, "Supplier 11")
    _select_rows(suppliers, ["Supplier 11"])
    suppliers.delete_selected()
    assert suppliers.confirm_box is not None
    suppliers.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    other = crud.create(filled_db, "supplier", {"name": "Newcomer", "country": "JP"})
    if other["id"] != sid:
        pytest.skip("the database did not reuse the id")  # pragma: no cover
    suppliers.undo_action.trigger()
    back = crud.find(filled_db, "supplier", name="Supplier 11")[0]
    assert back["id"] != sid and crud.get(filled_db, "supplier", sid)["name"] == "Newcomer"
    assert len(crud.find(filled_db, "site", supplier_id=back["id"])) == 11
    assert "new id" in suppliers.status_label.text()
    suppliers.redo_action.trigger()  # deletes the re-created row, not the newcomer
    assert crud.find(filled_db, "supplier", name="Supplier 11") == []
    assert crud.get(filled_db, "supplier", sid)["name"] == "Newcomer"


def test_read_only_without_database(qtbot: Any, filled_db: Database) -> None:
    page = TablePage("suppliers")
    qtbot.addWidget(page)
    page.set_table(suppliers_table(filled_db))
    index = page.proxy.index(0, 1)
    assert not page.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not page.paste_action.isEnabled()
    page.set_database(filled_db)
    assert page.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    sites = page.model.table().column_index("sites")
    assert not page.proxy.flags(page.proxy.index(0, sites)) & Qt.ItemFlag.ItemIsEditable
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Supplier *"  # required
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Region"


def test_editable_model_passes_the_model_tester(qtmodeltester: Any, filled_db: Database):
    model = EditableTableModel()
    model.set_table(suppliers_table(filled_db))
    model.set_editing(lambda key, column, text: None, {"name"})
    qtmodeltester.check(model)
    keys = model.table().keys[:3]
    model.update_rows(suppliers_table(filled_db, keys=keys[1:]), keys)  # first one "deleted"
    assert model.rowCount() == 11 and keys[0] not in model.table().keys
    qtmodeltester.check(model)


def test_screenshot_inline_error(qtbot: Any, suppliers: TablePage) -> None:
    suppliers.resize(1280, 800)
    index = _cell(suppliers, "Supplier 04", "tier")
    _type_into(qtbot, suppliers, index, "two")
    qtbot.waitUntil(lambda: isinstance(suppliers.view.indexWidget(index), QLineEdit))
    assert "not a number" in suppliers.status_label.text()
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert suppliers.grab().save(str(SCREENS / "editing_inline_error.png"))
    _select_rows(suppliers, ["Supplier 00", "Supplier 01", "Supplier 02"])
    suppliers.open_bulk_edit()
    dialog = suppliers.bulk_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.value_edit, "-1")
    dialog.choose(suppliers.model.table().column_index("tier"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.grab().save(str(SCREENS / "editing_bulk_dialog.png"))
    assert QPersistentModelIndex(index).isValid()


def test_every_editable_column_names_a_field_of_its_entity(filled_db: Database) -> None:
    from rePlanner.services.registry import spec
    from rePlanner.services.tables import TABLE_BUILDERS

    for entity, build in TABLE_BUILDERS.items():
        table = build(filled_db)
        assert table.entity == entity
        fields = [c.field for c in table.columns if c.field is not None]
        assert fields and all(f in spec(entity).table.columns for f in fields), entity
        assert build(filled_db, keys=table.keys[:1]).keys == table.keys[:1]
