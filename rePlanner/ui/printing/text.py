"""Greedy word wrapping with cached word widths (a table of 16,000 cells repeats most words)."""

from __future__ import annotations

import re

from rePlanner.ui.printing.styles import FONT_SPECS, Styles

_HYPHEN = re.compile(r"(?<=\w-)(?=\w)")  # a word may break after an inner hyphen only


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


def pieces(word: str) -> list[str]:
    """The unbreakable parts of a word: "graphite-anode" -> ["graphite-", "anode"]."""
    return _HYPHEN.split(word)


def word_wrap(st: Styles, font: str, text: str, width: float) -> list[str]:
    """Lines broken only at spaces and after inner hyphens, never inside a word; a piece wider
    than `width` stays whole (callers shrink the font first, see `shrink`)."""
    lines: list[str] = []
    cur, cur_w, space = "", 0.0, st.width(font, " ")
    for word in text.split():
        for k, piece in enumerate(pieces(word)):
            sep = "" if k else " "  # pieces of one word join without a space
            w = st.width(font, piece)
            if cur and cur_w + (space if sep else 0.0) + w > width:
                lines.append(cur)
                cur, cur_w = piece, w
            else:
                cur_w += (space if sep and cur else 0.0) + w
                cur = cur + sep + piece if cur else piece
    lines.append(cur)
    return lines


def title_wrap(st: Styles, font: str, text: str, width: float) -> list[str]:
    """A title's lines between words within `width`; a lone word wider than that is elided."""
    return [elide(st, font, line, width) for line in word_wrap(st, font, text, width)]


def widest_piece(st: Styles, font: str, text: str) -> float:
    return max((st.width(font, p) for w in text.split() for p in pieces(w)), default=0.0)


def shrink(
    st: Styles, base: str, texts: list[str], width: float, floor: float, whole: bool = False
) -> str | None:
    """The largest size of font `base` (half-point steps down to `floor` points) at which no
    unbreakable piece of `texts` (`whole`: no text) is wider than `width`; None when even
    `floor` is too big."""

    def measure(font: str, t: str) -> float:
        return st.width(font, t) if whole else widest_piece(st, font, t)

    size = FONT_SPECS[base][0]
    while size >= floor - 1e-6:
        font = st.sized(base, size)
        if all(measure(font, t) <= width for t in texts):
            return font
        size -= 0.5
    return None


def fit_font(st: Styles, base: str, texts: list[str], width: float, floor: float) -> str:
    """`shrink`, and below `floor` exactly as small as the widest piece needs (a figure or a
    header must never be split inside a word)."""
    font = shrink(st, base, texts, width, floor)
    if font is not None:
        return font
    low = st.sized(base, floor)
    widest = max(widest_piece(st, low, t) for t in texts)
    return st.sized(base, max(3.0, floor * width / widest * 0.98))


def longest_word(st: Styles, font: str, text: str) -> float:
    return max((st.width(font, w) for w in text.split()), default=0.0)


def elide(st: Styles, font: str, text: str, width: float) -> str:
    """Shorten a chart label with an ellipsis (charts only: table text is never elided)."""
    if st.width(font, text) <= width:
        return text
    while text and st.metrics[font].horizontalAdvance(text + "…") > width:
        text = text[:-1]
    return text + "…"
