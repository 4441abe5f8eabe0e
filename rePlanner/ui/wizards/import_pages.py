"""Import wizard pages 1-2: the file and production line, then the sheet and header row.

The pages share one ImportState (on the wizard); reading the file's head runs in a Task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rePlanner.services import crud
from rePlanner.services.bom_import_inspect import (
    BOM_SUFFIXES,
    BomFileHead,
    inspect_bom_file,
    suggest_bom_mapping,
)
from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.preview_model import RawRowsModel
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.domain.imports import ColumnMapping, ParsedBom
    from rePlanner.persistence.database import Database
    from rePlanner.services.bom_import import BomPreview
    from rePlanner.services.bom_import_commit import BomImportResult


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def accepts_drop(path: str | Path) -> bool:
    """Whether the wizard can read this file (by its name; the content is checked on reading)."""
    p = Path(path)
    return p.suffix.lower() in BOM_SUFFIXES and p.is_file()


@dataclass
class ImportState:
    """What the pages decided so far (each page resets what depends on its own choices)."""

    path: str = ""
    line: str = ""
    plant: str | None = None
    create_line: bool = False
    head: BomFileHead | None = None
    sheet: str = ""
    header_row: int = 0
    mapping: ColumnMapping | None = None
    parsed: ParsedBom | None = None
    preview: BomPreview | None = None
    result: BomImportResult | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def plants(db: Database) -> list[str]:
    """Our own plant sites (sites of internal suppliers), by name."""
    own = crud.find(db, "supplier", is_internal=True)
    return sorted(s["name"] for o in own for s in crud.find(db, "site", supplier_id=o["id"]))


def lines(db: Database) -> list[tuple[str, str]]:
    """(line name, plant site name) of every production line."""
    sites = {s["id"]: s["name"] for s in crud.find(db, "site")}
    found = [
        (ln["name"], sites.get(ln["plant_site_id"], "")) for ln in crud.find(db, "production line")
    ]
    return sorted(found, key=lambda x: (x[0].casefold(), x[1]))


class FilePage(QWizardPage):
    """The file to read and the production line whose new BOM revision it becomes."""

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.state = db, state
        self.setTitle(tr("BOM file and production line"))
        self.setSubTitle(tr("Choose the workbook (xlsx, xlsm, xls, ods or csv) and the line "
                            "whose bill of materials it holds."))  # fmt: skip
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(tr("Path of the BOM file, or drop it on the window"))
        self.browse = QPushButton(tr("Browse…"), self)
        self.browse.clicked.connect(self._browse)
        self.existing = QRadioButton(tr("Existing line"), self)
        self.new = QRadioButton(tr("New line"), self)
        group = QButtonGroup(self)
        group.addButton(self.existing)
        group.addButton(self.new)
        self.line_combo = QComboBox(self)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(tr("Name of the new line"))
        self.plant_combo = QComboBox(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self._layout()
        for signal in (self.path_edit.textChanged, self.new_name.textChanged,
                       self.existing.toggled, self.line_combo.currentIndexChanged,
                       self.plant_combo.currentIndexChanged):  # fmt: skip
            signal.connect(self._changed)
        self.reload()

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow(tr("File:"), row)
        form.addRow(self.existing, self.line_combo)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_name, 1)
        new_row.addWidget(QLabel(tr("at plant"), self))
        new_row.addWidget(self.plant_combo, 1)
        form.addRow(self.new, new_row)
        form.addRow(self.note)

    def reload(self) -> None:
        self.line_combo.clear()
        for name, plant in lines(self.db):
            self.line_combo.addItem(f"{name} — {plant}" if plant else name, (name, plant))
        self.plant_combo.clear()
        self.plant_combo.addItems(plants(self.db))
        (self.existing if self.line_combo.count() else self.new).setChecked(True)
        self.existing.setEnabled(self.line_combo.count() > 0)
        self._changed()

    def select_line(self, name: str) -> None:
        """Preselect the line `name` (or offer it as a new line's name)."""
        i = next((k for k in range(self.line_combo.count())
                  if self.line_combo.itemData(k)[0].casefold() == name.casefold()), -1)  # fmt: skip
        if i >= 0:
            self.line_combo.setCurrentIndex(i)
            self.existing.setChecked(True)
        else:
            self.new_name.setText(name)
            self.new.setChecked(True)

    def _browse(self) -> None:
        dialog = QFileDialog(self, tr("Open a BOM file"))
        patterns = " ".join(f"*{s}" for s in BOM_SUFFIXES)
        dialog.setNameFilters([tr("Workbooks and CSV files") + f" ({patterns})",
                               tr("All files") + " (*)"])  # fmt: skip
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()

    def _changed(self) -> None:
        self.line_combo.setEnabled(self.existing.isChecked())
        self.new_name.setEnabled(self.new.isChecked())
        self.plant_combo.setEnabled(self.new.isChecked())
        text = self.path_edit.text().strip()
        if text and not accepts_drop(text):
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText(tr("No readable workbook or CSV file at this path."))
        elif self.new.isChecked() and not self.plant_combo.count():
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText(tr("The database has no plant of our own yet: add our company as "
                                 "an internal supplier with a plant site first."))  # fmt: skip
        else:
            self.note.setStyleSheet("")
            self.note.setText(tr("A new line gets 0 vehicles per day and a margin of 0 until "
                                 "you set them.") if self.new.isChecked() else "")  # fmt: skip
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not accepts_drop(self.path_edit.text().strip()):
            return False
        if self.existing.isChecked():
            return self.line_combo.currentIndex() >= 0
        return bool(self.new_name.text().strip()) and self.plant_combo.currentIndex() >= 0

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        s = self.state
        path = self.path_edit.text().strip()
        if path != s.path:
            s.path, s.head = path, None
        if self.existing.isChecked():
            s.line, s.plant = self.line_combo.currentData()
            s.create_line = False
        else:
            s.line, s.plant = self.new_name.text().strip(), self.plant_combo.currentText()
            s.create_line = True
        return True


class SheetPage(QWizardPage):
    """The sheet and its header row, as suggested; the first rows shown as stored."""

    def __init__(self, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(tr("Sheet and header row"))
        self.setSubTitle(tr("Check the sheet holding the BOM and the row with the column "
                            "names (highlighted). Rows above it are skipped."))  # fmt: skip
        self.sheet_combo = QComboBox(self)
        self.header_spin = QSpinBox(self)
        self.header_spin.setMinimum(1)
        self.suggestion = QLabel(self)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.raw = RawRowsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.raw)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(130)
        self.bar = TaskBar(self)
        self.sheet_combo.setMinimumWidth(260)
        self.header_spin.setMinimumWidth(90)
        choose = QHBoxLayout()
        for w in (QLabel(tr("Sheet:"), self), self.sheet_combo, QLabel(tr("Header row:"), self),
                  self.header_spin):  # fmt: skip
            choose.addWidget(w)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.bar)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.header_spin.valueChanged.connect(self._header_changed)
        self.bar.busy_changed.connect(lambda _busy: self.completeChanged.emit())

    def initializePage(self) -> None:
        if self.state.head is None or self.state.head.file != self.state.path:
            self._read()

    def _read(self) -> None:
        self.error.clear()
        self.sheet_combo.clear()
        self.raw.set_rows([])
        path = self.state.path
        task = Task(lambda progress: inspect_bom_file(path, progress), tr("Reading the file…"))
        task.signals.finished.connect(self._loaded)
        task.signals.failed.connect(self.error.setText)
        self.bar.run(task)

    def _loaded(self, head: BomFileHead) -> None:
        self.state.head = head
        self.sheet_combo.blockSignals(True)
        for name in head.sheets:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setCurrentIndex(max(0, head.sheets.index(head.suggested_sheet)
                                             if head.suggested_sheet in head.sheets else 0))  # fmt: skip
        self._sheet_changed()

    def _sheet_changed(self) -> None:
        head, name = self.state.head, self.sheet_combo.currentData()
        if head is None or name is None:
            return
        rows = head.heads.get(name, [])
        suggested = suggest_bom_mapping(rows).header_row if rows else 0
        self.raw.set_rows(rows, suggested)
        self.header_spin.setMaximum(max(1, len(rows)))
        self.header_spin.setValue(max(1, suggested))
        self.raw.set_header_row(max(1, suggested))
        if not rows:
            self.suggestion.setText(tr("This sheet is empty: choose another one."))
        elif suggested:
            self.suggestion.setText(tr("Suggested: sheet “{0}”, header row {1}.")
                                    .format(head.suggested_sheet, suggested))  # fmt: skip
        else:
            self.suggestion.setText(tr("No header row was recognised: choose it."))
        self.completeChanged.emit()

    def _header_changed(self, value: int) -> None:
        self.raw.set_header_row(value)
        if 0 < value <= self.raw.rowCount():
            self.view.scrollTo(self.raw.index(value - 1, 0))

    def isComplete(self) -> bool:
        return not self.bar.busy and self.state.head is not None and self.raw.rowCount() > 0

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        s = self.state
        sheet, row = self.sheet_combo.currentData(), self.header_spin.value()
        if (sheet, row) != (s.sheet, s.header_row):
            s.sheet, s.header_row, s.mapping = sheet, row, None
        return True

    def cleanupPage(self) -> None:
        self.bar.cancel()
