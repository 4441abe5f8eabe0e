"""Record-form saves are steps of the table page's undo stack, like edits in the table.

Driven as a user would: open the form from the page, type, click Save, press Ctrl+Z / Ctrl+Y
on the page; the database and the table are checked after each step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.tables import suppliers_table
from rePlanner.ui.dialogs.record_form import RecordForm
from rePlanner.ui.views.table_page import TablePage

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot: Any, db: Database) -> TablePage:
    page = TablePage("suppliers", "name", db=db)
    qtbot.addWidget(page)
    page.set_table(suppliers_table(db))
    page.resize(1000, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


def _type(qtbot: Any, form: RecordForm, field: str, text: str) -> None:
    line = form.editors[field]
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _save(qtbot: Any, form: RecordForm) -> int:
    with qtbot.waitSignal(form.saved, timeout=2000) as saved:
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)  # fmt: skip
    return int(saved.args[0])


def _key(qtbot: Any, page: TablePage, key: Qt.Key) -> None:
    """Ctrl+key on the table, back in the page's window once the form has closed."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.view.setFocus()
    qtbot.keyClick(page.view, key, CTRL)


def _undo(qtbot: Any, page: TablePage) -> None:
    _key(qtbot, page, Qt.Key.Key_Z)


def _redo(qtbot: Any, page: TablePage) -> None:
    _key(qtbot, page, Qt.Key.Key_Y)


def _names(page: TablePage) -> set[str]:
    return {page.model.index(r, 0).data() for r in range(page.model.rowCount())}


def _suppliers(db: Database, name: str) -> list[dict[str, Any]]:
    return crud.find(db, "supplier", name=name)


def test_a_new_record_saved_in_the_form_is_undone_and_redone(
    qtbot: Any, filled_db: Database
) -> None:
    page = _page(qtbot, filled_db)
    form = page.open_record_form()
    assert form is not None and form.windowTitle() == "New supplier"
    _type(qtbot, form, "name", "Baotou Magnets")
    _type(qtbot, form, "country", "CN")
    key = _save(qtbot, form)
    assert _suppliers(filled_db, "Baotou Magnets")[0]["id"] == key
    assert "Baotou Magnets" in _names(page)  # the table shows it at once
    assert page.undo_stack.count() == 1 and page.undo_action.text() == "&Undo New supplier"
    _undo(qtbot, page)
    assert _suppliers(filled_db, "Baotou Magnets") == []  # undo removes the created record
    assert "Baotou Magnets" not in _names(page)
    _redo(qtbot, page)
    (again,) = _suppliers(filled_db, "Baotou Magnets")
    assert (again["id"], again["country"]) == (key, "CN")  # the same row, same id
    assert "Baotou Magnets" in _names(page)
    _undo(qtbot, page)
    assert _suppliers(filled_db, "Baotou Magnets") == []


def test_undo_of_a_creation_takes_what_was_added_to_it_and_redo_brings_both(
    qtbot: Any, filled_db: Database
) -> None:
    page = _page(qtbot, filled_db)
    form = page.open_record_form()
    assert form is not None
    _type(qtbot, form, "name", "Ganzhou Oxides")
    _type(qtbot, form, "country", "CN")
    key = _save(qtbot, form)
    crud.create(filled_db, "site", {"supplier_id": key, "name": "Plant A", "country": "CN"})
    _undo(qtbot, page)
    assert _suppliers(filled_db, "Ganzhou Oxides") == []
    assert crud.find(filled_db, "site", name="Plant A") == []
    _redo(qtbot, page)
    (site,) = crud.find(filled_db, "site", name="Plant A")
    assert site["supplier_id"] == key


def test_an_edit_saved_in_the_form_is_undone_and_redone(qtbot: Any, filled_db: Database) -> None:
    page = _page(qtbot, filled_db)
    key = int(_suppliers(filled_db, "Supplier 04")[0]["id"])
    page.view.selectRow(0)
    form = page.open_record_form(key)
    assert form is not None and form.windowTitle() == "Edit supplier"
    _type(qtbot, form, "name", "Supplier 04 (Ningbo)")
    _type(qtbot, form, "tier", "2")
    assert _save(qtbot, form) == key
    record = crud.get(filled_db, "supplier", key)
    assert (record["name"], record["tier"], record["country"]) == ("Supplier 04 (Ningbo)", 2, "CN")
    assert "Supplier 04 (Ningbo)" in _names(page)
    _undo(qtbot, page)
    record = crud.get(filled_db, "supplier", key)
    assert (record["name"], record["tier"], record["country"]) == ("Supplier 04", 1, "CN")
    assert "Supplier 04" in _names(page) and "Supplier 04 (Ningbo)" not in _names(page)
    _redo(qtbot, page)
    record = crud.get(filled_db, "supplier", key)
    assert (record["name"], record["tier"]) == ("Supplier 04 (Ningbo)", 2)


def test_a_refused_form_save_adds_no_undo_step(qtbot: Any, filled_db: Database) -> None:
    page = _page(qtbot, filled_db)
    form = page.open_record_form()
    assert form is not None
    _type(qtbot, form, "name", "Supplier 01")  # a name already used
    _type(qtbot, form, "country", "DE")
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert form.isVisible() and form.error_label.isVisible()
    assert page.undo_stack.count() == 0
    assert len(_suppliers(filled_db, "Supplier 01")) == 1


def test_undo_of_a_creation_is_refused_while_the_record_is_used(
    qtbot: Any, filled_db: Database
) -> None:
    page = _page(qtbot, filled_db)
    form = page.open_record_form()
    assert form is not None
    _type(qtbot, form, "name", "Used Supplier")
    _type(qtbot, form, "country", "JP")
    key = _save(qtbot, form)
    crud.create(filled_db, "alternative source", {"name": "JP magnets", "kind": "supplier",
                                                  "supplier_id": key})  # fmt: skip
    errors: list[str] = []
    page.editor.failed.connect(errors.append)
    _undo(qtbot, page)
    assert [r["id"] for r in _suppliers(filled_db, "Used Supplier")] == [key]  # kept
    assert len(errors) == 1 and errors[0].startswith("Could not undo “New supplier”")
    assert page.status_label.isVisible() and "alternative source" in page.status_label.text()
