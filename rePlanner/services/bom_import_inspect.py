"""What the import wizard needs before a BOM is parsed: the file's sheets and first rows, the
suggested sheet, header row and columns, and a parse with the columns the user chose.

The UI may not reach io/ directly (layering), so these thin functions pass io's results on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rePlanner.domain.imports import BomField, ColumnMapping, ParsedBom
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.services.bom_import import gc_paused

# what io.spreadsheet.open_workbook reads (it detects the format from the content)
BOM_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".txt")


@dataclass
class BomFileHead:
    """A workbook's sheets with their first rows (for choosing the sheet and header row)."""

    file: str
    sheets: list[str]
    heads: dict[str, list[list[Any]]]  # sheet -> its first rows; rows[0] is Excel row 1
    sizes: dict[str, int | None]  # sheet -> rows in it (None: not known without reading it)
    suggested_sheet: str


def inspect_bom_file(path: str | Path, progress: Progress | None = None) -> BomFileHead:
    """Open the file (hostile ones raise DataFileError) and read the head of every sheet."""
    from rePlanner.io.bom import choose_sheet
    from rePlanner.io.spreadsheet import DETECT_ROWS, open_workbook

    prog = progress or NullProgress()
    with open_workbook(path) as book:
        names = book.sheet_names()
        heads: dict[str, list[list[Any]]] = {}
        for i, name in enumerate(names):
            check(prog, "reading the file")
            prog.update(i, len(names), f"reading sheet {name!r}")
            heads[name] = book.read_sheet(name, DETECT_ROWS).rows
        sizes = {n: book.sheet_rows(n) for n in names}
    suggested = choose_sheet(heads) if heads else ""
    return BomFileHead(str(path), names, heads, sizes, suggested)


def suggest_bom_mapping(rows: list[list[Any]], header_row: int | None = None) -> ColumnMapping:
    """Suggested columns; `header_row` (Excel row) fixes the header, None finds it.

    When the chosen row is not recognised as a header, its texts are kept and no column is
    suggested: the user maps them by hand.
    """
    from rePlanner.io.bom import suggest_mapping

    if header_row is None:
        return suggest_mapping(rows)
    below = rows[header_row - 1 :]
    found = suggest_mapping(below, header_row)
    if found.header_row == header_row:
        return found
    headers = [_text(v) for v in below[0]] if below else []
    return ColumnMapping(header_row, {}, headers, {})


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def with_column(mapping: ColumnMapping, f: BomField, column: int | None) -> ColumnMapping:
    """`mapping` with field `f` read from `column` (None: not imported); one field per column."""
    from rePlanner.io.bom import override

    return override(mapping, f, column)


def mapping_profile(mapping: ColumnMapping) -> dict[str, str]:
    """The mapping as a saveable profile (field -> header text, so moved columns still fit)."""
    from rePlanner.io.bom import mapping_to_profile

    return mapping_to_profile(mapping)


def mapping_from_profile(profile: dict[str, Any], rows: list[list[Any]]) -> ColumnMapping:
    """A saved profile applied to a sheet's first rows (it finds the header row again).

    Raises MappingProfileError naming what the sheet lacks.
    """
    from rePlanner.io.bom import apply_profile_to_rows

    return apply_profile_to_rows(profile, rows, 1)


def read_bom_mapped(
    path: str | Path,
    sheet: str,
    mapping: ColumnMapping,
    *,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> ParsedBom:
    """Parse `sheet` with the header row and columns of `mapping` (no detection)."""
    from rePlanner.io.bom import parse_bom
    from rePlanner.io.spreadsheet import Limits, open_workbook

    prog = progress or NullProgress()
    limits = Limits(max_rows=max_rows) if max_rows else Limits()
    with gc_paused(), open_workbook(path, limits=limits) as book:
        return parse_bom(
            book.iter_rows(sheet, prog, start=mapping.header_row),
            file=str(path), sheet=sheet, first_row=mapping.header_row + 1,
            formatting=book.read_formatting(sheet), mapping=mapping, progress=prog,
            total_rows=max(0, (book.sheet_rows(sheet) or 0) - mapping.header_row),
        )  # fmt: skip
