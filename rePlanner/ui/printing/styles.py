"""Fonts, colours and sizes of the printed report, resolved for one paint device.

Layout and painting work in device pixels of that device, so what is measured is exactly what is
drawn (no screen-resolution metrics on a 1200 dpi PDF). Sizes below are in points (1/72 inch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice

FAMILY = "DejaVu Sans"  # present on every build machine; Qt falls back to the default sans

# name: (point size, bold, italic)
FONT_SPECS: dict[str, tuple[float, bool, bool]] = {
    "body": (9.5, False, False),
    "lead": (11.0, False, False),
    "note": (8.5, False, True),
    "small": (7.5, False, False),
    "h1": (16.0, True, False),
    "h2": (12.0, True, False),
    "table_title": (9.5, True, False),
    "running": (7.5, False, False),
    "figure": (17.0, True, False),
    "figure_label": (8.0, False, False),
    "chart": (7.5, False, False),
    "chart_title": (9.0, True, False),
    "cover_title": (26.0, True, False),
    "cover_company": (15.0, False, False),
    "cover_text": (11.0, False, False),
    "cover_label": (11.0, True, False),
    "toc": (10.5, False, False),
    "toc1": (10.5, True, False),
}
# Table fonts shrink in these steps (regular, bold header) until the table fits the width.
TABLE_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5, 6.0)

INK = "#1f2328"
MUTED = "#5b6370"
RULE = "#9aa3ad"
GRID = "#d0d5db"
ACCENT = "#24527a"
HEADER_FILL = "#e3e8ee"
ZEBRA = "#f5f6f8"
# Light row fills so a printed page stays readable; text carries the meaning in greyscale.
FLAG_FILL = {"risk": "#fadbd7", "warn": "#fdedc8", "safe": "#e1f1e0"}
FLAG_INK = {"risk": "#a3241b", "warn": "#8a5a00", "safe": "#2d6a2d", None: INK}
FLAG_BAR = {"risk": "#c0392b", "warn": "#e0a020", "safe": "#4a9a4a", None: "#8a949e"}


@dataclass
class Styles:
    """Fonts and metrics for one device; `u` converts points to device pixels."""

    device: QPaintDevice
    u: float = 1.0
    fonts: dict[str, QFont] = field(default_factory=dict)
    metrics: dict[str, QFontMetricsF] = field(default_factory=dict)
    _widths: dict[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.u = self.device.logicalDpiY() / 72.0
        for name, (size, bold, italic) in FONT_SPECS.items():
            self.add_font(name, size, bold, italic)
        for size in TABLE_SIZES:
            self.add_font(f"cell{size}", size, False, False)
            self.add_font(f"head{size}", size, True, False)

    def add_font(self, name: str, size: float, bold: bool, italic: bool) -> None:
        font = QFont(FAMILY)
        font.setPointSizeF(size)
        font.setBold(bold)
        font.setItalic(italic)
        font.setKerning(False)  # measured width == painted width, word by word
        # No ligatures: pdftotext must read "Confidential", not "Conﬁdential".
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.fonts[name] = font
        self.metrics[name] = QFontMetricsF(font, self.device)

    def sized(self, base: str, size: float) -> str:
        """The font `base` at `size` points (registered on first use), for text shrunk to fit."""
        if abs(size - FONT_SPECS[base][0]) < 1e-6:
            return base
        name = f"{base}@{size:.2f}"
        if name not in self.fonts:
            _size, bold, italic = FONT_SPECS[base]
            self.add_font(name, size, bold, italic)
        return name

    def pt(self, points: float) -> float:
        return points * self.u

    def width(self, font: str, text: str) -> float:
        key = (font, text)
        w = self._widths.get(key)
        if w is None:
            w = self.metrics[font].horizontalAdvance(text)
            self._widths[key] = w
        return w

    def line_height(self, font: str) -> float:
        m = self.metrics[font]
        return m.ascent() + m.descent() + self.pt(1.2)  # a little air between lines

    def ascent(self, font: str) -> float:
        return self.metrics[font].ascent()
