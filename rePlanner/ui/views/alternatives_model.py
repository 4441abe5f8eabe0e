"""The ranked alternatives as a table: columns, row colours, and how days and money read.

A row closes the line's gap (green), removes shutdown days (light green) or cannot be placed
in time (grey); a negative net value is red. Shutdown columns show before → after.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from rePlanner.services.alternatives_value import CLOSED, Ranked
from rePlanner.services.tables import Column, TableData
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
