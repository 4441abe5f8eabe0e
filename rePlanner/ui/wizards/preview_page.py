"""BOM import wizard page 4: the parsed lines with their issues and the diff to the current BOM.

Reading and matching run in a Task; Import (Next) is possible only without errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from rePlanner.domain.imports import Severity
from rePlanner.services import bom_import, bom_import_inspect
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.check_page import CheckedTaskPage
from rePlanner.ui.wizards.import_pages import ImportState, tr
from rePlanner.ui.wizards.preview_model import BomPreviewModel, PreviewRows
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.bom_import import BomPreview

GENERAL_SHOWN = 8  # file-level issues listed above the table


class PreviewPage(CheckedTaskPage):
    """The parsed lines with their issues; Import is possible only without errors."""

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.state = db, state
        self.setTitle(tr("Preview"))
        self.setSubTitle(tr("Every issue at once: errors (red) block the import, warnings "
                            "(amber) do not. Hover a cell to read why."))  # fmt: skip
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Import"))
        self.rows: PreviewRows | None = None
        self._key: tuple[Any, ...] | None = None
        self.summary, self.diff_label, self.general, self.status = (QLabel(self) for _ in range(4))
        for label in (self.summary, self.general, self.status):
            label.setWordWrap(True)
        self.errors_only = QCheckBox(tr("Errors only"), self)
        self.create_suppliers = QCheckBox(tr("Create suppliers the database does not know"), self)
        self.reread = QPushButton(tr("Read the file again"), self)
        self.model = BomPreviewModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.bar = TaskBar(self)
        self._layout()
        self.errors_only.toggled.connect(self.model.set_errors_only)
        self.create_suppliers.toggled.connect(lambda _on: self._run(reread=False))
        self.reread.clicked.connect(lambda: self._run(reread=True))
        self.bar.busy_changed.connect(self._busy)

    def _layout(self) -> None:
        options = QHBoxLayout()
        for w in (self.errors_only, self.create_suppliers):
            options.addWidget(w)
        options.addStretch(1)
        options.addWidget(self.reread)
        layout = QVBoxLayout(self)
        for label in (self.summary, self.diff_label, self.general):
            layout.addWidget(label)
        layout.addLayout(options)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)

    def initializePage(self) -> None:
        s, m = self.state, self.state.mapping
        assert m is not None
        key = (s.path, s.sheet, m.header_row, tuple(sorted(m.columns.items())), s.line, s.plant,
               s.create_line)  # fmt: skip
        if key != self._key or s.preview is None:
            self._key = key
            self._run(reread=True)

    def _run(self, reread: bool) -> None:
        if self.bar.busy:
            return
        s, mapping = self.state, self.state.mapping
        create_suppliers = self.create_suppliers.isChecked()
        parsed = None if reread else s.parsed
        db = self.db

        def work(progress: Any) -> tuple[BomPreview, PreviewRows]:
            nonlocal parsed
            if parsed is None:
                assert mapping is not None
                parsed = bom_import_inspect.read_bom_mapped(s.path, s.sheet, mapping,
                                                            progress=progress)  # fmt: skip
            preview = bom_import.match_bom(db, parsed, s.line, plant=s.plant,
                                           create_line=s.create_line,
                                           create_suppliers=create_suppliers, progress=progress)  # fmt: skip
            return preview, PreviewRows(preview)

        s.preview, self.rows = None, None
        self.model.set_rows(None)
        self.status.clear()
        task = Task(work, tr("Reading and checking the BOM…"))
        task.signals.finished.connect(self._shown)
        task.signals.failed.connect(lambda text: self._say(text, error=True))
        task.signals.cancelled.connect(lambda: self._say(tr("Reading was cancelled."), True))
        self.bar.run(task)

    def _shown(self, result: tuple[BomPreview, PreviewRows]) -> None:
        preview, rows = result
        self.state.preview, self.state.parsed, self.rows = preview, preview.parsed, rows
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount() - 1):  # long texts must not push the rest out
            self.view.setColumnWidth(col, min(self.view.columnWidth(col), 260))
        loc = QLocale()
        n = rows.counts
        self.summary.setText(tr("{0} rows read from sheet “{1}”: {2} BOM lines for line “{3}”. "
                                "{4}, {5}.").format(
            loc.toString(preview.parsed.rows_read), preview.parsed.sheet,
            loc.toString(len(preview.parsed.lines)), preview.target.name if preview.target
            else self.state.line, count(loc, n[Severity.ERROR], tr("error"), tr("errors")),
            count(loc, n[Severity.WARNING], tr("warning"), tr("warnings"))))  # fmt: skip
        self.diff_label.setText(_diff_text(preview, loc))
        self.general.setText("\n".join(f"• {i.severity.value}: {i.message}"
                                       for i in rows.general[:GENERAL_SHOWN]))  # fmt: skip
        self.general.setVisible(bool(rows.general))
        if preview.ok:
            self._say(tr("No errors: Import saves it as revision {0} of line “{1}”.")
                      .format(preview.next_revision, preview.target.name if preview.target
                              else self.state.line))  # fmt: skip
        else:
            self._say(tr("{0}: nothing can be imported. Correct the file and read it again, "
                         "or go back and change the columns.")
                      .format(count(loc, len(preview.errors), tr("error"), tr("errors"))),
                      error=True)  # fmt: skip
        self.completeChanged.emit()

    def busy_controls(self) -> tuple[QWidget, ...]:
        return (self.errors_only, self.create_suppliers, self.reread)

    def result_ok(self) -> bool:
        p = self.state.preview
        return p is not None and p.ok


def count(loc: QLocale, n: int, one: str, many: str) -> str:
    return f"{loc.toString(n)} {one if n == 1 else many}"


def _diff_text(preview: BomPreview, loc: QLocale) -> str:
    diff = preview.diff
    if diff.against is None:
        return tr("The line has no BOM yet: every line is new.")
    c = {k: loc.toString(v) for k, v in diff.counts().items()}
    return tr("Against the current revision {0}: {1} added, {2} removed, {3} quantity changed, "
              "{4} supplier changed, {5} unchanged.").format(
        diff.against, c["added"], c["removed"], c["quantity_changed"], c["supplier_changed"],
        c["unchanged"])  # fmt: skip
