"""A filterable, sortable table of records with a row count: one page of the main window.

With a database (`set_database`) and a table naming its entity, the field columns edit in
place (F2 / double-click), the selection takes one value for every row ("Set value for
selected rows…"), Ctrl+V pastes a block copied from Excel, Delete deletes after a
confirmation; each of these is one step of the page's undo stack (`undo_action`,
`redo_action`). Refusals show in red under the table and keep the user's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.tables import Column, TableData, table_rows
from rePlanner.ui.editing import EditController, parse_block
from rePlanner.ui.models.editable_model import (
    ERROR_STYLE,
    BulkEditDialog,
    CellDelegate,
    EditableTableModel,
)
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE
from rePlanner.ui.models.row_filter import RowFilterProxy

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

_MIN_COLUMN = 60
# Longer texts are elided; the tooltip shows the full text.
_MAX_COLUMN = 240
_MAX_STRETCH = 320
# Columns are fitted to the rows on screen plus this many more, never to all 500,000.
_FIT_SAMPLE_ROWS = 100
# Above this many cells a keystroke filters on the next turn of the event loop (no pause):
# keys that arrive together then cost one filter pass, and typing never lags behind.
_INSTANT_FILTER_CELLS = 20_000


class TablePage(QWidget):
    """`noun` is the translated plural shown in the count ("57 suppliers").

    `stretch_key` names the column that takes up spare width (a long text such as a title),
    so numbers stay next to their neighbours instead of drifting to the right edge.
    """

    record_activated = Signal(int)  # entity id of a double-clicked / Enter-pressed row
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
        self._stretch_min = _MIN_COLUMN  # the stretch column's fitted width
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
            h.setResizeContentsPrecision(_FIT_SAMPLE_ROWS)
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

    def _fit_columns(self) -> None:
        if not self.model.columnCount():
            return
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        stretch = self._stretch_section()
        for section in range(header.count()):
            cap = _MAX_STRETCH if section == stretch else _MAX_COLUMN
            header.resizeSection(section, max(_MIN_COLUMN, min(cap, header.sectionSize(section))))
        if stretch is not None:
            self._stretch_min = header.sectionSize(stretch)
        self._sized = True
        self._fill_width()

    def _stretch_section(self) -> int | None:
        keys = [c.key for c in self.model.table().columns]
        return keys.index(self._stretch_key) if self._stretch_key in keys else None

    def _fill_width(self) -> None:
        """Give spare width to the stretch column (and take it back, down to its fitted width)."""
        section = self._stretch_section()
        if section is None:
            return
        header = self.view.horizontalHeader()
        free = self.view.viewport().width() - header.length()
        size = header.sectionSize(section)
        target = max(self._stretch_min, size + free)
        if target != size:
            self._filling = True
            header.resizeSection(section, target)
            self._filling = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fill_width()  # the viewport, not the page: its width is final only here
        return super().eventFilter(watched, event)

    def header_state(self) -> QByteArray:
        return self.view.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray) -> bool:
        """Column widths and sort order remembered from an earlier session."""
        if not self.model.columnCount() or state.isEmpty():
            return False
        ok = self.view.horizontalHeader().restoreState(state)
        self._sized = self._sized or ok
        self._fill_width()
        return ok

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

    def column_menu(self) -> QMenu:
        """Show or hide columns; hidden ones are remembered with the header state."""
        header = self.view.horizontalHeader()
        menu = QMenu(self.tr("Columns"), self)
        for section in range(self.model.columnCount()):
            action = menu.addAction(self.model.column(section).title)  # without the * mark
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(section))
            action.toggled.connect(lambda on, s=section: self._set_column_visible(s, on))
        return menu

    def _set_column_visible(self, section: int, visible: bool) -> None:
        header = self.view.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # keep at least one column
        header.setSectionHidden(section, not visible)
        self._fill_width()

    def _on_header_menu_requested(self, pos: QPoint) -> None:
        header = self.view.horizontalHeader()
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(header.mapToGlobal(pos))

    def _on_section_resized(self, section: int, _old: int, new: int) -> None:
        """A width the user drags the stretch column to becomes its floor."""
        if not self._filling and self._sized and section == self._stretch_section():
            self._stretch_min = new

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
        self.count_label.setText(f"{text}  ·  {self._note}" if self._note else text)

    # --- editing ---------------------------------------------------------------------------

    def _build_edit_actions(self) -> None:
        self.view.setItemDelegate(self.delegate)
        self.delegate.refused.connect(self._reopen_editor)
        self.editor.changed.connect(self._on_rows_changed)
        self.editor.failed.connect(self.show_error)
        self.editor.applied.connect(self.show_done)
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        seq = QKeySequence.StandardKey
        self.bulk_action = QAction(self.tr("Set value for selected rows…"), self)
        self.bulk_action.setShortcut(QKeySequence("Ctrl+E"))
        self.bulk_action.triggered.connect(self.open_bulk_edit)
        self.paste_action = QAction(self.tr("Paste block"), self)
        self.paste_action.setShortcuts(QKeySequence.keyBindings(seq.Paste))
        self.paste_action.triggered.connect(self.paste)
        self.delete_action = QAction(self.tr("Delete selected rows…"), self)
        self.delete_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.delete_action.triggered.connect(self.delete_selected)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(within)
            self.addAction(action)
        for action in (self.bulk_action, self.paste_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)  # on the table only: Ctrl+V in the filter stays text
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_menu_requested)
        self._update_editing()

    def set_database(self, db: Database) -> None:
        """Edit this database from now on (the undo history of another one is dropped)."""
        self.editor.set_database(db)
        self.show_error("")
        self._update_editing()

    def can_edit(self) -> bool:
        return self.editor.has_database() and self.model.table().entity is not None

    def _update_editing(self) -> None:
        entity = self.model.table().entity
        if not self.can_edit() or entity is None:
            self.model.set_editing(None)
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        else:
            self.model.set_editing(self._edit_cell, self.editor.required_fields(entity))
            triggers = QAbstractItemView.EditTrigger
            self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed)
        for action in (self.bulk_action, self.paste_action, self.delete_action):
            action.setEnabled(self.can_edit())

    def _edit_cell(self, key: int, column: Column, text: str) -> str | None:
        entity = self.model.table().entity
        assert entity is not None
        what = self.tr("Set {column}").format(column=self.tr(column.title))
        why = self.editor.set_cells(entity, [(key, column, text)], what)
        if why is not None:
            self.show_error(why + self.tr("  (correct it and press Enter, or Esc to cancel)"))
        return why

    def _reopen_editor(self, index: QPersistentModelIndex) -> None:
        """The edit was refused: open the cell again with the user's text (never lose it)."""
        QTimer.singleShot(0, lambda: self._edit_again(index))

    def _edit_again(self, index: QPersistentModelIndex) -> None:
        if index.isValid():
            self.view.edit(self.proxy.index(index.row(), index.column()))

    def _on_rows_changed(self, entity: str, keys: list[int]) -> None:
        if entity == self.model.table().entity and keys:
            self.model.update_rows(table_rows(self.editor.db, entity, keys), keys)
            self._update_count()
        self.edited.emit(entity)

    def show_error(self, text: str) -> None:
        """A refusal under the table in red; an empty text hides the line."""
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def show_done(self, text: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _selected_source_rows(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows()
        return sorted({self.proxy.mapToSource(i).row() for i in rows})

    # --- bulk edit, paste, delete ----------------------------------------------------------

    def open_bulk_edit(self) -> None:
        rows = self._selected_source_rows()
        if not self.can_edit() or not rows:
            self.show_error(self.tr("Select the rows to change first."))
            return
        dialog = BulkEditDialog(self.model, len(rows), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        current = self.proxy.mapToSource(self.view.currentIndex()).column()
        dialog.choose(current)
        dialog.submitted.connect(
            lambda section, text: self._apply_bulk(dialog, rows, section, text)
        )
        self.bulk_dialog = dialog
        dialog.open()

    def _apply_bulk(self, dialog: BulkEditDialog, rows: list[int], section: int, text: str) -> None:
        column, entity = self.model.column(section), self.model.table().entity
        assert entity is not None
        keys = [self.model.entity_id(r) for r in rows if r < self.model.rowCount()]
        what = self.tr("Set {column} for {n} rows").format(
            column=self.tr(column.title), n=len(keys)
        )
        why = self.editor.set_cells(entity, [(k, column, text) for k in keys], what)
        if why is None:
            dialog.done_ok()
        else:
            dialog.show_error(why)

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> str | None:
        """Paste a tab-separated block at the current cell: all of it, or nothing and why."""
        entity, block = self.model.table().entity, parse_block(text)
        if not self.can_edit() or entity is None or not block:
            return None
        edits, why = self._block_edits(block)
        if why is None:
            n = sum(len(r) for r in block)
            why = self.editor.set_cells(entity, edits, self.tr("Paste {n} cells").format(n=n))
        else:
            self.show_error(why)
        return why

    def _block_edits(self, block: list[list[str]]) -> tuple[list, str | None]:
        start = self.view.currentIndex()
        if not start.isValid():
            return [], self.tr("Click the cell where the block should start, then paste.")
        header = self.view.horizontalHeader()
        visual = [header.logicalIndex(v) for v in range(header.count())]
        visual = [s for s in visual if not header.isSectionHidden(s)]
        first, top = visual.index(start.column()), start.row()
        if top + len(block) > self.proxy.rowCount() or first + max(map(len, block)) > len(visual):
            return [], self.tr(
                "The block ({rows} x {cols}) does not fit below and right of the current cell."
            ).format(rows=len(block), cols=max(map(len, block)))
        edits = []
        for i, cells in enumerate(block):
            row = self.proxy.mapToSource(self.proxy.index(top + i, 0)).row()
            for j, text in enumerate(cells):
                why = self._cell_refusal(row, visual[first + j], text, i, j)
                if why:
                    return [], why
                edits.append(
                    (self.model.entity_id(row), self.model.column(visual[first + j]), text)
                )
        return edits, None

    def _cell_refusal(self, row: int, section: int, text: str, i: int, j: int) -> str | None:
        column, entity = self.model.column(section), self.model.table().entity
        title = self.tr(column.title)
        where = self.tr("Nothing pasted. Row {i}, column {j} of the block ({name}, {title}), "
                        "value “{text}”: ").format(i=i + 1, j=j + 1, name=self._row_name(row),
                                                    title=title, text=text)  # fmt: skip
        if not self.model.is_editable(section):
            return where + self.tr("this column is computed and cannot be edited")
        assert entity is not None
        _value, why = self.editor.check(entity, column, text)
        return where + why if why else None

    def _row_name(self, row: int) -> str:
        return self.model.data(self.model.index(row, 0)) or f"#{self.model.entity_id(row)}"

    def delete_selected(self) -> None:
        """Refuse at once when the rows are still used; otherwise ask, then delete."""
        rows, entity = self._selected_source_rows(), self.model.table().entity
        if not self.can_edit() or entity is None or not rows:
            return
        keys = [self.model.entity_id(r) for r in rows]
        why = self.editor.refusal(entity, keys)
        if why is not None:
            self.show_error(why)
            self.message_box = self._box(QMessageBox.Icon.Warning, self.tr("Cannot delete"), why)
            self.message_box.open()
            return
        names = ", ".join(self._row_name(r) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
        text = self.tr("Delete {n} {noun}: {names}?").format(n=len(rows), noun=self._noun,
                                                             names=names)  # fmt: skip
        box = self._box(QMessageBox.Icon.Question, self.tr("Delete"), text)
        owned = self.editor.owned_counts(entity, keys)
        also = ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for what, n in owned.items())
        box.setInformativeText((self.tr("This also deletes {also}. ").format(also=also) if also
                                else "") + self.tr("Undo (Ctrl+Z) brings it back."))  # fmt: skip
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        what = self.tr("Delete {n} {noun}").format(n=len(rows), noun=self._noun)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(
            lambda b: b is yes and self.editor.delete_rows(entity, keys, what)
        )
        self.confirm_box = box
        box.open()

    def _box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return box

    def edit_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in (self.undo_action, self.redo_action, None, self.bulk_action,
                       self.paste_action, self.delete_action):  # fmt: skip
            menu.addSeparator() if action is None else menu.addAction(action)
        return menu

    def _on_view_menu_requested(self, pos: QPoint) -> None:
        menu = self.edit_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))
