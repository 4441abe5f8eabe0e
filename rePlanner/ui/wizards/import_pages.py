"""Import wizard: the state the pages share, and the BOM's sheet and header-row page.

The pages share one ImportState (on the wizard); reading the file's head runs in a Task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rePlanner.services.bom_import_inspect import (
    BOM_SUFFIXES,
    BomFileHead,
    inspect_bom_file,
    suggest_bom_mapping,
)
from rePlanner.services.network_import_inspect import WorkbookKind
from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.preview_model import RawRowsModel
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.domain.imports import ColumnMapping, ParsedBom
    from rePlanner.services.bom_import import BomPreview
    from rePlanner.services.bom_import_commit import BomImportResult
    from rePlanner.services.network_import_base import ImportResult


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
    # supplier, network and alternatives workbooks: no sheet or mapping step
    kind: WorkbookKind = WorkbookKind.BOM
    network_name: str = ""
    accept_above: float | None = None  # suppliers: take known look-alike names this similar
    checked: ImportResult | None = None  # the dry run
    imported: ImportResult | None = None  # the commit


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
