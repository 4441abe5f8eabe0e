"""The import wizard with supplier, supply-network and alternative-source workbooks: the kind is
recognised, the check lists every issue, the import writes all or nothing, Cancel writes nothing.
Real xlsx files (template writers, openpyxl) and a real SQLite database."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from rePlanner.io.network.alternatives_template import write_alternatives_template
from rePlanner.io.network.template import write_supplier_template
from rePlanner.services import crud
from rePlanner.services.network_import_inspect import WorkbookKind, changes_table, check_workbook
from rePlanner.services.refdata import seed_reference
from rePlanner.ui.wizards import ImportWizard, workbook_pages
from rePlanner.ui.wizards.issue_model import IssuesModel
from rePlanner.ui.wizards.preview_model import ERROR_BACKGROUND, WARNING_BACKGROUND
from tests.io.network.helpers import PEER, network_book, write_book
from tests.ui.test_import_wizard import Gate

SCREENS = Path("/work/notes/screens6")
SUPPLIERS = [
    {"Supplier": "Magnetics GmbH", "Country": "Germany", "Tier": 2, "Site": "Hanau"},
    {"Supplier": "Baotou Mag", "Country": "China", "Tier": 3, "City": "Baotou"},
]
LINKS = [
    {"Part Number": "000123", "Supplier": "Magnetics GmbH", "Site": "Hanau", "Share": 0.6,
     "Price": 12.5, "Currency": "EUR", "Lead Time (days)": 30, "China Share": 0.9},
    {"Part Number": "000123", "Supplier": "Baotou Mag", "Share": 0.4, "Price": 9.1,
     "Currency": "USD", "Lead Time (days)": 60, "China Share": 1},
]  # fmt: skip
BAD_LINK = {"Part Number": "000777", "Supplier": "Nobody Ltd", "Share": 1.7, "Currency": "EUR"}
ALT_HEADER = ["Name", "Kind", "Supplier", "Material", "Status", "Depends On"]
ALT_ROWS = [["EU Magnets", "supplier", "Magnetics GmbH", "NdFeB magnet", "candidate",
             "Dy metal: 100 %"],
            ["Dy-free magnet", "design", None, "NdFeB magnet", None, "NdPr oxide: 60 %"]]  # fmt: skip


def fill(path: Path, sheet: str, records: list[dict[str, Any]]) -> None:
    """Append records to a template sheet, by its header labels."""
    wb = load_workbook(path)
    ws = wb[sheet]
    labels = [c.value for c in ws[1]]
    for i, r in enumerate(records, start=2):  # the template formats 5000 empty rows: fill them
        for j, label in enumerate(labels, start=1):
            ws.cell(row=i, column=j, value=r.get(label))
    wb.save(path)


def supplier_book(path: Path, links: list[dict[str, Any]]) -> Path:
    write_supplier_template(path)
    fill(path, "Suppliers", SUPPLIERS)
    fill(path, "Part suppliers", links)
    return path


@pytest.fixture
def plant_db(db):
    own = crud.create(db, "supplier", {"name": "Us", "country": "Germany", "tier": 0,
                                       "is_internal": True})  # fmt: skip
    crud.create(db, "site", {"supplier_id": own["id"], "name": "Plant Leipzig",
                             "country": "Germany"})  # fmt: skip
    return db


def shot(widget, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    widget.resize(1280, 800)
    widget.grab().save(str(SCREENS / f"wizard_net_{name}.png"))


def open_wizard(qtbot, db, path: Path) -> ImportWizard:
    wizard = ImportWizard(db, path=str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.file_page.guess is not None, timeout=10000)
    return wizard


def to_check(qtbot, wizard: ImportWizard) -> None:
    wizard.next()
    page = wizard.check_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: wizard.state.checked is not None and not page.bar.busy, timeout=20000)


def next_enabled(wizard: ImportWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def commit(qtbot, wizard: ImportWizard):
    with qtbot.waitSignal(wizard.imported, timeout=20000) as got:
        wizard.next()
    qtbot.waitUntil(wizard.workbook_commit_page.isComplete, timeout=5000)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    return got.args[0]


def test_the_kind_is_recognised_from_the_file(qtbot, db, tmp_path):
    files = {
        write_supplier_template(tmp_path / "suppliers.xlsx"): WorkbookKind.SUPPLIERS,
        write_alternatives_template(tmp_path / "alternatives.xlsx"): WorkbookKind.ALTERNATIVES,
        network_book(tmp_path / "net.xlsx"): WorkbookKind.NETWORK,
        write_book(tmp_path / "bom.xlsx", {"BOM": [["Level", "Part number", "Quantity"],
                                                   [1, "A1", 2]]}): WorkbookKind.BOM,
    }  # fmt: skip
    for path, kind in files.items():
        wizard = open_wizard(qtbot, db, path)
        fp = wizard.file_page
        assert fp.kind() is kind, fp.detected.text()
        assert fp.line_box.isVisible() is (kind is WorkbookKind.BOM)
        assert fp.network_box.isVisible() is (kind is WorkbookKind.NETWORK)
        if kind is WorkbookKind.NETWORK:
            assert fp.network_name.text() == "net"
            assert "“Nodes” and “Links”" in fp.detected.text()
            shot(wizard, "1_kind")
        if kind is WorkbookKind.BOM:  # this database has no line or plant to import it to
            assert not next_enabled(wizard) and "no plant" in fp.note.text()
            continue
        wizard.next()
        assert wizard.currentPage() is wizard.check_page
        wizard.check_page.bar.cancel()


def test_a_kind_the_user_chose_is_kept(qtbot, db, tmp_path):
    wizard = ImportWizard(db, path=str(network_book(tmp_path / "net.xlsx")))
    qtbot.addWidget(wizard)
    wizard.show()
    fp = wizard.file_page
    button = fp.kinds[WorkbookKind.ALTERNATIVES]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    qtbot.waitUntil(lambda: fp.guess is not None, timeout=10000)
    assert fp.guess.kind is WorkbookKind.NETWORK
    assert fp.kind() is WorkbookKind.ALTERNATIVES


def test_a_bad_supplier_row_is_shown_and_blocks_the_import(qtbot, qtmodeltester, plant_db,
                                                           tmp_path, db_snapshot):  # fmt: skip
    before = db_snapshot(plant_db)
    wizard = open_wizard(qtbot, plant_db, supplier_book(tmp_path / "s.xlsx", [*LINKS, BAD_LINK]))
    assert wizard.file_page.kind() is WorkbookKind.SUPPLIERS
    to_check(qtbot, wizard)
    page, model = wizard.check_page, wizard.check_page.model
    qtmodeltester.check(model)
    errors = [model.issue(r) for r in range(model.rowCount())
              if model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole)
              == ERROR_BACKGROUND]  # fmt: skip
    assert {(i.sheet, i.row) for i in errors} == {("Part suppliers", 4)}
    unknown = next(r for r in range(model.rowCount()) if model.issue(r).code == "unknown_supplier")
    assert [model.data(model.index(unknown, c)) for c in range(6)] == [
        "Error", "s.xlsx", "Part suppliers", "4", "Supplier", "Nobody Ltd"]  # fmt: skip
    assert not next_enabled(wizard) and "nothing can be imported" in page.status.text()
    shot(wizard, "2_check_errors")
    page.errors_only.setChecked(True)
    qtmodeltester.check(model)
    assert model.rowCount() == len(errors) == len(wizard.state.checked.errors)
    wizard.next()  # refused
    assert wizard.currentPage() is page
    assert db_snapshot(plant_db) == before


def test_a_good_supplier_workbook_is_imported(qtbot, plant_db, tmp_path):
    path = supplier_book(tmp_path / "s.xlsx", LINKS)
    wizard = open_wizard(qtbot, plant_db, path)
    to_check(qtbot, wizard)
    page = wizard.check_page
    assert next_enabled(wizard) and "No errors" in page.status.text()
    expected = changes_table(check_workbook(plant_db, path, WorkbookKind.SUPPLIERS))
    assert page.changes.table().rows == expected.rows
    shot(wizard, "2_check")
    result = commit(qtbot, wizard)
    assert result.ok and result.batch_id is not None
    assert "Imported the suppliers and part suppliers" in (
        wizard.workbook_commit_page.result_label.text()
    )
    shot(wizard, "3_result")
    for r in SUPPLIERS:
        assert crud.find(plant_db, "supplier", name=r["Supplier"])
    assert len(crud.find(plant_db, "sourcing link")) == 2


def test_a_similar_supplier_name_can_be_taken(qtbot, db, tmp_path):
    crud.create(db, "supplier", {"name": "Allgaeu Fahrwerk GmbH", "country": "Germany"})
    path = write_supplier_template(tmp_path / "s.xlsx")
    fill(path, "Suppliers", [{"Supplier": "Allgau Fahrwerk GmbH", "Country": "Germany"}])
    wizard = open_wizard(qtbot, db, path)
    to_check(qtbot, wizard)
    page = wizard.check_page
    assert [i.code for i in wizard.state.checked.errors] == ["supplier_similar"]
    assert page.accept_similar.isVisible() and not next_enabled(wizard)
    page.similarity.setValue(90)
    qtbot.mouseClick(page.accept_similar, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.waitUntil(lambda: wizard.state.checked is not None and not page.bar.busy, timeout=10000)
    assert wizard.state.accept_above == 0.9 and next_enabled(wizard)
    commit(qtbot, wizard)
    assert len([s for s in crud.find(db, "supplier") if "Fahrwerk" in s["name"]]) == 1


def test_the_peer_network_is_imported_under_its_name(qtbot, db, tmp_path):
    path = Path(shutil.copy(PEER / "small.xlsx", tmp_path / "small.xlsx"))
    wizard = open_wizard(qtbot, db, path)
    fp = wizard.file_page
    assert fp.kind() is WorkbookKind.NETWORK and fp.network_name.text() == "small"
    fp.network_name.clear()
    assert not next_enabled(wizard)  # a network needs a name
    qtbot.keyClicks(fp.network_name, "Peer small")
    to_check(qtbot, wizard)
    checked = wizard.state.checked
    assert checked.ok and checked.counts == {"nodes": 35, "links": 44}
    assert wizard.check_page.title() == "Check the supply network “Peer small”"
    shot(wizard, "2_check_network")
    result = commit(qtbot, wizard)
    assert result.name == "Peer small" and result.changes["sourcing link"]["created"] == 44
    assert crud.find(db, "site", name="Network Peer small")


def test_alternative_sources_are_imported(qtbot, db, tmp_path):
    seed_reference(db, user="tester")
    crud.create(db, "supplier", {"name": "Magnetics GmbH", "country": "Germany"})
    wizard = open_wizard(qtbot, db, write_book(tmp_path / "a.xlsx",
                                               {"Alternatives": [ALT_HEADER, *ALT_ROWS]}))  # fmt: skip
    assert wizard.file_page.kind() is WorkbookKind.ALTERNATIVES
    to_check(qtbot, wizard)
    assert next_enabled(wizard), wizard.check_page.status.text()
    result = commit(qtbot, wizard)
    assert result.created == 2
    assert crud.find(db, "alternative source", name="EU Magnets")
    assert crud.find(db, "alternative source", name="Dy-free magnet")


@pytest.mark.parametrize("kind", [WorkbookKind.NETWORK, WorkbookKind.ALTERNATIVES])
def test_cancel_during_the_import_writes_nothing(qtbot, db, tmp_path, monkeypatch, db_snapshot,
                                                 kind):  # fmt: skip
    if kind is WorkbookKind.ALTERNATIVES:
        seed_reference(db, user="tester")
        crud.create(db, "supplier", {"name": "Magnetics GmbH", "country": "Germany"})
        path = write_book(tmp_path / "a.xlsx", {"Alternatives": [ALT_HEADER, *ALT_ROWS]})
    else:
        path = network_book(tmp_path / "net.xlsx")
    real, gates = workbook_pages.import_workbook, []

    def gated(db, path, kind, progress=None, **kw):
        gates.append(Gate(progress))
        return real(db, path, kind, progress=gates[-1], **kw)

    monkeypatch.setattr(workbook_pages, "import_workbook", gated)
    wizard = open_wizard(qtbot, db, path)
    to_check(qtbot, wizard)
    before = db_snapshot(db)
    wizard.next()
    page = wizard.workbook_commit_page
    qtbot.waitUntil(lambda: bool(gates) and gates[0].reached.is_set(), timeout=5000)
    assert page.bar.busy and not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    qtbot.mouseClick(page.bar.cancel_button, Qt.MouseButton.LeftButton)
    gates[0].go.set()
    qtbot.waitUntil(lambda: not page.bar.busy, timeout=10000)
    assert "cancelled; nothing was written" in page.result_label.text()
    assert not page.isComplete() and page.again.isVisible()
    assert db_snapshot(db) == before


def test_issues_model_colours_and_filter(qtmodeltester):
    from rePlanner.domain.imports import ImportIssue, Severity

    model = IssuesModel()
    model.set_issues([
        ImportIssue(Severity.WARNING, "decimal comma", "/x/f.xlsx", "B", 7, "Share", "1,5"),
        ImportIssue(Severity.ERROR, "negative", "/x/f.xlsx", "A", 3, "Qty", -2.0),
        ImportIssue(Severity.ERROR, "no sheet Links", "/x/f.xlsx"),
    ])  # fmt: skip
    qtmodeltester.check(model)
    assert [model.issue(r).message for r in range(3)] == ["no sheet Links", "decimal comma",
                                                          "negative"]  # fmt: skip
    bg = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(1, 6), bg) == WARNING_BACKGROUND
    assert model.data(model.index(2, 0), bg) == ERROR_BACKGROUND
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole) == "/x/f.xlsx"
    model.set_errors_only(True)
    qtmodeltester.check(model)
    assert [model.issue(r).message for r in range(model.rowCount())] == ["no sheet Links",
                                                                         "negative"]  # fmt: skip
