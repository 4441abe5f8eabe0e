"""The BOM import wizard: file and line, sheet and header row, columns, preview, commit.

    wizard = ImportWizard(db, path=dropped_file, line="B1", parent=window)
    wizard.imported.connect(window.refresh)
    wizard.open()

Reading, matching and committing run in Tasks (progress and Cancel); a preview with errors
cannot be imported, and a cancelled or failed commit writes nothing (one unit of work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Signal
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
    QWizardPage,
)

from rePlanner.domain.imports import Severity
from rePlanner.services import bom_import, bom_import_commit, bom_import_inspect
from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.import_pages import FilePage, ImportState, SheetPage, accepts_drop, tr
from rePlanner.ui.wizards.mapping_page import MappingPage
from rePlanner.ui.wizards.preview_model import BomPreviewModel, PreviewRows
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.bom_import import BomPreview
    from rePlanner.services.bom_import_commit import BomImportResult

__all__ = ["ImportWizard", "accepts_drop"]
GENERAL_SHOWN = 8  # file-level issues listed above the table


class PreviewPage(QWizardPage):
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

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    def _busy(self, busy: bool) -> None:
        for w in (self.errors_only, self.create_suppliers, self.reread):
            w.setEnabled(not busy)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        p = self.state.preview
        return not self.bar.busy and p is not None and p.ok

    def validatePage(self) -> bool:
        return self.isComplete()  # next() from code or a shortcut must not pass errors either

    def cleanupPage(self) -> None:
        self.bar.cancel()


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


class CommitPage(QWizardPage):
    """Writes the previewed BOM in a Task (progress, Cancel) and sums up what was imported."""

    committed = Signal(object)  # BomImportResult

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.state = db, state
        self.setTitle(tr("Import"))
        self.setSubTitle(tr("The BOM is written as the line's new current revision, all at once: "
                            "a cancelled or failed import writes nothing."))  # fmt: skip
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.again = QPushButton(tr("Try again"), self)
        self.again.clicked.connect(self._run)
        self.again.hide()
        self.bar = TaskBar(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addWidget(self.again)
        layout.addStretch(1)
        layout.addWidget(self.bar)
        self.bar.busy_changed.connect(self._busy)

    def initializePage(self) -> None:
        if self.state.result is None:
            self._run()

    def _busy(self, busy: bool) -> None:
        """The bar's Cancel stops the import; the wizard's returns once it is over or failed."""
        wizard = self.wizard()
        if wizard is not None:
            hide = busy or self.state.result is not None
            wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, hide)
        self.completeChanged.emit()

    def _run(self) -> None:
        preview, db = self.state.preview, self.db
        assert preview is not None
        self.again.hide()
        self._say(tr("Writing the BOM…"))
        task = Task(lambda progress: bom_import_commit.commit_bom(db, preview, progress=progress),
                    tr("Importing the BOM…"))  # fmt: skip
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        task.signals.cancelled.connect(lambda: self._cancelled(task))
        self.bar.run(task)

    def _cancelled(self, task: Task) -> None:
        if task.result is not None:  # it had finished when Cancel came: the BOM is saved
            self._done(task.result)
            return
        self._failed(tr("The import was cancelled; nothing was written."))

    def _failed(self, text: str) -> None:
        self._say(text, error=True)
        self.again.show()

    def _done(self, result: BomImportResult) -> None:
        self.state.result = result
        preview, loc = self.state.preview, QLocale()
        warnings = [i for i in preview.issues if i.severity is Severity.WARNING] if preview else []
        lines = [tr("Imported {0} lines as revision {1} of line “{2}”.").format(
            loc.toString(result.lines_imported), result.revision, result.line_name),
            tr("New parts: {0}; new suppliers: {1}.").format(
                loc.toString(result.parts_created), loc.toString(result.suppliers_created))]  # fmt: skip
        if result.line_created:
            lines.append(tr("The line was created with 0 vehicles per day and a margin of 0: "
                            "set them before running scenarios."))  # fmt: skip
        lines.append(tr("{0} (listed in the preview); import batch {1}.").format(
            count(loc, len(warnings), tr("warning"), tr("warnings")), result.import_batch_id))  # fmt: skip
        self._say("\n".join(lines))
        self._busy(self.bar.busy)
        self.committed.emit(result)

    def _say(self, text: str, error: bool = False) -> None:
        self.result_label.setStyleSheet(ERROR_STYLE if error else "")
        self.result_label.setText(text)

    def isComplete(self) -> bool:
        return self.state.result is not None and not self.bar.busy


class ImportWizard(QWizard):
    """Import a BOM file as a production line's new revision; `imported` fires after a commit."""

    imported = Signal(object)  # BomImportResult

    def __init__(
        self, db: Database, path: str | None = None, line: str | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(tr("Import a BOM"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.state = ImportState()
        self.file_page = FilePage(db, self.state, self)
        self.sheet_page = SheetPage(self.state, self)
        self.mapping_page = MappingPage(db, self.state, self)
        self.preview_page = PreviewPage(db, self.state, self)
        self.commit_page = CommitPage(db, self.state, self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page,
                     self.commit_page):  # fmt: skip
            self.addPage(page)
        self.commit_page.committed.connect(self.imported)
        if path:
            self.file_page.path_edit.setText(path)
        if line:
            self.file_page.select_line(line)
        self.resize(1000, 700)

    def bars(self) -> list[TaskBar]:
        return [self.sheet_page.bar, self.preview_page.bar, self.commit_page.bar]

    def reject(self) -> None:
        """Cancel running work first; close once it has stopped (a commit rolls back)."""
        busy = [b for b in self.bars() if b.task is not None]
        if not busy:
            super().reject()
            return
        for bar in busy:
            assert bar.task is not None
            bar.task.signals.done.connect(self.reject)
            bar.cancel()
