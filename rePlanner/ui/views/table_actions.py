"""The edit actions of a record table page: set one value for the selected rows, paste a
block copied from Excel, delete the selected rows (after a confirmation, or a clear refusal
when they are still used); their shortcuts and context menu. A mixin of TablePage.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from rePlanner.ui.editing import parse_block
from rePlanner.ui.models.editable_model import BulkEditDialog
from rePlanner.ui.views.table_editing import TableEditing


class TableActions(TableEditing):
    """Bulk edit, paste and delete on the selection; each one step of the undo stack."""

    _noun: str
    confirm_box: QMessageBox | None
    message_box: QMessageBox | None
    bulk_dialog: BulkEditDialog | None

    def _build_edit_actions(self) -> None:
        self.view.setItemDelegate(self.delegate)
        self.delegate.refused.connect(self._reopen_editor)
        self.editor.changed.connect(self._on_rows_changed)
        self.editor.failed.connect(self.show_error)
        self.editor.applied.connect(self.show_done)
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
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        for action in (self.bulk_action, self.paste_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)  # on the table only: Ctrl+V in the filter stays text
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_menu_requested)
        self._update_editing()

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
