"""The dashboard's tables: a record model with colours, tooltips and red stop cells, and the
policy calendar's rows (dated events, then the measures in force)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.formatting import format_days, is_days
from rePlanner.ui.models.record_table_model import RecordTableModel
from rePlanner.ui.widgets.heat_map import FILLS, INK, HeatLevel

if TYPE_CHECKING:  # services.dashboard brings the scenario engine: imported by the tasks
    from rePlanner.services.dashboard import PolicyCalendar, QuotaPoint

LEVELS: dict[str, HeatLevel] = {"shutdown": "bad", "close": "warn", "ok": "good"}
ATTENTION = QColor(176, 80, 0)  # as lapsed suspensions in the policy table
PAST = QColor(128, 128, 128)  # mid grey: readable on light and dark palettes
AnyIndex = QModelIndex | QPersistentModelIndex


class DashboardTableModel(RecordTableModel):
    """Record rows plus: infinity shown as ∞, days (number columns named *_days) with one
    decimal, a text colour per row (bold when it needs attention), a tooltip per row, cells
    filled red where a line stops and header titles of its own (two short lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours: dict[int, QColor] = {}
        self.tips: dict[int, str] = {}
        self.stops: set[tuple[int, int]] = set()
        self.titles: dict[str, str] = {}  # column key -> header text (translated)

    def set_titles(self, titles: dict[str, str]) -> None:
        self.titles = dict(titles)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.columnCount()):  # fmt: skip
            title = self.titles.get(self.column(section).key)
            if title is not None:
                return title
        return super().headerData(section, orientation, role)

    def set_rows(self, table: TableData, colours: dict[int, QColor] | None = None,
                 tips: dict[int, str] | None = None,
                 stops: set[tuple[int, int]] | None = None) -> None:  # fmt: skip
        self.colours, self.tips, self.stops = colours or {}, tips or {}, stops or set()
        self.set_table(table)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        base = super().data(index, role)
        if not index.isValid() or index.row() >= len(self.table().rows):
            return base
        row, col = index.row(), index.column()
        value = self.table().rows[row][col]
        infinite = isinstance(value, float) and math.isinf(value)
        if role == Qt.ItemDataRole.DisplayRole and infinite:
            return "∞"
        if (
            role == Qt.ItemDataRole.DisplayRole
            and value is not None
            and is_days(self.column(col).key, self.column(col).kind)
        ):
            return format_days(self.locale(), float(value))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips.get(row) or (self.tr("open-ended") if infinite else base)
        if (row, col) in self.stops:
            if role == Qt.ItemDataRole.BackgroundRole:
                return FILLS["bad"]
            if role == Qt.ItemDataRole.ForegroundRole:
                return INK
        colour = self.colours.get(row)
        if colour is not None and role == Qt.ItemDataRole.ForegroundRole:
            return colour
        if colour == ATTENTION and role == Qt.ItemDataRole.FontRole:
            return self._bold
        return base


CALENDAR_COLUMNS = [
    Column("day", "Date", "date"),
    Column("when", "When"),
    Column("what", "Event"),
    Column("code", "Code"),
    Column("title", "Title"),
]


def calendar_table(
    page: QWidget, cal: PolicyCalendar
) -> tuple[TableData, dict[int, QColor], dict[int, str]]:
    """Dated events first (recent ones greyed, then upcoming), then the measures in force,
    lapsed suspensions first and in bold orange (check for an extension)."""
    tr = page.tr
    words = {"takes_effect": tr("Takes effect"), "suspension_starts": tr("Suspension starts"),
             "suspension_ends": tr("Suspension ends"), "ends": tr("Ends")}  # fmt: skip
    data, colours, tips = TableData(CALENDAR_COLUMNS, on=cal.on), {}, {}
    for e in cal.events:
        when = tr("today") if e.days_away == 0 else (
            tr("in {n} d") if e.days_away > 0 else tr("{n} d ago")).format(n=abs(e.days_away))  # fmt: skip
        if e.days_away < 0:
            colours[len(data.rows)] = PAST
        last = tr("<br>The date is the last day.") if e.kind in ("suspension_ends", "ends") else ""
        tips[len(data.rows)] = f"<b>{e.code}</b> {e.title}{last}<br>{e.source_url or ''}"
        data.rows.append((e.day, when, words[e.kind], e.code, e.title))
        data.keys.append(e.measure_id)
    for m in cal.in_force:
        lapsed = m.state == "suspension_lapsed"
        if lapsed:
            colours[len(data.rows)] = ATTENTION
        what = tr("Lapsed: check") if lapsed else tr("In force")
        note = tr("<br>The suspension has ended: it applies again unless it was extended.")
        tips[len(data.rows)] = (f"<b>{m.code}</b> {m.title}{note if lapsed else ''}"
                                f"<br>{m.source_url or ''}")  # fmt: skip
        data.rows.append((m.since, tr("since") if m.since else "", what, m.code, m.title))
        data.keys.append(m.measure_id)
    return data, colours, tips


def uncertain(p: QuotaPoint) -> bool:
    return p.partial or (p.confidence or "confirmed") != "confirmed"
