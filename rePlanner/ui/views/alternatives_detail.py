"""Pieces of the Alternatives page: the ranked table's model, the criteria re-scoring with new
weights (no engine run) and the detail panel of the selected row (reasons, criteria bars)."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rePlanner.engine.criteria import CRITERIA, LABELS, Weights
from rePlanner.services.alternatives_value import CLOSED, Ranked
from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.models.record_table_model import RecordTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = [
    Column("rank", "#", "int", "Rank by value: net value in the whole scenario, then on the "
           "source's own gap, then the criteria score; sources that cannot be placed come last"),
    Column("source", "Source"),
    Column("kind", "Kind", "enum", "supplier or design alternative; pair / plan: sources together"),
    Column("available_from", "Available", "date",
           "First day it delivers: today + qualification + ramp, or its earliest availability"),
    Column("coverage", "Coverage", "share",
           "Usable capacity (less its own Chinese material in this scenario) / the daily need"),
    Column("shutdown", "Shutdown days", "number",
           "Shutdown days of the lines concerned in the whole scenario: before → with it"),
    Column("avoided", "Margin avoided", "number",
           "Lost margin of the lines concerned avoided over the horizon"),
    Column("premium", "Premium", "number", "Cost premium over the horizon for what it supplies"),
    Column("net", "Net value", "number", "Margin avoided less the premium: the value ranking "
           "(empty when the premium is unknown: then ranked by the margin avoided)"),
    Column("own_gap", "Own gap days", "number", "Shutdown days when only the stops through its "
           "own item count (the line's other gaps closed): before → with it"),
    Column("criteria", "Criteria", "number",
           "Weighted mean of the criteria sub-scores (0..1, 1 = best) with your weights"),
    Column("criteria_rank", "Crit. rank", "int",
           "Rank of the single sources by criteria score alone (1 = best)"),
    Column("local", "Local", "bool", "Same country or same trade region as the plant"),
]  # fmt: skip
KEY = {c.key: i for i, c in enumerate(COLUMNS)}
_MONEY = {KEY["avoided"], KEY["premium"], KEY["net"]}
_ARROWS = {KEY["shutdown"]: "shutdown_days", KEY["own_gap"]: "own_gap_shutdown_days"}
CLOSES = QColor(46, 160, 67, 110)  # translucent tints read on light and dark palettes
HELPS = QColor(46, 160, 67, 45)
UNPLACED = QColor(128, 128, 128)
LOSS = QColor(214, 60, 60)


def finite(v: float | None) -> float | None:
    return v if v is not None and math.isfinite(v) else None


def days_text(locale: QLocale, v: float) -> str:
    """Shutdown days; an open-ended stop (no end in the horizon) is infinite."""
    if math.isnan(v):
        return "–"
    return "∞" if math.isinf(v) else locale.toString(float(v), "f", 1)


def money_text(locale: QLocale, v: float | None) -> str:
    """Whole amounts with digit groups, even in the C locale (which omits them)."""
    if v is None or not math.isfinite(v):
        return "–"
    grouped = QLocale(locale)
    grouped.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
    return grouped.toString(float(v), "f", 0)


def known(v: float | None) -> float | None:
    """None for unknown (nan); infinity stays: it sorts after every number."""
    return None if v is None or math.isnan(v) else v


def closes_gap(r: Ranked) -> bool:
    return r.placed and not math.isnan(r.shutdown_days_after) and r.shutdown_days_after <= CLOSED


def helps(r: Ranked) -> bool:
    after, before = r.shutdown_days_after, r.shutdown_days_before
    return r.placed and not (math.isnan(after) or math.isnan(before)) and after < before - 0.05


def rescore(records: Sequence[Ranked], weights: Weights) -> list[tuple[float | None, int | None]]:
    """(criteria total, criteria rank) per record with other weights, as the service computes
    them (alternatives_criteria.criteria_rows): sub-scores do not depend on the weights, so no
    engine run is needed. Pairs and plans get the mean of their members' totals, no rank."""
    norm = weights.normalised()
    single: dict[int, float] = {}
    for r in records:
        if len(r.alternative_ids) == 1 and r.criteria:
            single[r.alternative_ids[0]] = sum(norm[k] * r.criteria.get(k, 0.0) for k in CRITERIA)
    names = {r.alternative_ids[0]: r.source for r in records if len(r.alternative_ids) == 1}
    order = sorted(single, key=lambda i: (-round(single[i], 12), names[i].casefold(), str(i)))
    rank = {i: k for k, i in enumerate(order, start=1)}
    out: list[tuple[float | None, int | None]] = []
    for r in records:
        totals = [single[i] for i in r.alternative_ids if i in single]
        if len(r.alternative_ids) == 1:
            i = r.alternative_ids[0]
            out.append((single.get(i), rank.get(i)))
        else:
            out.append((sum(totals) / len(totals) if totals else None, None))
    return out


