"""Column widths of a record table page: fitted to the rows on screen, one column stretching.

A mixin of TablePage (it uses the page's `view` and `model`): the widths the user drags, the
columns hidden from the header menu and the sort order are kept across reloads and sessions
(`header_state` / `restore_header_state`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from rePlanner.ui.models.editable_model import EditableTableModel

MIN_COLUMN = 60
# Longer texts are elided; the tooltip shows the full text.
MAX_COLUMN = 240
MAX_STRETCH = 320
# Columns are fitted to the rows on screen plus this many more, never to all 500,000.
FIT_SAMPLE_ROWS = 100


class ColumnFitting(QWidget):
    """Fitting, stretching, hiding and remembering the columns of `view` (a mixin)."""

    view: QTableView
    model: EditableTableModel
    _stretch_key: str | None
    _stretch_min: int  # the stretch column's fitted width (or the width the user gave it)
    _sized: bool  # widths were fitted or restored: a reload keeps them
    _filling: bool  # the page itself is resizing the stretch column

    def _fit_columns(self) -> None:
        if not self.model.columnCount():
            return
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        stretch = self._stretch_section()
        for section in range(header.count()):
            cap = MAX_STRETCH if section == stretch else MAX_COLUMN
            header.resizeSection(section, max(MIN_COLUMN, min(cap, header.sectionSize(section))))
        if stretch is not None:
            self._stretch_min = header.sectionSize(stretch)
        self._sized = True
        self._fill_width()

    def _stretch_section(self) -> int | None:
        """The stretch column; without one, the last shown column (no empty band at the right)."""
        keys = [c.key for c in self.model.table().columns]
        if self._stretch_key is None:
            header = self.view.horizontalHeader()
            shown = [s for s in range(len(keys)) if not header.isSectionHidden(s)]
            return shown[-1] if shown else None
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
