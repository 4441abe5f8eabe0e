"""Excel and OpenDocument workbooks through python-calamine (values); formatting from the XML.

Facts about python-calamine 0.9 this module relies on (tests pin them):
- `iter_rows()` starts at row 1 (blank rows above the data are yielded) but at the first used
  column, so rows are padded on the left to keep column 0 = column A;
- numeric cells come back as floats (12345.0) and error cells (#REF!) as "" - errors of .xlsx
  sheets are recovered from the sheet XML (t="e") when the sheet has any.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, suppress
from itertools import islice
from typing import Any

import python_calamine as pc

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.imports import CellError
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.spreadsheet import ooxml
from rePlanner.io.spreadsheet.failures import reading
from rePlanner.io.spreadsheet.formatting import read_xlsx_formatting
from rePlanner.io.spreadsheet.limits import Limits, check_shape
from rePlanner.io.spreadsheet.safety import FileKind, check_sheet_dimension
from rePlanner.io.spreadsheet.source import PROGRESS_EVERY, SheetFormatting, WorkbookSource


class ExcelSource(WorkbookSource):
    def __init__(self, file: str, path: str, kind: FileKind, limits: Limits) -> None:
        super().__init__(file, path, limits)
        self.kind = kind.value
        self._zip: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}
        self._errors: dict[str, dict[int, dict[int, str]]] = {}
        self._cached: tuple[str, pc.CalamineSheet] | None = None  # one sheet at a time in memory
        with self._guard(None):
            self._wb = pc.CalamineWorkbook.from_path(path)
            self._names = [
                m.name for m in self._wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet
            ]
            if kind is FileKind.XLSX:
                self._zip = zipfile.ZipFile(path)
                self._parts = ooxml.sheet_parts(self._zip)
        if not self._names:
            raise DataFileError(file, "the workbook has no worksheets (only charts or macros).")

    def sheet_names(self) -> list[str]:
        return list(self._names)

    def _guard(self, sheet: str | None) -> AbstractContextManager[None]:
        """Any library failure becomes a DataFileError naming the file (and sheet)."""
        return reading(self.file, sheet)

    def _sheet(self, name: str) -> pc.CalamineSheet:
        self._check_name(name)
        if self._cached and self._cached[0] == name:
            return self._cached[1]
        self._cached = None  # release the previous sheet before loading the next one
        with self._guard(name):
            self._check_before_loading(name)
            sheet = self._wb.get_sheet_by_name(name)
            end = sheet.end
            if end is not None:  # the dimension may be missing or lie: check what was loaded
                check_shape(self.file, name, end[0] + 1, end[1] + 1, self.limits)
        self._cached = (name, sheet)
        return sheet

    def _check_before_loading(self, name: str) -> None:
        """Refuse a sheet over the limits from what the file declares, before calamine builds it."""
        if self._zip is not None and name in self._parts:
            check_sheet_dimension(self._zip, self._parts[name], self.file, name, self.limits)
        # .ods: calamine expands every table when the file is opened, so safety.check_zip has
        # already checked every table's shape

    def _error_cells(self, name: str) -> dict[int, dict[int, str]]:
        if name not in self._errors:
            part = self._parts.get(name)
            with self._guard(name):
                found = ooxml.error_cells(self._zip, part) if self._zip and part else {}
            self._errors[name] = found
        return self._errors[name]

    def is_empty(self, name: str) -> bool:
        return self._sheet(name).start is None

    def sheet_rows(self, name: str) -> int | None:
        end = self._sheet(name).end
        return 0 if end is None else end[0] + 1

    def iter_rows(
        self, name: str, progress: Progress | None = None, start: int = 0
    ) -> Iterator[list[Any]]:
        progress = progress or NullProgress()
        sheet = self._sheet(name)
        if sheet.start is None or sheet.end is None:
            raise self.empty_error(name)
        total = sheet.end[0] + 1
        pad = sheet.start[1]
        errors = self._error_cells(name)
        what = f"reading {self.file}"
        with self._guard(name):
            for i, raw in enumerate(islice(sheet.iter_rows(), start, None), start):
                if i % PROGRESS_EVERY == 0:
                    check(progress, what)
                    progress.update(i, total, f"{name}: row {i:,} of {total:,}")
                row = _convert(raw, pad)
                if errors and i in errors:
                    for col, code in errors[i].items():
                        if col < len(row) and row[col] is None:
                            row[col] = CellError(code)
                yield row
        progress.update(total, total, f"{name}: {total:,} rows read")

    def read_formatting(self, name: str) -> SheetFormatting:
        """Hidden rows, indents and merged ranges of an .xlsx/.xlsm sheet, from its XML."""
        if self.kind != FileKind.XLSX.value or self._zip is None:
            return super().read_formatting(name)
        self._check_name(name)
        part = self._parts.get(name)
        if part is None:
            return SheetFormatting(complete=False, note="the sheet's XML part was not found")
        with self._guard(name):
            check_sheet_dimension(self._zip, part, self.file, name, self.limits)
            most = self.limits.max_formatting_rows
            if most is not None:  # rows with values, as calamine counts them
                rows = self.sheet_rows(name) or 0
                if rows > most:
                    return _formatting_skipped(rows, most)
            return read_xlsx_formatting(self._zip, part, self.file, name, self.limits)

    def close(self) -> None:
        self._cached = None
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        with suppress(pc.CalamineError):  # already closed
            self._wb.close()


def _formatting_skipped(rows: int, most: int) -> SheetFormatting:
    return SheetFormatting(
        complete=False,
        note=f"formatting was not read: the sheet has {rows:,} rows and formatting is read "
        f"for at most {most:,}. Use a level column instead of indentation, or unhide rows, "
        "for sheets this large.",
    )


def _convert(raw: list[Any], pad: int) -> list[Any]:
    """Calamine values to ours: "" -> None, integral floats -> int; pad on the left."""
    out: list[Any] = [None] * pad
    append = out.append
    for v in raw:
        t = type(v)
        if t is str:
            append(v if v else None)
        elif t is float:
            append(int(v) if v.is_integer() else v)
        else:
            append(v)
    return out
