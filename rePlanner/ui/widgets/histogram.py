"""A histogram of a list of numbers drawn with QPainter, with P50 and P90 markers.

`histogram_data` (numpy, no Qt) puts the finite values into bins whose edges fall on round
numbers (the x axis ticks are bin edges), so the bars read like a chart made by hand; values
that are not finite (an open-ended recovery has no loss figure) are counted apart and said
under the title. P50 / P90 are numpy percentiles of the finite values, drawn as dashed lines.
Hovering a bar tells its range and how many values fall in it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QLocale, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

BAR_COLOUR = QColor(70, 130, 190)
P50_COLOUR = QColor(225, 135, 45)  # orange and red: visible on light and dark palettes
P90_COLOUR = QColor(215, 50, 50)
MAX_BINS = 40
_PAD = 6


@dataclass(frozen=True)
class HistogramData:
    counts: list[int]  # values per bin; bin i is [edges[i], edges[i+1]) (the last one closed)
    edges: list[float]
    p50: float | None  # None: no finite value
    p90: float | None
    skipped: int = 0  # values left out: infinite or unknown

    @property
    def total(self) -> int:
        return sum(self.counts)


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2, 2.5, 5 x 10^k) giving about `count` intervals over `span`."""
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw * (1 - 1e-9))


def histogram_data(values: Sequence[float], bins: int | None = None) -> HistogramData:
    """Bins over round edges covering the finite values; about sqrt(n) of them unless given."""
    x = np.asarray(values, dtype=float)
    finite = x[np.isfinite(x)]
    skipped = int(x.size - finite.size)
    if not finite.size:
        return HistogramData([], [], None, None, skipped)
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo < 1e-12 * max(1.0, abs(lo)):  # one value: one bar of a round width
        step = nice_step(abs(lo) or 1.0)
        start = math.floor(lo / step) * step
        edges = np.array([start, start + step])
    else:
        step = nice_step(hi - lo)
        start, stop = math.floor(lo / step) * step, math.ceil(hi / step) * step
        steps = max(1, round((stop - start) / step))
        wanted = bins or min(MAX_BINS, max(steps, math.ceil(math.sqrt(finite.size))))
        # bins subdivide the round axis steps, about sqrt(n) of them
        per = 1 if bins else min((1, 2, 4, 5), key=lambda s: abs(steps * s - wanted))
        edges = np.linspace(start, stop, (wanted if bins else steps * per) + 1)
    counts, _ = np.histogram(finite, bins=edges)
    p50, p90 = np.percentile(finite, [50, 90])
    return HistogramData([int(c) for c in counts], [float(e) for e in edges], float(p50),
                         float(p90), skipped)  # fmt: skip


def compact(locale: QLocale, value: float) -> str:
    """1 234 567 as "1.23 M", 45 600 as "45.6 k": short axis labels in the user's locale."""
    for size, unit in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            scaled = value / size
            return locale.toString(scaled, "f", 2 if abs(scaled) < 10 else 1).rstrip("0").rstrip(
                locale.decimalPoint()) + unit  # fmt: skip
    if float(value).is_integer():
        return locale.toString(int(value))
    return locale.toString(value, "f", 2 if abs(value) < 10 else 1)


