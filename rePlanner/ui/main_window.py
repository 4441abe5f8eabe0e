"""The main window: navigation on the left, one page per workflow on the right.

Pages: the dashboard, a filterable table per kind of record (suppliers, parts, policies), the
scenarios & what-if page and the alternatives page. Table pages are loaded here through the
services; the other pages load themselves (their heavy work runs in tasks with Cancel) the first
time they are shown and on F5, and get `set_database` when the user opens another database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QWidget,
)

from rePlanner import APP_NAME
from rePlanner.domain.errors import ReplannerError
from rePlanner.services import tables_more as more
from rePlanner.services.tables import (
    TableData,
    database_overview,
    part_materials_table,
    parts_table,
    policies_table,
    suppliers_table,
)
from rePlanner.ui.dialogs.about_dialog import AboutDialog
from rePlanner.ui.dialogs.record_form import RecordForm
from rePlanner.ui.dialogs.settings_dialog import SettingsDialog
from rePlanner.ui.recent import RecentDatabases
from rePlanner.ui.views.alternatives_page import AlternativesPage
from rePlanner.ui.views.bom_page import BomPage
from rePlanner.ui.views.dashboard_page import DashboardPage
from rePlanner.ui.views.scenarios_page import ScenariosPage
from rePlanner.ui.views.table_page import TablePage
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.window_files import FileActions
from rePlanner.ui.wizards import ImportWizard
from rePlanner.ui.workers import Task, start

if TYPE_CHECKING:  # the window only hands the database to services; it never queries it
    from rePlanner.persistence.database import Database

DatabaseOpener = Callable[[str], "Database"]
NAV_KEYS = ("dashboard", "suppliers", "parts", "boms", "policies", "scenarios", "alternatives")
# table pages: key -> (plural noun, column that takes spare width, builder)
TABLES: dict[str, tuple[str, str | None, Callable[[Database], TableData]]] = {
    "suppliers": ("suppliers", "name", suppliers_table),
    "sites": ("sites", "name", more.sites_table),
    "nodes": ("supply nodes", "item", more.supply_nodes_table),
    "links": ("sourcing links", "from_node", more.sourcing_links_table),
    "lines": ("production lines", "name", more.production_lines_table),
    "parts": ("parts", "description", parts_table),
    "materials": ("material rows", None, part_materials_table),
    "candidates": ("alternative sources", "name", more.alternatives_table),
    "policies": ("policy measures", "title", policies_table),
}
# navigation entries made of several table pages, shown as tabs (the first names the entry)
GROUPS = {"suppliers": ("suppliers", "sites", "nodes", "links", "lines"),
          "parts": ("parts", "materials", "candidates")}  # fmt: skip
PAGE_KEYS = tuple(TABLES)


@dataclass
class Loaded:
    """Everything refresh() reads from the database: built without touching any widget."""

    overview: dict[str, Any]
    tables: dict[str, TableData]


def load_all(db: Database) -> Loaded:
    """Service calls only, so a later change can run this on a worker thread as is."""
    return Loaded(database_overview(db), {k: spec[2](db) for k, spec in TABLES.items()})


class MainWindow(FileActions, QMainWindow):
    loaded = Signal()  # a refresh (F5) has shown the reloaded tables

    def __init__(
        self,
        db: Database,
        open_database: DatabaseOpener | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._opener = open_database
        self._settings = settings or QSettings("rePlanner", "rePlanner")
        self._overview: dict[str, Any] = {}
        self._headers_restored: set[str] = set()
        self.about_dialog: AboutDialog | None = None
        self.error_box: QMessageBox | None = None
        self.pages: dict[str, TablePage] = {
            key: TablePage(self.tr(noun), stretch, self)
            for key, (noun, stretch, _build) in TABLES.items()
        }
        self.record_form: RecordForm | None = None
        self.views: dict[str, Any] = {
            "dashboard": DashboardPage(db, self),
            "boms": BomPage(db, self),
            "scenarios": ScenariosPage(db, self),
            "alternatives": AlternativesPage(db, self),
        }
        self._loaded_views: set[str] = set()
        for table in self.pages.values():
            table.set_database(db)  # edits go through the services on this database
            table.edited.connect(self._on_edited)
        self.import_wizard: ImportWizard | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.recent = RecentDatabases(self._settings)
        self.setAcceptDrops(True)
        self.views["dashboard"].open_detail.connect(self.open_detail)
        self.views["alternatives"].scenario_saved.connect(self._on_scenario_saved)
        self._build_central()
        self._build_status_bar()
        self._build_menus()
        self._load_task: Task | None = None
        self._restore_window()
        self._load_now()

    # --- construction ----------------------------------------------------------------------

    def _build_central(self) -> None:
        self.nav = QListWidget(self)
        titles = {"dashboard": self.tr("Dashboard"), "suppliers": self.tr("Suppliers & sites"),
                  "parts": self.tr("Parts & materials"), "boms": self.tr("BOMs"),
                  "policies": self.tr("Policies & quotas"),
                  "scenarios": self.tr("Scenarios & what-if"),
                  "alternatives": self.tr("Alternatives")}  # fmt: skip
        self.nav.addItems([titles[k] for k in NAV_KEYS])
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 10px; }")
        self.nav.setFixedWidth(max(150, self.nav.sizeHintForColumn(0) + 40))
        self.stack = QStackedWidget(self)
        self.tabs: dict[str, QTabWidget] = {}
        tab_titles = {"suppliers": self.tr("Suppliers"), "sites": self.tr("Sites"),
                      "nodes": self.tr("Supply nodes && stock"),
                      "links": self.tr("Sourcing links"), "lines": self.tr("Production lines"),
                      "parts": self.tr("Parts"), "materials": self.tr("Material content"),
                      "candidates": self.tr("Alternative sources")}  # fmt: skip
        for group, members in GROUPS.items():
            tabs = QTabWidget(self)
            tabs.setDocumentMode(True)
            for key in members:
                tabs.addTab(self.pages[key], tab_titles[key])  # "&&" shows one &
            self.tabs[group] = tabs
        for key in NAV_KEYS:
            widget = self.tabs.get(key) or self.page(key)
            self.stack.addWidget(self._scrolled(widget) if key in self.views else widget)
        self.nav.currentRowChanged.connect(self._on_nav)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        self.location_label = QLabel(self)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refdata_label = QLabel(self)
        self.statusBar().addWidget(self.location_label, 1)
        self.statusBar().addPermanentWidget(self.refdata_label)

    def _action(self, text: str, slot: Callable[[], Any], keys: Any = None) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        seq = QKeySequence.StandardKey
        self.import_action = self._action(self.tr("&Import file…"), self.open_import, seq.Open)
        self.open_action = self._action(
            self.tr("&Open database…"), self._on_open_triggered, "Ctrl+Shift+O"
        )
        self.open_action.setEnabled(self._opener is not None)
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.filter_action = self._action(self.tr("&Filter"), self._on_filter_triggered, "Ctrl+F")
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh, "F5")
        self.about_action = self._action(
            self.tr("&About {app}").format(app=APP_NAME), self.show_about
        )
        self.settings_action = self._action(self.tr("&Settings…"), self.open_settings, "Ctrl+,")
        self.new_record_action = self._action(
            self.tr("&New record…"), lambda: self.open_form(new=True), seq.New
        )
        self.form_action = self._action(self.tr("Edit in &form…"), self.open_form, "Ctrl+Return")
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = self.recent.menu(self, self.open_database_file)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.edit_menu.aboutToShow.connect(self._fill_edit_menu)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.filter_action)
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        for row in range(self.nav.count()):
            view_menu.addAction(self._page_action(row))
        self.menuBar().addMenu(self.tr("&Help")).addAction(self.about_action)
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        """The everyday actions, with standard icons; its place is kept with the window state."""
        bar = self.addToolBar(self.tr("Main"))
        bar.setObjectName("main_toolbar")  # saveState/restoreState need a name
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        icon = self.style().standardIcon
        pix = QStyle.StandardPixmap
        for action, which in ((self.import_action, pix.SP_DialogOpenButton),
                              (self.refresh_action, pix.SP_BrowserReload),
                              (self.filter_action, pix.SP_FileDialogContentsView),
                              (self.settings_action, pix.SP_FileDialogDetailedView)):  # fmt: skip
            action.setIcon(icon(which))
            bar.addAction(action)
        self.toolbar = bar

    def _fill_edit_menu(self) -> None:
        """The page on screen owns what Edit does (its undo history, bulk edit, paste)."""
        self.edit_menu.clear()
        page = self.current_page()
        if not isinstance(page, TablePage):
            self.edit_menu.addAction(self.tr("Nothing to edit on this page")).setEnabled(False)
            return
        for action in (page.undo_action, page.redo_action, None, self.new_record_action,
                       self.form_action, page.bulk_action, page.paste_action,
                       page.delete_action):  # fmt: skip
            self.edit_menu.addSeparator() if action is None else self.edit_menu.addAction(action)

    def open_form(self, new: bool = False) -> RecordForm | None:
        """The record form for the table page on screen: a new record, or the selected one."""
        page = self.current_page()
        if not isinstance(page, TablePage):
            return None
        ids = page.selected_ids()
        if not new and not ids:
            self.statusBar().showMessage(self.tr("Select a row to edit it in a form"), 5000)
            return None
        entity = page.model.table().entity
        form = RecordForm(self.db, entity, None if new else ids[0], parent=self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(lambda _key: self.refresh())
        form.open()
        self.record_form = form
        return form

    def _on_edited(self, entity: str) -> None:
        """Other pages read what was just changed: they reload when next shown."""
        current = NAV_KEYS[max(0, self.nav.currentRow())]
        self._loaded_views = {k for k in self._loaded_views if k == current}

    def _page_action(self, row: int) -> QAction:
        text = self.nav.item(row).text()
        return self._action(text, lambda: self.nav.setCurrentRow(row), f"Ctrl+{row + 1}")

    def _scrolled(self, page: QWidget) -> QScrollArea:
        """Wide pages scroll on a small screen instead of forcing the window wider."""
        area = QScrollArea(self)
        area.setWidget(page)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        return area

    def page(self, key: str) -> QWidget:
        return self.pages[key] if key in self.pages else self.views[key]

    def row_of(self, key: str) -> int:
        return NAV_KEYS.index(self._group_of(key))

    def _group_of(self, key: str) -> str:
        return next((g for g, members in GROUPS.items() if key in members), key)

    def show_page(self, key: str) -> None:
        """Show a navigation entry, or a table page inside one (its tab)."""
        group = self._group_of(key)
        self.nav.setCurrentRow(NAV_KEYS.index(group))
        if group in self.tabs and key in self.pages:
            self.tabs[group].setCurrentWidget(self.pages[key])

    def _on_nav(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        key = NAV_KEYS[row] if 0 <= row < len(NAV_KEYS) else ""
        if key in self.views and key not in self._loaded_views:  # first time shown: load it
            self._loaded_views.add(key)
            self.views[key].refresh()

    def open_detail(self, kind: str, key: object) -> None:
        """Click-through from the dashboard: the record or the page that explains it."""
        if kind == "measure":
            self.show_page("policies")
            self.pages["policies"].set_filter(str(key))
        elif kind == "line":  # a line at risk: who else could supply it
            self.show_page("alternatives")
            self.views["alternatives"].set_line(str(key))
        elif kind == "line_material":  # which parts of the line hold the material
            self.show_page("boms")
            self.views["boms"].show_line(str(key[0]))  # type: ignore[index]
        elif kind == "quota":
            self.show_page("policies")

    def _on_scenario_saved(self, name: str) -> None:
        self.views["scenarios"].refresh()
        self.statusBar().showMessage(self.tr("Scenario saved: {name}").format(name=name), 8000)

    # --- loading ---------------------------------------------------------------------------

    def refresh(self) -> Task:
        """Reload every table (in a task: a big database must not freeze the window) and the
        page on show (F5). The newest load wins; `loaded` fires when its tables are shown."""
        db = self.db
        task = Task(lambda _progress: load_all(db), self.tr("Loading the data…"))
        task.signals.finished.connect(lambda loaded, t=task: self._on_loaded(t, loaded))
        task.signals.failed.connect(
            lambda msg: self._show_error(self.tr("The data could not be loaded."), msg)
        )
        self._load_task = task
        self.statusBar().showMessage(self.tr("Loading…"))
        start(task)
        return task

    def _load_now(self) -> None:
        """The first load, before the window shows (so it opens with its data)."""
        try:
            self._show_loaded(load_all(self.db))
        except ReplannerError as exc:
            self._show_error(self.tr("The data could not be loaded."), str(exc))

    def _on_loaded(self, task: Task, loaded: Loaded) -> None:
        if task is not self._load_task:
            return  # an older load finished after a newer one started
        self.statusBar().clearMessage()
        self._show_loaded(loaded)
        self.loaded.emit()
        row = self.nav.currentRow()
        key = NAV_KEYS[row] if 0 <= row < len(NAV_KEYS) else ""
        if key in self.views and key in self._loaded_views:
            self.views[key].refresh()

    def _show_loaded(self, loaded: Loaded) -> None:
        self._overview = loaded.overview
        for key, table in loaded.tables.items():
            page = self.pages[key]
            page.set_table(table)
            if key not in self._headers_restored:
                self._restore_header(key, page, table)
        on = loaded.tables["policies"].on
        self.pages["policies"].set_note(
            self.tr("Status on {date}").format(date=on.isoformat()) if on else ""
        )
        self._show_overview()

    def _restore_header(self, key: str, page: TablePage, table: TableData) -> None:
        """Widths saved for the same columns only: a new column would shift every width."""
        self._headers_restored.add(key)
        saved = self._settings.value(f"tables/{key}/header")
        columns = self._settings.value(f"tables/{key}/columns")
        if isinstance(saved, QByteArray) and columns == _column_keys(table):
            page.restore_header_state(saved)

    def _show_overview(self) -> None:
        info = self._overview
        location = str(info.get("location") or "")
        if location:
            self.recent.add(location)
        self.location_label.setText(self.tr("Database: {location}").format(location=location))
        self.location_label.setToolTip(location)
        as_of = info.get("refdata_as_of")
        self.refdata_label.setText(
            self.tr("Reference data as of {date}").format(date=as_of)
            if as_of
            else self.tr("No reference data loaded")
        )
        name = info.get("company_name") or Path(location).name or location
        self.setWindowTitle(self.tr("{app} — {name}").format(app=APP_NAME, name=name))

    # --- actions ---------------------------------------------------------------------------

    def current_page(self) -> QWidget:
        """The page on screen; for a navigation entry with tabs, the table page shown."""
        key = NAV_KEYS[max(0, self.stack.currentIndex())]
        tabs = self.tabs.get(key)
        return tabs.currentWidget() if tabs is not None else self.page(key)

    def _on_filter_triggered(self) -> None:
        page = self.current_page()
        if isinstance(page, TablePage):
            page.focus_filter()

    def show_about(self) -> AboutDialog:
        """Window-modal and non-blocking (open(), not exec())."""
        self.about_dialog = AboutDialog(self._overview, self)
        self.about_dialog.open()
        return self.about_dialog

    def _show_error(self, text: str, detail: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, parent=self)
        box.setInformativeText(detail)
        box.open()
        self.error_box = box

    # --- settings --------------------------------------------------------------------------

    def _restore_window(self) -> None:
        s = self._settings
        geometry = s.value("main_window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(QSize(1280, 800))
        state = s.value("main_window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        key = str(s.value("main_window/page_key") or "dashboard")
        self.show_page(key if key in NAV_KEYS else "dashboard")

    def save_settings(self) -> None:
        s = self._settings
        s.setValue("main_window/geometry", self.saveGeometry())
        s.setValue("main_window/state", self.saveState())
        row = self.nav.currentRow()
        s.setValue("main_window/page_key", NAV_KEYS[row] if 0 <= row < len(NAV_KEYS) else "")
        for key, page in self.pages.items():
            s.setValue(f"tables/{key}/header", page.header_state())
            s.setValue(f"tables/{key}/columns", _column_keys(page.model.table()))
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self.views["scenarios"].has_unsaved_changes() and not self._discard_ok():
            event.ignore()
            return
        self.save_settings()
        self.stop_tasks()
        super().closeEvent(event)

    def stop_tasks(self, wait_ms: int = 10_000) -> None:
        """Cancel what the pages are computing; with `wait_ms`, wait for the workers to stop
        (on close, so no task outlives the window). A switch of database does not wait: the
        pages drop the results of cancelled tasks, which end at their next check."""
        for view in self.views.values():
            for bar in view.findChildren(TaskBar):
                bar.cancel()
        if wait_ms > 0:
            QThreadPool.globalInstance().waitForDone(wait_ms)

    def _discard_ok(self) -> bool:
        """Unsaved scenario edits: the user decides (a modal question is right here: the window
        must know before it closes)."""
        self.show_page("scenarios")
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, APP_NAME, self.tr("The scenario has unsaved changes. Discard them?"),
            buttons.Discard | buttons.Cancel, buttons.Cancel,
        )  # fmt: skip
        return answer == buttons.Discard


def _column_keys(table: TableData) -> str:
    return ",".join(c.key for c in table.columns)
