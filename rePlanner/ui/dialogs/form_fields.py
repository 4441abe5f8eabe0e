"""The editor of one record-form field: its widget, validator, and value in and out.

Numbers accept what people type (0,5; 1 234,5; "85 %" for a share), dates a partial
YYYY-MM-DD, enums and references are combos; a reference is typed or picked by name and
resolved to its id here. crud still checks everything on saving: the widgets only keep out
what can never be right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QRegularExpression, Qt
from PySide6.QtGui import QDoubleValidator, QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

from rePlanner.services.tables_more import FormField, reference_choices
from rePlanner.services.validation import INT_MAX, INT_MIN
from rePlanner.ui.models.editable_model import edit_text
from rePlanner.ui.models.formatting import enum_label

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

_PLACEHOLDERS = {
    "share": "0 to 1, or a percentage such as 85 %",
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("RecordForm", text)


class NumberValidator(QDoubleValidator):
    """Numbers as people type them (0.5, 0,5, 1 234,5; "85 %" for a share).

    It only keeps letters out: crud names what is still wrong (range, ambiguity) on saving.
    """

    def __init__(self, percent: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setLocale(QLocale.c())
        self._percent = percent

    def validate(self, text: str, pos: int) -> Any:
        s = text.replace(" ", "").replace("\u00a0", "")
        if self._percent:
            s = s.removesuffix("%")
        # the cursor is clamped to each candidate's length; the base class is named because a
        # zero-argument super() inside a comprehension crashes PySide6 (segfault)
        candidates = (s.replace(",", "."), s.replace(",", ""))
        states = [_state(QDoubleValidator.validate(self, c, min(pos, len(c)))) for c in candidates]
        return max(states, key=lambda st: st.value), text, pos


def _state(result: Any) -> QDoubleValidator.State:
    return result[0] if isinstance(result, tuple) else result


def _enum_text(value: str) -> str:
    return enum_label(value)  # "BEV" stays "BEV"


class FieldEditor:
    """The widget of one field (`widget`) and the conversions between it and crud's values."""

    def __init__(self, f: FormField, parent: QWidget, db: Database) -> None:
        self.field = f
        self._ids: list[int | None] = []  # a reference: the id of each combo item
        self._by_label: dict[str, int] = {}  # a reference: lower-case label -> id
        self.widget = self._make(parent, db)
        tips = (f.tip, tr("Required") if f.required else "")
        self.widget.setToolTip("\n".join(t for t in tips if t))

    def _make(self, parent: QWidget, db: Database) -> QWidget:
        f = self.field
        if f.kind == "bool":
            return QCheckBox(parent)
        if f.kind == "enum":
            combo = QComboBox(parent)
            if f.default is None:
                combo.addItem("", None)  # not chosen yet, or unknown
            for value in f.choices:
                combo.addItem(_enum_text(value), value)
            return combo
        if f.kind == "ref":
            return self._reference_combo(parent, db)
        edit = QLineEdit(parent)
        edit.setPlaceholderText(tr(_PLACEHOLDERS.get(f.kind, "")))
        if f.kind in ("number", "share"):
            edit.setValidator(NumberValidator(f.kind == "share", edit))
        elif f.kind == "int":
            validator = QIntValidator(INT_MIN, INT_MAX, edit)
            validator.setLocale(QLocale.c())
            edit.setValidator(validator)
        elif f.kind in ("date", "datetime"):
            pattern = QRegularExpression(
                r"\d{0,4}(-\d{0,2}(-\d{0,2}([ T]\d{0,2}(:\d{0,2}){0,2})?)?)?"
            )
            edit.setValidator(QRegularExpressionValidator(pattern, edit))
        if f.max_length:
            edit.setMaxLength(f.max_length)
        return edit

    def _reference_combo(self, parent: QWidget, db: Database) -> QComboBox:
        """Every row the reference may name; type a few letters to filter the list."""
        f = self.field
        assert f.ref is not None
        choices = reference_choices(db, f.ref)
        combo = QComboBox(parent)
        combo.setEditable(True)
        # long names ("Supplier / Site: part") must not widen the whole form
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems([""] + [label for _i, label in choices])
        line = combo.lineEdit()
        assert line is not None  # an editable combo has one
        line.setPlaceholderText(tr("Type or pick a {what}").format(what=tr(f.ref)))
        completer = QCompleter(combo.model(), combo)
        combo.setCompleter(completer)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._ids = [None] + [i for i, _label in choices]
        self._by_label = {label.lower(): i for i, label in choices}
        return combo

    def set(self, value: Any) -> None:
        editor, f = self.widget, self.field
        value = getattr(value, "value", value)  # enum members arrive as such from crud.get
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox) and f.kind == "ref":
            editor.setCurrentIndex(self._ids.index(value) if value in self._ids else 0)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QLineEdit):
            editor.setText(edit_text(f.kind, value))

    def shown(self) -> Any:
        """What the widget shows (text, flag or enum value): compared to tell changes."""
        editor = self.widget
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox) and self.field.kind == "enum":
            return editor.currentData()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return None

    def value(self) -> Any:
        """The field as crud takes it; ValueError when a typed name names no row."""
        shown, f = self.shown(), self.field
        if not isinstance(shown, str):
            return shown
        text = shown.strip()
        if not text:
            return None
        if f.kind == "ref":
            key = self._by_label.get(text.lower())
            if key is None:
                raise ValueError(tr("no {what} is named “{text}”").format(what=tr(f.ref or ""),
                                                                         text=text))  # fmt: skip
            return key
        if f.kind == "share" and text.endswith("%"):
            number = text[:-1].strip().replace(",", ".")
            try:
                return float(number) / 100
            except ValueError:
                return text  # crud names the problem
        return text
