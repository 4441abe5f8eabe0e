"""WorkbookSource: what every reader offers (names, a head for detection, streamed rows)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Any

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.imports import Formatting, SheetData
from rePlanner.domain.progress import NullProgress, Progress
from rePlanner.io.spreadsheet.limits import Limits

PROGRESS_EVERY = 4096  # rows between progress reports and cancellation checks
DETECT_ROWS = 200  # rows the table detection looks at


@dataclass
class SheetFormatting(Formatting):
    """Formatting plus whether it was actually read (`complete`) and, if not, why (`note`)."""

    complete: bool = True
    note: str = ""


class WorkbookSource(ABC):
    """An open spreadsheet file. Rows are lists of cell values with column 0 = column A.

    Values: str (exactly as stored), int (integral numbers), float, bool, date/datetime/time,
    CellError for Excel error cells, None for empty cells.
    """

    kind: str = ""
    encoding: str | None = None  # CSV only: the detected encoding
    delimiter: str | None = None  # CSV only

    def __init__(self, file: str, path: str, limits: Limits) -> None:
        self.file = file  # as the user gave it, for messages
        self.path = path
        self.limits = limits

    @abstractmethod
    def sheet_names(self) -> list[str]: ...

    @abstractmethod
    def sheet_rows(self, name: str) -> int | None:
        """Rows of the sheet counted from row 1 (None if not known without reading it all)."""

    @abstractmethod
    def iter_rows(
        self, name: str, progress: Progress | None = None, start: int = 0
    ) -> Iterator[list[Any]]:
        """Stream rows; the k-th row yielded is Excel row `start + k + 1`.

        So `start` is the number of rows to skip from the top (pass the header's Excel row number
        to get the data rows under it). Raises DataFileError for an empty sheet or a sheet over
        the limits, Cancelled when `progress.cancelled()`.
        """

    def read_sheet(self, name: str, max_rows: int | None = None) -> SheetData:
        """The first `max_rows` rows (all if None) from row 1; `rows` is [] for an empty sheet.

        For table detection use max_rows=DETECT_ROWS.
        """
        self._check_name(name)
        if self.is_empty(name):
            return SheetData(file=self.file, sheet=name, rows=[], first_row=1)
        rows = list(islice(self.iter_rows(name, NullProgress()), max_rows))
        return SheetData(file=self.file, sheet=name, rows=rows, first_row=1)

    @abstractmethod
    def is_empty(self, name: str) -> bool: ...

    def read_formatting(self, name: str) -> SheetFormatting:
        self._check_name(name)
        return SheetFormatting(
            complete=False,
            note=f"formatting (indentation, hidden rows, merged cells) is read only from "
            f".xlsx/.xlsm files, not from {self.kind} files",
        )

    def empty_error(self, name: str | None = None) -> DataFileError:
        """The message for an empty sheet (name) or a workbook with no data at all (None)."""
        if name is not None:
            return DataFileError(
                self.file,
                "the sheet is empty: it has no cells with values. Choose the sheet that holds "
                "the data (--sheet), or check that the right file was exported.",
                sheet=name,
            )
        names = ", ".join(repr(n) for n in self.sheet_names())
        return DataFileError(
            self.file,
            f"the file contains no data (sheets: {names or 'none'}). Check that the export "
            "worked and that you chose the right file.",
        )

    def _check_name(self, name: str) -> None:
        if name not in self.sheet_names():
            names = ", ".join(repr(n) for n in self.sheet_names())
            raise DataFileError(
                self.file, f"there is no sheet named {name!r}. The sheets are: {names}.", sheet=None
            )

    def close(self) -> None:  # noqa: B027 - optional hook
        pass

    def __enter__(self) -> WorkbookSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
