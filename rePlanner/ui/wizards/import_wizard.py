"""The import wizard: a BOM, a supplier workbook, a supply network or alternative sources.

    wizard = ImportWizard(db, path=dropped_file, line="B1", parent=window)
    wizard.imported.connect(window.refresh)
    wizard.open()

Page 1 takes the file and what it holds (recognised from its sheets and columns). A BOM then
goes through sheet and header row, columns, preview and commit; the fixed-layout workbooks
(suppliers, network, alternatives) through a check (dry run) and the import. Reading, checking
and committing run in Tasks (progress and Cancel); a file with errors cannot be imported, and a
cancelled or failed commit writes nothing (one unit of work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from rePlanner.domain.imports import Severity
from rePlanner.services import bom_import_commit
from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.file_page import FilePage
from rePlanner.ui.wizards.import_pages import ImportState, SheetPage, accepts_drop, tr
from rePlanner.ui.wizards.mapping_page import MappingPage
from rePlanner.ui.wizards.preview_page import PreviewPage, count
from rePlanner.ui.wizards.workbook_pages import CheckPage, WorkbookCommitPage
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.bom_import_commit import BomImportResult

__all__ = ["ImportWizard", "accepts_drop"]


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

    def nextId(self) -> int:
        return -1  # the last BOM page; the workbook pages follow it in id order

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
    """Import a file; `imported` fires after a commit with the service's result (a
    BomImportResult for a BOM, an ImportResult for the other kinds)."""

    imported = Signal(object)

    def __init__(
        self, db: Database, path: str | None = None, line: str | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(tr("Import a file"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.state = ImportState()
        self.file_page = FilePage(db, self.state, self)
        self.sheet_page = SheetPage(self.state, self)
        self.mapping_page = MappingPage(db, self.state, self)
        self.preview_page = PreviewPage(db, self.state, self)
        self.commit_page = CommitPage(db, self.state, self)
        self.check_page = CheckPage(db, self.state, self)
        self.workbook_commit_page = WorkbookCommitPage(db, self.state, self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page,
                     self.commit_page, self.check_page, self.workbook_commit_page):  # fmt: skip
            self.addPage(page)
        self.file_page.bom_next = self.pageIds()[1]
        self.file_page.workbook_next = self.pageIds()[5]
        self.commit_page.committed.connect(self.imported)
        self.workbook_commit_page.committed.connect(self.imported)
        if path:
            self.file_page.path_edit.setText(path)
        if line:
            self.file_page.select_line(line)
        self.resize(1000, 700)

    def bars(self) -> list[TaskBar]:
        return [self.file_page.bar, self.sheet_page.bar, self.preview_page.bar,
                self.commit_page.bar, self.check_page.bar, self.workbook_commit_page.bar]  # fmt: skip

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
