"""open_workbook: the one way into a spreadsheet file, safety checks first."""

from __future__ import annotations

import os

from rePlanner.io.spreadsheet.csvfile import CsvSource
from rePlanner.io.spreadsheet.excel import ExcelSource
from rePlanner.io.spreadsheet.failures import reading
from rePlanner.io.spreadsheet.limits import Limits
from rePlanner.io.spreadsheet.safety import FileKind, detect_kind
from rePlanner.io.spreadsheet.source import WorkbookSource


def open_workbook(path: str | os.PathLike[str], *, limits: Limits | None = None) -> WorkbookSource:
    """Open .xlsx/.xlsm/.xlsb/.xls/.ods (python-calamine) or .csv/.txt (stdlib csv).

    The format comes from the file's content, not its name. Hostile and broken files raise
    DataFileError before anything is expanded; so does any failure of the libraries underneath.
    """
    file = os.fspath(path)
    limits = limits or Limits()
    kind = detect_kind(file, file, limits)
    with reading(file):
        if kind is FileKind.CSV:
            return CsvSource(file, file, limits)
        return ExcelSource(file, file, kind, limits)
