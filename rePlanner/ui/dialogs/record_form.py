"""A form for one record of any entity, new or existing, saved through services.crud.

The fields come from services.tables_more.form_fields (the schema plus the table titles):
required ones end in *, numbers have validators, enums and references are combos (a
reference is typed or picked by name and resolved to its id here). A refusal shows each reason
under its field, keeps everything typed and writes nothing. Open it with .open(), never exec().
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import DuplicateError, ReplannerError, ValidationError
from rePlanner.services import crud
from rePlanner.services.registry import spec
from rePlanner.services.tables_more import FormField, form_fields, reference_choices
from rePlanner.services.validation import INT_MAX, INT_MIN, clean
from rePlanner.ui.models.editable_model import ERROR_STYLE, edit_text
from rePlanner.ui.models.formatting import enum_label

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

INVALID_STYLE = "border: 2px solid #d03030;"
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
    return value if value.isupper() else enum_label(value)  # "BEV" stays "BEV"


class RecordForm(QDialog):
    """`RecordForm(db, "site")` creates a site; with `record_id` it edits that row."""

    saved = Signal(int)  # the id of the row created or updated

    def __init__(self, db: Database, entity: str, record_id: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.db, self.entity, self.record_id = db, entity, record_id
        self.fields = form_fields(entity)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._ids: dict[str, list[int | None]] = {}  # reference field -> id of each combo item
        self._by_label: dict[str, dict[str, int]] = {}  # reference field -> lower label -> id
        self._loaded: dict[str, Any] = {}  # what each field showed when opened
        noun = spec(entity).name
        self.setWindowTitle(tr("New {noun}") if record_id is None else tr("Edit {noun}"))
        self.setWindowTitle(self.windowTitle().format(noun=noun))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        # fields grow with the dialog; only a long form scrolls, and only down
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = self._build_fields()
        self.area.setWidget(self.page)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = self.main_layout = QVBoxLayout(self)
        hint = QLabel(tr("Fields marked * are required."), self)
        layout.addWidget(hint)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._fill()
        self._size()

    # --- building ----------------------------------------------------------------------------

    def _build_fields(self) -> QWidget:
        page = QWidget()
        form = self.form_layout = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in self.fields:
            editor = self._editor(f, page)
            editor.setToolTip("\n".join(t for t in (f.tip, tr("Required") if f.required else "")
                                        if t))  # fmt: skip
            self.editors[f.field] = editor
            error = QLabel(page)
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            self.errors[f.field] = error
            box = QWidget(page)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            label = QLabel(f"{f.title} *" if f.required else f.title, page)
            label.setBuddy(editor)
            form.addRow(label, box)
        return page

    def _editor(self, f: FormField, parent: QWidget) -> QWidget:
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
            return self._reference_combo(f, parent)
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

    def _reference_combo(self, f: FormField, parent: QWidget) -> QComboBox:
        """Every row the reference may name; type a few letters to filter the list."""
        assert f.ref is not None
        choices = reference_choices(self.db, f.ref)
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
        self._ids[f.field] = [None] + [i for i, _label in choices]
        self._by_label[f.field] = {label.lower(): i for i, label in choices}
        return combo

    def _size(self) -> None:
        """Wide enough for the fields, tall enough for a short form not to scroll at all."""
        self.form_layout.activate()  # hints that count the error lines just shown
        content = self.page.sizeHint()
        self.area.setMinimumHeight(min(560, content.height() + 2))
        self.setMinimumWidth(max(520, content.width() + 60))
        self.main_layout.activate()
        width, height = self.minimumWidth(), self.sizeHint().height()
        if self.isVisible():  # never shrink what the user sees (or has resized)
            width, height = max(width, self.width()), max(height, self.height())
        self.resize(width, height)

    # --- values ------------------------------------------------------------------------------

    def _fill(self) -> None:
        """The record's values (editing) or the defaults (new); remembered to send only changes."""
        values: dict[str, Any] = {f.field: f.default for f in self.fields}
        if self.record_id is not None:
            try:
                values = crud.get(self.db, self.entity, self.record_id)
            except ReplannerError as exc:
                self._show({}, str(exc))
                self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        for f in self.fields:
            self._set(f, values.get(f.field))
            self._loaded[f.field] = self._shown(f)

    def _set(self, f: FormField, value: Any) -> None:
        editor = self.editors[f.field]
        value = getattr(value, "value", value)  # enum members arrive as such from crud.get
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox) and f.kind == "ref":
            ids = self._ids[f.field]
            editor.setCurrentIndex(ids.index(value) if value in ids else 0)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QLineEdit):
            editor.setText(edit_text(f.kind, value))

    def _shown(self, f: FormField) -> Any:
        editor = self.editors[f.field]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox) and f.kind == "enum":
            return editor.currentData()
        if isinstance(editor, QComboBox | QLineEdit):
            return editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        return None

    def _value(self, f: FormField) -> Any:
        """The field as crud takes it; ValueError when a typed name names no row."""
        shown = self._shown(f)
        if not isinstance(shown, str):
            return shown
        text = shown.strip()
        if not text:
            return None
        if f.kind == "ref":
            key = self._by_label[f.field].get(text.lower())
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

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(field -> value to send, field -> why it cannot be sent). Editing: changes only."""
        values: dict[str, Any] = {}
        local: dict[str, str] = {}
        for f in self.fields:
            if self.record_id is not None and self._shown(f) == self._loaded[f.field]:
                continue
            try:
                value = self._value(f)
            except ValueError as exc:
                local[f.field] = str(exc)
                continue
            if value is None and self.record_id is None:
                continue  # left empty: the default applies, or crud says it is required
            values[f.field] = value
        return values, local

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write through crud; on a refusal show why at each field and keep the dialog open."""
        self._clear()
        values, local = self.values()
        creating = self.record_id is None
        if local:
            try:  # name every problem at once, not only the unknown names
                clean(spec(self.entity), values, creating=creating)
            except ValidationError as exc:
                for issue in exc.issues:
                    local.setdefault(issue.field, issue.reason)
            self._show(local)
            return False
        try:
            if creating:
                record = crud.create(self.db, self.entity, values)
            else:
                assert self.record_id is not None
                record = crud.update(self.db, self.entity, self.record_id, values)
        except ValidationError as exc:
            issues: dict[str, str] = {}
            for issue in exc.issues:
                issues[issue.field] = "; ".join(filter(None, (issues.get(issue.field),
                                                               issue.reason)))  # fmt: skip
            self._show(issues)
            return False
        except DuplicateError as exc:
            self._show({f: tr("already used") for f in exc.fields}, str(exc))
            return False
        except ReplannerError as exc:
            self._show({}, str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - a refusal crud did not word: still say why
            why = str(getattr(exc, "orig", None) or exc)  # the database's own words
            self._show({}, tr("Not saved: {why}").format(why=why.splitlines()[0]))
            return False
        self.record_id = int(record.get("id") or 0)
        self.saved.emit(self.record_id)
        self.accept()
        return True

    def _clear(self) -> None:
        self.error_label.hide()
        for name, label in self.errors.items():
            label.hide()
            self.editors[name].setStyleSheet("")

    def _show(self, issues: dict[str, str], general: str = "") -> None:
        """Each reason under its field (red frame); others and `general` above the buttons."""
        others = [general] if general else []
        for name, why in issues.items():
            if name not in self.errors:
                others.append(f"{name}: {why}")
                continue
            self.errors[name].setText(why)
            self.errors[name].show()
            editor = self.editors[name]
            editor.setStyleSheet(f"{type(editor).__name__} {{ {INVALID_STYLE} }}")
        wrong = [self.editors[f.field] for f in self.fields if f.field in issues]
        first = wrong[0] if wrong else None
        if issues and not others:
            others.append(tr("Not saved: correct the fields marked in red."))
        self.error_label.setText("\n".join(others))
        self.error_label.setVisible(bool(others))
        self._size()  # grow for the error lines, as far as a long form allows
        if first is not None:
            first.setFocus()
            self.area.ensureWidgetVisible(first)
