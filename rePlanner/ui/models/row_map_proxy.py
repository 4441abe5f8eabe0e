"""A proxy model whose rows are a numpy array of source rows, keeping persistent indexes.

The plumbing under RowFilterProxy: mapping between proxy and source rows, the Qt interface
forwarded to the source, and the layout-change protocol that moves every persistent index
(selection, current cell, open editor) to where its source cell went. Subclasses decide which
rows show in which order by setting `_rows` inside `_relayout`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from rePlanner.ui.models.record_table_model import AnyIndex, RecordTableModel


class RowMapProxy(QAbstractTableModel):
    """Shows source rows `_rows` (proxy row -> source row) with every column of the source."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: RecordTableModel | None = None
        self._rows = np.arange(0, dtype=np.intp)  # proxy row -> source row
        self._inverse: np.ndarray | None = None  # source row -> proxy row (-1: hidden), lazy
        self._saved: list[tuple[Any, Any]] = []

    def sourceModel(self) -> RecordTableModel | None:  # noqa: N802 (Qt name)
        return self._source

    def _source_rows(self) -> int:
        return self._source.rowCount() if self._source is not None else 0

    def _show_rows(self, rows: np.ndarray) -> None:
        self._rows, self._inverse = rows, None

    # --- mapping -----------------------------------------------------------------------------

    def mapToSource(self, index: AnyIndex) -> QModelIndex:  # noqa: N802
        if self._source is None or not index.isValid() or index.row() >= len(self._rows):
            return QModelIndex()
        return self._source.index(int(self._rows[index.row()]), index.column())

    def mapFromSource(self, index: AnyIndex) -> QModelIndex:  # noqa: N802
        if not index.isValid() or index.row() >= self._source_rows():
            return QModelIndex()
        inverse = self._inverse_map()
        row = int(inverse[index.row()]) if index.row() < len(inverse) else -1
        return self.index(row, index.column()) if row >= 0 else QModelIndex()

    def _inverse_map(self) -> np.ndarray:
        if self._inverse is None:
            self._inverse = np.full(self._source_rows(), -1, dtype=np.intp)
            self._inverse[self._rows] = np.arange(len(self._rows))
        return self._inverse

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
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and self._source is not None:
            return self._source.headerData(section, orientation, role)
        return super().headerData(section, orientation, role)

    def _forward_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                         roles: list) -> None:  # fmt: skip
        """dataChanged for the proxy rows showing source rows top_left..bottom_right."""
        shown = self._inverse_map()[top_left.row() : bottom_right.row() + 1]
        shown = shown[shown >= 0]
        if len(shown):
            left, right = top_left.column(), bottom_right.column()
            tl, br = self.index(int(shown.min()), left), self.index(int(shown.max()), right)
            self.dataChanged.emit(tl, br, roles)

    # --- layout changes ------------------------------------------------------------------------

    def _relayout(self, change: Callable[[], object]) -> None:
        self._begin_layout()
        change()
        self._end_layout()

    def _begin_layout(self) -> None:
        """Before a change: remember every persistent index by its source cell."""
        self.layoutAboutToBeChanged.emit()
        saved = self.persistentIndexList()
        self._saved = [(p, QPersistentModelIndex(self.mapToSource(p))) for p in saved]

    def _end_layout(self) -> None:
        source = self._source
        old = [p for p, _ in self._saved]
        new = [
            self.mapFromSource(source.index(s.row(), s.column()))
            if s.isValid() and source is not None
            else QModelIndex()
            for _, s in self._saved
        ]
        self._saved = []
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
