"""Tools > Settings: which database to use, the database's shared defaults, reference data.

The dialog never opens a database itself: "Use this database" emits `database_chosen(location)`
and the main window opens it with its usual opener (errors shown there). Defaults are saved
through services.settings; a reference-data refresh runs services.refdata.update_reference in a
Task (one transaction: it completes or changes nothing, so it has no Cancel).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ValidationError
from rePlanner.services.refdata import RefdataSummary, update_reference
from rePlanner.services.settings import (
    COMMON_CURRENCIES,
    MAX_LICENCE_DAYS,
    Settings,
    get_settings,
    save_settings,
)
from rePlanner.services.tables import Column, TableData, database_overview
from rePlanner.ui.models.record_table_model import RecordTableModel
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

ERROR_STYLE = "color: rgb(214, 60, 60)"  # a red readable on light and dark palettes
OK_STYLE = "color: rgb(40, 150, 70)"
NOTE_STYLE = "color: palette(placeholder-text)"
SERVER_SCHEMES = ("postgresql", "sqlite")
COUNT_FIELDS = ("inserted", "updated", "unchanged", "deleted", "kept", "user_owned")


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def location_problem(text: str) -> str | None:
    """Why `text` cannot be a database location, or None. The opener checks the rest."""
    if not text:
        return tr("Enter a SQLite file or a server URL.")
    if "://" in text:
        scheme = text.split("://", 1)[0].split("+", 1)[0].lower()
        if scheme not in SERVER_SCHEMES:
            return tr("Use a URL such as postgresql+psycopg://user@host/replanner.")
        return None
    if Path(text).expanduser().is_dir():
        return tr("This is a folder: choose or name a .sqlite file in it.")
    return None


def note(text: str = "", style: str = NOTE_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def summary_table(summary: RefdataSummary) -> TableData:
    """Per table: what the refresh inserted, updated, kept... (the CLI prints the same)."""
    tips = {"kept": tr("Reference rows gone from the file but still used by your data"),
            "user_owned": tr("File rows whose key one of your own rows already holds: "
                             "your row was left as it is")}  # fmt: skip
    columns = [Column("table", tr("Table"))] + [
        Column(f, tr(f.replace("_", " ").capitalize()), "int", tips.get(f, ""))
        for f in COUNT_FIELDS
    ]
    rows = [
        (table.replace("_", " "), *(getattr(c, f) for f in COUNT_FIELDS))
        for table, c in summary.tables.items()
    ]
    return TableData(columns=columns, rows=rows, keys=list(range(len(rows))))


class SettingsDialog(QDialog):
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

    # --- Defaults tab ------------------------------------------------------------------------

    def _defaults_tab(self) -> QWidget:
        page = QWidget(self)
        self.currency_combo = QComboBox(page)
        self.currency_combo.setEditable(True)
        self.currency_combo.addItems(list(COMMON_CURRENCIES))
        self.currency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.days_spin = QSpinBox(page)
        self.days_spin.setRange(1, 7)
        self.days_spin.setSuffix(tr(" days"))
        self.delay_spin = QSpinBox(page)
        self.delay_spin.setRange(0, MAX_LICENCE_DAYS)
        self.delay_spin.setSuffix(tr(" working days"))
        self.company_edit = QLineEdit(page)
        self.label_edit = QLineEdit(page)
        self.label_edit.setPlaceholderText(tr("e.g. Confidential — internal use only"))
        self.field_errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, text, widget, tip in (
            ("currency", tr("Currency:"), self.currency_combo,
             tr("Three-letter ISO code used for margins and prices in reports")),
            ("working_days_per_week", tr("Working days per week:"), self.days_spin,
             tr("Default for new production lines; each line keeps its own value")),
            ("licence_delay_days", tr("Default licence delay:"), self.delay_spin,
             tr("Working days an export licence takes (MOFCOM's nominal review is 45)")),
            ("company_name", tr("Company name:"), self.company_edit,
             tr("Shown in the window title and on reports")),
            ("confidentiality_label", tr("Confidentiality label:"), self.label_edit,
             tr("Printed on every report page")),
        ):  # fmt: skip
            form.addRow(text, self._with_error(name, widget, tip))
        self.save_button = QPushButton(tr("Save"), page)
        self.save_button.clicked.connect(self.save)
        self.save_status = note()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_status, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(note(tr(
            "Stored in the database, so everyone who uses it shares them. Production lines and "
            "scenarios you already have keep their own working days and licence delay."
        )))  # fmt: skip
        layout.addStretch(1)
        return page

    def _with_error(self, name: str, widget: QWidget, tip: str) -> QWidget:
        """The field with its inline error under it (hidden while there is none)."""
        box = QWidget(widget.parentWidget())
        widget.setToolTip(tip)
        error = note(style=ERROR_STYLE)
        error.hide()
        self.field_errors[name] = error
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        return box

    def load_settings(self) -> None:
        current = get_settings(self.db)
        self.currency_combo.setCurrentText(current.currency)
        self.days_spin.setValue(current.working_days_per_week)
        self.delay_spin.setValue(current.licence_delay_days)
        self.company_edit.setText(current.company_name)
        self.label_edit.setText(current.confidentiality_label)

    def edited_settings(self) -> Settings:
        return Settings(
            currency=self.currency_combo.currentText(),
            working_days_per_week=self.days_spin.value(),
            licence_delay_days=self.delay_spin.value(),
            company_name=self.company_edit.text(),
            confidentiality_label=self.label_edit.text(),
        )

    def save(self) -> bool:
        """Write the defaults; on an error keep the user's input and mark the fields."""
        for label in self.field_errors.values():
            label.setText("")
            label.hide()
        try:
            stored = save_settings(self.db, self.edited_settings())
        except ValidationError as exc:
            for issue in exc.issues:
                label = self.field_errors[issue.field]
                label.setText(issue.reason[:1].upper() + issue.reason[1:] + ".")
                label.show()
            self._status(self.save_status, tr("Not saved: correct the marked fields."), True)
            return False
        self.currency_combo.setCurrentText(stored.currency)
        self._status(self.save_status, tr("Saved."), False)
        self.settings_saved.emit(stored)
        return True

    # --- Reference data tab ------------------------------------------------------------------

    def _refdata_tab(self) -> QWidget:
        page = QWidget(self)
        self.as_of_label = QLabel(page)
        self.load_button = QPushButton(tr("Load file…"), page)
        self.load_button.setToolTip(tr("A reference CSV from the rePlanner data pack"))
        self.load_button.clicked.connect(self.browse_refdata)
        self.bar = TaskBar(page)
        self.bar.cancel_button.hide()  # one transaction: it completes or changes nothing
        self.bar.busy_changed.connect(self._on_busy)
        self.refdata_status = note()
        self.summary_model = RecordTableModel(self)
        self.summary_view = QTableView(page)
        self.summary_view.setModel(self.summary_model)
        self.summary_view.verticalHeader().hide()
        self.summary_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.summary_view.hide()
        layout = QVBoxLayout(page)
        layout.addWidget(self.as_of_label)
        layout.addWidget(note(tr(
            "Load a newer file of export controls, quotas, market shares, materials or "
            "alternative producers. Only reference rows change: your own data is never modified. "
            "A file with an error changes nothing."
        )))  # fmt: skip
        layout.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.bar)
        layout.addWidget(self.refdata_status)
        layout.addWidget(self.summary_view, 1)
        layout.addStretch(0)
        return page

    def show_refdata_state(self) -> None:
        as_of = database_overview(self.db).get("refdata_as_of")
        self.as_of_label.setText(
            tr("Reference data as of {date}").format(date=as_of)
            if as_of
            else tr("No reference data loaded")
        )

    def browse_refdata(self) -> QFileDialog:
        dialog = QFileDialog(self, tr("Load reference data"))
        dialog.setNameFilters([tr("Reference data (*.csv)"), tr("All files (*)")])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_refdata)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def load_refdata(self, path: str) -> Task | None:
        """Refresh from `path` in the background; the summary or the error shows here."""
        db = self.db
        task = Task(lambda _p: update_reference(db, path),
                    tr("Loading {name}…").format(name=Path(path).name))  # fmt: skip
        task.signals.finished.connect(self._on_refdata_loaded)
        task.signals.failed.connect(self._on_refdata_failed)
        self.refdata_status.setText("")
        return task if self.bar.run(task) else None

    def _on_refdata_loaded(self, summary: RefdataSummary) -> None:
        self.show_refdata_state()
        self.summary_model.set_table(summary_table(summary))
        self.summary_view.show()
        self._status(self.refdata_status, self._summary_text(summary), False)
        self.refdata_loaded.emit(summary)

    def _summary_text(self, summary: RefdataSummary) -> str:
        lines = [tr("Loaded {files} (data as of {date}).").format(
            files=", ".join(summary.files), date=summary.as_of or tr("unknown"))]  # fmt: skip
        lines += [tr("Skipped {file} row {row}: {reason}").format(
            file=r.file, row=r.row, reason=r.reason) for r in summary.skipped[:5]]  # fmt: skip
        if len(summary.skipped) > 5:
            lines.append(tr("… and {n} more skipped rows").format(n=len(summary.skipped) - 5))
        lines += [tr("Kept {table} {key}: {reason}").format(
            table=k.table, key=k.key, reason=k.reason) for k in summary.kept[:5]]  # fmt: skip
        return "\n".join(lines)

    def _on_refdata_failed(self, message: str) -> None:
        self.summary_view.hide()
        text = tr("Not loaded, nothing was changed: {why}").format(why=message)
        self._status(self.refdata_status, text, True)

    def _on_busy(self, busy: bool) -> None:
        for button in (self.load_button, self.use_button, self.save_button):
            button.setEnabled(not busy)

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
