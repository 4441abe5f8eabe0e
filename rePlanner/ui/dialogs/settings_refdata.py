"""The Reference data tab of the Settings dialog: the as-of date, a refresh from a file in a
Task (one transaction: it completes or changes nothing, so no Cancel) and what it changed per
table. A mixin of SettingsDialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.refdata import RefdataSummary, update_reference
from rePlanner.services.tables import Column, TableData, database_overview
from rePlanner.ui.dialogs.settings_common import note, tr
from rePlanner.ui.models.record_table_model import RecordTableModel
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database


COUNT_FIELDS = ("inserted", "updated", "unchanged", "deleted", "kept", "user_owned")


def summary_table(summary: RefdataSummary) -> TableData:
    """Per table: what the refresh inserted, updated, kept... (the CLI prints the same)."""
    tips = {"kept": tr("Reference rows gone from the file but still used by your data"),
            "user_owned": tr("File rows whose key one of your own rows already holds: "
                             "your row was left as it is")}  # fmt: skip
    columns = [Column("table", tr("Table"))] + [
        Column(f, tr(f.replace("_", " ").capitalize()), "int", tips.get(f, ""))
        for f in COUNT_FIELDS
    ]
    rows = [
        (table.replace("_", " "), *(getattr(c, f) for f in COUNT_FIELDS))
        for table, c in summary.tables.items()
    ]
    return TableData(columns=columns, rows=rows, keys=list(range(len(rows))))


class RefdataTab(QDialog):
    """The reference-data refresh (a mixin of SettingsDialog)."""

    db: Database
    file_dialog: QFileDialog | None
    use_button: QPushButton  # the Database tab's and the Defaults tab's buttons
    save_button: QPushButton
    refdata_loaded: SignalInstance  # the dialog's Signal(object)
    _status: Callable[[QLabel, str, bool], None]  # the dialog's status line

    def _refdata_tab(self) -> QWidget:
        page = QWidget(self)
        self.as_of_label = QLabel(page)
        self.load_button = QPushButton(tr("Load file…"), page)
        self.load_button.setToolTip(tr("A reference CSV from the rePlanner data pack"))
        self.load_button.clicked.connect(self.browse_refdata)
        self.bar = TaskBar(page)
        self.bar.cancel_button.hide()  # one transaction: it completes or changes nothing
        self.bar.busy_changed.connect(self._on_busy)
        self.refdata_status = note()
        self.summary_model = RecordTableModel(self)
        self.summary_view = QTableView(page)
        self.summary_view.setModel(self.summary_model)
        self.summary_view.verticalHeader().hide()
        self.summary_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.summary_view.hide()
        layout = QVBoxLayout(page)
        layout.addWidget(self.as_of_label)
        layout.addWidget(note(tr(
            "Load a newer file of export controls, quotas, market shares, materials or "
            "alternative producers. Only reference rows change: your own data is never modified. "
            "A file with an error changes nothing."
        )))  # fmt: skip
        layout.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.bar)
        layout.addWidget(self.refdata_status)
        layout.addWidget(self.summary_view, 1)
        layout.addStretch(0)
        return page

    def show_refdata_state(self) -> None:
        as_of = database_overview(self.db).get("refdata_as_of")
        self.as_of_label.setText(
            tr("Reference data as of {date}").format(date=as_of)
            if as_of
            else tr("No reference data loaded")
        )

    def browse_refdata(self) -> QFileDialog:
        dialog = QFileDialog(self, tr("Load reference data"))
        dialog.setNameFilters([tr("Reference data (*.csv)"), tr("All files (*)")])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_refdata)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def load_refdata(self, path: str) -> Task | None:
        """Refresh from `path` in the background; the summary or the error shows here."""
        db = self.db
        task = Task(lambda _p: update_reference(db, path),
                    tr("Loading {name}…").format(name=Path(path).name))  # fmt: skip
        task.signals.finished.connect(self._on_refdata_loaded)
        task.signals.failed.connect(self._on_refdata_failed)
        self.refdata_status.setText("")
        return task if self.bar.run(task) else None

    def _on_refdata_loaded(self, summary: RefdataSummary) -> None:
        self.show_refdata_state()
        self.summary_model.set_table(summary_table(summary))
        self.summary_view.show()
        self._status(self.refdata_status, self._summary_text(summary), False)
        self.refdata_loaded.emit(summary)

    def _summary_text(self, summary: RefdataSummary) -> str:
        lines = [tr("Loaded {files} (data as of {date}).").format(
            files=", ".join(summary.files), date=summary.as_of or tr("unknown"))]  # fmt: skip
        lines += [tr("Skipped {file} row {row}: {reason}").format(
            file=r.file, row=r.row, reason=r.reason) for r in summary.skipped[:5]]  # fmt: skip
        if len(summary.skipped) > 5:
            lines.append(tr("… and {n} more skipped rows").format(n=len(summary.skipped) - 5))
        lines += [tr("Kept {table} {key}: {reason}").format(
            table=k.table, key=k.key, reason=k.reason) for k in summary.kept[:5]]  # fmt: skip
        return "\n".join(lines)

    def _on_refdata_failed(self, message: str) -> None:
        self.summary_view.hide()
        text = tr("Not loaded, nothing was changed: {why}").format(why=message)
        self._status(self.refdata_status, text, True)

    def _on_busy(self, busy: bool) -> None:
        for button in (self.load_button, self.use_button, self.save_button):
            button.setEnabled(not busy)
