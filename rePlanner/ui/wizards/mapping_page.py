"""Import wizard page 3: which column feeds which BOM field, with saved profiles.

Each field has a combo of the sheet's columns; the suggestion is preselected and its confidence
shown. A column feeds one field only: choosing it for another field clears the first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.imports import BomField, ColumnMapping
from rePlanner.services.bom_import_inspect import (
    mapping_from_profile,
    mapping_profile,
    suggest_bom_mapping,
    with_column,
)
from rePlanner.services.bom_import_profiles import list_profiles, load_profile, save_profile
from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.wizards.import_pages import ImportState, tr
from rePlanner.ui.wizards.preview_model import column_letter

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

REQUIRED = (BomField.PART_NUMBER, BomField.QUANTITY)
FIELD_NAMES = {
    BomField.PART_NUMBER: "Part number", BomField.QUANTITY: "Quantity",
    BomField.DESCRIPTION: "Description", BomField.UNIT: "Unit", BomField.LEVEL: "Level",
    BomField.PARENT: "Parent part number", BomField.SUPPLIER: "Supplier",
    BomField.POSITION: "Position",
}  # fmt: skip
FIELD_TIPS = {
    BomField.LEVEL: "Level in the tree (1 = under the vehicle); without it, or a parent part "
    "number, the BOM is read as a flat list",
    BomField.PARENT: "The part this line is built into (instead of a level column)",
    BomField.QUANTITY: "Quantity per parent assembly",
}


class MappingPage(QWizardPage):
    def __init__(self, db: Database, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.state = db, state
        self.setTitle(tr("Columns"))
        self.setSubTitle(tr("Check which column holds each field. Fields marked * are needed; "
                            "a saved mapping fits files of the same layout."))  # fmt: skip
        self.mapping = ColumnMapping(0, {})
        self.origin: dict[BomField, str] = {}  # field -> how it was set ("" = suggested)
        self.combos: dict[BomField, QComboBox] = {}
        self.notes: dict[BomField, QLabel] = {}
        grid = QGridLayout()
        for r, f in enumerate(FIELD_NAMES):
            name = tr(FIELD_NAMES[f]) + (" *" if f in REQUIRED else "")
            label = QLabel(name, self)
            combo = QComboBox(self)
            combo.setMinimumWidth(260)
            combo.activated.connect(lambda _i, f=f: self._chosen(f))
            note = QLabel(self)
            if f in FIELD_TIPS:
                label.setToolTip(tr(FIELD_TIPS[f]))
                combo.setToolTip(tr(FIELD_TIPS[f]))
            grid.addWidget(label, r, 0)
            grid.addWidget(combo, r, 1)
            grid.addWidget(note, r, 2)
            self.combos[f], self.notes[f] = combo, note
        grid.setColumnStretch(2, 1)
        self.header_note = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_note)
        layout.addLayout(grid)
        layout.addWidget(self._profiles_box())
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _profiles_box(self) -> QGroupBox:
        box = QGroupBox(tr("Saved mappings"), self)
        self.profile_combo = QComboBox(box)
        self.profile_combo.setMinimumWidth(200)
        self.apply_button = QPushButton(tr("Apply"), box)
        self.apply_button.clicked.connect(self._apply_profile)
        self.profile_name = QLineEdit(box)
        self.profile_name.setPlaceholderText(tr("Name to save this mapping under"))
        self.save_button = QPushButton(tr("Save"), box)
        self.save_button.clicked.connect(self._save_profile)
        row = QHBoxLayout(box)
        for w, stretch in ((self.profile_combo, 1), (self.apply_button, 0),
                           (self.profile_name, 1), (self.save_button, 0)):  # fmt: skip
            row.addWidget(w, stretch)
        return box

    def _rows(self) -> list[list[Any]]:
        head = self.state.head
        return head.heads.get(self.state.sheet, []) if head else []

    def initializePage(self) -> None:
        self._reload_profiles()
        if self.state.mapping is None:  # sheet or header row changed: suggest again
            self.origin = {}
            self._set(suggest_bom_mapping(self._rows(), self.state.header_row))
        else:
            self._set(self.state.mapping)

    def _reload_profiles(self) -> None:
        current = self.profile_combo.currentText()
        self.profile_combo.clear()
        self.profile_combo.addItems([p.name for p in list_profiles(self.db, kind="bom")])
        if current:
            self.profile_combo.setCurrentText(current)
        self.apply_button.setEnabled(self.profile_combo.count() > 0)

    def _set(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self.state.mapping = mapping
        rows = self._rows()
        data = rows[mapping.header_row :] if mapping.header_row else []
        width = max(len(mapping.headers), max((len(r) for r in rows), default=0))
        for f, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(not imported)"), None)
            for c in range(width):
                head = mapping.headers[c] if c < len(mapping.headers) else ""
                combo.addItem(f"{column_letter(c)}: {head}" if head else column_letter(c), c)
            col = mapping.columns.get(f)
            combo.setCurrentIndex(0 if col is None else col + 1)
            combo.blockSignals(False)
            self.notes[f].setText(self._note(f, col, data))
        self.header_note.setText(tr("Column names from row {0} of sheet “{1}”.")
                                 .format(mapping.header_row, self.state.sheet))  # fmt: skip
        self.completeChanged.emit()

    def _note(self, f: BomField, col: int | None, data: list[list[Any]]) -> str:
        if col is None:
            return tr("needed") if f in REQUIRED else ""
        how = self.origin.get(f)
        if how is None:
            how = tr("suggested ({0} % sure)").format(round(100 * self.mapping.scores.get(f, 0)))
        sample = next((str(r[col]) for r in data if col < len(r) and r[col] not in (None, "")), "")
        return f"{how} — {tr('e.g.')} “{sample[:30]}”" if sample else how

    def _chosen(self, f: BomField) -> None:
        col = self.combos[f].currentData()
        self.origin[f] = tr("chosen by you")
        self._set(with_column(self.mapping, f, col))

    def _apply_profile(self) -> None:
        name = self.profile_combo.currentText()
        try:
            mapping = mapping_from_profile(load_profile(self.db, name).mapping, self._rows())
        except ReplannerError as exc:
            self._say(str(exc), error=True)
            return
        self.origin = {f: tr("from “{0}”").format(name) for f in mapping.columns}
        self.state.header_row = mapping.header_row
        self._set(mapping)
        self._say(tr("Mapping “{0}” applied.").format(name))

    def _save_profile(self) -> None:
        name = self.profile_name.text().strip()
        try:
            saved = save_profile(self.db, name, mapping_profile(self.mapping), kind="bom")
        except ReplannerError as exc:
            self._say(str(exc), error=True)
            return
        self._reload_profiles()
        self.profile_combo.setCurrentText(saved.name)
        self._say(tr("Mapping saved as “{0}”.").format(saved.name))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def validatePage(self) -> bool:
        return self.isComplete()

    def isComplete(self) -> bool:
        return all(f in self.mapping.columns for f in REQUIRED) and self.mapping.header_row > 0
