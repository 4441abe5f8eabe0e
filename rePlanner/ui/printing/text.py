"""Greedy word wrapping with cached word widths (a table of 16,000 cells repeats most words)."""

from __future__ import annotations

from rePlanner.ui.printing.styles import Styles


def wrap(st: Styles, font: str, text: str, width: float) -> list[str]:
    """Lines of `text` no wider than `width`; explicit newlines kept; a word wider than the
    line is cut between characters (a long part number must not run off the page)."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(_wrap_line(st, font, para, width))
    return out


def _wrap_line(st: Styles, font: str, text: str, width: float) -> list[str]:
    if st.width(font, text) <= width:
        return [text]
    space = st.width(font, " ")
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for word in text.split():
        w = st.width(font, word)
        if w > width:  # cut the long word: flush, then pieces
            if cur:
                lines.append(" ".join(cur))
            pieces = _cut(st, font, word, width)
            lines.extend(pieces[:-1])
            cur, cur_w = [pieces[-1]], st.width(font, pieces[-1])
            continue
        if cur and cur_w + space + w > width:
            lines.append(" ".join(cur))
            cur, cur_w = [word], w
        else:
            cur_w = cur_w + space + w if cur else w
            cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return lines or [""]


def _cut(st: Styles, font: str, word: str, width: float) -> list[str]:
    pieces: list[str] = []
    start = 0
    for end in range(1, len(word) + 1):
        if end - start > 1 and st.metrics[font].horizontalAdvance(word[start:end]) > width:
            pieces.append(word[start : end - 1])
            start = end - 1
    pieces.append(word[start:])
    return pieces


def longest_word(st: Styles, font: str, text: str) -> float:
    return max((st.width(font, w) for w in text.split()), default=0.0)


def elide(st: Styles, font: str, text: str, width: float) -> str:
    """Shorten a chart label with an ellipsis (charts only: table text is never elided)."""
    if st.width(font, text) <= width:
        return text
    while text and st.metrics[font].horizontalAdvance(text + "…") > width:
        text = text[:-1]
    return text + "…"
