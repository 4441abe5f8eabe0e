"""The shape of each table in an .ods file, from content.xml, before calamine expands it.

OpenDocument stores repetition instead of cells (table:number-rows-repeated,
table:number-columns-repeated): a 1 KB file can describe 20 million filled cells, which calamine
would build in memory (1.2 GB measured). Empty repeated cells (LibreOffice ends every sheet with
them) do not count.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    rb"<table:table\s([^>]*)>"
    rb"|<table:table-row\b([^>]*?)(/?)>"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
    rb"|</table:table-row>"
)
_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_BIG_REPEAT = re.compile(rb'-repeated="\d{3,}"')


@dataclass
class TableShape:
    name: str
    seen: int = 0  # rows so far, empty ones included
    rows: int = 0  # through the last row with a value
    columns: int = 0  # through the last column with a value
    cells: int = 0  # filled cells after repetition


def _chunks(zf: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    tail = b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 20):
            buf = tail + chunk
            cut = buf.rfind(b">") + 1
            yield buf[:cut]
            tail = buf[cut:]


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return int(m.group(1)) if m else 1


def table_shapes(zf: zipfile.ZipFile) -> dict[str, TableShape]:
    """Table name -> shape; {} when nothing is repeated much (then the XML size bounds it)."""
    shapes: dict[str, TableShape] = {}
    if not any(_BIG_REPEAT.search(c) for c in _chunks(zf, "content.xml")):
        return shapes
    shape = TableShape("")
    row_repeat, col, width, filled = 1, 0, 0, 0
    for chunk in _chunks(zf, "content.xml"):
        for m in _TOKEN.finditer(chunk):
            if m.group(1) is not None:
                name = _NAME.search(m.group(1))
                shape = TableShape(name.group(1).decode("utf-8", "replace") if name else "")
                shapes[shape.name] = shape
            elif m.group(2) is not None:
                row_repeat, col, width, filled = _repeat(_ROWS_REPEATED, m.group(2)), 0, 0, 0
                if m.group(3):  # <table:table-row/>: an empty row
                    shape.seen += row_repeat
            elif m.group(4) is not None:
                n = _repeat(_COLS_REPEATED, m.group(4))
                col += n
                if b"office:value-type" in m.group(4) or not m.group(5):
                    width, filled = col, filled + n
            else:  # </table:table-row>
                shape.seen += row_repeat
                if filled:
                    shape.rows = shape.seen
                    shape.columns = max(shape.columns, width)
                    shape.cells += filled * row_repeat
    return shapes
