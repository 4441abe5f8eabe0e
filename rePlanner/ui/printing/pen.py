"""Small QPainter helpers shared by the chart drawers: text by baseline, lines, boxes, legend."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from rePlanner.ui.printing import charts as ch
from rePlanner.ui.printing.layout import ChartItem
from rePlanner.ui.printing.styles import INK, MUTED, RULE, Styles

# (colour, marker) per series: markers tell series apart in greyscale
SERIES = [("#24527a", "o"), ("#d9822b", "s"), ("#5a9a4a", "^"), ("#7b4f9e", "d")]


class Pen:
    """Small drawing helpers bound to one painter and style set."""

    def __init__(self, p: QPainter, st: Styles) -> None:
        self.p, self.st = p, st

    def text(self, x: float, y: float, s: str, font: str = "chart", ink: str = INK,
             align: str = "left") -> None:  # fmt: skip
        w = self.st.width(font, s)
        x = x - w if align == "right" else x - w / 2 if align == "center" else x
        self.p.setFont(self.st.fonts[font])
        self.p.setPen(QColor(ink))
        self.p.drawText(QPointF(x, y), s)

    def line(self, x1: float, y1: float, x2: float, y2: float, ink: str, width: float,
             style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> None:  # fmt: skip
        self.p.setPen(QPen(QColor(ink), self.st.pt(width), style))
        self.p.drawLine(QPointF(x1, y1), QPointF(x2, y2))

    def rect(self, r: QRectF, fill: str | None, stroke: str | None = None,
             pattern: Qt.BrushStyle | None = None) -> None:  # fmt: skip
        self.p.setPen(QPen(QColor(stroke), self.st.pt(0.5)) if stroke else Qt.PenStyle.NoPen)
        self.p.setBrush(QBrush(QColor(fill)) if fill else Qt.BrushStyle.NoBrush)
        self.p.drawRect(r)
        if pattern is not None:
            self.p.setBrush(QBrush(QColor(INK), pattern))
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.drawRect(r)

    def title(self, item: ChartItem) -> float:
        """The piece's title lines; returns the y below them."""
        st, lines = self.st, item.piece.title
        lh = st.line_height("chart_title")
        for k, line in enumerate(lines):
            self.text(item.x, item.y + st.ascent("chart_title") + k * lh, line, "chart_title")
        return item.y + ch.title_h(st, len(lines))

    def swatch(self, x: float, y: float, fill: str, label: str, **kw: object) -> float:
        """A legend entry at baseline y; returns the x after it."""
        st = self.st
        s = st.pt(7)
        self.rect(QRectF(x, y - s, s, s), fill, RULE, kw.get("pattern"))  # type: ignore[arg-type]
        self.text(x + s + st.pt(3), y, label, "chart", MUTED)
        return x + s + st.pt(3) + st.width("chart", label) + st.pt(12)
