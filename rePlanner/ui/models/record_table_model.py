"""One Qt table model for every read-only record table the services produce (TableData)."""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.formatting import format_cell, status_tooltip
from rePlanner.ui.models.row_filter import display_texts, sort_order

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw value: numbers and dates sort as such
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # database id of the row's record

_NUMERIC = {"int", "number", "share"}
# Most urgent first when sorting by status ascending.
_STATUS_ORDER = {
    "suspension_lapsed": 0,
    "in_force": 1,
    "announced": 2,
    "suspended": 3,
    "unknown_date": 4,
    "ended": 5,  # history: no longer applies
}
_LAPSED = QColor(176, 80, 0)
_ENDED = QColor(128, 128, 128)  # mid grey: readable on light and dark palettes
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self._table = TableData(columns=[])
        self._locale = locale or QLocale()
        self._bold = QFont()
        self._bold.setBold(True)

    # --- content ---------------------------------------------------------------------------

    def set_table(self, table: TableData) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def table(self) -> TableData:
        return self._table

    def column(self, section: int) -> Column:
        return self._table.columns[section]

    def entity_id(self, row: int) -> int:
        return self._table.keys[row]

    def locale(self) -> QLocale:
        return self._locale

    # --- whole columns at once (RowFilterProxy: filter and sort without a call per cell) ----

    def column_texts(self, section: int, start: int, stop: int) -> list[str]:
        """Display texts of rows start..stop-1 of a column, as data() shows them."""
        values = list(map(itemgetter(section), self._table.rows[start:stop]))
        return display_texts(self._locale, self._table.columns[section].kind, values)

    def column_order(
        self, section: int, descending: bool, within: np.ndarray | None = None
    ) -> np.ndarray:
        """Source rows ordered as SORT_ROLE sorts them; blanks last when ascending.

        Equal values keep their order in `within` (the previous sort), as in Qt's proxy: sort
        by tier, then by country, and each country's suppliers stay sorted by tier.
        """
        values = list(map(itemgetter(section), self._table.rows))
        if within is not None:
            values = [values[i] for i in within.tolist()]
        kind = self._table.columns[section].kind
        order = sort_order(values, descending, text=kind in ("text", "enum"), key=_key_of(kind))
        return order if within is None else within[order]

    # --- Qt interface ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row >= len(self._table.rows) or col >= len(self._table.columns):
            return None
        kind = self._table.columns[col].kind
        value = self._table.rows[row][col]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_cell(self._locale, kind, value)
        if role == SORT_ROLE:
            return _sort_value(kind, value)
        if role == ENTITY_ID_ROLE:
            return self._table.keys[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if kind in _NUMERIC else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(kind, value)
        return self._status_style(kind, value, role)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self._table.columns):
            return None
        col = self._table.columns[section]
        # Titles and tips come from the services; translated here under one context.
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("TableColumns", col.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("TableColumns", col.tip or col.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.kind in _NUMERIC else _LEFT
        return None

    # --- helpers ---------------------------------------------------------------------------

    def _tooltip(self, kind: str, value: Any) -> str | None:
        if value is None:
            return None
        if kind == "status":
            return status_tooltip(str(value))
        return format_cell(self._locale, kind, value)

    def _status_style(self, kind: str, value: Any, role: int) -> Any:
        """Lapsed suspensions stand out (check for an extension); ended measures turn grey."""
        if kind != "status":
            return None
        if value == "suspension_lapsed":
            if role == Qt.ItemDataRole.ForegroundRole:
                return _LAPSED
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        elif value == "ended" and role == Qt.ItemDataRole.ForegroundRole:
            return _ENDED
        return None


def _key_of(kind: str) -> Any:
    """The sort value function of a kind; None where the raw value already is the key."""
    if kind in _NUMERIC or kind in ("text", "enum"):
        return None
    return lambda value: _sort_value(kind, value)


def _sort_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "status":
        return _STATUS_ORDER.get(str(value), len(_STATUS_ORDER))
    if kind == "bool":
        return int(bool(value))
    if kind == "text":
        return str(value)
    if isinstance(value, date):
        return value.toordinal()  # a Python date reaches Qt as an opaque object that never sorts
    return value
