"""Qt models of the BOMs page: the BOM tree (a QAbstractItemModel over services.bom_view) and a
diff table whose rows are coloured by the kind of change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from rePlanner.services.bom_view import BomView, TreeRow
from rePlanner.services.tables import HEAVY_LICENSED
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.models.record_table_model import RecordTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
PART_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 10  # the row's part number (text, leading zeros)
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 11  # the BOM line's database id
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# Reddish text that stays readable on light and dark palettes: licensed heavy rare earths.
LICENSED_COLOUR = QColor(214, 60, 60)

# key, title, tooltip
COLUMNS = (
    ("part_number", "Part number", "The part number as stored (text: leading zeros kept)"),
    ("level", "Level", "BOM level: 1 = fitted directly to the vehicle"),
    ("description", "Description", ""),
    ("quantity", "Qty / parent", "Quantity per unit of the parent assembly"),
    ("unit", "Unit", "Unit of measure of the part"),
    (
        "extended_quantity",
        "Per vehicle",
        "Extended quantity: the quantity times every "
        "ancestor's quantity, i.e. how many go into one vehicle",
    ),  # fmt: skip
    (
        "content",
        "Material content (kg per vehicle)",
        "Kg of each material per vehicle in this "
        "row and its components (extended). A material counts once per branch: where an assembly "
        "lists it, its figure includes its components'. Red: Dy or Tb (export licence).",
    ),  # fmt: skip
    ("supplier", "Supplier", "Supplier named on the BOM line"),
)
COLUMN = {key: i for i, (key, _, _) in enumerate(COLUMNS)}
_NUMERIC = {"level", "quantity", "extended_quantity"}


class BomTreeModel(QAbstractItemModel):
    """Read-only tree; an index's internal id is its row's position in the view's rows + 1
    (0 is the invisible root)."""

    def __init__(self, parent: QObject | None = None, locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self._locale = locale or QLocale()
        self._view: BomView | None = None
        self._rows: list[TreeRow] = []
        self._children: list[list[int]] = [[]]  # by internal id: child positions (+1)
        self._parent: list[int] = [0]  # by internal id: the parent's internal id
        self._row_in_parent: list[int] = [0]

    def set_view(self, view: BomView | None) -> None:
        self.beginResetModel()
        self._view = view
        self._rows = view.rows if view else []
        at = {r.id: i + 1 for i, r in enumerate(self._rows)}
        self._children = [[] for _ in range(len(self._rows) + 1)]
        self._parent = [0] * (len(self._rows) + 1)
        self._row_in_parent = [0] * (len(self._rows) + 1)
        for i, r in enumerate(self._rows, start=1):
            up = at.get(r.parent_id, 0) if r.parent_id is not None else 0
            self._parent[i] = up
            self._row_in_parent[i] = len(self._children[up])
            self._children[up].append(i)
        self.endResetModel()

    def bom(self) -> BomView | None:
        return self._view

    def tree_row(self, index: AnyIndex) -> TreeRow | None:
        return self._rows[index.internalId() - 1] if index.isValid() else None

    def content_text(self, row: TreeRow) -> str:
        """ "NdFeB 0.16 kg · Dy 0.0064 kg" (largest first)."""
        mats = self._view.materials if self._view else {}
        return " · ".join(
            f"{mats[m].label} {format_number(self._locale, kg)} kg" for m, kg in row.content
        )

    # --- Qt interface ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        up = parent.internalId() if parent.isValid() else 0
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self._children[up] if up < len(self._children) else []
        if not (0 <= row < len(kids) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self._parent[index.internalId()]
        return QModelIndex() if up == 0 else self.createIndex(self._row_in_parent[up], 0, up)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children[parent.internalId() if parent.isValid() else 0])

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.tree_row(index)
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if key in _NUMERIC else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and key == "content" and self._licensed(row):
            return LICENSED_COLOUR
        if role == PART_NUMBER_ROLE:
            return row.part_number
        if role == ROW_ID_ROLE:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        _, title, tip = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(tip or title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if COLUMNS[section][0] in _NUMERIC else _LEFT
        return None

    # --- helpers ---------------------------------------------------------------------------

    def _text(self, row: TreeRow, key: str) -> str:
        if key in ("quantity", "extended_quantity"):
            return format_number(self._locale, getattr(row, key))
        if key == "level":
            return self._locale.toString(row.level)
        if key == "content":
            return self.content_text(row)
        return getattr(row, key) or ""

    def _tip(self, row: TreeRow, key: str) -> str | None:
        if key == "content" and row.content and self._view:
            mats = self._view.materials
            lines = [f"{mats[m].name} ({mats[m].label}): {format_number(self._locale, kg)} kg"
                     for m, kg in row.content]  # fmt: skip
            return self.tr("Per vehicle, this row with its components:") + "\n" + "\n".join(lines)
        if key == "extended_quantity":
            return self.tr("{0} {1} per vehicle").format(self._text(row, key), row.unit or "")
        text = self._text(row, key)
        return text or None

    def _licensed(self, row: TreeRow) -> bool:
        mats = self._view.materials if self._view else {}
        return any(mats[m].label.split(" ")[0] in HEAVY_LICENSED for m, _ in row.content)


# --- diff --------------------------------------------------------------------------------------

# Translucent fills: the text keeps the palette's colour, so light and dark themes both read.
CHANGE_COLOURS = {
    "added": QColor(60, 170, 75, 70),
    "removed": QColor(214, 60, 60, 70),
    "changed": QColor(230, 160, 30, 80),
}


class DiffTableModel(RecordTableModel):
    """A RecordTableModel whose first column ("change": added/removed/changed) tints the row."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            table = self.table()
            if index.row() < len(table.rows):
                return CHANGE_COLOURS.get(str(table.rows[index.row()][0]))
            return None
        return super().data(index, role)
