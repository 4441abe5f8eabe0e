"""The BOM import wizard driven page by page on real xlsx files and a real SQLite database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from rePlanner.domain.imports import BomField
from rePlanner.services import bom_import_commit, crud
from rePlanner.services.bom_import_profiles import list_profiles
from rePlanner.services.bom_query import bom_tree, revision_history
from rePlanner.ui.wizards import ImportWizard, accepts_drop
from rePlanner.ui.wizards.preview_model import (
    ERROR_BACKGROUND,
    ISSUES_COLUMN,
    WARNING_BACKGROUND,
    RawRowsModel,
)

SCREENS = Path("/work/notes/screens6")
HEADERS = ["Level", "Part No.", "Description", "Menge", "UoM", "Supplier"]
GOOD = [
    (1, "A100", "Drive unit", 1, "pc", None),
    (2, "0042", "Rotor", 2, "pc", "Magnetic Co"),
    (3, "M-1", "Magnet", 8, "pc", "Magnetic Co"),
    (2, "S-7", "Stator", 1, "pc", "Winding GmbH"),
    (1, "B200", "Wheel", 4, "pc", "Wheel Works"),
]
BAD = [
    (1, "A100", "Drive unit", 1, "pc", None),
    (2, "0042", "Rotor", -2, "pc", "Magnetic Co"),  # row 5: negative quantity (error)
    (2, "S-7", "Stator", "1,5", "pc", "Winding GmbH"),  # row 6: decimal comma (warning)
    (1, None, "Wheel", 4, "pc", "Wheel Works"),  # row 7: no part number (error)
    (1, "B200", "Wheel", 4, "pc", "Wheel Works"),
]
ERROR_ROWS = [5, 7]


def workbook(path: Path, rows, headers=HEADERS, title_rows: int = 2) -> Path:
    """A 'Notes' sheet first, then 'BOM' with a title block above the header row."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["Exported for the sourcing team"])
    ws = wb.create_sheet("BOM")
    ws.append(["Acme BOM export, line B1"])
    for _ in range(title_rows - 1):
        ws.append([])
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


@pytest.fixture
def line_db(db):
    own = crud.create(db, "supplier", {"name": "Our Company", "country": "Germany",
                                        "is_internal": True, "tier": 0})  # fmt: skip
    site = crud.create(db, "site", {"supplier_id": own["id"], "name": "Bremen plant",
                                    "country": "Germany", "city": "Bremen"})  # fmt: skip
    for name in ("Magnetic Co", "Winding GmbH", "Wheel Works"):
        crud.create(db, "supplier", {"name": name, "country": "Japan"})
    prog = crud.create(db, "program", {"name": "Norvik", "powertrain": "BEV"})
    crud.create(db, "production line", {"name": "B1", "plant_site_id": site["id"],
                                        "program_id": prog["id"], "rate_per_day": 400,
                                        "margin_per_vehicle": 9000})  # fmt: skip
    return db


def shot(widget, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    widget.resize(1280, 800)
    widget.grab().save(str(SCREENS / f"wizard_{name}.png"))


def open_wizard(qtbot, db, path: Path, line: str | None = "B1") -> ImportWizard:
    wizard = ImportWizard(db, str(path), line)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def to_mapping(qtbot, wizard: ImportWizard) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.sheet_page.isComplete(), timeout=10000)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page


def to_preview(qtbot, wizard: ImportWizard) -> None:
    to_mapping(qtbot, wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.rows is not None and not page.bar.busy, timeout=10000)


