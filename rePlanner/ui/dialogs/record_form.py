"""A form for one record of any entity, new or existing, saved through services.crud.

The fields come from services.tables_more.form_fields (the schema plus the table titles):
required ones end in *, numbers have validators, enums and references are combos (a
reference is typed or picked by name and resolved to its id; see form_fields). A refusal shows
each reason under its field, keeps everything typed and writes nothing. Open it with .open(),
never exec(). Given the table page's EditController (`editor`), a save is one step of the
page's undo stack: undo removes the created record or puts the edited values back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import DuplicateError, ReplannerError, ValidationError
from rePlanner.services import crud
from rePlanner.services.registry import spec
from rePlanner.services.tables_more import form_fields
from rePlanner.services.validation import clean
from rePlanner.ui.dialogs.form_fields import FieldEditor, NumberValidator, tr
from rePlanner.ui.models.editable_model import ERROR_STYLE

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.ui.editing import EditController

__all__ = ["INVALID_STYLE", "NumberValidator", "RecordForm"]

INVALID_STYLE = "border: 2px solid #d03030;"


class RecordForm(QDialog):
    """`RecordForm(db, "site")` creates a site; with `record_id` it edits that row."""

    saved = Signal(int)  # the id of the row created or updated

    def __init__(self, db: Database, entity: str, record_id: int | None = None,
                 parent: QWidget | None = None,
                 editor: EditController | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.db, self.entity, self.record_id = db, entity, record_id
        self._editor = editor  # the table page's undo history, or None: crud directly
        self.fields = form_fields(entity)
        self._fields: dict[str, FieldEditor] = {}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
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
            field = self._fields[f.field] = FieldEditor(f, page, self.db)
            editor = self.editors[f.field] = field.widget
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
            self._fields[f.field].set(values.get(f.field))
            self._loaded[f.field] = self._fields[f.field].shown()

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(field -> value to send, field -> why it cannot be sent). Editing: changes only."""
        values: dict[str, Any] = {}
        local: dict[str, str] = {}
        for f in self.fields:
            field = self._fields[f.field]
            if self.record_id is not None and field.shown() == self._loaded[f.field]:
                continue
            try:
                value = field.value()
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
            record = self._write(values)
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

    def _write(self, values: dict[str, Any]) -> dict[str, Any]:
        """Through the page's undo history when there is one, else straight through crud."""
        if self._editor is not None:
            return self._editor.save_record(self.entity, self.record_id, values,
                                            self.windowTitle())  # fmt: skip
        if self.record_id is None:
            return crud.create(self.db, self.entity, values)
        return crud.update(self.db, self.entity, self.record_id, values)

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
