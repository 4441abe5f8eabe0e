"""A filterable, sortable table of records with a row count: one page of the main window."""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QObject,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.tables import TableData
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE, SORT_ROLE, RecordTableModel

_MIN_COLUMN = 60
# Longer texts are elided; the tooltip shows the full text.
_MAX_COLUMN = 240
_MAX_STRETCH = 320
_INSTANT_FILTER_CELLS = 20_000
_FILTER_PAUSE_MS = 200


class TablePage(QWidget):
    """`noun` is the translated plural shown in the count ("57 suppliers").

    `stretch_key` names the column that takes up spare width (a long text such as a title),
    so numbers stay next to their neighbours instead of drifting to the right edge.
    """

    record_activated = Signal(int)  # entity id of a double-clicked / Enter-pressed row

    def __init__(
        self, noun: str, stretch_key: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._noun = noun
        self._note = ""
        self._stretch_key = stretch_key
        self._stretch_min = _MIN_COLUMN  # the stretch column's fitted width
        self._sized = False
        self._filling = False
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
        self.view = QTableView(self)
        self._build_view()
        self._build_layout()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(_FILTER_PAUSE_MS)
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
        v.verticalHeader().setVisible(False)
        v.verticalHeader().setDefaultSectionSize(v.fontMetrics().height() + 8)
        header = v.horizontalHeader()
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

    # --- content ---------------------------------------------------------------------------

    def set_table(self, table: TableData) -> None:
        """Replace the rows, keeping the user's column widths, sort order and filter."""
        header = self.view.horizontalHeader()
        state = header.saveState() if self._sized else None
        self.model.set_table(table)
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
        # Filtering runs over every cell (~0.1 s for 5,000 x 7): wait for a typing pause then.
        cells = self.model.rowCount() * self.model.columnCount()
        if cells > _INSTANT_FILTER_CELLS:
            self._filter_timer.start()
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.setFilterFixedString(self.filter_edit.text().strip())
        self._update_count()

    def column_menu(self) -> QMenu:
        """Show or hide columns; hidden ones are remembered with the header state."""
        header = self.view.horizontalHeader()
        menu = QMenu(self.tr("Columns"), self)
        for section in range(self.model.columnCount()):
            title = self.model.headerData(section, Qt.Orientation.Horizontal)
            action = menu.addAction(str(title))
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
