"""Size limits for input files, and the messages that say which limit was hit and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from rePlanner.domain.errors import DataFileError

MIB = 2**20


@dataclass(frozen=True)
class Limits:
    """What rePlanner agrees to read. Checked before anything is expanded, and again while reading."""

    max_rows: int = 600_000  # rows in one sheet (the CLI's --max-rows)
    max_columns: int = 1_000
    max_file_bytes: int = 256 * MIB
    max_uncompressed_bytes: int = 2 * 1024 * MIB  # sum over all parts of a zip (xlsx/ods)
    max_compression_ratio: float = 200.0  # of any one zip part larger than 1 MiB
    max_cells: int = 30_000_000  # filled cells of one sheet (~1 GB in memory while reading)
    max_formatting_rows: int | None = None  # formatting of larger sheets is skipped; None: read
    # it for every sheet within max_rows (the streaming reader costs ~0.1 s per 100k rows)


def too_many_rows(file: str, sheet: str | None, rows: int, limits: Limits) -> DataFileError:
    return DataFileError(
        file,
        f"the sheet has {rows:,} rows; rePlanner reads at most {limits.max_rows:,} rows. "
        "Delete empty or unneeded rows at the end of the sheet, split the file, "
        "or raise the limit with --max-rows.",
        sheet=sheet,
    )


def too_many_columns(file: str, sheet: str | None, cols: int, limits: Limits) -> DataFileError:
    return DataFileError(
        file,
        f"the sheet has {cols:,} columns; rePlanner reads at most {limits.max_columns:,}. "
        "Delete the unused columns on the right (select them, right-click, Delete) "
        "and save the file again.",
        sheet=sheet,
    )


def check_shape(
    file: str, sheet: str | None, rows: int, cols: int, limits: Limits, cells: int | None = None
) -> None:
    """Rows and columns counted from A1; cells defaults to the rectangle rows x cols."""
    if rows > limits.max_rows:
        raise too_many_rows(file, sheet, rows, limits)
    if cols > limits.max_columns:
        raise too_many_columns(file, sheet, cols, limits)
    cells = rows * cols if cells is None else cells
    if cells > limits.max_cells:
        raise DataFileError(
            file,
            f"the sheet has {cells:,} cells ({rows:,} rows x {cols:,} columns); rePlanner reads "
            f"at most {limits.max_cells:,}. Delete unused columns and rows, or split the file.",
            sheet=sheet,
        )
