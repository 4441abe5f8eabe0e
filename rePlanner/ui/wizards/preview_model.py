"""Table models of the import wizard: the raw first rows of a sheet and the parsed BOM preview.

PreviewRows is built on the worker thread (plain Python, indexes only, so a 500k-line BOM is
not copied); the Qt model reads it lazily. Issues are tied to rows by their Excel row number
and to cells by their column's header text; a supplier issue marks every line naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from rePlanner.domain.imports import BomField, BomLineIn, ImportIssue, Severity
from rePlanner.ui.models.formatting import format_number

if TYPE_CHECKING:
    from rePlanner.services.bom_import import BomPreview

AnyIndex = QModelIndex | QPersistentModelIndex
ERROR_BACKGROUND = QColor(220, 50, 50, 90)  # translucent: readable on light and dark palettes
WARNING_BACKGROUND = QColor(235, 160, 0, 90)
HEADER_BACKGROUND = QColor(60, 120, 220, 70)
ABOVE_HEADER = QColor(128, 128, 128)
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# (title, field shown in the column, tooltip)
COLUMNS: list[tuple[str, BomField | None, str]] = [
    ("Row", None, "Row number in the sheet, as Excel shows it"),
    ("Level", BomField.LEVEL, "1 = directly under the vehicle"),
    ("Part number", BomField.PART_NUMBER, ""),
    ("Description", BomField.DESCRIPTION, ""),
    ("Quantity", BomField.QUANTITY, "Quantity per parent assembly, as it will be imported"),
    ("Unit", BomField.UNIT, ""),
    ("Supplier", BomField.SUPPLIER, "Supplier name as written in the file"),
    ("Change", None, "Difference with the line's current BOM revision"),
    ("Issues", None, "What is wrong with the row: errors block the import, warnings do not"),
]
ISSUES_COLUMN = len(COLUMNS) - 1


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class PreviewRows:
    """Rows of the preview in sheet order: parsed lines and rows that only carry issues."""

    def __init__(self, preview: BomPreview) -> None:
        parsed = preview.parsed
        self.lines: list[BomLineIn] = parsed.lines
        self.line_at = {ln.row: i for i, ln in enumerate(parsed.lines)}
        self.issues_at: dict[int, list[ImportIssue]] = {}
        self.general: list[ImportIssue] = []  # about the file or the line, not a row
        by_header = {h: c for c, h in enumerate(parsed.mapping.headers) if h}
        self.field_of = {c: f for f, c in parsed.mapping.columns.items()}
        self.column_of: dict[str, BomField] = {}
        for header, c in by_header.items():
            if c in self.field_of:
                self.column_of[header] = self.field_of[c]
        self._attach(preview.issues)
        self.change_at = _changes(preview)
        self.rows = sorted(self.line_at.keys() | self.issues_at.keys())
        self.error_rows = [r for r in self.rows if self.worst(r) is Severity.ERROR]
        self.counts = {s: sum(i.severity is s for i in preview.issues) for s in Severity}

    def _attach(self, issues: Sequence[ImportIssue]) -> None:
        naming: dict[str, list[int]] = {}
        if any(i.code.startswith("supplier_") for i in issues):
            for ln in self.lines:
                if ln.supplier and ln.supplier.strip():
                    naming.setdefault(_norm(ln.supplier), []).append(ln.row)
        for issue in issues:
            if issue.code.startswith("supplier_") and isinstance(issue.value, str):
                rows = naming.get(_norm(issue.value), [issue.row] if issue.row else [])
            else:
                rows = [issue.row] if issue.row is not None else []
            if not rows:
                self.general.append(issue)
            for r in rows:
                self.issues_at.setdefault(r, []).append(issue)

    def worst(self, row: int) -> Severity | None:
        found = self.issues_at.get(row)
        return min((i.severity for i in found), key=RANK.__getitem__) if found else None

    def cell_issues(self, row: int, f: BomField | None) -> list[ImportIssue]:
        return [i for i in self.issues_at.get(row, ()) if self.column_of.get(i.column or "") is f]


def _changes(preview: BomPreview) -> dict[int, str]:
    diff = preview.diff
    if diff.against is None:  # the line's first BOM: every line is new, nothing to say
        return {}
    out = {a.row: "added" for a in diff.added if a.row is not None}
    for ch in diff.changed:
        what = []
        if ch.quantity_changed:
            what.append(f"quantity {ch.old_quantity:g} → {ch.new_quantity:g}")
        if ch.supplier_changed:
            what.append(f"supplier {ch.old_supplier or '–'} → {ch.new_supplier or '–'}")
        if ch.row is not None:
            out[ch.row] = ", ".join(what)
    return out


class BomPreviewModel(QAbstractTableModel):
    """The parsed lines with issue cells tinted (error red, warning amber) and explained."""

    def __init__(self, parent: QObject | None = None, locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self._locale = locale or QLocale()
        self._data: PreviewRows | None = None
        self._rows: list[int] = []
        self._errors_only = False

    def set_rows(self, data: PreviewRows | None) -> None:
        self.beginResetModel()
        self._data = data
        self._pick()
        self.endResetModel()

    def set_errors_only(self, on: bool) -> None:
        self.beginResetModel()
        self._errors_only = on
        self._pick()
        self.endResetModel()

    def _pick(self) -> None:
        d = self._data
        self._rows = [] if d is None else (d.error_rows if self._errors_only else d.rows)

    def excel_row(self, row: int) -> int:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][2]:
            return self.tr(COLUMNS[section][2])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        d = self._data
        if d is None or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(d, row, col)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            issues = self._issues(d, row, col)
            if not issues:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{i.severity.value}: {i.message}" for i in issues)
            worst = min((i.severity for i in issues), key=RANK.__getitem__)
            return {Severity.ERROR: ERROR_BACKGROUND, Severity.WARNING: WARNING_BACKGROUND}.get(
                worst
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 1, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _issues(self, d: PreviewRows, row: int, col: int) -> list[ImportIssue]:
        if col == ISSUES_COLUMN:
            return d.issues_at.get(row, [])
        f = COLUMNS[col][1]
        if col == 0:  # the row number carries issues that no shown column does
            shown = {c[1] for c in COLUMNS if c[1] is not None}
            return [i for i in d.issues_at.get(row, ()) if d.column_of.get(i.column or "")
                    not in shown]  # fmt: skip
        return d.cell_issues(row, f) if f is not None else []

    def _text(self, d: PreviewRows, row: int, col: int) -> str:
        if col == 0:
            return self._locale.toString(row)
        if col == ISSUES_COLUMN:
            return "; ".join(i.message for i in d.issues_at.get(row, ()))
        if col == ISSUES_COLUMN - 1:
            return d.change_at.get(row, "")
        f = COLUMNS[col][1]
        i = d.line_at.get(row)
        if i is None:  # a row that did not become a line: show the offending value
            found = d.cell_issues(row, f)
            return "" if not found or found[0].value is None else str(found[0].value)
        ln = d.lines[i]
        wrong = [x for x in d.cell_issues(row, f) if x.severity is Severity.ERROR]
        if wrong and wrong[0].value is not None:  # what the file says, not what it became
            return str(wrong[0].value)
        if f is BomField.QUANTITY:
            return format_number(self._locale, ln.quantity)
        if f is BomField.LEVEL:
            return self._locale.toString(ln.level)
        if f is None:
            return ""
        value = {BomField.PART_NUMBER: ln.part_number, BomField.DESCRIPTION: ln.description,
                 BomField.UNIT: ln.unit, BomField.SUPPLIER: ln.supplier}.get(f)  # fmt: skip
        return value or ""


def column_letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


class RawRowsModel(QAbstractTableModel):
    """A sheet's first rows as stored, the chosen header row tinted and the rows above greyed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[Any]] = []
        self._width = 0
        self.header_row = 0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[list[Any]], header_row: int = 0) -> None:
        self.beginResetModel()
        self._rows = rows
        self._width = max((len(r) for r in rows), default=0)
        self.header_row = header_row
        self.endResetModel()

    def set_header_row(self, header_row: int) -> None:
        self.header_row = header_row
        if self._rows:
            last = self.index(len(self._rows) - 1, max(0, self._width - 1))
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(section)
        return str(section + 1)  # Excel row number

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        excel_row = index.row() + 1
        if role == Qt.ItemDataRole.DisplayRole:
            values = self._rows[index.row()]
            v = values[index.column()] if index.column() < len(values) else None
            return "" if v is None else str(v)
        if excel_row == self.header_row:
            if role == Qt.ItemDataRole.BackgroundRole:
                return HEADER_BACKGROUND
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        elif excel_row < self.header_row and role == Qt.ItemDataRole.ForegroundRole:
            return ABOVE_HEADER
        return None
