"""Filter-as-you-type and sorting for record tables of any size, without a Python call per cell.

QSortFilterProxyModel asks the model for every cell through data() when it filters or sorts
(seconds at 100,000 rows). RowFilterProxy instead keeps one case-folded search text per source
row and the visible rows as a numpy array of source rows: a keystroke is one `in` test per row,
a sort one numpy/Timsort pass over the column's values. The view asks only for the cells it
paints.

The search texts build in slices while the GUI is idle. A keystroke that comes before they are
complete (typing the instant a big table appears) does not wait for all of them: it shows the
matches among the rows built so far at once, and each further slice adds its matches
(`searching()` is true meanwhile), so the GUI never stops for more than one slice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer

from rePlanner.ui.models.column_ops import (  # re-exported: their home before the split
    SEPARATOR,
    display_texts,
    fold,
    matching_rows,
    search_texts,
    sort_order,
)
from rePlanner.ui.models.row_map_proxy import RowMapProxy

if TYPE_CHECKING:
    from rePlanner.ui.models.record_table_model import RecordTableModel

__all__ = [
    "SEPARATOR",
    "RowFilterProxy",
    "display_texts",
    "fold",
    "matching_rows",
    "search_texts",
    "sort_order",
]

BUILD_SLICE = 10_000  # rows per idle step of the search-text build (~25 ms)
_FIRST_BUILD_MS = 250  # the table paints first; the user reads it while the texts build


class RowFilterProxy(RowMapProxy):
    """The rows of a RecordTableModel that contain a text, ordered by one column.

    Speaks the QSortFilterProxyModel subset the pages use (mapToSource, mapFromSource, sort)
    and keeps persistent indexes (selection, current cell, open editor) across every change.
    Edits re-sort and re-filter once control returns to the event loop (a bulk edit of 40 rows
    sorts once), like the proxy's dynamic sort filter.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._order: np.ndarray | None = None  # every source row in sort order; None: stale
        self._within: np.ndarray | None = None  # the order before a re-sort: ties keep it
        self._column, self._descending = -1, False
        self._needle = ""
        # source rows matching the needle among the rows with a search text; None: stale
        self._hits: np.ndarray | None = None
        self._texts: list[str] = []  # search text of source rows 0.. (built so far)
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

    def searching(self) -> bool:
        """True while a filter has looked at only part of the rows (more matches may follow)."""
        return bool(self._needle) and len(self._texts) < self._source_rows()

    def indexed_rows(self) -> int:
        """How many source rows have their search text (the rest build in idle slices)."""
        return len(self._texts)

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

    # --- building ----------------------------------------------------------------------------

    def _is_fresh(self) -> bool:
        return self._order is not None and not self._refresher.isActive()

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
        """Matches among the rows built so far; a small rest (or a first slice) builds now."""
        if self._needle:
            n = self._source_rows()
            if n - len(self._texts) <= BUILD_SLICE:
                self._build_texts(n)
            elif not self._texts:
                self._build_texts(BUILD_SLICE)
            self._hits = matching_rows(self._texts, self._needle, among)
            if len(self._texts) < n:
                self._builder.start(0)  # the rest in slices, adding their matches
        self._apply()

    def _apply(self) -> None:
        assert self._order is not None
        rows = self._order
        if self._needle and self._hits is not None:
            shown = np.zeros(self._source_rows(), dtype=bool)
            shown[self._hits] = True
            rows = rows[shown[rows]]
        self._show_rows(rows)

    def _row_texts(self, start: int, stop: int) -> list[str]:
        """Search texts of rows start..stop-1: one slice per column, folded in one pass."""
        source = self._source
        if source is None or start >= stop:
            return []
        return search_texts([source.column_texts(c, start, stop)
                             for c in range(source.columnCount())])  # fmt: skip

    def _build_texts(self, stop: int) -> None:
        self._texts.extend(self._row_texts(len(self._texts), stop))

    def _build_step(self) -> None:
        """One idle slice; while a filter is searching, its matches in the slice show."""
        n, start = self._source_rows(), len(self._texts)
        stop = min(n, start + BUILD_SLICE)
        if self._needle and self._hits is not None and self._order is not None:
            self._relayout(lambda: self._add_hits(stop))
        else:
            self._build_texts(stop)
        if len(self._texts) < n:
            self._builder.start(0)

    def _add_hits(self, stop: int) -> None:
        assert self._hits is not None
        new = np.arange(len(self._texts), stop, dtype=np.intp)
        self._build_texts(stop)
        self._hits = np.concatenate((self._hits, matching_rows(self._texts, self._needle, new)))
        self._apply()

    # --- keeping up with the source ------------------------------------------------------------

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
        """New rows show at once (matching the filter); their sorted place follows in a moment.

        Rows past the built search texts are matched when the build reaches them."""
        count, new = last - first + 1, np.arange(first, last + 1, dtype=np.intp)

        def shift(rows: np.ndarray) -> np.ndarray:
            moved = rows.copy()
            moved[moved >= first] += count
            return moved

        built = len(self._texts) >= first
        if built:
            self._texts[first:first] = self._row_texts(first, last + 1)
        if self._order is not None:
            self._order = np.concatenate((shift(self._order), new))
        if self._needle and self._hits is not None:
            found = matching_rows(self._texts, self._needle, new) if built else new[:0]
            self._hits = np.concatenate((shift(self._hits), found))
        self._compute()
        self._end_layout()
        self._refresher.start()
        if not self._builder.isActive():  # a search under way keeps its pace
            self._builder.start(_FIRST_BUILD_MS)

    def _on_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list
    ) -> None:
        first, last = top_left.row(), bottom_right.row()
        if first < len(self._texts):
            stop = min(last + 1, len(self._texts))
            self._texts[first:stop] = self._row_texts(first, stop)
        self._forward_changed(top_left, bottom_right, roles)
        if self._needle or top_left.column() <= self._column <= bottom_right.column():
            self._refresher.start()  # sort and filter again, once per burst of edits


def _timer(parent: QObject, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer
