"""Draw laid-out pages: one code path for QPdfWriter, QPrinter and the print preview."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from rePlanner.ui.printing import chart_draw
from rePlanner.ui.printing.layout import Box, ChartItem, Page, Picture, Rule, Text
from rePlanner.ui.printing.styles import Styles


def paint_page(p: QPainter, st: Styles, page: Page) -> None:
    font, ink = "", ""
    for it in page.items:
        kind = type(it)
        if kind is Text:
            if it.font != font:  # type: ignore[union-attr]
                font = it.font  # type: ignore[union-attr]
                p.setFont(st.fonts[font])
            if it.ink != ink:  # type: ignore[union-attr]
                ink = it.ink  # type: ignore[union-attr]
                p.setPen(QColor(ink))
            p.drawText(QPointF(it.x, it.y), it.text)  # type: ignore[union-attr]
            continue
        font = ink = ""  # the helpers below change the pen
        if kind is Box:
            _box(p, st, it)  # type: ignore[arg-type]
        elif kind is Rule:
            _rule(p, it)  # type: ignore[arg-type]
        elif kind is Picture:
            _picture(p, it)  # type: ignore[arg-type]
        elif kind is ChartItem:
            chart_draw.draw(p, st, it)  # type: ignore[arg-type]


def _box(p: QPainter, st: Styles, b: Box) -> None:
    rect = QRectF(b.x, b.y, b.w, b.h)
    if b.fill:
        p.fillRect(rect, QColor(b.fill))
    if b.stroke:
        p.setPen(QPen(QColor(b.stroke), b.stroke_w))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)


def _rule(p: QPainter, r: Rule) -> None:
    pen = QPen(QColor(r.ink), r.width)
    if r.dotted:  # leader dots: short dashes, wide gaps (in pen widths)
        pen.setDashPattern([1.0, 4.0])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    p.setPen(pen)
    p.drawLine(QPointF(r.x1, r.y1), QPointF(r.x2, r.y2))


def _picture(p: QPainter, pic: Picture) -> None:
    rect = QRectF(pic.x, pic.y, pic.w, pic.h)
    if pic.path.lower().endswith(".svg"):
        from PySide6.QtSvg import QSvgRenderer  # vector logo; only loaded when one is used

        QSvgRenderer(pic.path).render(p, rect)
        return
    image = QImage(pic.path)
    if not image.isNull():
        p.drawImage(rect, image)
