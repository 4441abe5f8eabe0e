"""Drawing the report charts with QPainter paths and real text (they stay vector in a PDF).

Colours differ in lightness and bars/lines also differ in pattern or marker, so a greyscale
print still tells the series apart; values are printed as text next to bars and in cells.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from rePlanner.io.report.document import HeatGrid, Histogram, LineChart, SurvivalBars
from rePlanner.io.report.values import NEVER, OPEN, format_value
from rePlanner.ui.printing import charts as ch
from rePlanner.ui.printing.chart_xy import histogram, line_chart
from rePlanner.ui.printing.layout import ChartItem
from rePlanner.ui.printing.pen import Pen
from rePlanner.ui.printing.styles import INK, MUTED, RULE, Styles
from rePlanner.ui.printing.text import elide, wrap

TTS_RISK, TTS_OK, TTR_FILL = "#b8392e", "#2f6f3e", "#f3c77a"
HEAT = {"bad": "#e57368", "warn": "#f5c550", "good": "#9fd19a", "none": "#e6f2e4"}


def draw(p: QPainter, st: Styles, item: ChartItem) -> None:
    c = item.piece.block
    pen = Pen(p, st)
    p.save()
    if isinstance(c, SurvivalBars):
        _survival(pen, item)
    elif isinstance(c, HeatGrid):
        _heat(pen, item)
    elif isinstance(c, LineChart):
        line_chart(pen, item)
    elif isinstance(c, Histogram):
        histogram(pen, item)
    p.restore()


def _title(item: ChartItem) -> str:
    t = item.piece.block.title
    return f"{t} (continued)" if item.piece.continued else t


def _survival(pen: Pen, item: ChartItem) -> None:
    st, c, piece = pen.st, item.piece.block, item.piece
    y = pen.title(item, _title(item))
    base = y + st.ascent("chart")
    x = pen.swatch(item.x, base, TTS_OK, "Time to survive (TTS), days; red: the line stops")
    pen.swatch(x, base, TTR_FILL, "Time to recover (TTR), days", pattern=Qt.BrushStyle.BDiagPattern)
    y += ch.legend_h(st)
    label_w = min(max((st.width("chart", c.labels[i]) for i in piece.rows), default=0) + st.pt(8),
                  item.w * 0.3)  # fmt: skip
    x0, x1 = item.x + label_w, item.x + item.w - st.pt(52)
    scale = (x1 - x0) / piece.scale_max
    row, bar = st.pt(ch.BAR_ROW), st.pt(7)
    for k, i in enumerate(piece.rows):
        top = y + k * row + st.pt(3)
        pen.text(item.x, top + bar + st.pt(2), elide(st, "chart", c.labels[i], label_w - st.pt(6)))
        tts, ttr = c.tts_days[i], c.ttr_days[i]
        risk = c.at_risk[i] if c.at_risk else tts is not None and (ttr is None or tts < ttr)
        _bar(pen, x0, x1, top, bar, tts, NEVER, TTS_RISK if risk else TTS_OK, None, scale)
        hatch = Qt.BrushStyle.BDiagPattern
        _bar(pen, x0, x1, top + bar + st.pt(1), bar, ttr, OPEN, TTR_FILL, hatch, scale)
    axis_y = y + len(piece.rows) * row + st.pt(4)
    _x_axis(pen, x0, x1, axis_y, 0.0, piece.scale_max, "days")


def _bar(pen: Pen, x0: float, x1: float, top: float, h: float, v: float | None, none_text: str,
         fill: str, pattern: Qt.BrushStyle | None, scale: float) -> None:  # fmt: skip
    """A bar from x0; an unending value runs to the axis end and says so in words."""
    st = pen.st
    endless = v is None or not math.isfinite(v)
    end = x1 if endless else min(x1, x0 + max(scale * float(v), 0.0))  # type: ignore[arg-type]
    if end - x0 > 0:
        pen.rect(QRectF(x0, top, end - x0, h), fill, RULE if pattern else None, pattern)
    if not endless and x0 + scale * float(v) > x1 + 0.5:  # type: ignore[arg-type]
        for dx in (st.pt(6), st.pt(9)):  # a break: the bar is longer than the axis
            pen.line(x1 - dx, top + h + st.pt(1), x1 - dx + st.pt(2), top - st.pt(1), "#ffffff",
                     1.2)  # fmt: skip
    label = none_text if v is None else format_value("days", v)
    pen.text(end + st.pt(3), top + h - st.pt(0.5), label, "small", INK)


def _x_axis(pen: Pen, x0: float, x1: float, y: float, lo: float, hi: float, unit: str) -> None:
    st = pen.st
    pen.line(x0, y, x1, y, RULE, 0.6)
    for v in ch.ticks(lo, hi):
        x = x0 + (v - lo) * (x1 - x0) / (hi - lo)
        pen.line(x, y, x, y + st.pt(3), RULE, 0.6)
        pen.text(x, y + st.pt(3) + st.ascent("chart"), ch.tick_label(v), align="center")
    right = x1 + st.width("chart", ch.tick_label(hi)) / 2 + st.pt(6)
    pen.text(right, y + st.pt(3) + st.ascent("chart"), unit, "chart", MUTED)


def heat_level(ratio: float | None, present: bool) -> str:
    if not present or ratio is None:
        return "none"
    return "bad" if ratio < 1 else "warn" if ratio < 1.5 else "good"


def _heat(pen: Pen, item: ChartItem) -> None:
    st, g, piece = pen.st, item.piece.block, item.piece
    y = pen.title(item, _title(item))
    label_w = ch.heat_label_w(st, g, item.w)
    cell_w = (item.w - label_w) / max(1, len(piece.cols))
    lh = st.line_height("chart")
    head_n = ch.heat_head_lines(st, g, piece.cols, cell_w)
    for k, c in enumerate(piece.cols):
        cx = item.x + label_w + (k + 0.5) * cell_w
        for n, line in enumerate(wrap(st, "chart", g.columns[c], cell_w - st.pt(3))):
            pen.text(cx, y + st.ascent("chart") + n * lh, line, align="center")
    y += head_n * lh + st.pt(4)
    ch_h = st.pt(ch.CELL_H)
    for r_i, r in enumerate(piece.rows):
        top = y + r_i * ch_h
        row = g.rows[r]
        pen.text(item.x, top + ch_h / 2 + st.ascent("chart") / 2 - st.pt(1),
                 elide(st, "chart", row, label_w - st.pt(6)))  # fmt: skip
        for k, c in enumerate(piece.cols):
            key = (row, g.columns[c])
            level = heat_level(g.ratio.get(key), key in g.ratio)
            cell = QRectF(item.x + label_w + k * cell_w, top, cell_w, ch_h)
            pen.rect(cell, HEAT[level] if key in g.ratio else "#ffffff", "#ffffff")
            txt = elide(st, "chart", g.text.get(key, ""), cell_w - st.pt(3))
            pen.text(cell.center().x(), top + ch_h / 2 + st.ascent("chart") / 2 - st.pt(1), txt,
                     align="center")  # fmt: skip
    y += len(piece.rows) * ch_h + st.pt(4) + st.ascent("chart")
    x = item.x
    for level, label in (("bad", "TTS < TTR"), ("warn", "TTR ≤ TTS < 1.5 × TTR"), ("good", "TTS ≥ 1.5 × TTR"),
                         ("none", "not at risk")):  # fmt: skip
        x = pen.swatch(x, y, HEAT[level], label)
    if g.legend:  # what is left of the line; never past the chart's right edge
        pen.text(x, y, elide(st, "chart", g.legend, item.x + item.w - x), "chart", MUTED)
