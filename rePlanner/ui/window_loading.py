"""The main window's loading: the database overview and the tables of the pages built so far
are read in Tasks (a big database never freezes the window); a table page built later loads
its own table. The newest load of a table wins. A mixin of MainWindow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from rePlanner.ui.page_registry import Loaded, load
from rePlanner.ui.workers import Task, start

if TYPE_CHECKING:
    from rePlanner.services.tables import TableData


def column_keys(table: TableData) -> str:
    return ",".join(c.key for c in table.columns)


class LoadingMixin:
    """Needs from the window: db, pages, views, _settings, _loaded_views, current_key(),
    _show_overview(), _show_error(), statusBar(), tr()."""

    db: Any
    pages: dict[str, Any]
    _settings: QSettings

    def _init_loading(self) -> None:
        self._started = False  # loads wait for the first turn of the event loop
        self._tables: dict[str, TableData] = {}
        self._pending: dict[str, Task] = {}  # table key -> the load that will show it
        self._overview_task: Task | None = None
        self._then_view: Task | None = None  # F5: the page on screen reloads after this one
        self._load_tasks: list[Task] = []
        self._headers_restored: set[str] = set()
        bar: QStatusBar = self.statusBar()  # type: ignore[attr-defined]
        self.load_bar = QProgressBar(bar)
        self.load_bar.setRange(0, 0)  # busy: table reads report no steps
        self.load_bar.setMaximumWidth(120)
        self.load_bar.setToolTip(self.tr("Reading the database"))  # type: ignore[attr-defined]
        self.load_bar.hide()
        self.load_label = QLabel(bar)
        bar.addPermanentWidget(self.load_label)
        bar.addPermanentWidget(self.load_bar)

    def loading(self) -> bool:
        """Whether data is still on its way: the first load has not started or a load runs."""
        return not self._started or bool(self._pending) or self._overview_task is not None

    def refresh(self) -> Task:
        """F5: reload the overview and every table built so far (in a task), then the page on
        screen. Tables of pages not built yet load when they are first shown."""
        task = self._reload()
        self._then_view = task
        return task

    def _reload(self) -> Task:
        self._tables.clear()
        return self._start_load(tuple(self.pages), overview=True)

    def _request_tables(self, keys: tuple[str, ...]) -> None:
        """A page built without its table: load it (once the window has started)."""
        keys = tuple(k for k in keys if k not in self._pending)
        if self._started and keys:
            self._start_load(keys, overview=False)

    def _start_load(self, keys: tuple[str, ...], overview: bool) -> Task:
        db = self.db
        task = Task(lambda _progress: load(db, keys, overview), self.tr("Loading the data…"))  # type: ignore[attr-defined]
        task.signals.finished.connect(lambda result, t=task: self._on_loaded(t, result))
        task.signals.failed.connect(lambda message, t=task: self._on_load_failed(t, message))
        task.signals.done.connect(lambda t=task: setattr(t, "ended", True))
        # keep ended tasks one load longer: their worker may still be returning from run()
        self._load_tasks = [t for t in self._load_tasks if not getattr(t, "ended", False)]
        self._load_tasks.append(task)
        self._pending.update(dict.fromkeys(keys, task))
        if overview:
            self._overview_task = task
        self._show_load_state()
        start(task)
        return task

    def _on_loaded(self, task: Task, loaded: Loaded) -> None:
        for key, table in loaded.tables.items():
            if self._pending.get(key) is task:  # else a newer load of it is on its way
                del self._pending[key]
                self._tables[key] = table
                if key in self.pages:
                    self._set_table(key, table)
        if loaded.overview is not None and task is self._overview_task:
            self._overview_task = None
            self._overview = loaded.overview
            self._show_overview()  # type: ignore[attr-defined]
        self._show_load_state()
        self.loaded.emit()  # type: ignore[attr-defined]
        if task is self._then_view:
            self._then_view = None
            key = self.current_key()  # type: ignore[attr-defined]
            if key in self.views and key in self._loaded_views:  # type: ignore[attr-defined]
                self.views[key].refresh()  # type: ignore[attr-defined]

    def _on_load_failed(self, task: Task, message: str) -> None:
        self._pending = {k: t for k, t in self._pending.items() if t is not task}
        if task is self._overview_task:
            self._overview_task = None
        self._show_load_state()
        self._show_error(self.tr("The data could not be loaded."), message)  # type: ignore[attr-defined]

    def _show_load_state(self) -> None:
        busy = self.loading()
        self.load_bar.setVisible(busy)
        self.load_label.setText(self.tr("Loading…") if busy else "")  # type: ignore[attr-defined]

    def _set_table(self, key: str, table: TableData) -> None:
        page = self.pages[key]
        page.set_table(table)
        if key not in self._headers_restored:
            self._restore_header(key, page, table)
        on = table.on if key == "policies" else None
        note = self.tr("Status on {date}").format(date=on.isoformat()) if on else ""  # type: ignore[attr-defined]
        page.set_note(note)

    def _restore_header(self, key: str, page: Any, table: TableData) -> None:
        """Widths saved for the same columns only: a new column would shift every width."""
        self._headers_restored.add(key)
        saved = self._settings.value(f"tables/{key}/header")
        columns = self._settings.value(f"tables/{key}/columns")
        if isinstance(saved, QByteArray) and columns == column_keys(table):
            page.restore_header_state(saved)

    def _save_headers(self) -> None:
        """Only tables that were shown: the others keep what was saved before."""
        for key in self._headers_restored:
            page = self.pages[key]
            self._settings.setValue(f"tables/{key}/header", page.header_state())
            self._settings.setValue(f"tables/{key}/columns", column_keys(page.model.table()))
