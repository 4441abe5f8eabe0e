"""Tools > Settings: which database to use, the database's shared defaults, reference data.

The dialog never opens a database itself: "Use this database" emits `database_chosen(location)`
and the main window opens it with its usual opener (errors shown there). Defaults are saved
through services.settings; a reference-data refresh runs services.refdata.update_reference in a
Task (one transaction: it completes or changes nothing, so it has no Cancel).

The Defaults tab is in settings_defaults, the Reference data tab in settings_refdata, what
they share in settings_common.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rePlanner.ui.dialogs.settings_common import (
    ERROR_STYLE,
    NOTE_STYLE,
    OK_STYLE,
    location_problem,
    note,
    tr,
)
from rePlanner.ui.dialogs.settings_defaults import DefaultsTab
from rePlanner.ui.dialogs.settings_refdata import RefdataTab, summary_table

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

__all__ = ["ERROR_STYLE", "NOTE_STYLE", "OK_STYLE", "SettingsDialog", "location_problem",
           "note", "summary_table", "tr"]  # fmt: skip


class SettingsDialog(DefaultsTab, RefdataTab):
    database_chosen = Signal(str)  # a file path or server URL to open instead
    refdata_loaded = Signal(object)  # the RefdataSummary of a finished refresh
    settings_saved = Signal(object)  # the Settings as stored (company name: window title)

    def __init__(self, db: Database, current_location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.current_location = current_location
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(tr("Settings"))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._database_tab(), tr("Database"))
        self.tabs.addTab(self._defaults_tab(), tr("Defaults"))
        self.tabs.addTab(self._refdata_tab(), tr("Reference data"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(640, 480)
        self.load_settings()
        self.show_refdata_state()

    # --- Database tab ------------------------------------------------------------------------

    def _database_tab(self) -> QWidget:
        page = QWidget(self)
        self.current_label = note(self.current_location, "font-weight: bold")
        self.location_edit = QLineEdit(page)
        self.location_edit.setPlaceholderText(tr("C:/data/replanner.sqlite  or  "
                                                 "postgresql+psycopg://user@host/replanner"))  # fmt: skip
        self.location_edit.returnPressed.connect(self.use_database)
        self.browse_button = QPushButton(tr("Browse…"), page)
        self.browse_button.clicked.connect(self.browse_database)
        self.use_button = QPushButton(tr("Use this database"), page)
        self.use_button.clicked.connect(self.use_database)
        self.location_error = note(style=ERROR_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.location_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(tr("In use now:"), page))
        layout.addWidget(self.current_label)
        layout.addSpacing(12)
        layout.addWidget(QLabel(tr("Another database (SQLite file or server URL):"), page))
        layout.addLayout(row)
        layout.addWidget(self.location_error)
        layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(note(tr(
            "A SQLite file is a database on this computer or a shared drive; a file that does "
            "not exist yet is created with the shipped reference data. A server URL (PostgreSQL) "
            "lets a team work in one database; leave the password out of the URL and keep it "
            "in your .pgpass file or the PGPASSWORD environment variable."
        )))  # fmt: skip
        layout.addStretch(1)
        return page

    def browse_database(self) -> QFileDialog:
        """Pick an existing file or type a new name (a new database is created)."""
        start = "" if "://" in self.current_location else str(Path(self.current_location).parent)
        dialog = QFileDialog(self, tr("Choose a database file"), start)
        dialog.setNameFilters([tr("rePlanner databases (*.sqlite *.sqlite3 *.db)"),
                               tr("All files (*)")])  # fmt: skip
        dialog.setDefaultSuffix("sqlite")
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)  # we open it, never overwrite
        dialog.fileSelected.connect(self.location_edit.setText)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def use_database(self) -> None:
        location = self.location_edit.text().strip()
        problem = location_problem(location)
        if problem is None and location == self.current_location:
            problem = tr("This database is already in use.")
        self.location_error.setText(problem or "")
        if problem is None:
            self.accept()  # close first: the window may show an error of its own
            self.database_chosen.emit(location)

    # --- common ------------------------------------------------------------------------------

    def _status(self, label: QLabel, text: str, error: bool) -> None:
        label.setText(text)
        label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    def reject(self) -> None:
        """Not while a refresh runs: the window must not switch databases under it."""
        if self.bar.busy:
            self._status(self.refdata_status, tr("Wait until the reference data is loaded."), True)
            return
        super().reject()
