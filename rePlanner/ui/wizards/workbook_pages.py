"""Import wizard pages for supplier, supply-network and alternative-source workbooks: the check
(a dry run listing every issue and what would change) and the import with its summary.

Both run in Tasks with progress and Cancel. A file with errors cannot be imported; a cancelled
or failed import writes nothing (the services work in one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from rePlanner.domain.imports import Severity
from rePlanner.services.network_import_inspect import (
    WorkbookKind,
    changes_table,
    check_workbook,
    held_text,
    import_workbook,
)
from rePlanner.services.tables import TableData
from rePlanner.ui.models.record_table_model import RecordTableModel
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.check_page import CheckedTaskPage
from rePlanner.ui.wizards.commit_page import TaskCommitPage
from rePlanner.ui.wizards.import_pages import ImportState, tr
from rePlanner.ui.wizards.issue_model import MESSAGE_COLUMN, IssuesModel
from rePlanner.ui.wizards.preview_page import count
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.network_import_base import ImportResult

KIND_WORDS = {
    WorkbookKind.SUPPLIERS: "suppliers and part suppliers",
    WorkbookKind.NETWORK: "supply network",
    WorkbookKind.ALTERNATIVES: "alternative sources",
}


def what(state: ImportState) -> str:
    """'supply network “small”' or 'suppliers and part suppliers', for titles and texts."""
    words = tr(KIND_WORDS.get(state.kind, state.kind.value))
    return f"{words} “{state.network_name}”" if state.kind is WorkbookKind.NETWORK else words


def changes_view(parent: QWidget) -> tuple[QTableView, RecordTableModel]:
    """A small table of records created / updated / deleted / unchanged per kind of record."""
    model = RecordTableModel(parent)
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
    return view, model


def _run_args(state: ImportState) -> dict[str, Any]:
    return {"name": state.network_name or None, "accept_suppliers_above": state.accept_above}


class CheckPage(CheckedTaskPage):
    """The dry run: every issue with where it is, and what the import would change."""

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.state = db, state
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Import"))
        self._key: tuple[Any, ...] | None = None
        self.summary, self.changes_label, self.status = QLabel(self), QLabel(self), QLabel(self)
        for label in (self.summary, self.status):
            label.setWordWrap(True)
        self.changes_view, self.changes = changes_view(self)
        self.errors_only = QCheckBox(tr("Errors only"), self)
        self.accept_similar = QCheckBox(tr("Take a known supplier whose name is at least"), self)
        self.similarity = QSpinBox(self)
        self.similarity.setRange(50, 100)
        self.similarity.setValue(90)
        self.similarity.setSuffix(" %")
        self.similar_label = QLabel(tr("similar to one in the file"), self)
        tip = tr("Instead of an error, a name in the file this similar to a supplier the "
                 "database knows is taken as that supplier")  # fmt: skip
        for w in (self.accept_similar, self.similarity, self.similar_label):
            w.setToolTip(tip)
        self.again = QPushButton(tr("Check again"), self)
        self.again.setToolTip(tr("Read the file again, e.g. after correcting it in Excel"))
        self.model = IssuesModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()  # the Row column is the sheet's row
        self.view.horizontalHeader().setStretchLastSection(True)
        self.bar = TaskBar(self)
        self._layout()
        self.errors_only.toggled.connect(self.model.set_errors_only)
        self.accept_similar.toggled.connect(lambda _on: self._options_changed())
        self.similarity.editingFinished.connect(self._options_changed)
        self.again.clicked.connect(self._run)
        self.bar.busy_changed.connect(self._busy)

    def _layout(self) -> None:
        options = QHBoxLayout()
        for w in (self.errors_only, self.accept_similar, self.similarity, self.similar_label):
            options.addWidget(w)
        options.addStretch(1)
        options.addWidget(self.again)
        layout = QVBoxLayout(self)
        for shown in (self.summary, self.changes_label, self.changes_view):
            layout.addWidget(shown)
        layout.addLayout(options)
        layout.addWidget(self.view, 1)
        layout.addStretch(0)  # takes the room only while the issue table is hidden
        layout.addWidget(self.status)
        layout.addWidget(self.bar)

    def initializePage(self) -> None:
        s = self.state
        self.setTitle(tr("Check the {0}").format(what(s)))
        self.setSubTitle(tr("The whole file is checked against the database; nothing is written "
                            "yet. Errors (red) block the import, warnings (amber) do not."))  # fmt: skip
        suppliers = s.kind is WorkbookKind.SUPPLIERS
        for w in (self.accept_similar, self.similarity, self.similar_label):
            w.setVisible(suppliers)
        s.accept_above = self._accept_above()
        key = (s.path, s.kind, s.network_name, s.accept_above)
        if key != self._key or s.checked is None:
            self._run()

    def _accept_above(self) -> float | None:
        if self.state.kind is not WorkbookKind.SUPPLIERS or not self.accept_similar.isChecked():
            return None
        return self.similarity.value() / 100

    def _options_changed(self) -> None:
        if self._accept_above() != self.state.accept_above:
            self.state.accept_above = self._accept_above()
            self._run()

    def _run(self) -> None:
        if self.bar.busy:
            return
        s, db = self.state, self.db
        self._key = (s.path, s.kind, s.network_name, s.accept_above)
        path, kind, args = s.path, s.kind, _run_args(s)
        s.checked = s.imported = None
        self.model.set_issues([])
        self.changes.set_table(TableData(columns=[]))
        self._say(tr("Checking…"))
        task = Task(lambda progress: check_workbook(db, path, kind, progress=progress, **args),
                    tr("Checking the file…"))  # fmt: skip
        task.signals.finished.connect(self._shown)
        task.signals.failed.connect(lambda text: self._say(text, error=True))
        task.signals.cancelled.connect(lambda: self._say(tr("The check was cancelled."), True))
        self.bar.run(task)

    def _shown(self, result: ImportResult) -> None:
        self.state.checked, loc = result, QLocale()
        self.model.set_issues(result.issues)
        self.view.setVisible(bool(result.issues))
        self.errors_only.setVisible(bool(result.issues))
        self.view.resizeColumnsToContents()
        for col in range(MESSAGE_COLUMN):  # long values must not push the message out
            self.view.setColumnWidth(col, min(self.view.columnWidth(col), 220))
        self.changes.set_table(changes_table(result))
        n = {s: sum(i.severity is s for i in result.issues) for s in Severity}
        self.summary.setText(tr("{0} rows read: {1}. {2}, {3}.").format(
            loc.toString(result.rows_read), held_text(result) or tr("nothing to import"),
            count(loc, n[Severity.ERROR], tr("error"), tr("errors")),
            count(loc, n[Severity.WARNING], tr("warning"), tr("warnings"))))  # fmt: skip
        has_changes = bool(result.changes)
        self.changes_label.setText(tr("What the import would change:"))
        self.changes_label.setVisible(has_changes)
        self.changes_view.setVisible(has_changes)
        if result.ok:
            self._say(tr("No errors: Import writes it all at once."))
        else:
            self._say(tr("{0}: nothing can be imported. Correct the file and check it again.")
                      .format(count(loc, len(result.errors), tr("error"), tr("errors"))),
                      error=True)  # fmt: skip
        self.completeChanged.emit()

    def busy_controls(self) -> tuple[QWidget, ...]:
        return (self.errors_only, self.accept_similar, self.similarity, self.again)

    def result_ok(self) -> bool:
        c = self.state.checked
        return c is not None and c.ok


class WorkbookCommitPage(TaskCommitPage):
    """Imports the checked workbook in a Task (progress, Cancel) and sums up what it did."""

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        changes_widgets = changes_view(parent)
        super().__init__(db, state, tr("Everything is written at once: a cancelled or failed "
                                       "import writes nothing."), [changes_widgets[0]],
                         parent)  # fmt: skip
        self.changes_view, self.changes = changes_widgets
        self.changes_view.hide()

    def stored(self) -> ImportResult | None:
        return self.state.imported

    def succeeded(self, result: Any) -> bool:
        return result is not None and bool(result.ok)

    def work(self) -> tuple[Callable[[Any], Any], str, str]:
        s, db = self.state, self.db
        path, kind, args = s.path, s.kind, _run_args(s)
        return (lambda progress: import_workbook(db, path, kind, progress=progress, **args),
                tr("Importing the {0}…").format(what(s)), tr("Importing…"))  # fmt: skip

    def present(self, result: ImportResult) -> None:
        loc = QLocale()
        if not result.ok:  # the database changed since the check
            first = result.errors[0].message if result.errors else ""
            self.failed(tr("{0}; nothing was written. Go back to check the file again. {1}")
                        .format(count(loc, len(result.errors), tr("error"), tr("errors")),
                                first))  # fmt: skip
            return
        self.state.imported = result
        warnings = sum(i.severity is Severity.WARNING for i in result.issues)
        text = tr("Imported the {0}: {1} rows read, {2}; import batch {3}.").format(
            what(self.state), loc.toString(result.rows_read), held_text(result), result.batch_id
        )
        if warnings:
            text += " " + tr("{0} listed on the check page.").format(
                count(loc, warnings, tr("warning"), tr("warnings")))  # fmt: skip
        self.changes.set_table(changes_table(result))
        self.changes_view.setVisible(bool(result.changes))
        self.finish(result, text)
