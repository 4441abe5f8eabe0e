"""Line chart (quota history) and histogram (Monte Carlo) drawn on a plain x/y frame."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen

from rePlanner.io.report.document import Histogram, LineChart
from rePlanner.io.report.values import format_value
from rePlanner.ui.printing import charts as ch
from rePlanner.ui.printing.layout import ChartItem
from rePlanner.ui.printing.pen import SERIES, Pen
from rePlanner.ui.printing.styles import GRID, INK, MUTED, RULE

BAR_FILL = "#7f9fbf"
MARKER_INKS = ["#b8392e", "#d9822b", "#24527a", "#5a9a4a"]
DASHES = [Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine]


LOWER_BOUND = "hollow: lower bound (not all batches published)"


def _y_label_w(pen: Pen, top_v: float) -> float:
    st = pen.st
    return max(st.width("chart", ch.tick_label(v)) for v in ch.ticks(0.0, top_v)) + st.pt(6)


def _plot(
    pen: Pen, item: ChartItem, hi: float, unit: str, legend_rows: int = 1
) -> tuple[QRectF, float]:
    """Title, y grid with labels; returns the plot rectangle and the y-axis top value."""
    st = pen.st
    y = pen.title(item)
    top_v = ch.nice_max(hi)
    tick_vs = ch.ticks(0.0, top_v)
    label_w = _y_label_w(pen, top_v)
    head = legend_rows * ch.legend_h(st) + st.line_height("chart") + st.pt(6)  # legend, unit
    plot = QRectF(
        item.x + label_w,
        y + head,
        item.w - label_w - st.pt(8),
        item.y + item.h - y - head - st.pt(18),
    )
    for v in tick_vs:
        yy = plot.bottom() - v / top_v * plot.height()
        pen.line(plot.left(), yy, plot.right(), yy, GRID if v else RULE, 0.4 if v else 0.7)
        text = ch.tick_label(v)
        pen.text(plot.left() - st.pt(4), yy + st.ascent("chart") / 2 - st.pt(1), text,
                 align="right")  # fmt: skip
    if unit:
        pen.text(item.x, plot.top() - st.pt(6), unit, "chart", MUTED)
    return plot, top_v


def _legend_y(pen: Pen, item: ChartItem) -> float:
    return item.y + ch.title_h(pen.st, len(item.piece.title)) + pen.st.ascent("chart")


def line_chart(pen: Pen, item: ChartItem) -> None:
    c: LineChart = item.piece.block
    st = pen.st
    values = [v for _, vs in c.series for v in vs if v is not None]
    hi = max(values, default=1.0)
    lows = [_lows(c, k) for k in range(len(c.series))]
    names = [name for name, _ in c.series] + ([LOWER_BOUND] if any(map(any, lows)) else [])
    x0 = item.x + _y_label_w(pen, ch.nice_max(hi))
    places = _legend_places(pen, names, x0, item.x + item.w)
    plot, top_v = _plot(pen, item, hi, c.unit, 1 + max((r for _, r in places), default=0))
    n = max(1, len(c.x_labels))
    step = plot.width() / n
    xs = [plot.left() + (i + 0.5) * step for i in range(n)]
    widest = max((st.width("chart", s) for s in c.x_labels), default=0.0)
    every = max(1, int((widest + st.pt(6)) // step) + 1)  # skip labels that would collide
    for i, label in enumerate(c.x_labels):
        if i % every == 0:
            pen.text(xs[i], plot.bottom() + st.pt(3) + st.ascent("chart"), label, align="center")
    legend_y = _legend_y(pen, item)
    for k, (name, (x, row)) in enumerate(zip(names, places, strict=True)):
        y = legend_y + row * ch.legend_h(st)
        if k == len(c.series):  # the lower-bound entry
            _marker(pen, QPointF(x + st.pt(4), y - st.ascent("chart") / 2 + st.pt(1)), MUTED,
                    "o", hollow=True)  # fmt: skip
            pen.text(x + st.pt(12), y, name, "chart", INK)
            continue
        ink, marker = SERIES[k % len(SERIES)]
        dash = DASHES[k % len(DASHES)]
        _series(pen, plot, xs, (c.series[k][1], lows[k]), top_v, (ink, marker, dash))
        _legend_entry(pen, x, y, name, ink, marker, dash)


def _lows(c: LineChart, k: int) -> list[bool]:
    """Series k's lower-bound flags, as long as its values (missing: not a lower bound)."""
    flags = c.lower_bound[k] if k < len(c.lower_bound) else []
    return [j < len(flags) and bool(flags[j]) for j in range(len(c.series[k][1]))]


def _legend_places(pen: Pen, names: list[str], x0: float, x1: float) -> list[tuple[float, int]]:
    """(x, row) of each legend entry: entries flow left to right and wrap within the chart."""
    st, out, x, row = pen.st, [], x0, 0
    for name in names:
        w = st.pt(22) + st.width("chart", name) + st.pt(14)
        if x > x0 and x + w - st.pt(14) > x1:
            x, row = x0, row + 1
        out.append((x, row))
        x += w
    return out


