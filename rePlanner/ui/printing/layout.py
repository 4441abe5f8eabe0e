"""Placed items and the page flow: blocks are measured and put on pages here; nothing is painted.

Coordinates are device pixels of the target device, y downwards, text positioned by baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRectF

from rePlanner.ui.printing.styles import INK, Styles

MM = 72 / 25.4  # points per millimetre


@dataclass(slots=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    font: str
    ink: str = INK


@dataclass(slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    stroke_w: float = 0.0


@dataclass(slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    ink: str
    width: float
    dotted: bool = False


@dataclass(slots=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    path: str


@dataclass(slots=True)
class ChartItem:
    x: float
    y: float
    w: float
    h: float
    piece: Any  # charts.Piece: the block and the slice of it drawn here


Item = Text | Box | Rule | Picture | ChartItem


@dataclass
class Page:
    items: list[Item] = field(default_factory=list)
    running: bool = True  # running header on this page (not on the cover)


@dataclass
class PlacedTable:
    title: str | None
    page: int  # 1-based
    rect: QRectF  # device pixels


@dataclass
class Frame:
    """Page geometry in device pixels: the paper, the body and the header/footer bands."""

    page: QRectF
    body: QRectF
    header_y: float  # baseline of the running header
    footer_y: float  # baseline of the footer

    @classmethod
    def for_page(cls, st: Styles, width: float, height: float) -> Frame:
        side, top, bottom = st.pt(18 * MM), st.pt(24 * MM), st.pt(21 * MM)
        body = QRectF(side, top, width - 2 * side, height - top - bottom)
        return cls(QRectF(0, 0, width, height), body, st.pt(14 * MM), height - st.pt(11 * MM))


class Flow:
    """A cursor down the body of successive pages. `take(h)` returns where a block of height h
    goes, starting a new page when it does not fit; `hold` keeps a heading with what follows."""

    def __init__(self, st: Styles, frame: Frame, pages: list[Page], first_no: int = 1) -> None:
        self.st, self.frame, self.pages, self.first_no = st, frame, pages, first_no
        self.x, self.w = frame.body.left(), frame.body.width()
        self.top, self.bottom = frame.body.top(), frame.body.bottom()
        self.y = self.top
        self._held: list[tuple[float, Callable[[float], None]]] = []
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def page_no(self) -> int:
        return self.first_no + len(self.pages) - 1

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top

    def at_top(self) -> bool:
        return self.y <= self.top + 0.5 and not self.page.items

    def room(self) -> float:
        return self.bottom - self.y

    def fits(self, h: float) -> bool:
        return self.y + self._held_h() + h <= self.bottom + 0.5

    def break_page(self) -> None:
        if not self.at_top():
            self.new_page()

    def take(self, h: float) -> float:
        if not self.fits(h) and not self.at_top():
            self.new_page()
        for held_h, place in self._held:
            place(self.y)
            self.y += held_h
        self._held.clear()
        top = self.y
        self.y += h
        return top

    def hold(self, h: float, place: Callable[[float], None]) -> None:
        """Place `place` (a heading) just before the next block, on the same page."""
        self._held.append((h, place))

    def flush(self) -> None:
        """Put held headings down even without a following block (an empty section)."""
        if self._held:
            self.take(0)

    def gap(self, h: float) -> None:
        if not self.at_top():
            self.y = min(self.y + h, self.bottom)

    def add(self, item: Item) -> None:
        self.page.items.append(item)

    def _held_h(self) -> float:
        return sum(h for h, _ in self._held)
