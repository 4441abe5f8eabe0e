"""The main window's pages, built on first visit: the navigation list, the stack of entries
(a slot per entry, or tabs of slots) and the building of the page a slot holds.

A mixin of MainWindow. `pages` (table pages) and `views` (the other pages) hold the pages built
so far; `page(key)` builds one when needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFrame,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rePlanner.ui.page_registry import CONTEXT, NAV, NAV_KEYS, TABLES, NavEntry, entry_of

if TYPE_CHECKING:
    from rePlanner.ui.views.table_page import TablePage


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Slot(QWidget):
    """Where a table page goes once it is built."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def put(self, page: QWidget) -> None:
        self._layout.addWidget(page)
        page.show()  # on screen now, not at the next turn of the event loop


class PagesMixin:
    """Needs from the window: db, _started, _tables, _set_table(), _request_tables(),
    _on_edited(), _view_shown(), open_detail(), _on_scenario_saved()."""

    db: Any
    pages: dict[str, TablePage]
    views: dict[str, Any]
    tabs: dict[str, QTabWidget]
    nav: QListWidget
    stack: QStackedWidget

    def _build_pages(self) -> None:
        self.pages, self.views, self.tabs = {}, {}, {}
        self._slots: dict[str, Any] = {}
        self.nav = QListWidget(self)  # type: ignore[arg-type]
        self.nav.addItems([_tr(e.title) for e in NAV])
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 10px; }")
        self.nav.setFixedWidth(max(150, self.nav.sizeHintForColumn(0) + 40))
        self.stack = QStackedWidget(self)  # type: ignore[arg-type]
        for entry in NAV:
            self.stack.addWidget(self._entry_widget(entry))
        self.nav.currentRowChanged.connect(self._on_nav)

    def _entry_widget(self, entry: NavEntry) -> QWidget:
        if entry.factory is not None:  # wide pages scroll on a small screen
            area = QScrollArea(self)  # type: ignore[arg-type]
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            self._slots[entry.key] = area
            return area
        if len(entry.tables) == 1:
            slot = self._slots[entry.tables[0]] = Slot(self)  # type: ignore[arg-type]
            return slot
        tabs = self.tabs[entry.key] = QTabWidget(self)  # type: ignore[arg-type]
        tabs.setDocumentMode(True)
        for key in entry.tables:
            tabs.addTab(self._slots.setdefault(key, Slot(self)), _tr(TABLES[key].tab))  # type: ignore[arg-type]
        tabs.currentChanged.connect(lambda i, e=entry: self._on_tab(e, i))
        return tabs

    # --- building --------------------------------------------------------------------------

    def page(self, key: str) -> Any:
        """The page for a navigation entry or a table, built now if it was not yet."""
        if key in TABLES:
            return self.pages.get(key) or self._build_table(key)
        return self.views.get(key) or self._build_view(key)

    def _build_table(self, key: str) -> TablePage:
        from rePlanner.ui.views.table_page import TablePage

        spec, slot = TABLES[key], self._slots[key]
        page = TablePage(_tr(spec.noun), spec.stretch, slot)
        page.set_database(self.db)  # edits go through the services on this database
        page.edited.connect(self._on_edited)  # type: ignore[attr-defined]
        slot.put(page)
        self.pages[key] = page
        if key in self._tables:  # type: ignore[attr-defined]
            self._set_table(key, self._tables[key])  # type: ignore[attr-defined]
        else:  # its rows are on their way: "0 suppliers" alone would mislead
            page.set_note(self.tr("loading…"))  # type: ignore[attr-defined]
            self._request_tables((key,))  # type: ignore[attr-defined]
        return page

    def _build_view(self, key: str) -> Any:
        entry = entry_of(key)
        assert entry.factory is not None, key
        area = self._slots[key]
        view = entry.factory(self.db, area)
        area.setWidget(view)
        self.views[key] = view
        if hasattr(view, "open_detail"):  # click-through to another page
            view.open_detail.connect(self.open_detail)  # type: ignore[attr-defined]
        if hasattr(view, "scenario_saved"):
            view.scenario_saved.connect(self._on_scenario_saved)  # type: ignore[attr-defined]
        return view

    # --- navigation ------------------------------------------------------------------------

    def row_of(self, key: str) -> int:
        return NAV_KEYS.index(entry_of(key).key)

    def current_key(self) -> str:
        """The key of the page on screen (for an entry with tabs, the table shown)."""
        entry = NAV[max(0, self.stack.currentIndex())]
        if entry.factory is not None:
            return entry.key
        tabs = self.tabs.get(entry.key)
        return entry.tables[tabs.currentIndex() if tabs is not None else 0]

    def current_page(self) -> Any:
        """The page on screen; for a navigation entry with tabs, the table page shown."""
        return self.page(self.current_key())

    def show_page(self, key: str) -> None:
        """Show a navigation entry, or a table page inside one (its tab)."""
        entry = entry_of(key)
        if key in entry.tables and entry.key in self.tabs:
            self.tabs[entry.key].setCurrentIndex(entry.tables.index(key))
        self.nav.setCurrentRow(NAV_KEYS.index(entry.key))

    def _on_nav(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if 0 <= row < len(NAV):
            key = self.current_key()
            self.page(key)
            if key in self.views:
                self._view_shown(key)  # type: ignore[attr-defined]

    def _on_tab(self, entry: NavEntry, index: int) -> None:
        if self.nav.currentRow() == NAV_KEYS.index(entry.key) and index >= 0:
            self.page(entry.tables[index])
