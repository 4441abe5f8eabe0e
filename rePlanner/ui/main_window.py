"""The main window: navigation on the left, one page per workflow on the right.

The pages are listed in ui/page_registry.py and built the first time they are shown, so start-up
pays only for the page on screen (window_pages.py). The window opens before any data is read:
the overview and the tables load in Tasks (window_loading.py); the other pages load themselves
(their heavy work runs in tasks with Cancel) the first time they are shown and on F5, and get
`set_database` when the user opens another database. Once the window is idle, the engine's
modules are imported in the background (ui/warmup.py) so a first what-if does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QWidget,
)

from rePlanner import APP_NAME
from rePlanner.ui import warmup
from rePlanner.ui.page_registry import NAV_KEYS, TABLES
from rePlanner.ui.recent import RecentDatabases
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.window_files import FileActions
from rePlanner.ui.window_loading import LoadingMixin
from rePlanner.ui.window_pages import PagesMixin

if TYPE_CHECKING:  # the window only hands the database to services; it never queries it
    from rePlanner.persistence.database import Database
    from rePlanner.ui.dialogs.about_dialog import AboutDialog
    from rePlanner.ui.dialogs.record_form import RecordForm
    from rePlanner.ui.dialogs.settings_dialog import SettingsDialog
    from rePlanner.ui.wizards import ImportWizard

DatabaseOpener = Callable[[str], "Database"]
WARMUP_DELAY_MS = 300  # the engine's imports start once the window has been idle this long


class MainWindow(FileActions, PagesMixin, LoadingMixin, QMainWindow):
    loaded = Signal()  # a load has shown its tables (and the overview, when it read it)
    freeze_heap = False  # app.start_window: freeze the objects after the background imports

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
        self._overview: dict[str, Any] = {"location": db.location}
        self._loaded_views: set[str] = set()
        self.about_dialog: AboutDialog | None = None
        self.error_box: QMessageBox | None = None
        self.record_form: RecordForm | None = None
        self.import_wizard: ImportWizard | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.recent = RecentDatabases(self._settings)
        self.setAcceptDrops(True)
        self._build_status_bar()
        self._init_loading()
        self._build_central()
        self._build_menus()
        self._restore_window()  # builds the page on screen, without its data yet
        self._show_overview()
        QTimer.singleShot(0, self._start)  # the first load starts once the event loop runs

    # --- construction ----------------------------------------------------------------------

    def _build_central(self) -> None:
        self._build_pages()
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
        self.print_action = self._action(self.tr("&Print report…"), self.print_report, seq.Print)
        self.preview_action = self._action(
            self.tr("Print pre&view…"), self.preview_report, "Ctrl+Shift+P"
        )
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = self.recent.menu(self, self.open_database_file)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.preview_action)
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
                              (self.print_action, pix.SP_FileDialogListView),
                              (self.settings_action, pix.SP_FileDialogDetailedView)):  # fmt: skip
            action.setIcon(icon(which))
            bar.addAction(action)
        self.toolbar = bar

    def _fill_edit_menu(self) -> None:
        """The page on screen owns what Edit does (its undo history, bulk edit, paste)."""
        self.edit_menu.clear()
        if self.current_key() not in TABLES:
            self.edit_menu.addAction(self.tr("Nothing to edit on this page")).setEnabled(False)
            return
        page = self.current_page()
        for action in (page.undo_action, page.redo_action, None, self.new_record_action,
                       self.form_action, page.bulk_action, page.paste_action,
                       page.delete_action):  # fmt: skip
            self.edit_menu.addSeparator() if action is None else self.edit_menu.addAction(action)

    def open_form(self, new: bool = False) -> RecordForm | None:
        """The record form for the table page on screen: a new record, or the selected one."""
        if self.current_key() not in TABLES:
            return None
        page = self.current_page()
        ids = page.selected_ids()
        if not new and not ids:
            self.statusBar().showMessage(self.tr("Select a row to edit it in a form"), 5000)
            return None
        form = page.open_record_form(None if new else ids[0], parent=self)
        if form is not None:  # its save is a step on the page's undo stack
            form.saved.connect(lambda _key: self.refresh())
            self.record_form = form
        return form

    def print_report(self) -> None:
        """Ctrl+P anywhere: the Reports page prints its report (building it first if needed)."""
        self.show_page("reports")
        self.page("reports").request("print")

    def preview_report(self) -> None:
        self.show_page("reports")
        self.page("reports").request("preview")

    def _on_edited(self, entity: str) -> None:
        """Other pages read what was just changed: they reload when next shown."""
        current = NAV_KEYS[max(0, self.nav.currentRow())]
        self._loaded_views = {k for k in self._loaded_views if k == current}

    def _page_action(self, row: int) -> QAction:
        text = self.nav.item(row).text()
        return self._action(text, lambda: self.nav.setCurrentRow(row), f"Ctrl+{row + 1}")

    def open_detail(self, kind: str, key: object) -> None:
        """Click-through from the dashboard: the record or the page that explains it."""
        if kind == "measure":
            self.show_page("policies")
            self.page("policies").set_filter(str(key))
        elif kind == "line":  # a line at risk: who else could supply it
            self.show_page("alternatives")
            self.page("alternatives").set_line(str(key))
        elif kind == "line_material":  # which parts of the line hold the material
            self.show_page("boms")
            self.page("boms").show_line(str(key[0]))  # type: ignore[index]
        elif kind == "quota":
            self.show_page("policies")

    def _on_scenario_saved(self, name: str) -> None:
        """Every page that lists scenarios shows the new one: the page on screen at once (unless
        it saved it), the others when next shown."""
        current = self.current_key()
        self._loaded_views = {k for k in self._loaded_views if k == current}
        if current in self.views and self.sender() is not self.views[current]:
            self.views[current].refresh()
        self.statusBar().showMessage(self.tr("Scenario saved: {name}").format(name=name), 8000)

    # --- start-up --------------------------------------------------------------------------

    def _start(self) -> None:
        """The first turn of the event loop (the window is on screen): read the overview and
        the tables of the page shown, load the page shown, then warm the engine when idle."""
        if self._started:
            return
        self._started = True
        self._reload()
        self._view_shown(self.current_key())
        QTimer.singleShot(WARMUP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        if self.loading():  # the first data first: try again in a moment
            QTimer.singleShot(WARMUP_DELAY_MS, self._warm_up)
        elif self.isVisible():  # a window that was never shown (a test) imports nothing more
            warmup.start(freeze=self.freeze_heap)

    def _view_shown(self, key: str) -> None:
        """A page that loads itself: the first time it is shown (once the window started)."""
        if self._started and key in self.views and key not in self._loaded_views:
            self._loaded_views.add(key)
            self.views[key].refresh()

    def _show_overview(self) -> None:
        info = self._overview
        location = str(info.get("location") or "")
        if location:
            self.recent.add(location)
        self.location_label.setText(self.tr("Database: {location}").format(location=location))
        self.location_label.setToolTip(location)
        as_of = info.get("refdata_as_of")
        self.refdata_label.setText(
            ""  # not read yet: the status bar says it is loading
            if "refdata_as_of" not in info
            else self.tr("Reference data as of {date}").format(date=as_of)
            if as_of
            else self.tr("No reference data loaded")
        )
        name = info.get("company_name") or Path(location).name or location
        self.setWindowTitle(self.tr("{app} — {name}").format(app=APP_NAME, name=name))

    # --- actions ---------------------------------------------------------------------------

    def _on_filter_triggered(self) -> None:
        if self.current_key() in TABLES:
            self.current_page().focus_filter()

    def show_about(self) -> AboutDialog:
        """Window-modal and non-blocking (open(), not exec())."""
        from rePlanner.ui.dialogs.about_dialog import AboutDialog

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
        self._save_headers()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self.unsaved_scenario() and not self._discard_ok():
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
        warmup.stop()
        if wait_ms > 0:
            QThreadPool.globalInstance().waitForDone(wait_ms)

    def unsaved_scenario(self) -> bool:
        scenarios = self.views.get("scenarios")
        return scenarios is not None and bool(scenarios.has_unsaved_changes())

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