def next_enabled(wizard: ImportWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_accepts_drop_takes_the_readable_kinds(tmp_path):
    for name in ("a.xlsx", "b.XLSM", "c.xls", "d.csv", "e.ods"):
        (tmp_path / name).write_bytes(b"x")
        assert accepts_drop(tmp_path / name), name
    (tmp_path / "f.pdf").write_bytes(b"x")
    assert not accepts_drop(tmp_path / "f.pdf")
    assert not accepts_drop(tmp_path / "missing.xlsx")


def test_sheet_header_and_column_suggestions(qtbot, line_db, tmp_path):
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "good.xlsx", GOOD))
    shot(wizard, "1_file")
    assert wizard.file_page.line_combo.currentData() == ("B1", "Bremen plant")
    wizard.next()
    page = wizard.sheet_page
    qtbot.waitUntil(page.isComplete, timeout=10000)
    # the BOM sheet, not the first one; the header under the title block
    assert page.sheet_combo.currentText() == "BOM"
    assert page.header_spin.value() == 3
    assert page.raw.data(page.raw.index(2, 1)) == "Part No."
    shot(wizard, "2_sheet")
    wizard.next()
    mp = wizard.mapping_page
    chosen = {f: c.currentData() for f, c in mp.combos.items()}
    assert chosen[BomField.PART_NUMBER] == 1 and chosen[BomField.QUANTITY] == 3
    assert chosen[BomField.LEVEL] == 0 and chosen[BomField.SUPPLIER] == 5
    assert chosen[BomField.PARENT] is None
    assert "100 % sure" in mp.notes[BomField.QUANTITY].text()
    assert "A100" in mp.notes[BomField.PART_NUMBER].text()
    shot(wizard, "3_mapping")
    # the user takes column B for the description: the part number loses it, Next is disabled
    combo = mp.combos[BomField.DESCRIPTION]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert mp.mapping.columns[BomField.DESCRIPTION] == 1
    assert BomField.PART_NUMBER not in mp.mapping.columns
    assert "chosen by you" in mp.notes[BomField.DESCRIPTION].text()
    assert not next_enabled(wizard)


def test_a_header_row_the_user_moves_is_used(qtbot, line_db, tmp_path):
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "good.xlsx", GOOD))
    wizard.next()
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=10000)
    wizard.sheet_page.header_spin.setValue(1)  # the title row: nothing recognised there
    assert wizard.sheet_page.raw.header_row == 1
    wizard.next()
    assert wizard.mapping_page.mapping.header_row == 1
    assert not wizard.mapping_page.mapping.columns and not next_enabled(wizard)


def test_bad_file_is_flagged_and_cannot_be_imported(qtbot, qtmodeltester, line_db, tmp_path,
                                                    db_snapshot):  # fmt: skip
    before = db_snapshot(line_db)
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "bad.xlsx", BAD))
    to_preview(qtbot, wizard)
    page, model = wizard.preview_page, wizard.preview_page.model
    qtmodeltester.check(model)
    rows = [model.excel_row(r) for r in range(model.rowCount())]
    assert rows == [4, 5, 6, 7, 8]
    bg = Qt.ItemDataRole.BackgroundRole
    qty_col, pn_col = 4, 2
    negative = model.index(rows.index(5), qty_col)
    assert model.data(negative, bg) == ERROR_BACKGROUND
    assert "negative" in model.data(negative, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(rows.index(6), qty_col), bg) == WARNING_BACKGROUND
    assert model.data(model.index(rows.index(7), pn_col), bg) == ERROR_BACKGROUND
    assert model.data(model.index(rows.index(4), qty_col), bg) is None
    assert not next_enabled(wizard)
    assert "2 errors" in page.status.text() and "nothing can be imported" in page.status.text()
    shot(wizard, "4_preview_errors")
    page.errors_only.setChecked(True)
    qtmodeltester.check(model)
    assert [model.excel_row(r) for r in range(model.rowCount())] == ERROR_ROWS
    assert all(model.data(model.index(r, ISSUES_COLUMN), bg) == ERROR_BACKGROUND
               for r in range(model.rowCount()))  # fmt: skip
    shot(wizard, "4_preview_errors_only")
    wizard.next()  # refused: still on the preview
    assert wizard.currentPage() is page
    assert db_snapshot(line_db) == before


