"""The Defaults tab of the Settings dialog: currency, working days, default licence delay,
company name, report label and logo; saved through services.settings with each refusal shown at its field.
A mixin of SettingsDialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ValidationError
from rePlanner.services.settings import (
    COMMON_CURRENCIES,
    MAX_LICENCE_DAYS,
    Settings,
    get_settings,
    save_settings,
)
from rePlanner.ui.dialogs.settings_common import ERROR_STYLE, note, tr

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database


class DefaultsTab(QDialog):
    """The shared defaults of the database (a mixin of SettingsDialog)."""

    db: Database
    settings_saved: SignalInstance  # the dialog's Signal(object)
    _status: Callable[[QLabel, str, bool], None]  # the dialog's status line

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
        self.logo_edit = QLineEdit(page)
        self.logo_edit.setPlaceholderText(tr("PNG, JPEG or SVG file (optional)"))
        logo_browse = QPushButton(tr("Browse…"), page)
        logo_browse.clicked.connect(self._choose_logo)
        logo = QWidget(page)
        logo_row = QHBoxLayout(logo)
        logo_row.setContentsMargins(0, 0, 0, 0)
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(logo_browse)
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
            ("report_logo", tr("Report logo:"), logo,
             tr("Printed on the report cover; a missing file prints no logo")),
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
        self.logo_edit.setText(current.report_logo)

    def edited_settings(self) -> Settings:
        return Settings(
            currency=self.currency_combo.currentText(),
            working_days_per_week=self.days_spin.value(),
            licence_delay_days=self.delay_spin.value(),
            company_name=self.company_edit.text(),
            confidentiality_label=self.label_edit.text(),
            report_logo=self.logo_edit.text(),
        )

    def _choose_logo(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, tr("Report logo"), self.logo_edit.text(),
                                              tr("Images (*.png *.jpg *.jpeg *.svg)"))  # fmt: skip
        if path:
            self.logo_edit.setText(path)

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