class RankingModel(RecordTableModel):
    """The ranked records, one row each in the service's order; colours say what a row does."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[Ranked] = []
        self.set_table(TableData(COLUMNS))

    def set_records(self, records: Sequence[Ranked]) -> None:
        self.records = list(records)
        rows = [_row(k, r) for k, r in enumerate(self.records, start=1)]
        self.set_table(TableData(COLUMNS, rows, list(range(len(rows)))))

    def set_criteria(self, scores: Sequence[tuple[float | None, int | None]]) -> None:
        """New criteria totals and ranks in place: selection and sort survive."""
        table = self.table()
        c, cr = KEY["criteria"], KEY["criteria_rank"]
        for k, (total, rank) in enumerate(scores):
            row = list(table.rows[k])
            row[c], row[cr] = total, rank
            table.rows[k] = tuple(row)
        if table.rows:
            self.dataChanged.emit(self.index(0, c), self.index(len(table.rows) - 1, cr))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.records):
            return super().data(index, role)
        rec, col = self.records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole and col in _ARROWS:
            return self._arrow(rec, _ARROWS[col])
        if role == Qt.ItemDataRole.DisplayRole and col in _MONEY:
            value = self.table().rows[index.row()][col]
            return "" if value is None else money_text(self._locale, value)
        if role == Qt.ItemDataRole.DisplayRole and col == KEY["criteria"]:
            value = self.table().rows[index.row()][col]
            return "" if value is None else self._locale.toString(float(value), "f", 2)
        if role == Qt.ItemDataRole.BackgroundRole:
            return CLOSES if closes_gap(rec) else HELPS if helps(rec) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(rec, index.row(), col)
        if role == Qt.ItemDataRole.ToolTipRole and col == KEY["source"]:
            return "\n".join(f"• {x}" for x in rec.reasons[:4]) or None
        return super().data(index, role)

    def _arrow(self, rec: Ranked, field: str) -> str:
        before, after = (getattr(rec, f"{field}_{s}") for s in ("before", "after"))
        if math.isnan(after):
            return days_text(self._locale, before)
        return f"{days_text(self._locale, before)} → {days_text(self._locale, after)}"

    def _foreground(self, rec: Ranked, row: int, col: int) -> QColor | None:
        if not rec.placed:
            return UNPLACED
        value = self.table().rows[row][col]
        if col == KEY["net"] and value is not None and value < 0:
            return LOSS
        return None


def _row(rank: int, r: Ranked) -> tuple[Any, ...]:
    return (
        rank, r.source, r.kind, r.available_from, r.coverage, known(r.shutdown_days_after),
        finite(r.lost_margin_avoided), finite(r.premium_cost), finite(r.net_value),
        known(r.own_gap_shutdown_days_after), r.criteria_total, r.criteria_rank, r.local,
    )  # fmt: skip


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


class WeightsBox(QGroupBox):
    """A spin box per criterion, 0..5 (default 1): only the ratios matter."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Criteria weights (0..5): they re-score the criteria view at once; "
                              "the value ranking does not depend on them"))  # fmt: skip
        self.spins: dict[str, QSpinBox] = {}
        grid = QGridLayout(self)
        for k, key in enumerate(CRITERIA):
            spin = QSpinBox(self)
            spin.setRange(0, 5)
            spin.setValue(1)
            spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0") * 3 + 40)
            spin.setToolTip(self.tr("Weight of “{0}” in the criteria score (0 = ignore)")
                            .format(self.tr(LABELS[key])))  # fmt: skip
            spin.valueChanged.connect(self.changed)
            label = QLabel(self.tr(LABELS[key]), self)
            label.setBuddy(spin)
            grid.addWidget(label, k // 4, (k % 4) * 2)
            grid.addWidget(spin, k // 4, (k % 4) * 2 + 1)
            self.spins[key] = spin
        self.reset_button = QPushButton(self.tr("Reset"), self)
        self.reset_button.clicked.connect(self.reset)
        grid.addWidget(self.reset_button, 1, 8, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(8, 1)

    def reset(self) -> None:
        self.blockSignals(True)
        for spin in self.spins.values():
            spin.setValue(1)
        self.blockSignals(False)
        self.changed.emit()

    def weights(self) -> Weights | None:
        """None when every weight is 0 (nothing to weigh)."""
        try:
            return Weights(**{k: float(s.value()) for k, s in self.spins.items()})
        except ValueError:
            return None

    def text(self) -> str:
        return ",".join(f"{k}={s.value()}" for k, s in self.spins.items())


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
