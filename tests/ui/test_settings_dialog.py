"""The Settings dialog and the recent-databases list, driven as a user would."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from rePlanner.persistence.database import Database
from rePlanner.services.refdata import reference_counts
from rePlanner.services.settings import Settings, get_settings, save_settings
from rePlanner.ui.dialogs.settings_dialog import SettingsDialog
from rePlanner.ui.recent import MAX_RECENT, RecentDatabases

REFDATA = Path(__file__).resolve().parents[2] / "resources" / "refdata"
SCREENS = Path("/work/notes/screens6")
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def dialog(qtbot: Any, db: Database) -> SettingsDialog:
    save_settings(db, Settings(company_name="Acme Motors"))
    dlg = SettingsDialog(db, db.location)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _screenshot(dlg: SettingsDialog, tab: int, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    dlg.tabs.setCurrentIndex(tab)
    dlg.resize(680, 500)
    assert dlg.grab().save(str(SCREENS / f"settings_{name}.png"))


# --- Defaults --------------------------------------------------------------------------------


def test_dialog_shows_the_stored_settings(dialog: SettingsDialog) -> None:
    assert dialog.currency_combo.currentText() == "EUR"
    assert dialog.days_spin.value() == 5
    assert dialog.delay_spin.value() == 45
    assert dialog.company_edit.text() == "Acme Motors"


def test_changed_currency_and_working_days_are_saved(
    dialog: SettingsDialog, db: Database, qtbot: Any
) -> None:
    dialog.tabs.setCurrentIndex(1)
    _type(qtbot, dialog.currency_combo.lineEdit(), "usd")
    _type(qtbot, dialog.days_spin.lineEdit(), "6")
    _type(qtbot, dialog.delay_spin.lineEdit(), "60")
    _type(qtbot, dialog.label_edit, "Confidential")
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    expected = Settings("USD", 6, 60, "Acme Motors", "Confidential")
    assert saved.args == [expected]
    assert get_settings(db) == expected
    assert dialog.currency_combo.currentText() == "USD"
    assert dialog.save_status.text() == "Saved."
    _screenshot(dialog, 1, "defaults")


def test_a_bad_currency_is_marked_and_nothing_is_saved(
    dialog: SettingsDialog, db: Database, qtbot: Any, db_snapshot: Any
) -> None:
    dialog.tabs.setCurrentIndex(1)
    before = db_snapshot(db)
    _type(qtbot, dialog.currency_combo.lineEdit(), "EURO")
    _type(qtbot, dialog.days_spin.lineEdit(), "4")  # a good change must not be saved alone
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.field_errors["currency"]
    assert error.isVisible() and "three-letter ISO code" in error.text()
    assert not dialog.field_errors["working_days_per_week"].isVisible()
    assert "Not saved" in dialog.save_status.text()
    assert dialog.currency_combo.currentText() == "EURO"  # the user's input is kept
    assert db_snapshot(db) == before
    assert get_settings(db).working_days_per_week == 5
    _screenshot(dialog, 1, "defaults_error")
    _type(qtbot, dialog.currency_combo.lineEdit(), "GBP")  # corrected: saved, error gone
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible()
    assert get_settings(db).currency == "GBP" and get_settings(db).working_days_per_week == 4


# --- Database --------------------------------------------------------------------------------


def test_typing_a_url_and_pressing_use_emits_it(dialog: SettingsDialog, qtbot: Any) -> None:
    url = "postgresql+psycopg://planner@db.example.com/replanner"
    qtbot.keyClicks(dialog.location_edit, url)
    with qtbot.waitSignal(dialog.database_chosen) as chosen:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [url]
    assert not dialog.isVisible()  # closed so the window can report its own errors


@pytest.mark.parametrize(
    ("text", "why"),
    [("", "Enter a SQLite file"), ("mysql://x@y/z", "postgresql+psycopg"), ("CURRENT", "already")],
)
def test_a_location_that_cannot_work_is_refused_inline(
    dialog: SettingsDialog, qtbot: Any, db: Database, text: str, why: str
) -> None:
    qtbot.keyClicks(dialog.location_edit, db.location if text == "CURRENT" else text)
    with qtbot.assertNotEmitted(dialog.database_chosen):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert why in dialog.location_error.text()
    assert dialog.isVisible()


def test_browse_fills_the_location(dialog: SettingsDialog, qtbot: Any, tmp_path: Path) -> None:
    _screenshot(dialog, 0, "database")
    chooser = dialog.browse_database()
    assert chooser.isVisible() and not chooser.testOption(chooser.Option.DontUseNativeDialog)
    chooser.fileSelected.emit(str(tmp_path / "other.sqlite"))
    chooser.reject()
    assert dialog.location_edit.text() == str(tmp_path / "other.sqlite")
    with qtbot.waitSignal(dialog.database_chosen) as chosen:
        qtbot.keyClick(dialog.location_edit, Qt.Key.Key_Return)
    assert chosen.args == [str(tmp_path / "other.sqlite")]


# --- Reference data --------------------------------------------------------------------------


def _table(dialog: SettingsDialog) -> dict[str, list[str]]:
    model = dialog.summary_model
    return {
        model.data(model.index(r, 0), DISPLAY): [
            model.data(model.index(r, c), DISPLAY) for c in range(1, model.columnCount())
        ]
        for r in range(model.rowCount())
    }


def test_refdata_refresh_runs_and_shows_its_summary(
    dialog: SettingsDialog, db: Database, qtbot: Any, tmp_path: Path
) -> None:
    assert dialog.as_of_label.text() == "No reference data loaded"
    for name in ("materials.csv", "export_controls.csv"):
        shutil.copy(REFDATA / name, tmp_path / name)
    with qtbot.waitSignal(dialog.refdata_loaded, timeout=20_000) as loaded:
        assert dialog.load_refdata(str(tmp_path / "materials.csv")) is not None
        assert not dialog.load_button.isEnabled()  # one load at a time
    qtbot.waitUntil(lambda: not dialog.bar.busy, timeout=20_000)
    counts = reference_counts(db)
    assert counts["materials"] > 0
    assert loaded.args[0].tables["materials"].inserted == counts["materials"]
    assert _table(dialog) == {"materials": [str(counts["materials"]), "0", "0", "0", "0", "0"]}
    assert "Loaded materials.csv" in dialog.refdata_status.text()
    assert dialog.load_button.isEnabled()
    with qtbot.waitSignal(dialog.refdata_loaded, timeout=20_000):
        dialog.load_refdata(str(tmp_path / "export_controls.csv"))
    qtbot.waitUntil(lambda: not dialog.bar.busy, timeout=20_000)
    assert not dialog.bar.isVisible()
    # the as-of date comes from the measures just loaded
    assert dialog.as_of_label.text() == "Reference data as of 2025-11-07"
    _screenshot(dialog, 2, "refdata")


def test_a_bad_refdata_file_shows_its_error_and_changes_nothing(
    dialog: SettingsDialog, db: Database, qtbot: Any, tmp_path: Path, db_snapshot: Any
) -> None:
    bad = tmp_path / "not_refdata.csv"
    bad.write_text("colour,size\nred,3\n", encoding="utf-8")
    before = db_snapshot(db)
    with qtbot.assertNotEmitted(dialog.refdata_loaded):
        assert dialog.load_refdata(str(bad)) is not None
        qtbot.waitUntil(lambda: not dialog.bar.busy, timeout=20_000)
    assert "Not loaded, nothing was changed" in dialog.refdata_status.text()
    assert "not_refdata.csv" in dialog.refdata_status.text()
    assert db_snapshot(db) == before
    assert dialog.load_button.isEnabled()
    _screenshot(dialog, 2, "refdata_error")


# --- recent databases ------------------------------------------------------------------------


def _files(tmp_path: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        path = tmp_path / f"db{i}.sqlite"
        path.write_bytes(b"")
        out.append(str(path))
    return out


def test_recent_keeps_order_dedups_and_caps(settings: QSettings, tmp_path: Path) -> None:
    recent = RecentDatabases(settings)
    files = _files(tmp_path, 10)
    for path in files[:3]:
        recent.add(path)
    recent.add(files[0])  # opened again: moves to the top, once
    assert recent.paths() == [files[0], files[2], files[1]]
    for path in files:
        recent.add(path)
    assert recent.paths() == files[::-1][:MAX_RECENT]
    again = RecentDatabases(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.paths() == files[::-1][:MAX_RECENT]  # kept across restarts


def test_recent_prunes_missing_files_and_hides_passwords(
    settings: QSettings, tmp_path: Path
) -> None:
    recent = RecentDatabases(settings)
    a, b = _files(tmp_path, 2)
    recent.add(a)
    recent.add("postgresql+psycopg://planner:secret@db.example.com:5432/rp")
    recent.add(b)
    Path(a).unlink()
    assert recent.paths() == [b, "postgresql+psycopg://planner@db.example.com:5432/rp"]
    assert "secret" not in Path(settings.fileName()).read_text(encoding="utf-8")


def test_recent_menu_calls_back_with_the_path(
    settings: QSettings, tmp_path: Path, qtbot: Any
) -> None:
    recent = RecentDatabases(settings)
    opened: list[str] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = recent.menu(parent, opened.append)
    assert [a.text() for a in menu.actions()] == ["No recent databases"]
    a, b = _files(tmp_path, 2)
    recent.add(a)
    recent.add(b)
    menu.aboutToShow.emit()  # refilled each time it opens
    actions = [a for a in menu.actions() if a.data()]
    assert [x.data() for x in actions] == [b, a]
    assert actions[0].text().startswith("&1 db1.sqlite")
    actions[1].trigger()
    assert opened == [a]
    clear = next(x for x in menu.actions() if x.text() == "Clear list")
    clear.trigger()
    assert recent.paths() == []


def test_report_logo_is_saved_kept_and_checked(
    dialog: SettingsDialog, db: Database, qtbot: Any
) -> None:
    dialog.tabs.setCurrentIndex(1)
    _type(qtbot, dialog.logo_edit, "/srv/brand/logo.bmp")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["report_logo"].isVisible()
    assert get_settings(db).report_logo == ""
    _type(qtbot, dialog.logo_edit, "/srv/brand/logo.svg")
    with qtbot.waitSignal(dialog.settings_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert get_settings(db).report_logo == "/srv/brand/logo.svg"
    _type(qtbot, dialog.company_edit, "Acme Motors GmbH")  # another edit keeps the logo
    with qtbot.waitSignal(dialog.settings_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert get_settings(db).report_logo == "/srv/brand/logo.svg"
