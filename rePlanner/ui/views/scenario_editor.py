"""The form that edits one scenario's inputs, with an inline error under each field; and
`FlaggedTableModel`, the tables of the scenario page: rows at risk red-ish, safe rows green-ish,
infinite or unknown numbers as words with a tooltip saying what they mean.

Numbers are typed as text (locale decimal point or "."), so a wrong value stays visible with
the reason next to it instead of being swallowed by a spin box. The inputs the form does not
show (start, suppliers, sites, nodes) are kept as loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ValidationError, ValidationIssue
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.formatting import format_days, is_days, two_lines
from rePlanner.ui.models.record_table_model import SORT_ROLE, AnyIndex, RecordTableModel

ERROR_STYLE = "color: #d03030;"  # a red readable on light and dark backgrounds
RISK_BACKGROUND = QColor(220, 50, 50, 70)  # translucent: readable on light and dark palettes
SAFE_BACKGROUND = QColor(40, 170, 80, 55)
_NUMERIC = {"int", "number", "share"}
_ENTITY = "scenario"


def tr(text: str) -> str:
    return QCoreApplication.translate("ScenarioPage", text)


@dataclass(frozen=True)
class Field:
    key: str  # ScenarioInputs field (or "description")
    label: str
    kind: str  # texts, ids, number, optional, flag, text
    tip: str
    placeholder: str = ""


FIELDS = (
    Field("description", "Description", "text", "What this scenario stands for"),
    Field("measures", "Measures", "texts",
          "Policy-measure codes that bite, comma separated (e.g. EC07)", "EC07, EC08"),
    Field("materials", "Materials", "texts",
          "Narrows the measures to these materials, comma separated (e.g. Dy, NdFeB/magnet)",
          "all materials of the measures"),
    Field("duration_days", "Supply stop (days)", "optional",
          "Calendar days supply stops (ban length); empty = open-ended", "open-ended"),
    Field("licence_delay_days", "Licence delay (working days)", "number",
          "Working days one export licence takes once licences are issued again (nominal 45)"),
    Field("denial_share", "Licence denial share (0–1)", "number",
          "Share of licence applications denied; each denial means a new wait"),
    Field("quota_cut", "Quota cut (0–1)", "number",
          "Share cut from the capacity of Chinese mining and separation nodes"),
    Field("buffer_days", "Extra buffer (days)", "number",
          "Extra stock at our plants, in days of each node's flow"),
    Field("alternatives", "Alternatives (ids)", "ids",
          "Alternative sources activated, by id, comma separated", "none"),
    Field("hold_stock", "Suppliers hold stock", "flag",
          "The stopped suppliers also keep their stock on hand (goods in transit still arrive)"),
)  # fmt: skip


class ScenarioEditor(QWidget):
    """`load(inputs, description)` fills the form; `inputs()` reads it back or raises
    ValidationError naming the fields; `show_errors` puts each reason under its field."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = ScenarioInputs()
        self._dirty = False
        self._loading = False
        self.editors: dict[str, QLineEdit | QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in FIELDS:
            label = QLabel(self.tr(f.label), self)
            label.setToolTip(self.tr(f.tip))
            form.addRow(label, self._field(f))

    def _field(self, f: Field) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        editor: QLineEdit | QCheckBox
        if f.kind == "flag":
            editor = QCheckBox(box)
            editor.toggled.connect(self._on_edited)
        else:
            editor = QLineEdit(box)
            editor.setPlaceholderText(self.tr(f.placeholder) if f.placeholder else "")
            editor.textEdited.connect(self._on_edited)
        editor.setToolTip(self.tr(f.tip))
        error = QLabel(box)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(editor)
        layout.addWidget(error)
        self.editors[f.key], self.errors[f.key] = editor, error
        return box

    # --- content ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(self, inputs: ScenarioInputs, description: str | None = None) -> None:
        self._loading = True
        self._base = inputs
        values: dict[str, Any] = {**inputs.to_dict(), "description": description or ""}
        for f in FIELDS:
            editor = self.editors[f.key]
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(values[f.key]))
            else:
                editor.setText(self._text(f.kind, values[f.key]))
                editor.setCursorPosition(0)  # a long text shows its start
        self._loading = False
        self._dirty = False
        self.clear_errors()

    def description(self) -> str | None:
        text = self._line("description").text().strip()
        return text or None

    def inputs(self) -> ScenarioInputs:
        """The form's inputs; ValidationError (every bad field at once) when they are wrong."""
        values: dict[str, Any] = {}
        issues: list[ValidationIssue] = []
        for f in FIELDS:
            if f.key == "description":
                continue
            try:
                values[f.key] = self._value(f)
            except ValueError as exc:
                raw = self._line(f.key).text()
                issues.append(ValidationIssue(_ENTITY, f.key, raw, str(exc)))
        if issues:
            raise ValidationError(issues)
        return replace(self._base, **values)  # ScenarioInputs checks ranges and names fields

    def show_errors(self, error: ValidationError) -> list[str]:
        """Each issue under its field; returns the messages that belong to no field here."""
        self.clear_errors()
        others = []
        for issue in error.issues:
            label = self.errors.get(issue.field)
            if label is None:
                others.append(str(issue))
                continue
            text = issue.reason if not label.text() else f"{label.text()}; {issue.reason}"
            label.setText(text)
            label.show()
        return others

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def mark_saved(self) -> None:
        self._dirty = False

    # --- helpers ---------------------------------------------------------------------------

    def _line(self, key: str) -> QLineEdit:
        editor = self.editors[key]
        assert isinstance(editor, QLineEdit)
        return editor

    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True
            self.edited.emit()

    def _text(self, kind: str, value: Any) -> str:
        if value is None:
            return ""
        if kind in ("texts", "ids"):
            return ", ".join(str(v) for v in value)
        if kind in ("number", "optional"):
            return self.locale().toString(float(value), "g", 12)
        return str(value)

    def _value(self, f: Field) -> Any:
        editor = self.editors[f.key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        text = editor.text().strip()
        if f.kind == "texts":
            return tuple(t.strip() for t in text.split(",") if t.strip())
        if f.kind == "ids":
            return _ids(text)
        if not text:
            if f.kind == "optional":
                return None
            raise ValueError(self.tr("enter a number"))
        return parse_number(self.locale(), text)


def parse_number(locale: QLocale, text: str) -> float:
    """A number typed in the user's locale, or with a "." as decimal point."""
    value, ok = locale.toDouble(text.strip())
    if not ok:
        try:
            value = float(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return float(value)


def _ids(text: str) -> tuple[int, ...]:
    parts = [p for p in re.split(r"[,;\s]+", text) if p]
    if not all(p.isdigit() for p in parts):
        raise ValueError("give whole numbers (ids), comma separated")
    return tuple(int(p) for p in parts)


class FlaggedTableModel(RecordTableModel):
    """`flags[row]`: True = at risk, False = safe, None = no colour. `blanks[key]`: the word and
    tooltip for a missing (None), infinite or unknown (nan) value in that column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flags: list[bool | None] = []
        self._blanks: dict[str, tuple[str, str]] = {}

    def set_flagged(
        self,
        table: TableData,
        flags: list[bool | None],
        blanks: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self._flags, self._blanks = flags, blanks or {}
        self.set_table(table)

    def flag(self, row: int) -> bool | None:
        return self._flags[row] if row < len(self._flags) else None

    def blank_words(self) -> dict[str, str]:
        """Column key -> the word shown for a missing or infinite value ("never")."""
        return {key: word for key, (word, _tip) in self._blanks.items()}

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            flag = self.flag(index.row())
            return None if flag is None else (RISK_BACKGROUND if flag else SAFE_BACKGROUND)
        column = self.column(index.column())
        value = self.table().rows[index.row()][index.column()]
        if column.kind in _NUMERIC and _blank(value):
            return self._blank_data(column, value, role)
        if role == Qt.ItemDataRole.DisplayRole and is_days(column.key, column.kind):
            return format_days(self.locale(), float(value))  # days: one decimal everywhere
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        title = super().headerData(section, orientation, role)
        numeric = 0 <= section < self.columnCount() and self.column(section).kind in _NUMERIC
        if role == Qt.ItemDataRole.DisplayRole and numeric and isinstance(title, str):
            return two_lines(title)  # numbers share the width: no header clipped
        return title

    def _blank_data(self, column: Column, value: Any, role: int) -> Any:
        unknown = (tr("—"), tr("Unknown: cannot be counted (e.g. over an open-ended recovery)"))
        word, tip = unknown if _is_nan(value) else self._blanks.get(column.key, unknown)
        if role == Qt.ItemDataRole.DisplayRole:
            return word
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == SORT_ROLE:
            return -math.inf if _is_nan(value) else math.inf  # "never" sorts as the largest
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def flagged_view(parent: QWidget, model: FlaggedTableModel) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    header = view.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order until clicked
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(False)  # a narrow plant column elides on one line, rows stay one high
    # every column as wide as its header and values (a row per line: cheap) but the plant's,
    # which takes the rest (elided when narrow, its tooltip has it): no clipped title, no
    # elided money, no empty band
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    model.modelReset.connect(lambda: _stretch_plant(header, model))
    return view


def _stretch_plant(header: QHeaderView, model: FlaggedTableModel) -> None:
    keys = [model.column(s).key for s in range(model.columnCount())]
    for section, key in enumerate(keys):
        mode = QHeaderView.ResizeMode.Stretch if key == "plant" else (
            QHeaderView.ResizeMode.ResizeToContents)  # fmt: skip
        header.setSectionResizeMode(section, mode)
    header.setStretchLastSection("plant" not in keys)