def _series(pen: Pen, plot: QRectF, xs: list[float],
            data: tuple[list[float | None], list[bool]], top_v: float,
            look: tuple[str, str, Qt.PenStyle]) -> None:  # fmt: skip
    """A line through the points; a lower bound is a hollow marker with a gap either side."""
    (vs, lows), (ink, marker, dash) = data, look
    path, pts, hollow, drawing = QPainterPath(), [], [], False
    for x, v, low in zip(xs, vs, lows, strict=False):
        if v is None:
            drawing = False  # a gap
            continue
        pt = QPointF(x, plot.bottom() - v / top_v * plot.height())
        if low:  # not joined: the real value is higher
            hollow.append(pt)
            drawing = False
            continue
        path.lineTo(pt) if drawing else path.moveTo(pt)
        drawing = True
        pts.append(pt)
    p = pen.p
    p.setPen(QPen(QColor(ink), pen.st.pt(1.4), dash))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    for pt in pts:
        _marker(pen, pt, ink, marker)
    for pt in hollow:
        _marker(pen, pt, ink, marker, hollow=True)


def _marker(pen: Pen, at: QPointF, ink: str, shape: str, hollow: bool = False) -> None:
    r = pen.st.pt(2.8 if hollow else 2.4)
    p = pen.p
    if hollow:  # white inside, so grid lines do not show through
        p.setPen(QPen(QColor(ink), pen.st.pt(1.1)))
        p.setBrush(QColor("#ffffff"))
    else:
        p.setPen(QPen(QColor("#ffffff"), pen.st.pt(0.5)))
        p.setBrush(QColor(ink))
    if shape == "o":
        p.drawEllipse(at, r, r)
        return
    path = QPainterPath()
    x, y = at.x(), at.y()
    corners = {
        "s": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "^": [(0, -r * 1.2), (r * 1.2, r), (-r * 1.2, r)],
        "d": [(0, -r * 1.3), (r * 1.3, 0), (0, r * 1.3), (-r * 1.3, 0)],
    }[shape]
    path.moveTo(x + corners[0][0], y + corners[0][1])
    for dx, dy in corners[1:]:
        path.lineTo(x + dx, y + dy)
    path.closeSubpath()
    p.drawPath(path)


def _legend_entry(pen: Pen, x: float, y: float, name: str, ink: str, marker: str,
                  dash: Qt.PenStyle) -> float:  # fmt: skip
    st = pen.st
    mid = y - st.ascent("chart") / 2 + st.pt(1)
    pen.line(x, mid, x + st.pt(18), mid, ink, 1.4, dash)
    _marker(pen, QPointF(x + st.pt(9), mid), ink, marker)
    pen.text(x + st.pt(22), y, name, "chart", INK)
    return x + st.pt(22) + st.width("chart", name) + st.pt(14)


def histogram(pen: Pen, item: ChartItem) -> None:
    c: Histogram = item.piece.block
    st = pen.st
    plot, top_v = _plot(pen, item, float(max(c.counts, default=1)), "count")
    if len(c.edges) < 2:
        return
    lo, hi = c.edges[0], c.edges[-1]
    span = (hi - lo) or 1.0

    def x_of(v: float) -> float:
        return plot.left() + (v - lo) / span * plot.width()

    for i, n in enumerate(c.counts):
        h = n / top_v * plot.height()
        pen.rect(QRectF(x_of(c.edges[i]), plot.bottom() - h, x_of(c.edges[i + 1]) - x_of(c.edges[i]),
                        h), BAR_FILL, "#ffffff")  # fmt: skip
    base = plot.bottom() + st.pt(3) + st.ascent("chart")
    for v in ch.ticks(lo, hi):
        pen.line(x_of(v), plot.bottom(), x_of(v), plot.bottom() + st.pt(3), RULE, 0.6)
        pen.text(x_of(v), base, ch.tick_label(v), align="center")
    if c.unit:
        pen.text(plot.right(), base + st.line_height("chart"), c.unit, "chart", MUTED, "right")
    legend_y = _legend_y(pen, item)
    legend_x = plot.left()
    for k, (label, v) in enumerate(c.markers):
        ink = MARKER_INKS[k % len(MARKER_INKS)]
        dash = DASHES[(k + 1) % len(DASHES)]
        pen.line(x_of(v), plot.top(), x_of(v), plot.bottom(), ink, 1.3, dash)
        text = f"{label} {format_value('number', v)}"
        pen.line(
            legend_x, legend_y - st.pt(3), legend_x + st.pt(18), legend_y - st.pt(3), ink, 1.3, dash
        )
        pen.text(legend_x + st.pt(22), legend_y, text, "chart", INK)
        legend_x += st.pt(36) + st.width("chart", text)
