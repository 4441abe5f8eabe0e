"""The target and scenario choice of the Alternatives page: a line, a part number or a
material; the scenario to value the sources under; Rank (also Enter in any of them).

A mixin of AlternativesPage: the lists are quick reads through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services import crud
from rePlanner.services.scenario import list_scenarios
from rePlanner.ui.views.alternatives_detail import refill
from rePlanner.ui.views.alternatives_weights import WeightsBox

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

TARGETS = ("line", "part", "material")


class TargetChoice(QWidget):
    """What to rank for and under which scenario (a mixin of AlternativesPage)."""

    db: Database
    _currency: dict[str, str]  # line name -> its currency, for the header

    # the page's: rank in a task, re-score the criteria view, show a refusal
    rank: Callable[[], None]
    _on_weights: Callable[[], None]
    _error: Callable[[str], None]

    def _build_controls(self) -> None:
        self.kind_group = QButtonGroup(self)
        self.kind_buttons = {k: QRadioButton(t, self) for k, t in zip(TARGETS, (
            self.tr("&Line"), self.tr("&Part number"), self.tr("&Material")), strict=True)}  # fmt: skip
        for k, button in enumerate(self.kind_buttons.values()):
            self.kind_group.addButton(button, k)
        self.kind_buttons["line"].setChecked(True)
        self.kind_group.idToggled.connect(lambda *_: self._on_target_kind())
        self.line_combo = QComboBox(self)
        self.line_combo.setMinimumContentsLength(16)
        self.part_edit = QLineEdit(self)
        self.part_edit.setPlaceholderText(self.tr("part number"))
        self.material_edit = QLineEdit(self)
        self.material_edit.setPlaceholderText(self.tr('"Dy", "Dy metal", …'))
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.setMinimumContentsLength(28)
        self.scenario_combo.setToolTip(self.tr("The scenario the sources are valued under"))
        self.rank_button = QPushButton(self.tr("&Rank"), self)
        self.rank_button.setDefault(True)
        self.rank_button.clicked.connect(self.rank)
        # Enter on the line or scenario choice ranks too (setDefault works in dialogs only)
        # (the context is set after construction: PySide6 ignores a `context=` keyword, and two
        # window-wide Return shortcuts are ambiguous, so neither fired)
        for combo in (self.line_combo, self.scenario_combo):
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shortcut = QShortcut(QKeySequence(key), combo)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(self.rank)
        for edit in (self.part_edit, self.material_edit):
            edit.returnPressed.connect(self.rank)
        self.weights_box = WeightsBox(self)
        self.weight_spins = self.weights_box.spins
        self.weights_box.changed.connect(self._on_weights)

    def refresh(self) -> None:
        """Reload lines, parts, materials and scenarios (quick reads), keeping the choices."""
        try:
            lines = crud.find(self.db, "production line")
            parts = [p["part_number"] for p in crud.find(self.db, "part")]
            mats = crud.find(self.db, "material")
            scenarios = [s.name for s in list_scenarios(self.db)]
        except ReplannerError as exc:
            self._error(str(exc))
            return
        self._currency = {x["name"]: x.get("currency") or "" for x in lines}
        refill(self.line_combo, [(x["name"], x["name"]) for x in lines])
        default = self.tr("(default: measures in force today)")
        refill(self.scenario_combo, [(default, None)] + [(n, n) for n in scenarios])
        self.part_edit.setCompleter(QCompleter(sorted(parts), self))
        names = {str(m["element"]) for m in mats} | {f"{m['element']} {m['stage']}" for m in mats}
        self.material_edit.setCompleter(QCompleter(sorted(names), self))

    # --- the target ---

    def _on_target_kind(self) -> None:
        """One target at a time: only the chosen kind's field is enabled."""
        kind = TARGETS[self.kind_group.checkedId()]
        fields = {"line": self.line_combo, "part": self.part_edit, "material": self.material_edit}
        for key, field in fields.items():
            field.setEnabled(key == kind)

    def set_line(self, name: str) -> None:
        """Point the target at a line (a click-through from the dashboard); the user ranks."""
        self.kind_buttons["line"].setChecked(True)
        self._on_target_kind()
        index = self.line_combo.findText(name)
        if index >= 0:
            self.line_combo.setCurrentIndex(index)

    def target(self) -> dict[str, str]:
        kind = TARGETS[self.kind_group.checkedId()]
        text = {"line": self.line_combo.currentText(), "part": self.part_edit.text(),
                "material": self.material_edit.text()}[kind].strip()  # fmt: skip
        return {kind: text} if text else {}
