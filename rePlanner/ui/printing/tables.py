"""Tables: column widths from the measured content, wrapped text columns, right-aligned figures,
a repeated header row after a page break and rows that are never split."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF

from rePlanner.io.report.document import Column, Table
from rePlanner.io.report.values import format_value
from rePlanner.ui.printing.blocks import text_lines
from rePlanner.ui.printing.layout import Box, Flow, PlacedTable, Rule, Text
from rePlanner.ui.printing.styles import (
    FLAG_FILL,
    GRID,
    HEADER_FILL,
    INK,
    MUTED,
    RULE,
    TABLE_SIZES,
    ZEBRA,
    Styles,
)
from rePlanner.ui.printing.text import longest_word, title_wrap, wrap

PAD, VPAD = 4.0, 2.2  # cell padding in points: sides, top/bottom
MIN_SIZE = 4.0  # points: below this figures are cut rather than shrunk
MAX_MIN_WORD = 70.0  # a text column need not be wider than this for one long word (points)


@dataclass
class Fitted:
    cell: str  # font names
    head: str
    widths: list[float]
    head_lines: list[list[str]]
    head_h: float
    cells: list[list[list[str]]]  # row -> column -> lines
    row_h: list[float]


def fit(st: Styles, t: Table, avail: float, max_row_h: float) -> Fitted:
    texts = [
        [format_value(c.kind, v) for c, v in zip(t.columns, row, strict=False)] for row in t.rows
    ]
    for size in TABLE_SIZES:
        cell, head = f"cell{size}", f"head{size}"
        widths = _widths(st, t.columns, texts, cell, head, avail, False)
        if widths is not None:
            return _wrap_all(st, t.columns, texts, cell, head, widths, max_row_h)
    cell, head = _last_resort_fonts(st, t.columns, texts, avail)
    widths = _widths(st, t.columns, texts, cell, head, avail, True)
    return _wrap_all(st, t.columns, texts, cell, head, widths or [], max_row_h)


def _last_resort_fonts(
    st: Styles, cols: list[Column], texts: list[list[str]], avail: float
) -> tuple[str, str]:
    """A font size just small enough for one-line figures (never below MIN_SIZE points)."""
    size = TABLE_SIZES[-1]
    needs = _needs(st, cols, texts, f"cell{size}", f"head{size}")
    pads = len(cols) * 2 * st.pt(PAD)
    low = sum(n[0] for n in needs)
    size = max(MIN_SIZE, size * (avail - pads) / max(low - pads, 1.0) * 0.98)
    cell, head = f"cell{size:.2f}", f"head{size:.2f}"
    if cell not in st.fonts:
        st.add_font(cell, size, False, False)
        st.add_font(head, size, True, False)
    return cell, head


def _needs(
    st: Styles, cols: list[Column], texts: list[list[str]], cell: str, head: str
) -> list[tuple[float, float]]:
    """(minimum, natural) content width of each column, padding included."""
    out = []
    pad, slack = 2 * st.pt(PAD), st.pt(0.2)  # slack: rounding must not wrap a fitting text
    for j, c in enumerate(cols):
        cells = [r[j] for r in texts if j < len(r)]
        widest = max((st.width(cell, s) for s in cells), default=0.0)
        head_word = longest_word(st, head, c.title)
        if c.kind == "text":
            word = max((longest_word(st, cell, s) for s in cells), default=0.0)
            low = max(head_word, min(word, st.pt(MAX_MIN_WORD)))
        else:
            low = max(head_word, widest)  # figures stay on one line
        nat = max(widest, st.width(head, c.title), low)
        out.append((low + pad + slack, nat + pad + slack))
    return out


def _widths(
    st: Styles,
    cols: list[Column],
    texts: list[list[str]],
    cell: str,
    head: str,
    avail: float,
    last: bool,
) -> list[float] | None:
    needs = _needs(st, cols, texts, cell, head)
    low = sum(n[0] for n in needs)
    nat = sum(n[1] for n in needs)
    if nat <= avail:
        return _spread(cols, [n[1] for n in needs], avail - nat)
    if low > avail:
        if not last:
            return None  # try a smaller font
        return [n[0] * avail / low for n in needs]  # last resort: squeeze, cells wrap anyhow
    return _water_fill(cols, needs, avail - low)


def _spread(cols: list[Column], widths: list[float], spare: float) -> list[float]:
    """Fill the page width: spare goes to text columns by weight, else to all columns."""
    weights = [c.weight if c.kind == "text" else 0.0 for c in cols]
    if sum(weights) <= 0:
        weights = widths[:]
    total = sum(weights)
    return [w + spare * k / total for w, k in zip(widths, weights, strict=True)]


def _water_fill(cols: list[Column], needs: list[tuple[float, float]], spare: float) -> list[float]:
    """From minimum widths, share `spare` by weight (max-min fair): a column that needs less
    than its share gets its natural width, the others split what is left."""
    widths = [n[0] for n in needs]
    open_cols = {j for j, n in enumerate(needs) if n[1] > n[0]}
    while spare > 1e-6 and open_cols:
        total_w = sum(max(cols[j].weight, 0.01) for j in open_cols)
        share = {j: spare * max(cols[j].weight, 0.01) / total_w for j in open_cols}
        sated = {j for j in open_cols if needs[j][1] - widths[j] <= share[j]}
        if not sated:
            for j in open_cols:
                widths[j] += share[j]
            break
        for j in sated:
            spare -= needs[j][1] - widths[j]
            widths[j] = needs[j][1]
        open_cols -= sated
    return widths


def _wrap_all(
    st: Styles,
    cols: list[Column],
    texts: list[list[str]],
    cell: str,
    head: str,
    widths: list[float],
    max_row_h: float,
) -> Fitted:
    pad, vpad = st.pt(PAD), st.pt(VPAD)
    inner = [w - 2 * pad for w in widths]
    head_lines = [wrap(st, head, c.title, inner[j]) for j, c in enumerate(cols)]
    head_h = max(len(x) for x in head_lines) * st.line_height(head) + 2 * vpad
    lh = st.line_height(cell)
    max_lines = max(1, int((max_row_h - head_h - 2 * vpad) // lh))
    cells, row_h = [], []
    for row in texts:
        lines = [
            _cell_lines(st, cell, row[j] if j < len(row) else "", inner[j], c)
            for j, c in enumerate(cols)
        ]
        lines = [
            x if len(x) <= max_lines else x[: max_lines - 1] + [x[max_lines - 1] + " …"]
            for x in lines
        ]
        cells.append(lines)
        row_h.append(max(len(x) for x in lines) * lh + 2 * vpad)
    return Fitted(cell, head, widths, head_lines, head_h, cells, row_h)


def _cell_lines(st: Styles, font: str, text: str, width: float, col: Column) -> list[str]:
    if col.kind != "text" and st.width(font, text) <= width + 0.5:
        return [text]  # one line, never re-split at spaces ("1,234 M")
    return wrap(st, font, text, width)


def table(flow: Flow, t: Table, placed: list[PlacedTable]) -> None:
    st = flow.st
    titles = title_wrap(st, "table_title", t.title, flow.w) if t.title else []
    title_h = len(titles) * st.line_height("table_title") + st.pt(3) if titles else 0.0
    if not t.rows or not t.columns:
        _title(flow, titles, flow.take(title_h))
        text_lines(flow, t.empty_text, "note", MUTED)
        return
    f = fit(st, t, flow.w, flow.bottom - flow.top - st.pt(20))
    note_h = 0.0
    if t.note:
        note_h = st.pt(2) + len(wrap(st, "note", t.note, flow.w)) * st.line_height("note")
    first = title_h + f.head_h + f.row_h[0]
    if len(f.row_h) == 1 and not flow.fits(first + note_h) and not flow.at_top():
        flow.new_page()  # a one-row table keeps its note; a held heading follows it over
    y = flow.take(first)
    _title(flow, titles, y)
    seg_top = y + title_h
    _header(flow, f, t, seg_top)
    _row(flow, f, t, 0, seg_top + f.head_h)
    last = len(f.row_h) - 1
    for i in range(1, len(f.row_h)):
        if not flow.fits(f.row_h[i] + (note_h if i == last else 0.0)):  # no orphaned note
            _close(flow, t, placed, seg_top)
            flow.new_page()
            seg_top = _continued(flow, f, t)
        _row(flow, f, t, i, flow.take(f.row_h[i]))
    _close(flow, t, placed, seg_top)
    if t.note:
        flow.y += st.pt(2)
        text_lines(flow, t.note, "note", MUTED)


def _title(flow: Flow, lines: list[str], y: float) -> None:
    st, lh = flow.st, flow.st.line_height("table_title")
    for k, line in enumerate(lines):
        flow.add(Text(flow.x, y + st.ascent("table_title") + k * lh, line, "table_title"))


def _close(flow: Flow, t: Table, placed: list[PlacedTable], top: float) -> None:
    rect = QRectF(flow.x, top, flow.w, flow.y - top)
    placed.append(PlacedTable(t.title, flow.page_no, rect))
    flow.add(Rule(flow.x, flow.y, flow.x + flow.w, flow.y, RULE, flow.st.pt(0.7)))


def _continued(flow: Flow, f: Fitted, t: Table) -> float:
    st = flow.st
    if t.title:
        lh = st.line_height("note")
        lines = title_wrap(st, "note", f"{t.title} (continued)", flow.w)
        y = flow.take(lh * len(lines) + st.pt(2))
        for k, line in enumerate(lines):
            flow.add(Text(flow.x, y + st.ascent("note") + k * lh, line, "note", MUTED))
    top = flow.take(f.head_h)
    _header(flow, f, t, top)
    return top


def _header(flow: Flow, f: Fitted, t: Table, y: float) -> None:
    st = flow.st
    flow.add(Box(flow.x, y, flow.w, f.head_h, HEADER_FILL))
    _cells(flow, f, t, f.head_lines, f.head, y, INK)
    yb = y + f.head_h
    flow.add(Rule(flow.x, yb, flow.x + flow.w, yb, RULE, st.pt(0.7)))


def _row(flow: Flow, f: Fitted, t: Table, i: int, y: float) -> None:
    flag = t.flags[i] if i < len(t.flags) else None
    fill = FLAG_FILL.get(flag or "") or (ZEBRA if i % 2 else None)
    if fill:
        flow.add(Box(flow.x, y, flow.w, f.row_h[i], fill))
    _cells(flow, f, t, f.cells[i], f.cell, y, INK)
    yb = y + f.row_h[i]
    flow.add(Rule(flow.x, yb, flow.x + flow.w, yb, GRID, flow.st.pt(0.3)))


def _cells(
    flow: Flow, f: Fitted, t: Table, lines: list[list[str]], font: str, y: float, ink: str
) -> None:
    st = flow.st
    pad, lh = st.pt(PAD), st.line_height(font)
    base = y + st.pt(VPAD) + st.ascent(font)
    x = flow.x
    for j, col in enumerate(t.columns):
        w = f.widths[j]
        for k, line in enumerate(lines[j]):
            right = col.kind != "text"
            tx = x + w - pad - st.width(font, line) if right else x + pad
            flow.add(Text(tx, base + k * lh, line, font, ink))
        x += w
