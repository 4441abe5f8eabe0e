"""Headings, paragraphs, bullets and key figures onto the page flow."""

from __future__ import annotations

from collections.abc import Callable

from rePlanner.io.report.document import Bullets, KeyFigures, Paragraph
from rePlanner.ui.printing.layout import Box, Flow, Rule, Text
from rePlanner.ui.printing.styles import (
    ACCENT,
    FLAG_BAR,
    FLAG_FILL,
    FLAG_INK,
    INK,
    MUTED,
    RULE,
    Styles,
)
from rePlanner.ui.printing.text import fit_font, shrink, word_wrap, wrap

PARA_INK = {"body": INK, "lead": INK, "note": MUTED, "small": MUTED}


def heading(flow: Flow, title: str, level: int, placed: Callable[[int], None]) -> None:
    """Hold a heading so it lands on the page of the first line of what follows it."""
    st = flow.st
    font = "h1" if level <= 1 else "h2"
    lines = wrap(st, font, title, flow.w)
    lh = st.line_height(font)
    above = st.pt(0 if level <= 1 else 6)
    below = st.pt(10 if level <= 1 else 5)
    h = above + lh * len(lines) + below

    def place(y: float) -> None:
        placed(flow.page_no)
        base = y + above + st.ascent(font)
        for i, line in enumerate(lines):
            flow.add(Text(flow.x, base + i * lh, line, font, ACCENT if level <= 1 else INK))
        if level <= 1:
            rule_y = y + above + lh * len(lines) + st.pt(3)
            flow.add(Rule(flow.x, rule_y, flow.x + flow.w, rule_y, ACCENT, st.pt(0.8)))

    if level > 1:
        flow.gap(st.pt(4))
    flow.hold(h, place)


def text_lines(flow: Flow, text: str, font: str, ink: str, indent: float = 0.0) -> None:
    """Wrapped lines, each placed on its own so a long paragraph may continue overleaf."""
    st = flow.st
    lh = st.line_height(font)
    for line in wrap(st, font, text, flow.w - indent):
        y = flow.take(lh)
        flow.add(Text(flow.x + indent, y + st.ascent(font), line, font, ink))


def paragraph(flow: Flow, p: Paragraph) -> None:
    text_lines(flow, p.text, p.style, PARA_INK.get(p.style, INK))


def bullets(flow: Flow, b: Bullets) -> None:
    st = flow.st
    lh = st.line_height("body")
    indent = st.pt(12)
    for item in b.items:
        lines = wrap(st, "body", item, flow.w - indent)
        for i, line in enumerate(lines):
            y = flow.take(lh + (st.pt(2) if i == len(lines) - 1 else 0))
            base = y + st.ascent("body")
            if i == 0:
                flow.add(Text(flow.x + st.pt(2), base, "•", "body", ACCENT))
            flow.add(Text(flow.x + indent, base, line, "body"))


def key_figures(flow: Flow, k: KeyFigures) -> None:
    """Boxed headline numbers, up to four a row; the flag colours the value and a side bar.
    A value too wide for its box is set smaller (the whole row alike), never split."""
    st = flow.st
    per_row = min(4, max(1, len(k.items)))
    gap = st.pt(8)
    box_w = (flow.w - gap * (per_row - 1)) / per_row
    pad = st.pt(7)
    inner = box_w - 2 * pad
    for start in range(0, len(k.items), per_row):
        row = k.items[start : start + per_row]
        fig = _figure_font(st, [value for _, value, _ in row], inner)
        lab = fit_font(st, "figure_label", [label for label, _, _ in row], inner, 6.0)
        labels = [word_wrap(st, lab, label, inner) for label, _, _ in row]
        values = [word_wrap(st, fig, value, inner) for _, value, _ in row]
        fig_lh, lab_lh = st.line_height(fig), st.line_height(lab)
        fig_h = max(len(v) for v in values) * fig_lh
        lab_h = max(len(lb) for lb in labels) * lab_lh
        h = 2 * pad + fig_h + st.pt(2) + lab_h
        y = flow.take(h + gap)
        for i, (_label, _value, flag) in enumerate(row):
            x = flow.x + i * (box_w + gap)
            flow.add(Box(x, y, box_w, h, FLAG_FILL.get(flag or "", "#f7f8fa"), RULE, st.pt(0.5)))
            flow.add(Box(x, y, st.pt(3.5), h, FLAG_BAR[flag]))
            base = y + pad + st.ascent(fig)
            for j, line in enumerate(values[i]):
                flow.add(Text(x + pad, base + j * fig_lh, line, fig, FLAG_INK[flag]))
            base = y + pad + fig_h + st.pt(2) + st.ascent(lab)
            for j, line in enumerate(labels[i]):
                flow.add(Text(x + pad, base + j * lab_lh, line, lab, MUTED))


def _figure_font(st: Styles, values: list[str], width: float) -> str:
    """Big figures stay on one line down to 11 pt; below that they may wrap between words."""
    return shrink(st, "figure", values, width, 11.0, whole=True) or fit_font(
        st, "figure", values, width, 8.0
    )


def small_rule(flow: Flow, y: float) -> None:
    flow.add(Rule(flow.x, y, flow.x + flow.w, y, RULE, flow.st.pt(0.5)))
