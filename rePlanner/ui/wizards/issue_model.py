"""The issues of a workbook check, one row each: errors red, warnings amber, errors-only filter.

Issues come from the services as ImportIssues located by file, sheet, Excel row, column (header
text) and value; they are shown in sheet order, file-level issues first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.wizards.preview_model import ERROR_BACKGROUND, WARNING_BACKGROUND

AnyIndex = QModelIndex | QPersistentModelIndex
# (title, tooltip)
COLUMNS = [
    ("Severity", "Errors block the import; warnings do not"),
    ("File", "The file the issue was found in"),
    ("Sheet", "Sheet of the workbook"),
    ("Row", "Row number in the sheet, as Excel shows it"),
    ("Column", "Column header as written in the file"),
    ("Value", "The cell's value as read"),
    ("Message", "What is wrong and what to do about it"),
]
MESSAGE_COLUMN = len(COLUMNS) - 1
SEVERITY_TEXT = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


class IssuesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ImportIssue] = []
        self._shown: list[ImportIssue] = []
        self._errors_only = False
        self._locale = QLocale()

    def set_issues(self, issues: Sequence[ImportIssue]) -> None:
        sheets: dict[str | None, int] = {None: -1}
        for i in issues:
            sheets.setdefault(i.sheet, len(sheets))
        self.beginResetModel()
        self._all = sorted(issues, key=lambda i: (sheets[i.sheet], i.row or 0))
        self._filter()
        self.endResetModel()

    def set_errors_only(self, on: bool) -> None:
        self.beginResetModel()
        self._errors_only = on
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        self._shown = [i for i in self._all
                       if not self._errors_only or i.severity is Severity.ERROR]  # fmt: skip

    def issue(self, row: int) -> ImportIssue:
        return self._shown[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._shown)):
            return None
        issue, col = self._shown[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(issue, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return issue.file if col == 1 else self._text(issue, col) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return {Severity.ERROR: ERROR_BACKGROUND,
                    Severity.WARNING: WARNING_BACKGROUND}.get(issue.severity)  # fmt: skip
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return _RIGHT
        return None

    def _text(self, issue: ImportIssue, col: int) -> str:
        if col == 0:
            return tr(SEVERITY_TEXT.get(issue.severity, issue.severity.value))
        if col == 1:
            return Path(issue.file).name
        if col == 3:
            return "" if issue.row is None else self._locale.toString(issue.row)
        if col == 5:
            return _value_text(self._locale, issue.value)
        return {2: issue.sheet, 4: issue.column, 6: issue.message}.get(col) or ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(COLUMNS[section][1])
        return None


def _value_text(locale: QLocale, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(locale, value)
    return str(value)
