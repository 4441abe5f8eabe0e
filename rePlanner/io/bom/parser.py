"""parse_bom: rows of one sheet -> ParsedBom (lines as a tree, every issue at once)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain, islice
from typing import Any

from rePlanner.domain.imports import BomField, ColumnMapping, Formatting, ParsedBom
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.bom import structure
from rePlanner.io.bom.header import SCAN_ROWS
from rePlanner.io.bom.mapping import suggest_mapping
from rePlanner.io.bom.rows import RowReader
from rePlanner.io.bom.sink import IssueSink

F = BomField
CHUNK = 2000  # rows between progress reports and cancel checks
WHAT = "the BOM import"
_NO_PROGRESS = NullProgress()


def parse_bom(
    rows: Iterable[Sequence[Any]],
    *,
    file: str,
    sheet: str,
    first_row: int = 1,
    formatting: Formatting | None = None,
    mapping: ColumnMapping | None = None,
    progress: Progress = _NO_PROGRESS,
    total_rows: int = 0,
) -> ParsedBom:
    """Read a BOM sheet: find the header (unless `mapping` is given), map, validate, build the tree.

    `rows` may be a generator: only the first SCAN_ROWS rows are held for header detection, the
    rest stream through. rows[0] is Excel row `first_row`. `total_rows` (if known) only serves
    progress reports. Raises Cancelled when `progress.cancelled()` turns true.
    """
    sink = IssueSink(file, sheet)
    source = iter(rows)
    if mapping is None:
        head = list(islice(source, SCAN_ROWS))
        mapping = suggest_mapping(head, first_row)
        source = chain(head, source)
    parsed = ParsedBom(file, sheet, mapping)
    if not _usable(mapping, sink):
        parsed.issues = sink.finish()
        return parsed
    reader = RowReader(mapping, formatting, sink)
    number, header, feed = first_row - 1, mapping.header_row, reader.feed
    for number, row in enumerate(source, start=first_row):
        if number > header:
            feed(number, row)
        if number % CHUNK == 0:
            check(progress, WHAT)
            progress.update(number, total_rows, f"Reading row {number:,}")
    reader.close()
    check(progress, WHAT)
    parsed.lines = build_tree(reader, mapping, sink)
    parsed.rows_read = reader.rows_read
    parsed.issues = sink.finish()
    progress.update(number, total_rows or number, f"Read {reader.rows_read:,} BOM lines")
    return parsed


def _usable(mapping: ColumnMapping, sink: IssueSink) -> bool:
    if mapping.header_row <= 0 and not mapping.columns:
        sink.add("no_header")
        return False
    if F.PART_NUMBER not in mapping.columns:
        sink.add("no_part_number_column")
        return False
    if F.QUANTITY not in mapping.columns:
        sink.add("no_quantity_column")
    return True


def build_tree(reader: RowReader, mapping: ColumnMapping, sink: IssueSink) -> list[Any]:
    """Choose where the structure comes from, link parents, then extended quantities."""
    lines, names = reader.lines, reader.names
    pn_name = names.get(F.PART_NUMBER)
    if F.LEVEL in mapping.columns:
        if reader.level_outline:
            levels = list(reader.level_depth)
        else:
            levels = structure.rebase(reader.level_num, sink, names[F.LEVEL])
        structure.link_by_levels(lines, levels, sink, names[F.LEVEL])
        if F.PARENT in mapping.columns:
            structure.check_parent_column(lines, reader.parents, sink, names[F.PARENT])
    elif F.PARENT in mapping.columns and any(reader.parents):
        lines = structure.link_by_parents(lines, reader.parents, sink, names[F.PARENT])
        structure.finish(lines, sink, pn_name, depth_levels=True)
        return lines
    else:
        levels, column = _implicit_levels(reader)
        structure.link_by_levels(lines, levels, sink, column)
    structure.finish(lines, sink, pn_name, depth_levels=False)
    return lines


def _implicit_levels(reader: RowReader) -> tuple[list[int], str | None]:
    """Levels without a level column: outline positions, indentation, leading spaces, or flat."""
    names = reader.names
    if reader.position_outline:
        return list(reader.position_depth), names[F.POSITION]
    for source in (reader.indent, reader.spaces):
        for f in (F.DESCRIPTION, F.PART_NUMBER):
            raw = source[f]
            valid = [v for v in raw if v >= 0]
            if valid and max(valid) > min(valid):
                return structure.from_steps(raw), names[f]
    return [1] * len(reader.lines), None
