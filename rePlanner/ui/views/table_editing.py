"""Editing a record table page in place: one cell at a time, the record form, the status line.

A mixin of TablePage. Every change goes through the page's EditController (services.crud) and
is one step of its undo stack; refusals show in red under the table and keep the user's text.
The record form (`open_record_form`) saves through the same controller, so a form save is a
step of the same undo stack as the edits in the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPersistentModelIndex, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from rePlanner.services.tables import Column, table_rows
from rePlanner.ui.models.editable_model import ERROR_STYLE

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QTableView

    from rePlanner.persistence.database import Database
    from rePlanner.ui.dialogs.record_form import RecordForm
    from rePlanner.ui.editing import EditController
    from rePlanner.ui.models.editable_model import CellDelegate, EditableTableModel
    from rePlanner.ui.models.row_filter import RowFilterProxy


class TableEditing(QWidget):
    """In-place edits, the record form and the status line (a mixin of TablePage)."""

    edited: SignalInstance  # the page's Signal(str): rows of this entity changed
    view: QTableView
    model: EditableTableModel
    proxy: RowFilterProxy
    delegate: CellDelegate
    editor: EditController
    status_label: QLabel
    undo_action: QAction
    redo_action: QAction
    bulk_action: QAction
    paste_action: QAction
    delete_action: QAction
    record_form: RecordForm | None
    _update_count: Callable[[], None]  # the page's row count

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

    def open_record_form(self, record_id: int | None = None,
                         parent: QWidget | None = None) -> RecordForm | None:  # fmt: skip
        """The form for a new record (no id) or that row; its save is a step of the undo stack.

        Opened with open() (non-blocking); None when the page's table cannot be edited."""
        from rePlanner.ui.dialogs.record_form import RecordForm  # first use: not at start-up

        entity = self.model.table().entity
        if not self.can_edit() or entity is None:
            return None
        form = RecordForm(self.editor.db, entity, record_id, parent=parent or self,
                          editor=self.editor)  # fmt: skip
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        self.record_form = form
        return form

    def _selected_source_rows(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows()
        return sorted({self.proxy.mapToSource(i).row() for i in rows})

    def _row_name(self, row: int) -> str:
        return self.model.data(self.model.index(row, 0)) or f"#{self.model.entity_id(row)}"
