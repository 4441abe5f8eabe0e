"""The whole report onto pages: cover, table of contents, sections, running header and footer.

The contents pages are counted before the sections are laid out (one entry per section, fixed
heights), so section page numbers are final when the contents are filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QImageReader

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.report.document import (
    Block,
    Bullets,
    Cover,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from rePlanner.io.report.values import format_value
from rePlanner.ui.printing import blocks, charts, tables
from rePlanner.ui.printing.layout import (
    MM,
    Box,
    Flow,
    Frame,
    Page,
    Picture,
    PlacedTable,
    Rule,
    Text,
)
from rePlanner.ui.printing.styles import ACCENT, FLAG_INK, INK, MUTED, RULE, Styles
from rePlanner.ui.printing.text import elide, wrap

WHAT = "the report"
BLOCK_GAP = 9.0  # points between blocks
MIN_HEAD_PREFIX = 90.0  # points of company/title kept before scope/scenario leave the header


@dataclass
class Laid:
    pages: list[Page]
    toc: list[tuple[str, int, int]]  # title, level, page
    tables: list[PlacedTable]
    frame: Frame


def lay_out(
    report: Report, st: Styles, width: float, height: float, progress: Progress | None = None
) -> Laid:
    progress = progress or NullProgress()
    frame = Frame.for_page(st, width, height)
    entries = [(s.title, s.level) for s in report.sections]
    toc_count = len(_toc(st, frame, entries, [0] * len(entries)))
    body: list[Page] = []
    flow = Flow(st, frame, body, first_no=2 + toc_count)
    numbers = [0] * len(entries)
    placed: list[PlacedTable] = []
    for i, section in enumerate(report.sections):
        check(progress, WHAT)
        _section(flow, section, placed, _setter(numbers, i))
    pages = [_cover(st, frame, report.cover), *_toc(st, frame, entries, numbers), *body]
    _running(st, frame, report, pages)
    toc = [(t, lv, n) for (t, lv), n in zip(entries, numbers, strict=True)]
    return Laid(pages, toc, placed, frame)


def _setter(numbers: list[int], i: int) -> Callable[[int], None]:
    def put(no: int) -> None:
        numbers[i] = no

    return put


def _section(flow: Flow, s: Section, placed: list[PlacedTable], at: Callable[[int], None]) -> None:
    st = flow.st
    new_page = s.new_page if s.new_page is not None else s.level <= 1
    if new_page:
        flow.break_page()
    else:
        flow.gap(st.pt(6))
    blocks.heading(flow, s.title, s.level, at)
    for b in s.blocks:
        _block(flow, b, placed)
        flow.gap(st.pt(BLOCK_GAP))
    flow.flush()


def _block(flow: Flow, b: Block, placed: list[PlacedTable]) -> None:
    if isinstance(b, Paragraph):
        blocks.paragraph(flow, b)
    elif isinstance(b, Bullets):
        blocks.bullets(flow, b)
    elif isinstance(b, KeyFigures):
        blocks.key_figures(flow, b)
    elif isinstance(b, Table):
        tables.table(flow, b, placed)
    else:
        charts.chart(flow, b)


def _toc(
    st: Styles, frame: Frame, entries: list[tuple[str, int]], numbers: list[int]
) -> list[Page]:
    pages: list[Page] = []
    flow = Flow(st, frame, pages, first_no=2)
    blocks.heading(flow, "Contents", 1, lambda _no: None)
    num_w = st.pt(34)
    for (title, level), no in zip(entries, numbers, strict=True):
        font = "toc1" if level <= 1 else "toc"
        indent = 0.0 if level <= 1 else st.pt(16)
        lh = st.line_height(font)
        lines = wrap(st, font, title, flow.w - indent - num_w - st.pt(8))
        above = st.pt(5) if level <= 1 else 0.0
        y = flow.take(above + lh * len(lines) + st.pt(2)) + above
        for k, line in enumerate(lines):
            flow.add(Text(flow.x + indent, y + st.ascent(font) + k * lh, line, font))
        base = y + st.ascent(font) + (len(lines) - 1) * lh
        end = flow.x + indent + st.width(font, lines[-1]) + st.pt(4)
        num = str(no)
        right = flow.x + flow.w
        flow.add(
            Rule(end, base, right - st.width(font, num) - st.pt(4), base, RULE, st.pt(0.6), True)
        )
        flow.add(Text(right - st.width(font, num), base, num, font))
    return pages


def _cover(st: Styles, frame: Frame, c: Cover) -> Page:
    page = Page(running=False)
    x, w = frame.body.left(), frame.body.width()
    add = page.items.append
    add(Box(0, 0, frame.page.width(), st.pt(9 * MM), ACCENT))
    if c.logo_path:
        _logo(st, frame, c.logo_path, page)
    y = frame.page.height() * 0.28
    for line in wrap(st, "cover_title", c.title, w):
        y += st.line_height("cover_title")
        add(Text(x, y, line, "cover_title", ACCENT))
    for line in wrap(st, "cover_company", c.company, w):
        y += st.line_height("cover_company")
        add(Text(x, y, line, "cover_company", INK))
    y += st.pt(14)
    add(Rule(x, y, x + w, y, ACCENT, st.pt(1.2)))
    y += st.pt(16)
    label_w = max(st.width("cover_label", s) for s in ("Scope", "Scenario", "Date")) + st.pt(16)
    rows = [
        ("Scope", c.scope),
        ("Scenario", c.scenario),
        ("Date", format_value("date", c.report_date)),
    ]
    for label, value in rows:
        lines = wrap(st, "cover_text", value, w - label_w)
        add(Text(x, y + st.ascent("cover_label"), label, "cover_label", MUTED))
        for k, line in enumerate(lines):
            add(
                Text(
                    x + label_w,
                    y + st.ascent("cover_text") + k * st.line_height("cover_text"),
                    line,
                    "cover_text",
                )
            )
        y += len(lines) * st.line_height("cover_text") + st.pt(6)
    y += st.pt(10)
    for line in c.lines:
        for part in wrap(st, "body", line, w):
            add(Text(x, y + st.ascent("body"), part, "body", MUTED))
            y += st.line_height("body")
    if c.confidentiality:
        _stamp(st, frame, c.confidentiality, page)
    return page


def _stamp(st: Styles, frame: Frame, label: str, page: Page) -> None:
    """The confidentiality label boxed near the foot of the cover."""
    x, w = frame.body.left(), frame.body.width()
    lines = wrap(st, "cover_label", label, w - st.pt(20))
    lh = st.line_height("cover_label")
    h = len(lines) * lh + st.pt(12)
    top = frame.body.bottom() - h
    box_w = max(st.width("cover_label", s) for s in lines) + st.pt(20)
    page.items.append(Box(x, top, box_w, h, "#fbeeee", FLAG_INK["risk"], st.pt(1)))
    for k, line in enumerate(lines):
        y = top + st.pt(6) + st.ascent("cover_label") + k * lh
        page.items.append(Text(x + st.pt(10), y, line, "cover_label", FLAG_INK["risk"]))


def _logo(st: Styles, frame: Frame, path: str, page: Page) -> None:
    size = QImageReader(path).size()
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        return  # a missing or unreadable file: no logo, never an error on paper
    max_w, max_h = st.pt(50 * MM), st.pt(22 * MM)
    scale = min(max_w / size.width(), max_h / size.height())
    w, h = size.width() * scale, size.height() * scale
    page.items.append(Picture(frame.body.right() - w, st.pt(16 * MM), w, h, path))


def _running(st: Styles, frame: Frame, report: Report, pages: list[Page]) -> None:
    x0, x1 = frame.body.left(), frame.body.right()
    total = len(pages)
    date_text = format_value("date", report.cover.report_date)
    label = elide(st, "running", report.cover.confidentiality, (x1 - x0) * 0.4)
    gap = st.pt(4)
    room = x1 - x0 - (st.width("running", label) + st.pt(12) if label else 0.0)
    head, foot = _header_texts(st, report, room)
    # the footer centre holds scope and scenario when the header had no room for them
    side = max(st.width("running", date_text), st.width("running", f"Page {total} of {total}"))
    foot = elide(st, "running", foot, x1 - x0 - 2 * (side + st.pt(12)))
    for n, page in enumerate(pages, start=1):
        add = page.items.append
        if page.running:
            add(Text(x0, frame.header_y, head, "running", MUTED))
            if label:
                add(Text(x1 - st.width("running", label), frame.header_y, label, "running", MUTED))
            y = frame.header_y + st.metrics["running"].descent() + gap
            add(Rule(x0, y, x1, y, RULE, st.pt(0.5)))
            if foot:
                mid = (x0 + x1 - st.width("running", foot)) / 2
                add(Text(mid, frame.footer_y, foot, "running", MUTED))
        y = frame.footer_y - st.ascent("running") - gap
        add(Rule(x0, y, x1, y, RULE, st.pt(0.5)))
        add(Text(x0, frame.footer_y, date_text, "running", MUTED))
        text = f"Page {n} of {total}"
        add(Text(x1 - st.width("running", text), frame.footer_y, text, "running", MUTED))


def _header_texts(st: Styles, report: Report, room: float) -> tuple[str, str]:
    """(header, footer centre). The header reads "company · title · scope · scenario": when it
    is too long the company/title part is shortened first, so scope and scenario still show;
    when even they leave too little room, they move to the footer centre."""
    full = report.header or report.cover.title
    if st.width("running", full) <= room:
        return full, ""
    c = report.cover
    tail = f" · {c.scope} · {c.scenario}"
    if not (c.scope and c.scenario and full.endswith(tail) and len(full) > len(tail)):
        return elide(st, "running", full, room), ""
    prefix = full[: -len(tail)]
    left = room - st.width("running", tail)
    if left >= st.pt(MIN_HEAD_PREFIX):
        return elide(st, "running", prefix, left) + tail, ""
    return elide(st, "running", prefix, room), tail[len(" · ") :]
