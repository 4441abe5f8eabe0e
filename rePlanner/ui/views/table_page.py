"""A filterable, sortable table of records with a row count: one page of the main window."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.tables import TableData
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE, SORT_ROLE, RecordTableModel

_MIN_COLUMN = 60
_MAX_COLUMN = 360  # long titles and URLs are elided; the tooltip shows the full text


class TablePage(QWidget):
    """`noun` is the translated plural shown in the count ("57 suppliers")."""

    record_activated = Signal(int)  # entity id of a double-clicked / Enter-pressed row

    def __init__(self, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._noun = noun
        self._sized = False
        self.model = RecordTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter… (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr("Shows rows that contain this text in any column"))
        self.count_label = QLabel(self)
        self.note_label = QLabel(self)  # e.g. the day statuses refer to
        self.note_label.setVisible(False)
        self.view = QTableView(self)
        self._build_view()
        self._build_layout()
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.view.activated.connect(self._on_view_activated)
        self._update_count()

    def _build_view(self) -> None:
        v = self.view
        v.setModel(self.proxy)
        v.setSortingEnabled(True)
        v.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        v.setAlternatingRowColors(True)
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        v.setWordWrap(False)
        v.setTextElideMode(Qt.TextElideMode.ElideRight)
        v.verticalHeader().setVisible(False)
        v.verticalHeader().setDefaultSectionSize(v.fontMetrics().height() + 8)
        header = v.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.note_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    # --- content ---------------------------------------------------------------------------

    def set_table(self, table: TableData) -> None:
        """Replace the rows, keeping the user's column widths, sort order and filter."""
        header = self.view.horizontalHeader()
        state = header.saveState() if self._sized else None
        self.model.set_table(table)
        if state is not None and header.restoreState(state):
            return
        self._fit_columns()

    def _fit_columns(self) -> None:
        if not self.model.columnCount():
            return
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for section in range(header.count()):
            width = header.sectionSize(section)
            header.resizeSection(section, max(_MIN_COLUMN, min(_MAX_COLUMN, width)))
        self._sized = True

    def header_state(self) -> QByteArray:
        return self.view.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray) -> bool:
        """Column widths and sort order remembered from an earlier session."""
        if not self.model.columnCount() or state.isEmpty():
            return False
        ok = self.view.horizontalHeader().restoreState(state)
        self._sized = self._sized or ok
        return ok

    def set_note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def visible_row_count(self) -> int:
        return self.proxy.rowCount()

    def selected_ids(self) -> list[int]:
        selection: QItemSelectionModel = self.view.selectionModel()
        return [int(i.data(ENTITY_ID_ROLE)) for i in selection.selectedRows()]

    # --- slots -----------------------------------------------------------------------------

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _on_view_activated(self, index: object) -> None:
        entity = self.proxy.data(index, ENTITY_ID_ROLE)  # type: ignore[arg-type]
        if entity is not None:
            self.record_activated.emit(int(entity))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = self.tr("{total} {noun}")
        else:
            text = self.tr("{shown} of {total} {noun}")
        locale = self.locale()
        self.count_label.setText(
            text.format(shown=locale.toString(shown), total=locale.toString(total), noun=self._noun)
        )
