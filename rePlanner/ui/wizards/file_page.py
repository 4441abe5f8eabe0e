"""Import wizard page 1: the file, what it holds (recognised from its sheets and columns) and,
for a BOM, the production line whose new revision it becomes; for a network, its name.

Recognising the kind reads the head of every sheet in a Task; a BOM reuses that head on the
sheet page. A kind the user picks himself is never overridden by the recognition.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rePlanner.services import crud
from rePlanner.services.bom_import_inspect import BOM_SUFFIXES
from rePlanner.services.network_import_inspect import KindGuess, WorkbookKind, detect_kind
from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.import_pages import ImportState, accepts_drop, tr
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

KIND_TEXTS = {
    WorkbookKind.BOM: "Bill of materials (BOM) of a production line",
    WorkbookKind.SUPPLIERS: "Suppliers, sites and part suppliers",
    WorkbookKind.NETWORK: "Supply network (sheets “Nodes” and “Links”)",
    WorkbookKind.ALTERNATIVES: "Alternative sources (candidate suppliers, designs)",
}
MAX_NETWORK_NAME = 100


def plants(db: Database) -> list[str]:
    """Our own plant sites (sites of internal suppliers), by name."""
    own = crud.find(db, "supplier", is_internal=True)
    return sorted(s["name"] for o in own for s in crud.find(db, "site", supplier_id=o["id"]))


def lines(db: Database) -> list[tuple[str, str]]:
    """(line name, plant site name) of every production line."""
    sites = {s["id"]: s["name"] for s in crud.find(db, "site")}
    found = [
        (ln["name"], sites.get(ln["plant_site_id"], "")) for ln in crud.find(db, "production line")
    ]
    return sorted(found, key=lambda x: (x[0].casefold(), x[1]))


class FilePage(QWizardPage):
    """The file, its kind and (BOM) the production line or (network) the network's name."""

    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.state = db, state
        self.bom_next = self.workbook_next = -1  # page ids, set by the wizard
        self.guess: KindGuess | None = None
        self._chosen = self._pending = False  # the user picked the kind; recognise again
        self._read_error = ""
        self.setTitle(tr("File and what it holds"))
        self.setSubTitle(tr("Choose the workbook (xlsx, xlsm, xls, ods or csv). What it holds is "
                            "recognised from its sheets and columns; change it if needed."))  # fmt: skip
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(tr("Path of the file, or drop it on the window"))
        self.browse = QPushButton(tr("Browse…"), self)
        self.browse.clicked.connect(self._browse)
        self.kind_group = QButtonGroup(self)
        self.kinds: dict[WorkbookKind, QRadioButton] = {}
        for kind, text in KIND_TEXTS.items():
            self.kinds[kind] = button = QRadioButton(tr(text), self)
            self.kind_group.addButton(button)
            button.clicked.connect(self._kind_clicked)
        self.kinds[WorkbookKind.BOM].setChecked(True)
        self.detected = QLabel(self)
        self.detected.setWordWrap(True)
        self._line_widgets()
        self.network_box = QGroupBox(tr("Network"), self)
        self.network_name = QLineEdit(self.network_box)
        self.network_name.setMaxLength(MAX_NETWORK_NAME)
        self.network_name.setToolTip(tr("Importing the same name again updates that network in "
                                        "place; another name adds a separate network"))  # fmt: skip
        QFormLayout(self.network_box).addRow(tr("Name:"), self.network_name)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.bar = TaskBar(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)  # recognise once typing pauses
        self._timer.timeout.connect(self._detect)
        self._layout()
        self.path_edit.textChanged.connect(self._path_changed)
        for signal in (self.new_name.textChanged, self.existing.toggled, self.network_name
                       .textChanged, self.line_combo.currentIndexChanged,
                       self.plant_combo.currentIndexChanged, self.kind_group.buttonToggled):  # fmt: skip
            signal.connect(self._changed)
        self.reload()

    def _line_widgets(self) -> None:
        self.line_box = QGroupBox(tr("Production line of the BOM"), self)
        self.existing = QRadioButton(tr("Existing line"), self.line_box)
        self.new = QRadioButton(tr("New line"), self.line_box)
        group = QButtonGroup(self)
        group.addButton(self.existing)
        group.addButton(self.new)
        self.line_combo = QComboBox(self.line_box)
        self.new_name = QLineEdit(self.line_box)
        self.new_name.setPlaceholderText(tr("Name of the new line"))
        self.plant_combo = QComboBox(self.line_box)
        form = QFormLayout(self.line_box)
        form.addRow(self.existing, self.line_combo)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_name, 1)
        new_row.addWidget(QLabel(tr("at plant"), self.line_box))
        new_row.addWidget(self.plant_combo, 1)
        form.addRow(self.new, new_row)

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        kinds = QVBoxLayout()
        for button in self.kinds.values():
            kinds.addWidget(button)
        kinds.addWidget(self.detected)
        form = QFormLayout()
        form.addRow(tr("File:"), row)
        form.addRow(tr("It holds:"), kinds)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.line_box)
        layout.addWidget(self.network_box)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.bar)

    def reload(self) -> None:
        self.line_combo.clear()
        for name, plant in lines(self.db):
            self.line_combo.addItem(f"{name} — {plant}" if plant else name, (name, plant))
        self.plant_combo.clear()
        self.plant_combo.addItems(plants(self.db))
        (self.existing if self.line_combo.count() else self.new).setChecked(True)
        self.existing.setEnabled(self.line_combo.count() > 0)
        self._changed()

    def select_line(self, name: str) -> None:
        """Preselect the line `name` (or offer it as a new line's name)."""
        i = next((k for k in range(self.line_combo.count())
                  if self.line_combo.itemData(k)[0].casefold() == name.casefold()), -1)  # fmt: skip
        if i >= 0:
            self.line_combo.setCurrentIndex(i)
            self.existing.setChecked(True)
        else:
            self.new_name.setText(name)
            self.new.setChecked(True)

    def kind(self) -> WorkbookKind:
        return next(k for k, b in self.kinds.items() if b.isChecked())

    def set_kind(self, kind: WorkbookKind) -> None:
        self.kinds[kind].setChecked(True)

    def _browse(self) -> None:
        dialog = QFileDialog(self, tr("Open a file to import"))
        patterns = " ".join(f"*{s}" for s in BOM_SUFFIXES)
        dialog.setNameFilters([tr("Workbooks and CSV files") + f" ({patterns})",
                               tr("All files") + " (*)"])  # fmt: skip
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()

    # --- recognising the kind ------------------------------------------------------------

    def _path_changed(self) -> None:
        self._chosen, self.guess, self._read_error = False, None, ""
        self.detected.clear()
        if accepts_drop(self.path_edit.text().strip()):
            self._timer.start()
        self._changed()

    def _kind_clicked(self) -> None:
        self._chosen = True  # clicked (not set by the recognition): keep it

    def _detect(self) -> None:
        path = self.path_edit.text().strip()
        if not accepts_drop(path):
            return
        if self.bar.busy:  # another file is being read: stop it, then read this one
            self._pending = True
            self.bar.cancel()
            return
        task = Task(lambda progress: detect_kind(path, progress), tr("Reading the file…"))
        task.signals.finished.connect(lambda guess: self._detected(path, guess))
        task.signals.failed.connect(lambda text: self._failed(path, text))
        task.signals.done.connect(self._detect_done)
        self.bar.run(task)

    def _detect_done(self) -> None:
        if self._pending:
            self._pending = False
            self._timer.start()

    def _detected(self, path: str, guess: KindGuess) -> None:
        if path != self.path_edit.text().strip():
            return
        self.guess = guess
        if guess.kind is None:
            self.detected.setText(tr("Not recognised ({0}): choose what it holds.")
                                  .format(guess.reason))  # fmt: skip
        else:
            self.detected.setText(tr("Recognised from {0}.").format(guess.reason))
            if not self._chosen:
                self.set_kind(guess.kind)
        stem = Path(path).stem[:MAX_NETWORK_NAME]
        if not self.network_name.text().strip() or not self.network_name.isModified():
            self.network_name.setText(stem)
        self._changed()

    def _failed(self, path: str, text: str) -> None:
        if path == self.path_edit.text().strip():
            self._read_error = text
            self._changed()

    # --- what the page shows and allows ------------------------------------------------

    def _changed(self) -> None:
        kind = self.kind()
        self.line_box.setVisible(kind is WorkbookKind.BOM)
        self.network_box.setVisible(kind is WorkbookKind.NETWORK)
        self.line_combo.setEnabled(self.existing.isChecked())
        self.new_name.setEnabled(self.new.isChecked())
        self.plant_combo.setEnabled(self.new.isChecked())
        self._say(*self._note(kind))
        self.completeChanged.emit()

    def _note(self, kind: WorkbookKind) -> tuple[str, bool]:
        text = self.path_edit.text().strip()
        if text and not accepts_drop(text):
            return tr("No readable workbook or CSV file at this path."), True
        if self._read_error:
            return self._read_error, True
        if kind is WorkbookKind.NETWORK and not self.network_name.text().strip():
            return tr("Give the network a name."), True
        if kind is not WorkbookKind.BOM:
            return tr("Next checks the whole file without writing anything."), False
        if self.new.isChecked() and not self.plant_combo.count():
            return tr("The database has no plant of our own yet: add our company as an "
                      "internal supplier with a plant site first."), True  # fmt: skip
        if self.new.isChecked():
            return tr("A new line gets 0 vehicles per day and a margin of 0 until you set "
                      "them."), False  # fmt: skip
        return "", False

    def _say(self, text: str, error: bool) -> None:
        self.note.setStyleSheet(ERROR_STYLE if error else "")
        self.note.setText(text)

    def isComplete(self) -> bool:
        if not accepts_drop(self.path_edit.text().strip()) or self._read_error:
            return False
        kind = self.kind()
        if kind is WorkbookKind.NETWORK:
            return bool(self.network_name.text().strip())
        if kind is not WorkbookKind.BOM:
            return True
        if self.existing.isChecked():
            return self.line_combo.currentIndex() >= 0
        return bool(self.new_name.text().strip()) and self.plant_combo.currentIndex() >= 0

    def nextId(self) -> int:
        return self.bom_next if self.kind() is WorkbookKind.BOM else self.workbook_next

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        self._timer.stop()
        self.bar.cancel()  # the recognition is no longer needed
        s, path = self.state, self.path_edit.text().strip()
        if path != s.path:
            s.path, s.head = path, None
        if s.head is None and self.guess is not None and self.guess.head.file == path:
            s.head = self.guess.head  # the sheet page need not read it again
        s.kind, s.network_name = self.kind(), self.network_name.text().strip()
        if s.kind is not WorkbookKind.BOM:
            return True
        if self.existing.isChecked():
            s.line, s.plant = self.line_combo.currentData()
            s.create_line = False
        else:
            s.line, s.plant = self.new_name.text().strip(), self.plant_combo.currentText()
            s.create_line = True
        return True
