"""Vector charts for the printed report: measured into pieces here, drawn by chart_draw.

A chart's height is fixed by its content (rows of bars, rows of cells) and a tall chart is cut
into pieces that each fit a page, all pieces sharing one scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rePlanner.io.report.document import HeatGrid, Histogram, LineChart, SurvivalBars
from rePlanner.io.report.values import format_value
from rePlanner.ui.printing.layout import ChartItem, Flow
from rePlanner.ui.printing.styles import Styles
from rePlanner.ui.printing.text import shrink, title_wrap, widest_piece, word_wrap

Chart = SurvivalBars | HeatGrid | LineChart | Histogram

BAR_ROW = 22.0  # points per line in SurvivalBars
CELL_H = 17.0  # points per row in HeatGrid
MIN_CELL_W = 34.0  # narrowest HeatGrid column before the grid is split by columns
HEAD_FLOOR = 6.5  # points: HeatGrid headers shrink to this, then columns get wider
HEAD_PAD = 3.0  # points of air beside a HeatGrid header
XY_HEIGHT = {"LineChart": 200.0, "Histogram": 180.0}


@dataclass
class Piece:
    block: Chart
    rows: range  # SurvivalBars labels / HeatGrid rows drawn in this piece
    cols: range  # HeatGrid columns drawn in this piece
    continued: bool
    scale_max: float = 0.0  # SurvivalBars: days at the right end of the axis
    title: list[str] = field(default_factory=list)  # the title's lines, "(continued)" included
    head_font: str = "chart"  # HeatGrid column headers (shrunk to fit whole words)


def title_lines(st: Styles, c: Chart, continued: bool, width: float) -> list[str]:
    """The title wrapped between words within the chart's width (a lone over-wide word is
    elided): on A5 "... (continued)" must not run off the page."""
    text = f"{c.title} (continued)" if continued else c.title
    return title_wrap(st, "chart_title", text, width)


def title_h(st: Styles, lines: int = 1) -> float:
    return lines * st.line_height("chart_title") + st.pt(4)


def legend_h(st: Styles) -> float:
    return st.line_height("chart") + st.pt(6)


def heat_label_w(st: Styles, g: HeatGrid, width: float) -> float:
    widest = max((st.width("chart", r) for r in g.rows), default=0.0)
    return min(widest + st.pt(8), width * 0.3)


def heat_head_lines(st: Styles, g: HeatGrid, piece: Piece, cell_w: float) -> list[list[str]]:
    """Each column header of the piece wrapped between words and after hyphens only."""
    inner = cell_w - st.pt(HEAD_PAD)
    return [word_wrap(st, piece.head_font, g.columns[c], inner) for c in piece.cols]


def pieces(st: Styles, c: Chart, width: float, max_h: float) -> list[tuple[float, Piece]]:
    """(height, piece) in device pixels, each piece at most `max_h` high."""
    if isinstance(c, SurvivalBars):
        return _bar_pieces(st, c, width, max_h)
    if isinstance(c, HeatGrid):
        return _heat_pieces(st, c, width, max_h)
    h = st.pt(XY_HEIGHT[type(c).__name__])
    return [
        (min(h, max_h), Piece(c, range(0), range(0), False, title=title_lines(st, c, False, width)))
    ]


def _split(n: int, per: int) -> list[range]:
    per = max(1, per)
    return [range(i, min(n, i + per)) for i in range(0, max(n, 1), per)]


def _bar_pieces(
    st: Styles, c: SurvivalBars, width: float, max_h: float
) -> list[tuple[float, Piece]]:
    titles = [title_lines(st, c, more, width) for more in (False, True)]
    fixed = legend_h(st) + st.pt(26)  # legend, axis with its labels
    per = int((max_h - fixed - title_h(st, len(titles[1]))) // st.pt(BAR_ROW))
    finite = [v for v in (*c.tts_days, *c.ttr_days) if v is not None and math.isfinite(v)]
    ttr = [v for v in c.ttr_days if v is not None and math.isfinite(v)]
    # what matters is survival against recovery: one line that survives for years must not
    # squash every other bar; longer bars are cut at the axis end with a break mark
    cap = max(365.0, 2.0 * max(ttr, default=0.0))
    top = nice_max(min(max(finite, default=1.0), cap))
    out = []
    for i, rows in enumerate(_split(len(c.labels), per)):
        title = titles[i > 0]
        h = title_h(st, len(title)) + fixed + len(rows) * st.pt(BAR_ROW)
        out.append((h, Piece(c, rows, range(0), i > 0, top, title)))
    return out


def _heat_pieces(st: Styles, g: HeatGrid, width: float, max_h: float) -> list[tuple[float, Piece]]:
    label_w = heat_label_w(st, g, width)
    font, min_cell = _heat_head_font(st, g, width - label_w)
    per_cols = max(1, int((width - label_w) // min_cell))
    titles = [title_lines(st, g, more, width) for more in (False, True)]
    out: list[tuple[float, Piece]] = []
    for cols in _split(len(g.columns), per_cols):
        cell_w = (width - label_w) / max(1, len(cols))
        probe = Piece(g, range(0), cols, False, head_font=font)
        lines = max((len(x) for x in heat_head_lines(st, g, probe, cell_w)), default=1)
        head = lines * st.line_height(font) + st.pt(4)
        fixed = head + legend_h(st) + st.pt(4)
        per_rows = int((max_h - fixed - title_h(st, len(titles[1]))) // st.pt(CELL_H))
        for rows in _split(len(g.rows), per_rows):
            title = titles[bool(out)]
            h = title_h(st, len(title)) + fixed + len(rows) * st.pt(CELL_H)
            out.append((h, Piece(g, rows, cols, bool(out), title=title, head_font=font)))
    return out


def _heat_head_font(st: Styles, g: HeatGrid, avail: float) -> tuple[str, float]:
    """Header font and narrowest column: the headers shrink (the whole grid alike) until every
    word fits a column; below HEAD_FLOOR the columns get wider and the grid splits sooner."""
    per_cols = max(1, int(avail // st.pt(MIN_CELL_W)))
    cell_w = avail / max(1, min(per_cols, len(g.columns)))
    pad = st.pt(HEAD_PAD)
    font = shrink(st, "chart", g.columns, cell_w - pad, HEAD_FLOOR)
    if font is not None:
        return font, st.pt(MIN_CELL_W)
    font = st.sized("chart", HEAD_FLOOR)
    widest = max(widest_piece(st, font, c) for c in g.columns) + pad
    return font, min(max(st.pt(MIN_CELL_W), widest), avail)


def chart(flow: Flow, c: Chart) -> None:
    st = flow.st
    for h, piece in pieces(st, c, flow.w, flow.bottom - flow.top - st.pt(40)):
        y = flow.take(h)
        flow.add(ChartItem(flow.x, y, flow.w, h, piece))


def nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(1, ticks)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    step = nice_step(v)
    return math.ceil(v / step - 1e-9) * step


def tick_label(v: float) -> str:
    """Axis numbers without pointless decimals ("20", not "20.00"); otherwise format_value."""
    if abs(v - round(v)) < 1e-9:
        return format_value("int", v)
    return format_value("number", v)


def ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    step = nice_step(hi - lo, n)
    first = math.ceil(lo / step - 1e-9) * step
    out, v = [], first
    while v <= hi + step * 1e-6:
        out.append(round(v, 10))
        v += step
    return out
