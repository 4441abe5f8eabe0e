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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QWidget, QWizard

from rePlanner.domain.imports import Severity
from rePlanner.services import bom_import_commit
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.commit_page import TaskCommitPage
from rePlanner.ui.wizards.file_page import FilePage
from rePlanner.ui.wizards.import_pages import ImportState, SheetPage, accepts_drop, tr
from rePlanner.ui.wizards.mapping_page import MappingPage
from rePlanner.ui.wizards.preview_page import PreviewPage, count
from rePlanner.ui.wizards.workbook_pages import CheckPage, WorkbookCommitPage

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.bom_import_commit import BomImportResult

__all__ = ["ImportWizard", "accepts_drop"]


class CommitPage(TaskCommitPage):
    """Writes the previewed BOM in a Task (progress, Cancel) and sums up what was imported."""

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(db, state, tr("The BOM is written as the line's new current revision, "
                                       "all at once: a cancelled or failed import writes "
                                       "nothing."), [], parent)  # fmt: skip

    def stored(self) -> BomImportResult | None:
        return self.state.result

    def work(self) -> tuple[Callable[[Any], Any], str, str]:
        preview, db = self.state.preview, self.db
        assert preview is not None
        return (lambda progress: bom_import_commit.commit_bom(db, preview, progress=progress),
                tr("Writing the BOM…"), tr("Importing the BOM…"))  # fmt: skip

    def present(self, result: BomImportResult) -> None:
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
        self.finish(result, "\n".join(lines))


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
