"""The record form: typed like a user would, checked against the database afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLabel, QLineEdit

from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.ui.dialogs.record_form import RecordForm

SCREENS = Path("/work/notes/screens6")


def _id(db: Database, entity: str, **where: Any) -> int:
    (record,) = crud.find(db, entity, **where)
    return int(record["id"])


def _form(qtbot: Any, db: Database, entity: str, record_id: int | None = None) -> RecordForm:
    form = RecordForm(db, entity, record_id)
    qtbot.addWidget(form)
    form.open()
    return form


def _type(qtbot: Any, form: RecordForm, field: str, text: str) -> None:
    editor = form.editors[field]
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _save(qtbot: Any, form: RecordForm) -> None:
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip


def _shot(qtbot: Any, form: RecordForm, name: str) -> None:
    qtbot.wait(20)  # let posted layout requests run, as the event loop would
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert form.grab().save(str(SCREENS / name))


def _label(form: RecordForm, field: str) -> str:
    buddy = [w for w in form.findChildren(QLabel) if w.buddy() is form.editors[field]]
    return buddy[0].text()


def _link(db: Database) -> dict[str, int]:
    """A motor maker's node supplying our plant's node, 60 % of its volume."""
    plant = _id(db, "site", name="Site 0", supplier_id=_id(db, "supplier", name="Supplier 01"))
    maker = _id(db, "site", name="Site 1", supplier_id=_id(db, "supplier", name="Supplier 02"))
    motor = _id(db, "part", part_number="0042")
    to_node = crud.create(db, "supply node", {"site_id": plant, "part_id": motor})["id"]
    from_node = crud.create(db, "supply node", {"site_id": maker, "part_id": motor})["id"]
    link = crud.create(db, "sourcing link", {"from_node_id": from_node, "to_node_id": to_node,
                                             "share": 0.6, "price_per_unit": 12.5})  # fmt: skip
    return {"link": link["id"], "from": from_node, "to": to_node}


def test_new_site_with_its_required_fields(qtbot: Any, filled_db: Database) -> None:
    form = _form(qtbot, filled_db, "site")
    assert [_label(form, f) for f in ("supplier_id", "name", "country", "city")] == [
        "Supplier *", "Name *", "Country *", "City",
    ]  # fmt: skip
    _type(qtbot, form, "supplier_id", "Supplier 03")
    _type(qtbot, form, "name", "Hamburg")
    _type(qtbot, form, "country", "DE")
    _type(qtbot, form, "latitude", "53,55")  # a decimal comma, as typed in Germany
    with qtbot.waitSignal(form.saved, timeout=2000) as saved:
        _save(qtbot, form)
    record = crud.get(filled_db, "site", saved.args[0])
    assert record["supplier_id"] == _id(filled_db, "supplier", name="Supplier 03")
    assert (record["name"], record["country"], record["latitude"]) == ("Hamburg", "DE", 53.55)
    assert record["city"] is None and record["origin"] == "user"
    assert not form.isVisible()


def test_bad_latitude_is_refused_inline_and_nothing_is_written(
    qtbot: Any, filled_db: Database, db_snapshot: Callable[[Database], dict[str, str]]
) -> None:
    before = db_snapshot(filled_db)
    form = _form(qtbot, filled_db, "site")
    _type(qtbot, form, "supplier_id", "Supplier 03")
    _type(qtbot, form, "name", "Hamburg")
    _type(qtbot, form, "country", "DE")
    _type(qtbot, form, "latitude", "95")
    with qtbot.assertNotEmitted(form.saved):
        _save(qtbot, form)
    assert db_snapshot(filled_db) == before
    assert form.isVisible()
    error = form.errors["latitude"]
    assert error.isVisible() and "latitude from -90 to 90" in error.text()
    assert not form.errors["name"].isVisible()
    assert form.editors["latitude"].text() == "95"  # the typed text stays, to be corrected
    assert form.editors["name"].text() == "Hamburg"
    assert "QLineEdit" in form.editors["latitude"].styleSheet()
    _shot(qtbot, form, "form_new_site_error.png")
    _type(qtbot, form, "latitude", "53.55")  # corrected: now it goes through
    with qtbot.waitSignal(form.saved, timeout=2000):
        _save(qtbot, form)
    assert crud.find(filled_db, "site", name="Hamburg")[0]["latitude"] == 53.55


def test_missing_required_fields_are_named_at_each_field(
    qtbot: Any, filled_db: Database, db_snapshot: Callable[[Database], dict[str, str]]
) -> None:
    before = db_snapshot(filled_db)
    form = _form(qtbot, filled_db, "site")
    _type(qtbot, form, "city", "Bremen")
    _save(qtbot, form)
    assert db_snapshot(filled_db) == before
    shown = {name for name, label in form.errors.items() if label.isVisible()}
    assert shown == {"supplier_id", "name", "country"}
    assert form.errors["country"].text() == "is required"
    assert form.editors["city"].text() == "Bremen"
    assert form.error_label.isVisible()
    _shot(qtbot, form, "form_new_site_required.png")


def test_supplier_combo_resolves_names_and_refuses_unknown_ones(
    qtbot: Any, filled_db: Database, db_snapshot: Callable[[Database], dict[str, str]]
) -> None:
    site = _id(filled_db, "site", name="Site 4", supplier_id=_id(filled_db, "supplier",
                                                                 name="Supplier 05"))  # fmt: skip
    form = _form(qtbot, filled_db, "site", site)
    combo = form.editors["supplier_id"]
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Supplier 05"  # the id shown by its name
    assert combo.count() == 13  # 12 suppliers and the empty choice
    before = db_snapshot(filled_db)
    _type(qtbot, form, "supplier_id", "Supplier 99")
    _save(qtbot, form)
    assert db_snapshot(filled_db) == before
    assert form.errors["supplier_id"].text() == "no supplier is named “Supplier 99”"
    assert combo.currentText() == "Supplier 99"
    combo.setCurrentIndex(combo.findText("Supplier 02"))  # picked from the list this time
    with qtbot.waitSignal(form.saved, timeout=2000) as saved:
        _save(qtbot, form)
    assert saved.args == [site]
    record = crud.get(filled_db, "site", site)
    assert record["supplier_id"] == _id(filled_db, "supplier", name="Supplier 02")
    assert record["name"] == "Site 4"


def test_a_database_refusal_keeps_the_input_and_says_why(
    qtbot: Any, filled_db: Database, db_snapshot: Callable[[Database], dict[str, str]]
) -> None:
    """Supplier 07 already has a "Site 4": moving another one there is a duplicate."""
    site = _id(filled_db, "site", name="Site 4", supplier_id=_id(filled_db, "supplier",
                                                                 name="Supplier 05"))  # fmt: skip
    before = db_snapshot(filled_db)
    form = _form(qtbot, filled_db, "site", site)
    _type(qtbot, form, "supplier_id", "Supplier 07")
    with qtbot.assertNotEmitted(form.saved):
        _save(qtbot, form)
    assert db_snapshot(filled_db) == before
    assert form.isVisible() and form.error_label.isVisible()
    assert "name" in form.error_label.text()  # the field that clashes is named
    assert form.editors["supplier_id"].currentText() == "Supplier 07"


def test_edit_a_sourcing_links_share(qtbot: Any, filled_db: Database) -> None:
    ids = _link(filled_db)
    form = _form(qtbot, filled_db, "sourcing link", ids["link"])
    assert form.windowTitle() == "Edit sourcing link"
    assert form.editors["from_node_id"].currentText() == "Supplier 02 / Site 1: 0042 Seat motor"
    assert form.editors["share"].text() == "0.6"
    assert form.editors["price_per_unit"].text() == "12.5"
    _type(qtbot, form, "share", "85 %")
    _shot(qtbot, form, "form_edit_link.png")
    assert form.values() == ({"share": 0.85}, {})  # only what changed is sent
    with qtbot.waitSignal(form.saved, timeout=2000):
        _save(qtbot, form)
    record = crud.get(filled_db, "sourcing link", ids["link"])
    assert record["share"] == 0.85
    assert (record["from_node_id"], record["to_node_id"]) == (ids["from"], ids["to"])
    assert record["price_per_unit"] == 12.5


@pytest.mark.parametrize(("typed", "why"), [("1.5", "must be a share between 0 and 1"),
                                            ("", "is required")])  # fmt: skip
def test_a_refused_share_keeps_the_link_unchanged(
    qtbot: Any, filled_db: Database, db_snapshot: Callable[[Database], dict[str, str]],
    typed: str, why: str,
) -> None:  # fmt: skip
    ids = _link(filled_db)
    before = db_snapshot(filled_db)
    form = _form(qtbot, filled_db, "sourcing link", ids["link"])
    _type(qtbot, form, "share", typed)
    _save(qtbot, form)
    assert db_snapshot(filled_db) == before
    assert form.errors["share"].text() == why and form.isVisible()


def test_validators_enums_and_flags(qtbot: Any, filled_db: Database) -> None:
    form = _form(qtbot, filled_db, "supplier")
    qtbot.keyClicks(form.editors["tier"], "2x")
    assert form.editors["tier"].text() == "2"  # letters never reach a number field
    assert isinstance(form.editors["is_internal"], QCheckBox)
    alternative = _form(qtbot, filled_db, "alternative source")
    status = alternative.editors["status"]
    assert isinstance(status, QComboBox)
    assert status.currentData() == "candidate"  # the default is preselected
    assert [status.itemText(i) for i in range(status.count())] == [
        "Candidate", "In qualification", "Qualified", "Active",
    ]  # fmt: skip
    kind = alternative.editors["kind"]
    assert kind.currentData() is None  # required without a default: the user chooses
    _type(qtbot, alternative, "name", "Ferrite redesign")
    kind.setCurrentIndex(kind.findData("design"))
    _type(qtbot, alternative, "part_id", "0042 seat motor")  # names match in any case
    _type(qtbot, alternative, "cost_premium_pct", "12")
    _shot(qtbot, alternative, "form_new_alternative.png")
    with qtbot.waitSignal(alternative.saved, timeout=2000) as saved:
        _save(qtbot, alternative)
    record = crud.get(filled_db, "alternative source", saved.args[0])
    assert (record["kind"], record["status"]) == ("design", "candidate")
    assert record["part_id"] == _id(filled_db, "part", part_number="0042")
    assert record["cost_premium_pct"] == 12.0