class Histogram(QWidget):
    """`set_values(values, title=..., x_label=...)`; `data` holds the bins and percentiles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = HistogramData([], [], None, None)
        self.title = ""
        self.x_label = ""
        self.y_label = self.tr("Draws")
        self.message = ""
        self.fmt: Callable[[float], str] = lambda v: compact(self.locale(), v)
        self.setMouseTracking(True)

    def set_values(
        self, values: Sequence[float], *, title: str = "", x_label: str = "",
        y_label: str | None = None, bins: int | None = None,
    ) -> HistogramData:  # fmt: skip
        self.data = histogram_data(values, bins)
        self.title, self.x_label = title, x_label
        if y_label is not None:
            self.y_label = y_label
        self.message = "" if self.data.counts else self.tr("No finite value to chart")
        self.update()
        return self.data

    def clear(self, message: str = "") -> None:
        self.data = HistogramData([], [], None, None)
        self.title, self.message = "", message
        self.update()

    def note(self) -> str:
        d = self.data
        text = self.tr("{n} {what}; P50 {p50}, P90 {p90}").format(
            n=d.total, what=self.y_label.lower(), p50=self.fmt(d.p50 or 0.0), p90=self.fmt(d.p90 or 0.0))  # fmt: skip
        if d.skipped:
            text += self.tr("; {k} without a finite value (open-ended) not shown").format(
                k=d.skipped)  # fmt: skip
        return text

    # --- geometry --------------------------------------------------------------------------

    def _y_ticks(self) -> list[float]:
        """Whole counts: 0 and steps of 1, 2, 5, 10, 20, 25, … up to the highest bar."""
        top = max(self.data.counts, default=0)
        step = nice_step(max(top, 1))
        step = 1.0 if step < 1 else 2.0 if step == 2.5 else step
        return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)] if top else [0, 1]

    def _x_ticks(self) -> list[float]:
        edges = self.data.edges
        step = nice_step(edges[-1] - edges[0])
        n = round((edges[-1] - edges[0]) / step)
        return [edges[0] + i * step for i in range(n + 1)]

    def plot_rect(self) -> QRect:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance(self.locale().toString(int(self._y_ticks()[-1]))) + 3 * _PAD
        right = fm.horizontalAdvance(self.fmt(self.data.edges[-1])) // 2 + 2 * _PAD
        top = 4 * fm.height() + 2 * _PAD  # title, note, axis title, marker labels
        bottom = 2 * fm.height() + 2 * _PAD  # tick labels and the x axis title
        return QRect(left, top, max(10, self.width() - left - right),
                     max(10, self.height() - top - bottom))  # fmt: skip

    def x_of(self, value: float) -> float:
        plot, edges = self.plot_rect(), self.data.edges
        return plot.left() + plot.width() * (value - edges[0]) / (edges[-1] - edges[0])

    def bar_rect(self, i: int) -> QRectF:
        plot, top = self.plot_rect(), self._y_ticks()[-1]
        left, right = self.x_of(self.data.edges[i]), self.x_of(self.data.edges[i + 1])
        h = plot.height() * self.data.counts[i] / top
        return QRectF(left, plot.bottom() - h, right - left, h)

    def bar_at(self, pos: QPoint) -> int | None:
        if not self.data.counts or not self.plot_rect().contains(pos):
            return None
        for i in range(len(self.data.counts)):
            r = self.bar_rect(i)
            if r.left() <= pos.x() < r.right():
                return i
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(560, 320)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(280, 200)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        p.setPen(ink)
        if not self.data.counts:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.message)  # fmt: skip
            return
        self._paint_titles(p, ink)
        self._paint_axes(p, ink)
        for i in range(len(self.data.counts)):
            r = self.bar_rect(i)
            p.fillRect(r, BAR_COLOUR)
            p.setPen(QPen(BAR_COLOUR.darker(140)))
            p.drawRect(r.adjusted(0, 0, -1, 0))
        self._paint_marker(p, self.data.p50, "P50", P50_COLOUR, 0)
        self._paint_marker(p, self.data.p90, "P90", P90_COLOUR, 1)

    def _paint_titles(self, p: QPainter, ink: QColor) -> None:
        fm, w = self.fontMetrics(), self.width() - 2 * _PAD
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRect(_PAD, _PAD // 2, w, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   self.title)  # fmt: skip
        p.setFont(self.font())
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        p.setPen(muted)
        p.drawText(QRect(_PAD, _PAD // 2 + fm.height(), w, fm.height()),
                   Qt.AlignmentFlag.AlignLeft, self.note())  # fmt: skip
        p.setPen(ink)
        p.drawText(QRect(_PAD, _PAD + 2 * fm.height(), w, fm.height()),
                   Qt.AlignmentFlag.AlignLeft, self.y_label)  # fmt: skip
        plot = self.plot_rect()
        p.drawText(QRect(plot.left(), self.height() - fm.height() - _PAD // 2, plot.width(),
                         fm.height()), Qt.AlignmentFlag.AlignHCenter, self.x_label)  # fmt: skip

    def _paint_axes(self, p: QPainter, ink: QColor) -> None:
        plot, fm = self.plot_rect(), self.fontMetrics()
        grid = QColor(ink)
        grid.setAlpha(45)
        ticks = self._y_ticks()
        for v in ticks:
            y = plot.bottom() - round(plot.height() * v / ticks[-1])
            p.setPen(QPen(grid if v else ink))
            p.drawLine(plot.left(), y, plot.right(), y)
            p.setPen(ink)
            p.drawText(
                QRect(0, y - fm.height() // 2, plot.left() - _PAD, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.locale().toString(int(v)) if float(v).is_integer() else f"{v:g}",
            )
        for v in self._x_ticks():
            x = round(self.x_of(v))
            p.drawLine(x, plot.bottom(), x, plot.bottom() + 3)
            text = self.fmt(v)
            half = fm.horizontalAdvance(text) // 2 + 2
            p.drawText(QRect(x - half, plot.bottom() + 4, 2 * half, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, text)  # fmt: skip
        p.drawLine(plot.left(), plot.top(), plot.left(), plot.bottom())

    def _paint_marker(
        self, p: QPainter, value: float | None, name: str, colour: QColor, row: int
    ) -> None:
        if value is None:
            return
        plot, fm = self.plot_rect(), self.fontMetrics()
        x = round(self.x_of(value))
        p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        p.drawLine(x, plot.top() - (2 - row) * fm.height() + fm.height(), x, plot.bottom())
        text = f"{name} {self.fmt(value)}"
        width = fm.horizontalAdvance(text) + 2 * _PAD
        left = min(max(x + 3, plot.left()), self.width() - width)  # right of the line, in view
        if left < x:  # no room on the right: put it on the left of the line
            left = max(0, x - width - 3)
        y = plot.top() - (2 - row) * fm.height()
        p.setPen(colour)
        p.drawText(QRect(left, y, width, fm.height()), Qt.AlignmentFlag.AlignLeft, text)

    # --- interaction -----------------------------------------------------------------------

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            i = self.bar_at(e.pos())
            if i is None:
                QToolTip.hideText()
                e.ignore()
            else:
                QToolTip.showText(e.globalPos(), self.bar_tip(i), self)
            return True
        return super().event(e)

    def bar_tip(self, i: int) -> str:
        d = self.data
        share = 100.0 * d.counts[i] / max(1, d.total)
        return self.tr("{a} to {b}: {n} of {t} {what} ({s} %)").format(
            a=self.fmt(d.edges[i]), b=self.fmt(d.edges[i + 1]), n=d.counts[i], t=d.total,
            what=self.y_label.lower(),
            s=self.locale().toString(share, "f", 1))  # fmt: skip


class DistributionChart(QWidget):
    """A histogram with two combos: which group (e.g. a line) and which measure (e.g. lost
    margin) of `set_series({group: {measure: values}}, [(measure, label), ...])` to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: dict[str, dict[str, Sequence[float]]] = {}
        self.group_box, self.measure_box = QComboBox(self), QComboBox(self)
        for box in (self.group_box, self.measure_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.histogram = Histogram(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Distribution of"), self))
        row.addWidget(self.measure_box)
        row.addWidget(QLabel(self.tr("for"), self))
        row.addWidget(self.group_box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.histogram, 1)
        self.group_box.currentIndexChanged.connect(self.redraw)
        self.measure_box.currentIndexChanged.connect(self.redraw)

    def set_series(
        self, series: dict[str, dict[str, Sequence[float]]], measures: list[tuple[str, str]],
        group: str | None = None,
    ) -> None:  # fmt: skip
        keep = group or self.group_box.currentText()
        measure = self.measure_box.currentData()
        self.series = series
        for box, items in (
            (self.group_box, [(g, g) for g in series]),
            (self.measure_box, [(label, key) for key, label in measures]),
        ):
            box.blockSignals(True)
            box.clear()
            for text, data in items:
                box.addItem(text, data)
            box.blockSignals(False)
        self.group_box.setCurrentIndex(max(0, self.group_box.findText(keep)))
        self.measure_box.setCurrentIndex(max(0, self.measure_box.findData(measure)))
        self.redraw()

    def select(self, group: str) -> None:
        index = self.group_box.findText(group)
        if index >= 0:
            self.group_box.setCurrentIndex(index)

    def clear(self, message: str = "") -> None:
        self.series = {}
        self.group_box.clear()
        self.histogram.clear(message)

    def redraw(self, *_args: object) -> None:
        group, measure = self.group_box.currentText(), self.measure_box.currentData()
        values = self.series.get(group, {}).get(measure)
        if values is None:
            self.histogram.clear(self.histogram.message)
            return
        label = self.measure_box.currentText()
        self.histogram.set_values(values, title=f"{label} — {group}", x_label=label)
