"""Pieces of the Alternatives page: the detail panel of the selected row (reasons, criteria
bars), the legend of the row colours, a message line and a combo refill.

The ranked table's model lives in alternatives_model, the weights in alternatives_weights;
both are re-exported here (their home before the split).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rePlanner.engine.criteria import CRITERIA, LABELS
from rePlanner.services.alternatives_value import Ranked
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.views.alternatives_model import (
    CLOSES,
    COLUMNS,
    HELPS,
    KEY,
    LOSS,
    UNPLACED,
    RankingModel,
    closes_gap,
    days_text,
    finite,
    helps,
    known,
    money_text,
)
from rePlanner.ui.views.alternatives_weights import WeightsBox, rescore

__all__ = [
    "CLOSES", "COLUMNS", "HELPS", "KEY", "LOSS", "UNPLACED", "DetailPanel", "Note",
    "RankingModel", "WeightsBox", "closes_gap", "days_text", "finite", "helps", "known",
    "legend", "money_text", "refill", "rescore",
]  # fmt: skip


class DetailPanel(QWidget):
    """Why the selected source ranks where it does: its reasons and its criteria sub-scores."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold")
        self.title.setWordWrap(True)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.reasons)
        self.qualify_button = QPushButton(self.tr("Qualify now…"), self)
        self.qualify_button.setEnabled(False)
        self.criteria_note = QLabel(self)
        self.criteria_note.setWordWrap(True)
        self.bars: dict[str, QProgressBar] = {}
        self.weight_labels: dict[str, QLabel] = {}
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.facts)
        left.addWidget(scroll, 1)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 0, 0)
        layout.addLayout(self._criteria_box(), 0, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        self.show_record(None)

    def _criteria_box(self) -> QVBoxLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Criteria</b> (sub-score 0..1, 1 = best)"), self),
                       0, 0, 1, 3)  # fmt: skip
        for k, key in enumerate(CRITERIA, start=1):
            bar = QProgressBar(self)
            bar.setRange(0, 100)
            bar.setTextVisible(False)  # the value stands beside it: text on a bar reads badly
            bar.setMaximumHeight(self.fontMetrics().height() + 4)
            self.bars[key] = bar
            self.weight_labels[key] = QLabel(self)
            self.weight_labels[key].setMinimumWidth(self.fontMetrics().horizontalAdvance(
                "0.00 · " + self.tr("weight {0} %").format(100)) + 6)  # fmt: skip
            grid.addWidget(QLabel(self.tr(LABELS[key]), self), k, 0)
            grid.addWidget(bar, k, 1)
            grid.addWidget(self.weight_labels[key], k, 2)
        grid.setColumnStretch(1, 1)
        box = QVBoxLayout()
        box.addLayout(grid)
        box.addWidget(self.criteria_note)
        box.addStretch(1)
        box.addWidget(self.qualify_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def show_record(self, rec: Ranked | None, weights: dict[str, float] | None = None) -> None:
        if rec is None:
            self.title.setText(self.tr("Select a source to see why it ranks where it does."))
            self.facts.clear()
            self.reasons.clear()
        else:
            self.title.setText(rec.source)
            self.facts.setText(self._facts(rec))
            items = "".join(f"<li>{html.escape(x)}</li>" for x in rec.reasons)
            self.reasons.setText(f"<ul style='margin-left: -20px'>{items}</ul>")
        self._show_criteria(rec, weights or {})

    def _facts(self, rec: Ranked) -> str:
        bits = [self.tr(rec.kind.capitalize())]
        bits += [x for x in (rec.country, rec.status) if x]
        if rec.gap_closes:
            bits.append(
                self.tr("lines back at full rate on {0}").format(rec.gap_closes.isoformat())
            )
        return " · ".join(bits)

    def _show_criteria(self, rec: Ranked | None, weights: dict[str, float]) -> None:
        scores = rec.criteria if rec else {}
        for key, bar in self.bars.items():
            score = scores.get(key)
            value = format_number(self.locale(), round(score, 2)) if score is not None else "–"
            bar.setEnabled(score is not None)
            bar.setValue(round(score * 100) if score is not None else 0)
            bar.setToolTip(self.tr("{0}: {1}").format(self.tr(LABELS[key]), value))
            weight = self.tr("weight {0} %").format(round(weights.get(key, 0.0) * 100))
            self.weight_labels[key].setText(f"{value} · {weight}" if score is not None else weight)
        if rec is not None and not scores:
            self.criteria_note.setText(self.tr(
                "Criteria are scored per source; a pair or plan shows the mean of its members' "
                "scores in the table. Select one of its sources for its sub-scores."))  # fmt: skip
        else:
            self.criteria_note.clear()


class Note(QLabel):
    """A message line that takes no room while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None, style: str = "") -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(style)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


def legend(parent: QWidget) -> QLabel:
    def swatch(color: QColor) -> str:
        return f"<span style='background-color: {color.name()}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"

    text = parent.tr(
        "{0} closes the gap   {1} removes shutdown days   <span style='color: grey'>"
        "grey</span>: cannot be placed in time (value unknown)   ∞: open-ended stop"
    )
    return QLabel(text.format(swatch(CLOSES.darker(120)), swatch(HELPS.lighter(110))), parent)


def refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace the items, keeping the current choice when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    k = combo.findData(current) if current is not None else -1
    combo.setCurrentIndex(max(k, 0))
    combo.blockSignals(False)
