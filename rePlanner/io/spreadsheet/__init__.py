"""Spreadsheet readers: any workbook or CSV file in, plain rows out, hostile files refused.

with open_workbook(path, limits=Limits(max_rows=...)) as src:
    head = src.read_sheet(name, max_rows=DETECT_ROWS)   # for table detection
    for row in src.iter_rows(name, progress, start=header_row):  # data rows, streamed
        ...
"""

from __future__ import annotations

from rePlanner.io.spreadsheet.limits import Limits
from rePlanner.io.spreadsheet.reader import open_workbook
from rePlanner.io.spreadsheet.safety import FileKind
from rePlanner.io.spreadsheet.source import DETECT_ROWS, SheetFormatting, WorkbookSource

__all__ = [
    "DETECT_ROWS",
    "FileKind",
    "Limits",
    "SheetFormatting",
    "WorkbookSource",
    "open_workbook",
]
