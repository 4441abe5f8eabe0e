"""The "Export to Excel…" button every table of the scenario page has: the rows in the order
shown, their colours and the words shown for blanks, written by services.table_export."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTableView, QWidget

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.tables import TableData
from rePlanner.ui.views.scenario_editor import ERROR_STYLE, FlaggedTableModel, tr


def _report(label: QLabel, text: str, error: bool) -> None:
    """An export's outcome in the caller's label, red when it failed."""
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else "")


class ExportButton(QPushButton):
    """ "Export to Excel…" for a table view over a FlaggedTableModel (directly or through a
    sort proxy): the rows in the order shown, row colours, the words shown for blanks.
    `done(message, is_error)` says what happened; enabled while the table has rows."""

    done = Signal(str, bool)

    def __init__(
        self, view: QTableView, sheet: str, title: Callable[[], str], parent: QWidget,
        report: QLabel | None = None,
    ) -> None:  # fmt: skip
        super().__init__(tr("Export to Excel…"), parent)
        self.view, self.sheet, self.title = view, sheet, title
        self.dialog: QFileDialog | None = None
        self.setToolTip(tr("Save this table as an Excel workbook"))
        self.clicked.connect(self.ask)
        self.source().modelReset.connect(lambda: self.setEnabled(self.source().rowCount() > 0))
        self.setEnabled(False)
        if report is not None:
            self.done.connect(lambda text, error: _report(report, text, error))

    def source(self) -> FlaggedTableModel:
        model = self.view.model()
        if isinstance(model, QSortFilterProxyModel):
            model = model.sourceModel()
        assert isinstance(model, FlaggedTableModel)
        return model

    def ask(self) -> None:
        dialog = QFileDialog(self, tr("Export to Excel"), "", tr("Excel workbook (*.xlsx)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(self.export_to)
        dialog.open()
        self.dialog = dialog

    def shown_rows(self) -> list[int]:
        """Source rows in the order the view shows them (sorted by a header click or not)."""
        model = self.view.model()
        if not isinstance(model, QSortFilterProxyModel):
            return list(range(model.rowCount()))
        return [model.mapToSource(model.index(r, 0)).row() for r in range(model.rowCount())]

    def export_to(self, path: str) -> bool:
        from rePlanner.services.table_export import write_table

        source, order = self.source(), self.shown_rows()
        table = source.table()
        shown = TableData(table.columns, [table.rows[r] for r in order],
                          [table.keys[r] for r in order] if table.keys else [])  # fmt: skip
        try:
            written = write_table(shown, path, title=self.title(), sheet=self.sheet,
                                  blanks=source.blank_words(),
                                  flags=[source.flag(r) for r in order])  # fmt: skip
        except ReplannerError as exc:
            self.done.emit(str(exc), True)
            return False
        self.done.emit(tr("Exported to {path}").format(path=str(written)), False)
        return True
