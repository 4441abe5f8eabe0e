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
from rePlanner.ui.printing.text import elide

TTS_RISK, TTS_OK, TTR_FILL = "#b8392e", "#2f6f3e", "#f3c77a"
# The engine's verdict per heat cell; lightness differs so a greyscale print keeps them apart.
HEAT = {"stop": "#e06a5e", "close": "#f2b845", "ok": "#cde8c8"}
HEAT_LEGEND = (("stop", "line stops"), ("close", "survives, < 25 % spare"), ("ok", "survives"))
CLOSE_RATIO = 1.25  # fallback: TTS below 1.25 x TTR leaves less than a quarter to spare


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


def _survival(pen: Pen, item: ChartItem) -> None:
    st, c, piece = pen.st, item.piece.block, item.piece
    y = pen.title(item)
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
        risk = survival_risk(c, i)
        _bar(pen, x0, x1, top, bar, tts, NEVER, TTS_RISK if risk else TTS_OK, None, scale)
        hatch = Qt.BrushStyle.BDiagPattern
        _bar(pen, x0, x1, top + bar + st.pt(1), bar, ttr, OPEN, TTR_FILL, hatch, scale)
    axis_y = y + len(piece.rows) * row + st.pt(4)
    _x_axis(pen, x0, x1, axis_y, 0.0, piece.scale_max, "days")


def survival_risk(c: SurvivalBars, i: int) -> bool:
    """The engine's verdict when given (a line can stop although TTS > TTR: licence waits,
    short deliveries); old callers without `at_risk`: TTS < TTR."""
    if i < len(c.at_risk):
        return c.at_risk[i]
    tts, ttr = c.tts_days[i], c.ttr_days[i]
    return tts is not None and (ttr is None or tts < ttr)


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


def heat_level(g: HeatGrid, key: tuple[str, str]) -> str | None:
    """The engine's verdict for a cell ("stop", "close", "ok"; None: blank). Old callers that
    fill only `ratio`: derived from TTS / TTR with the same quarter-spare rule."""
    if g.level:
        return g.level.get(key)
    ratio = g.ratio.get(key)
    if ratio is None:
        return None
    return "stop" if ratio < 1 else "close" if ratio < CLOSE_RATIO else "ok"


def _heat(pen: Pen, item: ChartItem) -> None:
    st, g, piece = pen.st, item.piece.block, item.piece
    y = pen.title(item)
    label_w = ch.heat_label_w(st, g, item.w)
    cell_w = (item.w - label_w) / max(1, len(piece.cols))
    y = _heat_head(pen, item, y, label_w, cell_w)
    ch_h = st.pt(ch.CELL_H)
    for r_i, r in enumerate(piece.rows):
        top = y + r_i * ch_h
        row = g.rows[r]
        pen.text(item.x, top + ch_h / 2 + st.ascent("chart") / 2 - st.pt(1),
                 elide(st, "chart", row, label_w - st.pt(6)))  # fmt: skip
        for k, c in enumerate(piece.cols):
            key = (row, g.columns[c])
            level = heat_level(g, key)
            cell = QRectF(item.x + label_w + k * cell_w, top, cell_w, ch_h)
            pen.rect(cell, HEAT[level] if level else "#ffffff", "#ffffff")
            txt = elide(st, "chart", g.text.get(key, ""), cell_w - st.pt(3))
            pen.text(cell.center().x(), top + ch_h / 2 + st.ascent("chart") / 2 - st.pt(1), txt,
                     align="center")  # fmt: skip
    y += len(piece.rows) * ch_h + st.pt(4) + st.ascent("chart")
    x = item.x
    for level, label in HEAT_LEGEND:
        x = pen.swatch(x, y, HEAT[level], label)
    if g.legend:  # what is left of the line; never past the chart's right edge
        pen.text(x, y, elide(st, "chart", g.legend, item.x + item.w - x), "chart", MUTED)


def _heat_head(pen: Pen, item: ChartItem, y: float, label_w: float, cell_w: float) -> float:
    """Column headers centred over their cells, wrapped between words only; returns the y
    of the first row of cells."""
    st, piece = pen.st, item.piece
    font = piece.head_font
    lh = st.line_height(font)
    heads = ch.heat_head_lines(st, item.piece.block, piece, cell_w)
    for k, lines in enumerate(heads):
        cx = item.x + label_w + (k + 0.5) * cell_w
        for n, line in enumerate(lines):
            text = elide(st, font, line, cell_w - st.pt(1))  # only a word wider than the page
            pen.text(cx, y + st.ascent(font) + n * lh, text, font, align="center")
    return y + max((len(x) for x in heads), default=1) * lh + st.pt(4)