def test_good_file_commits_a_revision_then_shows_the_diff(qtbot, line_db, tmp_path):
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "good.xlsx", GOOD))
    to_preview(qtbot, wizard)
    assert next_enabled(wizard)
    assert "revision 1" in wizard.preview_page.status.text()
    shot(wizard, "4_preview")
    with qtbot.waitSignal(wizard.imported, timeout=10000) as got:
        wizard.next()
    assert got.args[0].revision == 1 and got.args[0].lines_imported == len(GOOD)
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=5000)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "Imported 5 lines as revision 1" in wizard.commit_page.result_label.text()
    shot(wizard, "5_result")
    [rev] = revision_history(line_db, "B1")
    assert rev.revision == 1 and rev.is_current and rev.lines == len(GOOD)
    assert [r["part_number"] for r in bom_tree(line_db, "B1")] == [g[1] for g in GOOD]
    # the same layout again with one quantity changed: the preview says what changes
    changed = [*GOOD[:4], (1, "B200", "Wheel", 5, "pc", "Wheel Works")]
    again = open_wizard(qtbot, line_db, workbook(tmp_path / "good2.xlsx", changed))
    to_preview(qtbot, again)
    assert "1 quantity changed" in again.preview_page.diff_label.text()
    model = again.preview_page.model
    last = model.rowCount() - 1
    assert model.data(model.index(last, ISSUES_COLUMN - 1)) == "quantity 4 → 5"
    shot(again, "4_preview_diff")


class Gate:
    """Wraps the task's progress: the commit stops at its first report until the test opens."""

    def __init__(self, progress) -> None:
        self.progress, self.reached, self.go = progress, threading.Event(), threading.Event()

    def update(self, done: int, total: int, message: str = "") -> None:
        self.progress.update(done, total, message)
        self.reached.set()
        assert self.go.wait(10)

    def cancelled(self) -> bool:
        return self.progress.cancelled()


def test_cancel_during_the_commit_writes_nothing(qtbot, line_db, tmp_path, monkeypatch,
                                                 db_snapshot):  # fmt: skip
    monkeypatch.setattr(bom_import_commit, "CHUNK", 1)  # a report (and cancel check) per line
    real, gates = bom_import_commit.commit_bom, []

    def gated(db, preview, progress=None):
        gates.append(Gate(progress))
        return real(db, preview, progress=gates[-1])

    monkeypatch.setattr(bom_import_commit, "commit_bom", gated)
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "good.xlsx", GOOD))
    to_preview(qtbot, wizard)
    before = db_snapshot(line_db)
    wizard.next()
    page = wizard.commit_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: bool(gates) and gates[0].reached.is_set(), timeout=5000)
    assert page.bar.isVisible() and page.bar.busy  # lines are being written
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()  # one Cancel only
    shot(wizard, "5_commit_running")
    qtbot.mouseClick(page.bar.cancel_button, Qt.MouseButton.LeftButton)
    gates[0].go.set()
    qtbot.waitUntil(lambda: not page.bar.busy, timeout=10000)
    assert "cancelled; nothing was written" in page.result_label.text()
    assert not page.isComplete() and page.again.isVisible()
    assert wizard.button(QWizard.WizardButton.CancelButton).isVisible()  # to close it now
    assert db_snapshot(line_db) == before
    assert revision_history(line_db, "B1") == []


def test_profiles_are_saved_and_fit_a_moved_layout(qtbot, line_db, tmp_path):
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "good.xlsx", GOOD))
    to_mapping(qtbot, wizard)
    mp = wizard.mapping_page
    qtbot.keyClicks(mp.profile_name, "Acme export")
    qtbot.mouseClick(mp.save_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in list_profiles(line_db)] == ["Acme export"]
    assert "saved" in mp.message.text()
    # another file: columns in another order, header lower down, odd names a guess would miss
    headers = ["Supplier", "Menge", "Part No.", "Level", "Description", "UoM"]
    order = [5, 3, 1, 0, 2, 4]
    moved = [tuple(r[i] for i in order) for r in GOOD]
    other = open_wizard(qtbot, line_db, workbook(tmp_path / "moved.xlsx", moved, headers, 4))
    to_mapping(qtbot, other)
    mp2 = other.mapping_page
    assert mp2.profile_combo.currentText() == "Acme export"
    qtbot.mouseClick(mp2.apply_button, Qt.MouseButton.LeftButton)
    cols = mp2.mapping.columns
    assert cols[BomField.PART_NUMBER] == 2 and cols[BomField.QUANTITY] == 1
    assert cols[BomField.SUPPLIER] == 0 and mp2.mapping.header_row == 5
    assert "from “Acme export”" in mp2.notes[BomField.QUANTITY].text()


