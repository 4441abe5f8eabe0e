"""Whole-column work for RowFilterProxy: display texts, sort orders, search texts.

Each function handles a whole column (or all rows) in a few C-speed passes instead of one
Python call per cell: format a column's numbers with one f-string each, sort with numpy, fold
the search texts of every row at once. They use no Qt object but a QLocale, so they may run in
a worker thread (the table load) as well as on the GUI thread.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QLocale

from rePlanner.ui.models.formatting import format_cell, grouping

SEPARATOR = "\x1f"  # between the cells of a row's search text: no match spans two cells
_ROW_SEPARATOR = "\x1e"  # between rows while all rows are folded in one pass
_PROBES: dict[str, list[float]] = {
    "int": [0, 7, -42, 1234, 1234567, 10**12],
    "number": [
        1234567.891,
        -0.000123456,
        12.5,
        100.0,
        0.1,
        3.14159,
        999.9999,
        -98765.4321,
        1e-9,
        0.5,
        2.675,
        1e15,
    ],  # fmt: skip
    "share": [0.0, 0.123456, 1.0, 12.3456, -0.5, 0.9995],
}


# --- whole columns -----------------------------------------------------------------------------


def display_texts(locale: QLocale, kind: str, values: Sequence[Any]) -> list[str]:
    """format_cell for a whole column: numbers by one f-string each, other kinds memoised."""
    fast = _fast_formatter(locale, kind)
    if fast is not None:
        exact = (int,) if kind == "int" else (int, float)
        return [fast(v) if type(v) in exact else format_cell(locale, kind, v) for v in values]
    if kind == "text":
        return [v if type(v) is str else format_cell(locale, kind, v) for v in values]
    memo: dict[Any, str] = {}

    def put(value: Any) -> str:
        memo[value] = text = format_cell(locale, kind, value)
        return text

    return [memo[v] if v in memo else put(v) for v in values]


_FAST: dict[tuple[str, str, str], Callable[[Any], str] | None] = {}


def _fast_formatter(locale: QLocale, kind: str) -> Callable[[Any], str] | None:
    """Python formatting that gives exactly QLocale's text, or None for this locale and kind."""
    if kind not in _PROBES:
        return None
    cache_key = (locale.name(), repr(locale.numberOptions()), kind)
    if cache_key not in _FAST:
        shown = grouping(locale)  # the C locale is written as English: thousands grouped
        grouped = len(shown.toString(1234567)) > 7
        table = str.maketrans({",": shown.groupSeparator(), ".": shown.decimalPoint()})
        fmt = _formatter(locale, kind, "," if grouped else "", table)
        ok = all(fmt(v) == format_cell(locale, kind, v) for v in _PROBES[kind])
        _FAST[cache_key] = fmt if ok else None  # e.g. Indian grouping, Arabic digits
    return _FAST[cache_key]


def _formatter(locale: QLocale, kind: str, sep: str, table: dict[int, str]) -> Callable:
    if kind == "int":
        return lambda v: f"{v:{sep}d}".translate(table)
    if kind == "share":
        return lambda v: f"{v * 100:{sep}.1f} %".translate(table)

    def number(v: float) -> str:
        if v == 0 or not math.isfinite(v):
            return format_cell(locale, kind, v)
        decimals = max(2, min(6, 3 - math.floor(math.log10(abs(v)))))
        return f"{v:{sep}.{decimals}f}".rstrip("0").rstrip(".").translate(table)

    return number


def sort_order(
    values: Sequence[Any],
    descending: bool,
    *,
    text: bool = False,
    key: Callable[[Any], Any] | None = None,
) -> np.ndarray:
    """Row order by value, stable like QSortFilterProxyModel; blanks (None) count as largest.

    `text` sorts case-insensitively (accents folded); otherwise `key` maps values to numbers.
    """
    if key is not None:
        memo: dict[Any, Any] = {}
        values = [memo[v] if v in memo else memo.setdefault(v, key(v)) for v in values]
    if not text:
        try:
            keys = np.array(values, dtype=float)  # None -> nan
        except (TypeError, ValueError):
            text = True
    if text:
        return _text_order(values, descending)
    if not descending:
        return np.argsort(keys, kind="stable")  # nan last
    order = np.argsort(-keys, kind="stable")
    blanks = int(np.isnan(keys).sum())
    return np.concatenate((order[len(order) - blanks :], order[: len(order) - blanks]))


def _text_order(values: Sequence[Any], descending: bool) -> np.ndarray:
    blanks = [i for i, v in enumerate(values) if v is None] if None in values else []
    rows = [i for i, v in enumerate(values) if v is not None] if blanks else range(len(values))
    texts = [values[i] for i in rows] if blanks else values
    keys = _ascii_keys(texts)
    if keys is not None:  # the usual case: one C-speed pass, no Python call per row
        order = np.asarray(rows, dtype=np.intp)[_argsort_bytes(keys, descending)]
    else:
        folded = [v.casefold() if type(v) is str and v.isascii() else fold(v) for v in texts]
        ranked = sorted(range(len(texts)), key=folded.__getitem__, reverse=descending)
        order = np.asarray(rows, dtype=np.intp)[np.array(ranked, dtype=np.intp)]
    if not blanks:
        return order
    parts = (np.array(blanks, dtype=np.intp), order)
    return np.concatenate(parts if descending else parts[::-1])


def _ascii_keys(texts: Sequence[Any]) -> np.ndarray | None:
    """Lower-cased ASCII texts as a numpy bytes array, or None (not all plain ASCII str)."""
    try:
        joined = "\x00".join(texts)
    except TypeError:
        return None
    parts = joined.lower().split("\x00")
    if not joined.isascii() or len(parts) != len(texts):
        return None
    return np.array(parts, dtype="S")


def _argsort_bytes(keys: np.ndarray, descending: bool) -> np.ndarray:
    """Stable argsort; descending keeps equal keys in their source order (as Qt's sort)."""
    order = np.argsort(keys, kind="stable")
    if not descending or len(keys) < 2:
        return order
    ordered = keys[order]
    runs = np.concatenate(([0], np.cumsum(ordered[1:] != ordered[:-1])))
    rank = np.empty_like(runs)
    rank[order] = runs
    return np.argsort(-rank, kind="stable")


def fold(value: Any) -> str:
    """Case- and accent-insensitive form of a value's text ("Élan" -> "elan")."""
    if value is None:
        return ""
    text = str(value).casefold()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def matching_rows(texts: list[str], needle: str, among: np.ndarray | None = None) -> np.ndarray:
    """Rows whose search text contains `needle` (already folded), optionally among some rows."""
    if among is None:
        hits = [i for i, t in enumerate(texts) if needle in t]
    else:
        hits = [i for i in among.tolist() if needle in texts[i]]
    return np.array(hits, dtype=np.intp)


def search_texts(columns: Sequence[list[str]]) -> list[str]:
    """The folded search text of each row, from its cells' display texts (a list per column).

    All rows are folded in one pass: case folding and accent stripping never move the row
    separator, so the joined text splits back into exactly the rows (checked all the same).
    """
    rows = list(map(SEPARATOR.join, zip(*columns, strict=True)))
    folded = fold(_ROW_SEPARATOR.join(rows)).split(_ROW_SEPARATOR)
    return folded if len(folded) == len(rows) else [fold(row) for row in rows]
