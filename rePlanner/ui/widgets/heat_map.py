"""A heat map drawn with QPainter: named rows x named columns of coloured, clickable cells.

The widget knows nothing about supply chains: each cell is a HeatItem (text, tooltip, level)
and the level picks the colour. The fills are mid-light colours with dark text, so they read
the same on light and dark palettes. Keyboard: arrows move the current cell, Enter opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QToolTip, QWidget

HeatLevel = Literal["bad", "warn", "good", "none"]
FILLS: dict[str, QColor] = {
    "bad": QColor(229, 115, 104),  # the line stops
    "warn": QColor(245, 197, 80),  # close
    "good": QColor(140, 200, 140),  # safe
}
INK = QColor(25, 25, 25)  # text on the fills
_PAD = 6
_MIN_CELL_W, _MAX_CELL_W = 44, 130
_MAX_CELL_H = 40


@dataclass(frozen=True)
class HeatItem:
    text: str
    tip: str = ""
    level: HeatLevel = "none"


class HeatMapWidget(QWidget):
    cell_clicked = Signal(str, str)  # row name, column name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[str] = []
        self.columns: list[str] = []
        self.items: dict[tuple[str, str], HeatItem] = {}
        self.legend: list[tuple[HeatLevel, str]] = []
        self.message = ""
        self.current: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    # --- content ---------------------------------------------------------------------------

    def set_grid(
        self, rows: list[str], columns: list[str], items: dict[tuple[str, str], HeatItem]
    ) -> None:
        self.rows, self.columns, self.items = list(rows), list(columns), dict(items)
        self.current = None
        self.message = ""
        self.updateGeometry()
        self.update()

    def set_legend(self, legend: list[tuple[HeatLevel, str]]) -> None:
        self.legend = list(legend)
        self.update()

    def show_message(self, text: str) -> None:
        """An empty map with a note in the middle (nothing computed yet, no lines)."""
        self.set_grid([], [], {})
        self.message = text
        self.update()

    def item(self, row: str, column: str) -> HeatItem | None:
        return self.items.get((row, column))

    def color(self, row: str, column: str) -> QColor:
        item = self.item(row, column)
        level = item.level if item else "none"
        return FILLS.get(level, self.palette().color(QPalette.ColorRole.AlternateBase))

    # --- geometry --------------------------------------------------------------------------

    def _left(self) -> int:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(r) for r in self.rows), default=0)
        return min(220, widest + 2 * _PAD)

    def _header_height(self) -> int:
        width = self._cell_size_w()
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter
        fm = self.fontMetrics()
        lines = max((fm.boundingRect(QRect(0, 0, width - 4, 10_000), flags, _label(c)).height()
                     for c in self.columns), default=fm.height())  # fmt: skip
        return max(lines, fm.height()) + _PAD

    def _min_cell_w(self) -> int:
        """Wide enough for the longest word of a column name (names break after a hyphen)."""
        fm = self.fontMetrics()
        words = [w for c in self.columns for w in _label(c).split("\u200b")]
        return max([_MIN_CELL_W] + [fm.horizontalAdvance(w) + 8 for w in words])

    def _cell_size_w(self) -> int:
        cols = max(1, len(self.columns))
        free_w = self.width() - self._left() - _PAD
        low = self._min_cell_w()
        return max(low, min(max(_MAX_CELL_W, low), free_w // cols))

    def _legend_height(self) -> int:
        return self.fontMetrics().height() + 2 * _PAD if self.legend else 0

    def _cell_size(self) -> QSize:
        fm = self.fontMetrics()
        rows = max(1, len(self.rows))
        w = self._cell_size_w()
        free_h = self.height() - self._header_height() - self._legend_height() - _PAD
        h = max(fm.height() + 8, min(_MAX_CELL_H, free_h // rows))
        return QSize(w, h)

    def cell_rect(self, row: int, column: int) -> QRect:
        size = self._cell_size()
        x = self._left() + column * size.width()
        y = self._header_height() + row * size.height()
        return QRect(x, y, size.width(), size.height())

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        for r in range(len(self.rows)):
            for c in range(len(self.columns)):
                if self.cell_rect(r, c).contains(pos):
                    return r, c
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        fm = self.fontMetrics()
        w = self._left() + max(1, len(self.columns)) * 72 + _PAD
        h = self._header_height() + max(3, len(self.rows)) * (fm.height() + 14)
        return QSize(w, h + self._legend_height() + _PAD)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        fm = self.fontMetrics()
        w = self._left() + max(1, len(self.columns)) * self._min_cell_w() + _PAD
        h = self._header_height() + max(1, len(self.rows)) * (fm.height() + 8)
        return QSize(w, h + self._legend_height() + _PAD)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        if not self.rows or not self.columns:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.message)  # fmt: skip
            return
        self._paint_headers(p, text)
        for r, row in enumerate(self.rows):
            for c, column in enumerate(self.columns):
                self._paint_cell(p, r, c, self.item(row, column))
        self._paint_legend(p, text)

    def _paint_headers(self, p: QPainter, ink: QColor) -> None:
        p.setPen(ink)
        fm = self.fontMetrics()
        left, top = self._left(), self._header_height()
        for c, name in enumerate(self.columns):
            rect = self.cell_rect(0, c)
            box = QRect(rect.left() + 2, 0, rect.width() - 4, top - 2)
            label = _label(name)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
            p.drawText(box, flags | Qt.TextFlag.TextWordWrap, label)
        for r, name in enumerate(self.rows):
            rect = self.cell_rect(r, 0)
            box = QRect(0, rect.top(), left - _PAD, rect.height())
            elided = fm.elidedText(name, Qt.TextElideMode.ElideRight, box.width())
            p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)

    def _paint_cell(self, p: QPainter, r: int, c: int, item: HeatItem | None) -> None:
        rect = self.cell_rect(r, c).adjusted(1, 1, -1, -1)
        p.fillRect(rect, self.color(self.rows[r], self.columns[c]))
        coloured = item is not None and item.level in FILLS
        p.setPen(INK if coloured else self.palette().color(QPalette.ColorRole.PlaceholderText))
        if item is not None:
            fm = QFontMetrics(p.font())
            shown = fm.elidedText(item.text, Qt.TextElideMode.ElideRight, rect.width() - 4)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)
        if self.current == (r, c) and self.hasFocus():
            p.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            p.drawRect(rect.adjusted(0, 0, -1, -1))
            p.drawRect(rect.adjusted(1, 1, -2, -2))

    def _paint_legend(self, p: QPainter, ink: QColor) -> None:
        if not self.legend:
            return
        fm = self.fontMetrics()
        y = self.cell_rect(len(self.rows), 0).top() + _PAD
        x = self._left()
        box = fm.height() - 2
        for level, label in self.legend:
            p.fillRect(QRect(x, y + 1, box, box), FILLS.get(level, QColor("gray")))
            x += box + 4
            p.setPen(ink)
            p.drawText(QRect(x, y, fm.horizontalAdvance(label) + 2, fm.height()),
                       Qt.AlignmentFlag.AlignVCenter, label)  # fmt: skip
            x += fm.horizontalAdvance(label) + 3 * _PAD

    # --- interaction -----------------------------------------------------------------------

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            hit = self.cell_at(e.pos())
            item = self.item(self.rows[hit[0]], self.columns[hit[1]]) if hit else None
            if hit is not None and item is not None and item.tip:
                QToolTip.showText(e.globalPos(), item.tip, self, self.cell_rect(*hit))
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        over = self.cell_at(e.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        hit = self.cell_at(e.position().toPoint())
        if e.button() == Qt.MouseButton.LeftButton and hit is not None:
            self.current = hit
            self.update()
            self.cell_clicked.emit(self.rows[hit[0]], self.columns[hit[1]])
            return
        super().mousePressEvent(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if not self.rows or not self.columns:
            super().keyPressEvent(e)
            return
        r, c = self.current or (0, 0)
        moves = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0),
                 Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}  # fmt: skip
        key = Qt.Key(e.key())
        if key in moves and self.current is not None:
            dr, dc = moves[key]
            r = min(max(0, r + dr), len(self.rows) - 1)
            c = min(max(0, c + dc), len(self.columns) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.current is not None:
                self.cell_clicked.emit(self.rows[r], self.columns[c])
            return
        elif key not in moves:
            super().keyPressEvent(e)
            return
        self.current = (r, c)
        self.update()


def _label(name: str) -> str:
    """A column name that may break after a hyphen ("graphite-" / "anode")."""
    return name.replace("-", "-\u200b")
