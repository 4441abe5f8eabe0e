"""The BOMs page's History tab: a line's revisions, the diff of one with the current revision
and "restore this revision" (a new revision copying it; the service keeps history intact)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.bom_import_diff import BomDiff
from rePlanner.services.bom_import_restore import RestoreResult, restore_revision
from rePlanner.services.bom_query import RevisionInfo, diff_revisions, revision_history
from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.bom_tree_model import DiffTableModel
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE, RecordTableModel
from rePlanner.ui.views.alternatives_detail import Note
from rePlanner.ui.widgets.read_only_table import table_view
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.bom_view import LineChoice

ERROR_STYLE = "color: rgb(214, 60, 60)"
HISTORY_COLUMNS = [
    Column("revision", "Revision", "int"), Column("current", "Current", "bool"),
    Column("date", "Date"), Column("by", "By"),
    Column("source", "Source", tip="The file (and sheet) it was imported from, or how it came"),
    Column("lines", "BOM lines", "int"), Column("label", "Label"),
]  # fmt: skip
DIFF_COLUMNS = [
    Column("change", "Change", "enum", "Added, removed or changed against the older revision"),
    Column("where", "Under", tip="The assemblies above the part, top level first"),
    Column("part", "Part number"),
    Column("what", "What changed"),
    Column("old_qty", "Qty before", "number", "Quantity per parent in the older revision"),
    Column("new_qty", "Qty now", "number", "Quantity per parent in the current revision"),
    Column("old_supplier", "Supplier before"), Column("new_supplier", "Supplier now"),
]  # fmt: skip


class Latest:
    """Runs tasks on a TaskBar; a new one while it is busy cancels the running one, then runs.
    `ended` is called once the bar is idle again (so a test or a caller sees the final page)."""

    def __init__(self, bar: TaskBar) -> None:
        self.bar = bar
        self.waiting: tuple[Task, Callable[[], None]] | None = None
        bar.busy_changed.connect(self._on_busy)

    def run(self, task: Task, ended: Callable[[], None]) -> None:
        if self.bar.busy:
            self.waiting = (task, ended)  # replaces any older waiting task: the latest counts
            self.bar.cancel()
        else:
            self._start(task, ended)

    def _start(self, task: Task, ended: Callable[[], None]) -> None:
        # connected before the task starts; deferred so it runs after the bar has hidden itself,
        # and skipped when a waiting task took over (the page is not idle yet)
        task.signals.done.connect(lambda: QTimer.singleShot(0, lambda: self._ended(ended)))
        self.bar.run(task)

    def _ended(self, ended: Callable[[], None]) -> None:
        if not self.bar.busy:
            ended()

    def _on_busy(self, busy: bool) -> None:
        if not busy and self.waiting is not None:
            task, ended = self.waiting
            self.waiting = None
            self._start(task, ended)


def history_table(history: list[RevisionInfo]) -> TableData:
    data = TableData(HISTORY_COLUMNS)
    for h in history:
        src = f"{h.file_name}, sheet '{h.sheet}'" if h.file_name and h.sheet else h.file_name
        data.keys.append(h.revision)
        data.rows.append((h.revision, h.is_current, h.created_at.isoformat(" ", "minutes"),
                          h.created_by, src or h.note, h.lines, h.label))  # fmt: skip
    return data


def diff_table(diff: BomDiff) -> TableData:
    data = TableData(DIFF_COLUMNS)
    rows: list[tuple[Any, ...]] = [("added", a.parent_path, a.part_number, "", None, a.quantity, None, a.supplier)
            for a in diff.added]  # fmt: skip
    rows += [("removed", r.parent_path, r.part_number, "", r.quantity, None, r.supplier, None)
             for r in diff.removed]  # fmt: skip
    for c in diff.changed:
        what = ", ".join(w for w, on in (("quantity", c.quantity_changed),
                                          ("supplier", c.supplier_changed)) if on)  # fmt: skip
        rows.append(("changed", c.parent_path, c.part_number, what, c.old_quantity,
                     c.new_quantity, c.old_supplier, c.new_supplier))  # fmt: skip
    for i, (kind, path, *rest) in enumerate(rows):
        data.keys.append(i)
        data.rows.append((kind, " > ".join(path), *rest))
    return data


class BomHistoryPanel(QWidget):
    diff_done = Signal()  # a comparison ended (shown, failed or cancelled)
    restore_done = Signal()  # a restore ended
    revision_restored = Signal(int)  # the new current revision

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.line: LineChoice | None = None
        self.confirm_box: QMessageBox | None = None
        self.history: list[RevisionInfo] = []
        self.model = RecordTableModel(self)
        self.view = table_view(self, self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.compare_button = QPushButton(self.tr("&Compare with current"), self)
        self.compare_button.clicked.connect(lambda: self.compare(self.selected_revision()))
        self.restore_button = QPushButton(self.tr("&Restore this revision…"), self)
        self.restore_button.clicked.connect(self.ask_restore)
        self.diff_label = QLabel(self.tr("Select an older revision and compare it."), self)
        self.diff_label.setWordWrap(True)
        self.error_label = Note(self, ERROR_STYLE)
        self.status_label = Note(self)
        self.task_bar = TaskBar(self)
        self.task_bar.busy_changed.connect(lambda _b: self._update_buttons())
        self.runner = Latest(self.task_bar)
        self.diff_model = DiffTableModel(self)
        self.diff_view = table_view(self, self.diff_model)
        self._build_layout()
        self._update_buttons()

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        top = QWidget(self)
        col = QVBoxLayout(top)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.view, 1)
        col.addLayout(buttons)
        for w in (self.task_bar, self.error_label, self.status_label):
            col.addWidget(w)
        bottom = QWidget(self)
        col = QVBoxLayout(bottom)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.diff_label)
        col.addWidget(self.diff_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)

    def set_database(self, db: Database) -> None:
        self.task_bar.cancel()
        self.db = db
        self.set_line(None)

    def set_line(self, line: LineChoice | None) -> None:
        """Show a line's revisions (a quick read) and forget the previous diff."""
        self.line = line
        self.diff_model.set_table(TableData(DIFF_COLUMNS))
        self.diff_label.setText(self.tr("Select an older revision and compare it."))
        self.error_label.clear()
        self.status_label.clear()
        self.reload()

    def reload(self) -> None:
        try:
            self.history = revision_history(self.db, self.line.name, self.line.plant) if (
                self.line) else []  # fmt: skip
        except ReplannerError as exc:
            self.history = []
            self.error_label.setText(str(exc))
        self.model.set_table(history_table(self.history))
        self.view.resizeColumnsToContents()
        older = next((k for k, h in enumerate(self.history) if not h.is_current), 0)
        self.view.selectRow(older)
        self._update_buttons()

    def selected_revision(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        return int(index.data(ENTITY_ID_ROLE)) if index.isValid() else None

    def current_revision(self) -> int | None:
        return next((h.revision for h in self.history if h.is_current), None)

    def _update_buttons(self) -> None:
        rev = self.selected_revision()
        older = rev is not None and rev != self.current_revision()
        for b in (self.compare_button, self.restore_button):
            b.setEnabled(older and not self.task_bar.busy)

    def compare(self, revision: int | None) -> None:
        """Diff `revision` against the current one (in a Task)."""
        current, line, db = self.current_revision(), self.line, self.db
        if revision is None or current is None or line is None:
            return
        self.error_label.clear()
        task = Task(lambda _p: diff_table(diff_revisions(db, line.name, revision, current,
                                                         line.plant)),
                    self.tr("Comparing revision {0} with {1}…").format(revision, current))  # fmt: skip
        task.signals.finished.connect(lambda t: self._show_diff(t, revision, current))
        task.signals.failed.connect(self.error_label.setText)
        self.runner.run(task, self.diff_done.emit)

    def _show_diff(self, table: TableData, old: int, new: int) -> None:
        self.diff_model.set_table(table)
        n = {k: sum(1 for r in table.rows if r[0] == k) for k in ("added", "removed", "changed")}
        self.diff_label.setText(self.tr(
            "From revision {0} to the current revision {1}: <b>{2}</b> added (green), <b>{3}</b> "
            "removed (red), <b>{4}</b> changed (amber); unchanged lines are not listed."
        ).format(old, new, n["added"], n["removed"], n["changed"]))  # fmt: skip
        self.diff_view.resizeColumnsToContents()

    def ask_restore(self) -> None:
        rev = self.selected_revision()
        if rev is None or self.line is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Restore revision"), self.tr(
            "Make revision {0} of {1} the current BOM again?\n\nIt is copied as a new revision; "
            "every earlier revision is kept.").format(rev, self.line.label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: self._confirmed(result, rev))
        self.confirm_box = box
        box.open()

    def _confirmed(self, result: int, revision: int) -> None:
        self.confirm_box = None
        if result == QMessageBox.StandardButton.Yes:
            self.restore(revision)

    def restore(self, revision: int) -> None:
        """Restore `revision` (in a Task); a refusal shows the service's message."""
        line, db = self.line, self.db
        if line is None:
            return
        self.error_label.clear()
        self.status_label.clear()
        task = Task(lambda p: restore_revision(db, line.name, revision, plant=line.plant,
                                               progress=p),
                    self.tr("Restoring revision {0}…").format(revision))  # fmt: skip
        task.signals.finished.connect(self._restored)
        task.signals.failed.connect(self.error_label.setText)
        self.runner.run(task, self.restore_done.emit)

    def _restored(self, r: RestoreResult) -> None:
        self.status_label.setText(self.tr(
            "Revision {0} restored as revision {1} ({2} lines); earlier revisions are kept."
        ).format(r.restored_from, r.revision, self.locale().toString(r.lines)))  # fmt: skip
        self.reload()
        self.revision_restored.emit(r.revision)
