"""A record table whose field columns can be edited in place; edits go to a callback.

The model never writes anything itself: `setData` hands (row key, field, typed text) to the
callback (the page's EditController, which goes through services.crud) and reports its answer.
When the callback accepts, the controller reloads the row through `update_rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.record_table_model import AnyIndex, RecordTableModel

# (row key, column, text the user typed) -> None when applied, else why it was refused
EditCallback = Callable[[int, Column, str], "str | None"]

# A clear red that reads on light and dark palettes.
ERROR_STYLE = "color: #d03030; font-weight: bold;"
INVALID_EDITOR_STYLE = "QLineEdit { border: 2px solid #d03030; }"
_EDIT = Qt.ItemDataRole.EditRole
_DISPLAY = Qt.ItemDataRole.DisplayRole


def edit_text(kind: str, value: Any) -> str:
    """A value as the user edits it: plain and exact (0.125, not "12.5 %"; 2026-01-02)."""
    if value is None:
        return ""
    if kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class EditableTableModel(RecordTableModel):
    """Read-only until `set_editing(callback, required)`; then columns with a `field` edit."""

    def __init__(self, parent: QObject | None = None, **kw: Any) -> None:
        super().__init__(parent, **kw)
        self._edit: EditCallback | None = None
        self._required: frozenset[str] = frozenset()
        self.last_error: str | None = None  # why the last setData was refused

    def set_editing(self, callback: EditCallback | None, required: Collection[str] = ()) -> None:
        self._edit = callback
        self._required = frozenset(required)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def is_editable(self, section: int) -> bool:
        if self._edit is None or self._table.entity is None:
            return False
        return 0 <= section < self.columnCount() and self.column(section).field is not None

    def is_required(self, section: int) -> bool:
        return self.is_editable(section) and self.column(section).field in self._required

    # --- Qt interface ----------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.is_editable(index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if role == _EDIT:
            if not index.isValid() or index.row() >= self.rowCount():
                return None
            kind = self.column(index.column()).kind
            return edit_text(kind, self._table.rows[index.row()][index.column()])
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        if role != _EDIT or not index.isValid() or not self.is_editable(index.column()):
            return False
        assert self._edit is not None
        column = self.column(index.column())
        self.last_error = self._edit(self.entity_id(index.row()), column, str(value))
        return self.last_error is None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        value = super().headerData(section, orientation, role)
        if orientation != Qt.Orientation.Horizontal or not self.is_editable(section):
            return value
        if role == _DISPLAY and self.is_required(section):
            return f"{value} *"  # the required-field mark
        if role == Qt.ItemDataRole.ToolTipRole:
            note = "Required; edit with F2" if self.is_required(section) else "Edit with F2"
            return f"{value}\n{QCoreApplication.translate('EditableTableModel', note)}"
        return value

    # --- rows after an edit ----------------------------------------------------------------

    def update_rows(self, fresh: TableData, keys: Collection[int]) -> None:
        """Replace the rows of `keys` with those in `fresh`: changed, added or (absent) removed."""
        new = dict(zip(fresh.keys, fresh.rows, strict=True))
        position = {k: i for i, k in enumerate(self._table.keys)}
        for row in sorted((position[k] for k in keys if k in position and k not in new),
                          reverse=True):  # fmt: skip
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._table.keys[row], self._table.rows[row]
            self.endRemoveRows()
        position = {k: i for i, k in enumerate(self._table.keys)}
        last = self.columnCount() - 1
        for key in keys:
            if key not in new:
                continue
            if key in position:
                row = position[key]
                self._table.rows[row] = new[key]
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            else:
                row = len(self._table.rows)
                self.beginInsertRows(QModelIndex(), row, row)
                self._table.keys.append(key)
                self._table.rows.append(new[key])
                self.endInsertRows()


class CellDelegate(QStyledItemDelegate):
    """A line editor that keeps what the user typed when the edit is refused.

    `pending` holds the refused text for the index being re-opened, so the editor comes back
    with the user's input instead of the stored value.
    """

    refused = Signal(QPersistentModelIndex)  # the edit of this cell was not applied

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: tuple[QPersistentModelIndex, str] | None = None

    def createEditor(  # noqa: N802 (Qt name)
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        if self.pending is not None and self.pending[0] == index:
            editor.setText(self.pending[1])  # the refused text, to be corrected
            editor.setStyleSheet(INVALID_EDITOR_STYLE)
            self.pending = None
            return
        editor.setText(str(index.data(_EDIT) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        text = editor.text()
        if text == str(index.data(_EDIT) or ""):
            return  # nothing changed: no command, no error
        if not model.setData(index, text, _EDIT):
            self.pending = (QPersistentModelIndex(index), text)
            self.refused.emit(QPersistentModelIndex(index))


class BulkEditDialog(QDialog):
    """One value for one column of every selected row; stays open (with the text) on a refusal.

    Non-blocking: the page opens it with open() and applies on `submitted(section, text)`,
    then calls `done_ok()` or `show_error(why)`.
    """

    submitted = Signal(int, str)  # source column, text typed

    def __init__(self, model: EditableTableModel, rows: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set value for {n} selected rows").format(n=rows))
        self.column_box = QComboBox(self)
        for section in range(model.columnCount()):
            if model.is_editable(section):
                title = model.headerData(section, Qt.Orientation.Horizontal)
                self.column_box.addItem(str(title), section)
        self.value_edit = QLineEdit(self)
        self.value_edit.setPlaceholderText(self.tr("e.g. 0.85 or 85 % for a share"))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(self.tr("Column (* required):"), self.column_box)
        form.addRow(self.tr("Value:"), self.value_edit)
        form.addRow(self.error_label)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def choose(self, section: int) -> None:
        found = self.column_box.findData(section)
        if found >= 0:
            self.column_box.setCurrentIndex(found)

    def _submit(self) -> None:
        self.submitted.emit(int(self.column_box.currentData()), self.value_edit.text())

    def show_error(self, why: str) -> None:
        self.error_label.setText(why)
        self.error_label.show()
        self.value_edit.setFocus()

    def done_ok(self) -> None:
        self.accept()
