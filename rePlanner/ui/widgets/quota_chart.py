"""A grouped bar chart drawn with QPainter: categories (years) x series (kinds of quota).

Bars side by side, not stacked: a mining and a separation quota are two gates on the same
tonnage, so their sum would mean nothing. Uncertain values (derived, unconfirmed, lower
bounds) are hatched; a missing value is marked "n/p" (not published) at the base line.
Clicking a bar emits its category and series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

SERIES_COLOURS = [QColor(70, 130, 190), QColor(225, 135, 45), QColor(120, 170, 80)]
_PAD = 6


@dataclass(frozen=True)
class BarValue:
    value: float | None  # None: not published
    hatched: bool = False
    tip: str = ""


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 2.5, 5 x 10^k) up to at least `top`."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw)
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


class BarChart(QWidget):
    bar_clicked = Signal(str, str)  # category, series key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories: list[str] = []
        self.series: list[tuple[str, str]] = []  # (key, label)
        self.bars: dict[tuple[str, str], BarValue] = {}
        self.axis_title = ""
        self.hatch_label = ""
        self.missing_label = ""
        self.scale = 1.0  # axis labels show value / scale
        self.message = ""
        self.setMouseTracking(True)

    def set_data(
        self, categories: list[str], series: list[tuple[str, str]],
        bars: dict[tuple[str, str], BarValue], *, axis_title: str = "", scale: float = 1.0,
        hatch_label: str = "", missing_label: str = "",
    ) -> None:  # fmt: skip
        self.categories, self.series, self.bars = list(categories), list(series), dict(bars)
        self.axis_title, self.scale = axis_title, scale
        self.hatch_label, self.missing_label = hatch_label, missing_label
        self.message = ""
        self.update()

    def show_message(self, text: str) -> None:
        self.set_data([], [], {})
        self.message = text
        self.update()

    def colour(self, series_key: str) -> QColor:
        keys = [k for k, _ in self.series]
        i = keys.index(series_key) if series_key in keys else 0
        return SERIES_COLOURS[i % len(SERIES_COLOURS)]

    # --- geometry --------------------------------------------------------------------------

    def _plot(self) -> QRect:
        fm = self.fontMetrics()
        label_w = fm.horizontalAdvance(self._tick_text(self._ticks()[-1])) + 2 * _PAD
        top = (self._legend_lines() + 1) * fm.height() + 2 * _PAD  # legend and axis title
        bottom = fm.height() + 2 * _PAD
        return QRect(label_w, top, max(10, self.width() - label_w - _PAD),
                     max(10, self.height() - top - bottom))  # fmt: skip

    def _ticks(self) -> list[float]:
        values = [b.value for b in self.bars.values() if b.value is not None]
        return nice_ticks(max(values, default=0.0))

    def _tick_text(self, v: float) -> str:
        whole = all(float(t / self.scale).is_integer() for t in self._ticks())
        return self.locale().toString(v / self.scale, "f", 0 if whole else 1)

    def bar_rect(self, category: int, series: int) -> QRectF:
        plot, ticks = self._plot(), self._ticks()
        slot = plot.width() / max(1, len(self.categories))
        group = slot * 0.78
        width = group / max(1, len(self.series))
        x = plot.left() + category * slot + (slot - group) / 2 + series * width
        bar = self.bars.get((self.categories[category], self.series[series][0]))
        value = bar.value if bar is not None and bar.value is not None else 0.0
        h = plot.height() * value / ticks[-1]
        return QRectF(x, plot.bottom() - h, width, h)

    def bar_at(self, pos: QPoint) -> tuple[str, str] | None:
        plot = self._plot()
        for c in range(len(self.categories)):
            for s in range(len(self.series)):
                r = self.bar_rect(c, s)
                hit = QRectF(r.left(), plot.top(), r.width(), plot.height())  # thin bars too
                if hit.contains(pos.toPointF()):
                    return self.categories[c], self.series[s][0]
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(480, 260)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(240, 160)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        p.setPen(ink)
        if not self.categories or not self.series:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.message)  # fmt: skip
            return
        self._paint_axes(p, ink)
        for c, category in enumerate(self.categories):
            for s, (key, _) in enumerate(self.series):
                self._paint_bar(p, c, s, self.bars.get((category, key)))
        self._paint_x_labels(p, ink)
        self._paint_legend(p, ink)

    def _paint_axes(self, p: QPainter, ink: QColor) -> None:
        plot, fm = self._plot(), self.fontMetrics()
        grid = QColor(ink)
        grid.setAlpha(45)
        top = self._ticks()[-1]
        for v in self._ticks():
            y = plot.bottom() - round(plot.height() * v / top)
            p.setPen(QPen(grid if v else ink))
            p.drawLine(plot.left(), y, plot.right(), y)
            p.setPen(ink)
            box = QRect(0, y - fm.height() // 2, plot.left() - _PAD, fm.height())
            p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self._tick_text(v))  # fmt: skip
        y = self._legend_lines() * fm.height() + _PAD  # under the legend
        title = QRect(_PAD, y, self.width() - 2 * _PAD, fm.height())
        p.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.axis_title)  # fmt: skip

    def _paint_bar(self, p: QPainter, c: int, s: int, bar: BarValue | None) -> None:
        rect = self.bar_rect(c, s)
        colour = self.colour(self.series[s][0])
        if bar is None or bar.value is None:
            if bar is not None:  # known to be unpublished
                self._mark_missing(p, rect)
            return
        if bar.hatched:
            pale = QColor(colour)
            pale.setAlpha(90)
            p.fillRect(rect, pale)
            p.fillRect(rect, QBrush(colour.darker(130), Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(colour.darker(130)))
            p.drawRect(rect.adjusted(0, 0, -1, 0))
        else:
            p.fillRect(rect, colour)

    def _mark_missing(self, p: QPainter, rect: QRectF) -> None:
        fm = self.fontMetrics()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        p.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
        base = rect.bottom()
        p.drawLine(round(rect.left()) + 1, round(base) - 1, round(rect.right()) - 1,
                   round(base) - 1)  # fmt: skip
        p.save()
        p.translate(rect.center().x(), base - 3)
        p.rotate(-90)
        p.setPen(muted)
        p.drawText(QRect(0, -fm.height() // 2, fm.horizontalAdvance("n/p") + 4, fm.height()),
                   Qt.AlignmentFlag.AlignVCenter, "n/p")  # fmt: skip
        p.restore()

    def _paint_x_labels(self, p: QPainter, ink: QColor) -> None:
        plot, fm = self._plot(), self.fontMetrics()
        slot = plot.width() / len(self.categories)
        widest = max(fm.horizontalAdvance(c) for c in self.categories) + _PAD
        every = max(1, math.ceil(widest / slot))  # skip labels that would overlap
        p.setPen(ink)
        for i, category in enumerate(self.categories):
            if i % every:
                continue
            x = plot.left() + i * slot
            box = QRect(round(x + slot / 2 - widest), plot.bottom() + 2, 2 * widest, fm.height())
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, category)

    def _legend_entries(self) -> list[tuple[str, QColor | None, bool]]:
        """(text, colour, hatched) per legend entry; colour None: text only."""
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        entries: list[tuple[str, QColor | None, bool]] = [
            (label, self.colour(key), False) for key, label in self.series
        ]
        if self.hatch_label:
            entries.append((self.hatch_label, ink, True))
        if self.missing_label:
            entries.append((f"n/p = {self.missing_label}", None, False))
        return entries

    def legend_rects(self) -> list[QRect]:
        """Where each legend entry (square and text) goes: left to right, wrapped onto a
        further line where the next entry would run past the right edge."""
        fm = self.fontMetrics()
        box, x, y, rects = fm.height() - 3, _PAD, _PAD // 2, []
        for text, colour, _ in self._legend_entries():
            w = (box + 4 if colour is not None else 0) + fm.horizontalAdvance(text) + 2
            if x > _PAD and x + w > self.width() - _PAD:
                x, y = _PAD, y + fm.height()
            rects.append(QRect(x, y, w, fm.height()))
            x += w + 3 * _PAD
        return rects

    def _legend_lines(self) -> int:
        rects = self.legend_rects()
        return 1 + (rects[-1].top() - rects[0].top()) // self.fontMetrics().height() if rects else 1

    def _paint_legend(self, p: QPainter, ink: QColor) -> None:
        box = self.fontMetrics().height() - 3
        for (text, colour, hatched), rect in zip(self._legend_entries(), self.legend_rects(),
                                                 strict=True):  # fmt: skip
            x = rect.left()
            if colour is not None:
                square = QRect(x, rect.top() + 2, box, box)
                if hatched:
                    p.fillRect(square, QBrush(colour, Qt.BrushStyle.BDiagPattern))
                    p.setPen(colour)
                    p.drawRect(square.adjusted(0, 0, -1, -1))
                else:
                    p.fillRect(square, colour)
                x += box + 4
            p.setPen(ink)
            p.drawText(QRect(x, rect.top(), rect.right() - x + 1, rect.height()),
                       Qt.AlignmentFlag.AlignVCenter, text)  # fmt: skip

    # --- interaction -----------------------------------------------------------------------

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            hit = self.bar_at(e.pos())
            bar = self.bars.get(hit) if hit else None
            if bar is not None and bar.tip:
                QToolTip.showText(e.globalPos(), bar.tip, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        over = self.bar_at(e.position().toPoint()) in self.bars
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        hit = self.bar_at(e.position().toPoint())
        if e.button() == Qt.MouseButton.LeftButton and hit is not None and hit in self.bars:
            self.bar_clicked.emit(*hit)
            return
        super().mousePressEvent(e)
