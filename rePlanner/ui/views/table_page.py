"""A filterable, sortable table of records with a row count: one page of the main window.

With a database (`set_database`) and a table naming its entity, the field columns edit in
place (F2 / double-click), the selection takes one value for every row ("Set value for
selected rows…"), Ctrl+V pastes a block copied from Excel, Delete deletes after a
confirmation, the record form saves a new or changed row (`open_record_form`); each of these
is one step of the page's undo stack (`undo_action`, `redo_action`). Refusals show in red under
the table and keep the user's text.

The page is built from three parts: column widths (table_columns), in-place editing and the
record form (table_editing), bulk edit / paste / delete (table_actions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.tables import TableData
from rePlanner.ui.editing import EditController
from rePlanner.ui.models.editable_model import BulkEditDialog, CellDelegate, EditableTableModel
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE
from rePlanner.ui.models.row_filter import RowFilterProxy
from rePlanner.ui.views.table_actions import TableActions
from rePlanner.ui.views.table_columns import FIT_SAMPLE_ROWS, MIN_COLUMN, ColumnFitting

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.ui.dialogs.record_form import RecordForm

# Above this many cells a keystroke filters on the next turn of the event loop (no pause):
# keys that arrive together then cost one filter pass, and typing never lags behind.
_INSTANT_FILTER_CELLS = 20_000


class TablePage(ColumnFitting, TableActions):
    """`noun` is the translated plural shown in the count ("57 suppliers").

    `stretch_key` names the column that takes up spare width (a long text such as a title),
    so numbers stay next to their neighbours instead of drifting to the right edge.
    """

    record_activated = Signal(int)  # entity id of a double-clicked / Enter-pressed row
    # signals live here, not in the mixins: PySide6 misorders a mixin's signals
    edited = Signal(str)  # an edit, undo or redo changed rows of this entity in the database

    def __init__(
        self,
        noun: str,
        stretch_key: str | None = None,
        parent: QWidget | None = None,
        db: Database | None = None,
    ) -> None:
        super().__init__(parent)
        self._noun = noun
        self._note = ""
        self._stretch_key = stretch_key
        self._stretch_min = MIN_COLUMN
        self._sized = False
        self._filling = False
        self.model = EditableTableModel(self)
        self.proxy = RowFilterProxy(self)  # filters and sorts 100,000s of rows as you type
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter… (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr("Shows rows that contain this text in any column"))
        self.count_label = QLabel(self)
        self.status_label = QLabel(self)  # refusals in red, done steps in plain text
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.hide()
        self.view = QTableView(self)
        self.delegate = CellDelegate(self)
        self.editor = EditController(db, self)
        self.undo_stack = self.editor.stack
        self.undo_action: QAction = self.editor.undo_action
        self.redo_action: QAction = self.editor.redo_action
        self.confirm_box: QMessageBox | None = None
        self.message_box: QMessageBox | None = None
        self.bulk_dialog: BulkEditDialog | None = None
        self.record_form: RecordForm | None = None
        self._build_view()
        self._build_layout()
        self._build_edit_actions()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.view.activated.connect(self._on_view_activated)
        self.view.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.view.viewport().installEventFilter(self)
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
        rows = v.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row sizing
        rows.setDefaultSectionSize(v.fontMetrics().height() + 8)
        header = v.horizontalHeader()
        for h in (header, rows):
            h.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)

    # --- content ---------------------------------------------------------------------------

    def set_table(self, table: TableData) -> None:
        """Replace the rows, keeping the user's column widths, sort order and filter."""
        header = self.view.horizontalHeader()
        state = header.saveState() if self._sized else None
        self.model.set_table(table)
        self._update_editing()
        if state is not None and header.restoreState(state):
            self._fill_width()
            return
        self._fit_columns()

    def set_note(self, text: str) -> None:
        """A remark after the row count, e.g. the day statuses refer to."""
        self._note = text
        self._update_count()

    def set_filter(self, text: str) -> None:
        """Show the rows matching `text` (a click-through from another page)."""
        self.filter_edit.setText(text)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def visible_row_count(self) -> int:
        return self.proxy.rowCount()

    def selected_ids(self) -> list[int]:
        selection: QItemSelectionModel = self.view.selectionModel()
        return [int(i.data(ENTITY_ID_ROLE)) for i in selection.selectedRows()]

    # --- slots -----------------------------------------------------------------------------

    def _on_filter_text_changed(self, _text: str) -> None:
        if self.model.rowCount() * self.model.columnCount() > _INSTANT_FILTER_CELLS:
            self._filter_timer.start()
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter_text(self.filter_edit.text().strip())
        self._update_count()

    def _on_view_activated(self, index: object) -> None:
        entity = self.proxy.data(index, ENTITY_ID_ROLE)  # type: ignore[arg-type]
        if entity is not None:
            self.record_activated.emit(int(entity))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        filtered = self.tr("{shown} of {total} {noun}")
        text = self.tr("{total} {noun}") if shown == total else filtered
        locale = self.locale()
        text = text.format(
            shown=locale.toString(shown), total=locale.toString(total), noun=self._noun
        )
        if self.proxy.searching():
            text += self.tr(" (searching…)")  # a big table's first keystroke: more may follow
        self.count_label.setText(f"{text}  ·  {self._note}" if self._note else text)