def test_a_new_line_is_created_on_import(qtbot, line_db, tmp_path):
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "good.xlsx", GOOD), line=None)
    fp = wizard.file_page
    fp.new.setChecked(True)
    qtbot.keyClicks(fp.new_name, "B9 Pilot")
    assert fp.plant_combo.currentText() == "Bremen plant"
    to_preview(qtbot, wizard)
    assert next_enabled(wizard), wizard.preview_page.status.text()
    with qtbot.waitSignal(wizard.imported, timeout=10000) as got:
        wizard.next()
    assert got.args[0].line_created
    assert revision_history(line_db, "B9 Pilot")[0].lines == len(GOOD)


def test_raw_rows_model(qtmodeltester):
    model = RawRowsModel()
    model.set_rows([["Title"], [], ["Level", "Part", None], [1, "A", 2.5]], header_row=3)
    qtmodeltester.check(model)
    assert model.columnCount() == 3 and model.data(model.index(3, 2)) == "2.5"
    assert model.data(model.index(2, 0), Qt.ItemDataRole.FontRole).bold()


def test_unknown_supplier_marks_its_rows_until_created(qtbot, line_db, tmp_path):
    rows = [*GOOD, (1, "C300", "Seat", 1, "pc", "Newco Seating"),
            (2, "C310", "Seat motor", 2, "pc", "newco  seating")]  # fmt: skip
    wizard = open_wizard(qtbot, line_db, workbook(tmp_path / "sup.xlsx", rows))
    to_preview(qtbot, wizard)
    page, model = wizard.preview_page, wizard.preview_page.model
    sup_col = 6
    flagged = [model.excel_row(r) for r in range(model.rowCount())
               if model.data(model.index(r, sup_col), Qt.ItemDataRole.BackgroundRole)
               == ERROR_BACKGROUND]  # fmt: skip
    assert flagged == [9, 10] and not next_enabled(wizard)
    page.create_suppliers.setChecked(True)  # matches again, without reading the file
    qtbot.waitUntil(lambda: page.rows is not None and not page.bar.busy, timeout=10000)
    assert next_enabled(wizard)
    tint = model.data(model.index(model.rowCount() - 1, sup_col), Qt.ItemDataRole.BackgroundRole)
    assert tint == WARNING_BACKGROUND  # "will be created"
    with qtbot.waitSignal(wizard.imported, timeout=10000) as got:
        wizard.next()
    assert got.args[0].suppliers_created == 1
    assert crud.find(line_db, "supplier", name="Newco Seating")


def test_the_messy_sample_workbook_is_read(qtbot, line_db):
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "bom_messy.xlsx"
    if not sample.is_file():
        pytest.skip("resources/samples/bom_messy.xlsx is not in this checkout")
    wizard = open_wizard(qtbot, line_db, sample)
    wizard.next()
    qtbot.waitUntil(wizard.sheet_page.isComplete, timeout=10000)
    assert wizard.sheet_page.header_spin.value() == 5  # under the title block and logo rows
    shot(wizard, "2_sheet_messy")
    wizard.next()
    shot(wizard, "3_mapping_messy")
    cols = wizard.mapping_page.mapping.columns
    assert cols[BomField.PART_NUMBER] == 1 and cols[BomField.QUANTITY] == 3
    wizard.next()
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.rows is not None and not page.bar.busy, timeout=20000)
    assert page.model.rowCount() > 10
    shot(wizard, "4_preview_messy")
