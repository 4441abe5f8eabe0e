"""Filter-as-you-type and sorting for record tables of any size, without a Python call per cell.

QSortFilterProxyModel asks the model for every cell through data() when it filters or sorts
(seconds at 100,000 rows). RowFilterProxy instead keeps one case-folded search text per source
row (built in slices while the GUI is idle, or at once when the user types first) and the
visible rows as a numpy array of source rows: a keystroke is one `in` test per row, a sort one
numpy/Timsort pass over the column's values. The view asks only for the cells it paints.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from rePlanner.ui.models.formatting import format_cell

if TYPE_CHECKING:
    from rePlanner.ui.models.record_table_model import AnyIndex, RecordTableModel

SEPARATOR = "\x1f"  # between the cells of a row's search text: no match spans two cells
BUILD_SLICE = 10_000  # rows per idle step of the search-text build (~20 ms)
_FIRST_BUILD_MS = 250  # the table paints first; the user reads it while the texts build
_PROBES = {
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
        grouped = len(locale.toString(1234567)) > 7
        table = str.maketrans({",": locale.groupSeparator(), ".": locale.decimalPoint()})
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


# --- the proxy ---------------------------------------------------------------------------------


class RowFilterProxy(QAbstractTableModel):
    """The rows of a RecordTableModel that contain a text, ordered by one column.

    Speaks the QSortFilterProxyModel subset the pages use (mapToSource, mapFromSource, sort)
    and keeps persistent indexes (selection, current cell, open editor) across every change.
    Edits re-sort and re-filter once control returns to the event loop (a bulk edit of 40 rows
    sorts once), like the proxy's dynamic sort filter.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: RecordTableModel | None = None
        self._rows = np.arange(0, dtype=np.intp)  # proxy row -> source row
        self._inverse: np.ndarray | None = None  # source row -> proxy row (-1: hidden), lazy
        self._order: np.ndarray | None = None  # every source row in sort order; None: stale
        self._within: np.ndarray | None = None  # the order before a re-sort: ties keep it
        self._column, self._descending = -1, False
        self._needle = ""
        self._hits: np.ndarray | None = None  # source rows matching the needle; None: stale
        self._texts: list[str] = []  # search text of source rows 0.. (built so far)
        self._saved: list[tuple[Any, Any]] = []
        self._builder = _timer(self, self._build_step)
        self._refresher = _timer(self, self.invalidate)

    # --- configuration ---------------------------------------------------------------------

    def setSourceModel(self, model: RecordTableModel) -> None:  # noqa: N802 (Qt name)
        self.beginResetModel()
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_reset)
        model.rowsAboutToBeRemoved.connect(self._begin_layout)
        model.rowsRemoved.connect(self._on_rows_removed)
        model.rowsAboutToBeInserted.connect(self._begin_layout)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.layoutAboutToBeChanged.connect(self._begin_layout)
        model.layoutChanged.connect(self._on_source_layout)
        model.dataChanged.connect(self._on_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._forget()
        self._compute()
        self.endResetModel()

    def sourceModel(self) -> RecordTableModel | None:  # noqa: N802
        return self._source

    def set_filter_text(self, text: str) -> None:
        """Show the rows with `text` in any cell's display text, ignoring case and accents."""
        needle = fold(text)
        if needle == self._needle:
            return
        narrower = self._hits is not None and self._is_fresh() and self._needle in needle
        among = self._hits if narrower and self._needle else None
        self._needle = needle
        self._relayout(lambda: self._set_hits(among))

    def filter_text(self) -> str:
        return self._needle

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending) and self._is_fresh():
            return  # e.g. a restored header state: already in this order
        self._column, self._descending = column, descending
        self._within, self._order = self._order, None
        self._relayout(self._compute)

    def sortColumn(self) -> int:  # noqa: N802
        return self._column

    def sortOrder(self) -> Qt.SortOrder:  # noqa: N802
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def invalidate(self) -> None:
        """Sort and filter again from the source's current values."""
        self._refresher.stop()
        self._within, self._order, self._hits = self._order, None, None
        self._relayout(self._compute)

    # --- mapping -----------------------------------------------------------------------------

    def mapToSource(self, index: AnyIndex) -> QModelIndex:  # noqa: N802
        if self._source is None or not index.isValid() or index.row() >= len(self._rows):
            return QModelIndex()
        return self._source.index(int(self._rows[index.row()]), index.column())

    def mapFromSource(self, index: AnyIndex) -> QModelIndex:  # noqa: N802
        if not index.isValid() or index.row() >= self._source_rows():
            return QModelIndex()
        if self._inverse is None:
            self._inverse = np.full(self._source_rows(), -1, dtype=np.intp)
            self._inverse[self._rows] = np.arange(len(self._rows))
        row = int(self._inverse[index.row()]) if index.row() < len(self._inverse) else -1
        return self.index(row, index.column()) if row >= 0 else QModelIndex()

    # --- Qt interface ------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._source is None else self._source.columnCount()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.mapToSource(index)
        return self._source.data(source, role) if source.isValid() and self._source else None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        source = self.mapToSource(index)
        return bool(source.isValid() and self._source and self._source.setData(source, value, role))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        source = self.mapToSource(index)
        if not source.isValid() or self._source is None:
            return Qt.ItemFlag.NoItemFlags
        return self._source.flags(source)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802, E501
        if orientation == Qt.Orientation.Horizontal and self._source is not None:
            return self._source.headerData(section, orientation, role)
        return super().headerData(section, orientation, role)

    # --- building ----------------------------------------------------------------------------

    def _is_fresh(self) -> bool:
        return self._order is not None and not self._refresher.isActive()

    def _source_rows(self) -> int:
        return self._source.rowCount() if self._source is not None else 0

    def _forget(self) -> None:
        self._order, self._within, self._hits, self._texts = None, None, None, []
        self._refresher.stop()

    def _compute(self) -> None:
        """_rows from the sort order and the matches (whatever is stale is recomputed)."""
        n = self._source_rows()
        if self._order is None:
            within, self._within = self._within, None
            source = self._source
            if source is not None and n and 0 <= self._column < source.columnCount():
                within = within if within is not None and len(within) == n else None
                self._order = source.column_order(self._column, self._descending, within)
            else:
                self._order = np.arange(n, dtype=np.intp)
        if self._needle and self._hits is None:
            self._set_hits(None)
            return
        self._apply()

    def _set_hits(self, among: np.ndarray | None) -> None:
        if self._needle:
            self._build_texts(self._source_rows())
            self._hits = matching_rows(self._texts, self._needle, among)
        self._apply()

    def _apply(self) -> None:
        assert self._order is not None
        rows = self._order
        if self._needle and self._hits is not None:
            shown = np.zeros(self._source_rows(), dtype=bool)
            shown[self._hits] = True
            rows = rows[shown[rows]]
        self._rows, self._inverse = rows, None

    def _row_texts(self, start: int, stop: int) -> list[str]:
        """Search texts of rows start..stop-1: one slice per column, joined per row."""
        source = self._source
        if source is None or start >= stop:
            return []
        columns = [source.column_texts(c, start, stop) for c in range(source.columnCount())]
        return [fold(SEPARATOR.join(cells)) for cells in zip(*columns, strict=True)]

    def _build_texts(self, stop: int) -> None:
        self._texts.extend(self._row_texts(len(self._texts), stop))

    def _build_step(self) -> None:
        """One idle slice, so the first keystroke finds the search texts ready."""
        n = self._source_rows()
        self._build_texts(min(n, len(self._texts) + BUILD_SLICE))
        if len(self._texts) < n:
            self._builder.start(0)

    # --- keeping up with the source ------------------------------------------------------------

    def _relayout(self, change: Callable[[], None]) -> None:
        self._begin_layout()
        change()
        self._end_layout()

    def _begin_layout(self) -> None:
        """Before a change: remember every persistent index by its source cell."""
        self.layoutAboutToBeChanged.emit()
        saved = self.persistentIndexList()
        self._saved = [(p, QPersistentModelIndex(self.mapToSource(p))) for p in saved]

    def _end_layout(self) -> None:
        old = [p for p, _ in self._saved]
        new = [
            self.mapFromSource(self._source.index(s.row(), s.column()))
            if s.isValid() and self._source
            else QModelIndex()
            for _, s in self._saved
        ]  # noqa: E501
        self._saved = []
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _on_reset(self) -> None:
        self._forget()
        self._compute()
        self.endResetModel()
        self._builder.start(_FIRST_BUILD_MS)

    def _on_source_layout(self) -> None:
        self._forget()
        self._compute()
        self._end_layout()
        self._builder.start(_FIRST_BUILD_MS)

    def _on_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1

        def shift(rows: np.ndarray) -> np.ndarray:
            kept = rows[(rows < first) | (rows > last)]
            kept[kept > last] -= count
            return kept

        self._order = None if self._order is None else shift(self._order)
        self._hits = None if self._hits is None else shift(self._hits)
        del self._texts[first : last + 1]
        self._compute()
        self._end_layout()

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        """New rows show at once (matching the filter); their sorted place follows in a moment."""
        count, new = last - first + 1, np.arange(first, last + 1, dtype=np.intp)

        def shift(rows: np.ndarray) -> np.ndarray:
            moved = rows.copy()
            moved[moved >= first] += count
            return moved

        if len(self._texts) >= first:
            self._texts[first:first] = self._row_texts(first, last + 1)
        if self._order is not None:
            self._order = np.concatenate((shift(self._order), new))
        if self._needle and self._hits is not None:
            self._build_texts(last + 1)
            self._hits = np.concatenate(
                (shift(self._hits), matching_rows(self._texts, self._needle, new))
            )
        self._compute()
        self._end_layout()
        self._refresher.start()
        self._builder.start(_FIRST_BUILD_MS)

    def _on_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list
    ) -> None:
        first, last = top_left.row(), bottom_right.row()
        if first < len(self._texts):
            stop = min(last + 1, len(self._texts))
            self._texts[first:stop] = self._row_texts(first, stop)
        self.mapFromSource(top_left)  # builds the inverse map
        assert self._inverse is not None
        shown = self._inverse[first : last + 1]
        shown = shown[shown >= 0]
        if len(shown):
            left, right = top_left.column(), bottom_right.column()
            tl, br = self.index(int(shown.min()), left), self.index(int(shown.max()), right)
            self.dataChanged.emit(tl, br, roles)
        if self._needle or top_left.column() <= self._column <= bottom_right.column():
            self._refresher.start()  # sort and filter again, once per burst of edits


def _timer(parent: QObject, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer
