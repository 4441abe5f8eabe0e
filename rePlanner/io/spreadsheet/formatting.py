"""Formatting that carries meaning in a BOM (indent levels, hidden rows, merged cells), .xlsx only.

Read straight from the package XML, streaming: a byte scan of the sheet part in ~1 MiB pieces
(ooxml.chunks_of_rows) that looks only where a hit is possible - `hidden="` for rows, `s="N"`
for the few cell styles that indent, `<mergeCell` - so a 100k-row sheet takes ~0.3 s where
openpyxl's full load took 9 s for 49k rows. Entities are never resolved (the scan is not an XML
parser); a DOCTYPE in the sheet's prolog is refused. Rows or cells written without their r="B7"
reference (allowed, rare) and sheets where the default style indents fall back to an exact
ElementTree pass.
"""

from __future__ import annotations

import re
import zipfile
from contextlib import closing, suppress
from xml.etree import ElementTree as ET

from rePlanner.domain.errors import DataFileError
from rePlanner.io.spreadsheet import ooxml
from rePlanner.io.spreadsheet.limits import Limits
from rePlanner.io.spreadsheet.source import SheetFormatting

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?cellXfs>)", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?xf>)", re.DOTALL)
_INDENT = re.compile(rb'<(?:\w+:)?alignment\b[^>]*?\bindent="([^"]*)"')
_HIDDEN = re.compile(rb'hidden="(?:1|true)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"')
_ROOT = re.compile(rb"<(?:\w+:)?worksheet\b")
_TAG_NAME = re.compile(rb"<(?:\w+:)?(\w+)")
_R_ATTR = re.compile(rb'(?:^|\s)r="([^"]*)"')
_BLANKS = frozenset(b" \t\r\n")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*?(/?)>")
_CELL_R = re.compile(rb'\sr="([A-Za-z]{1,3})(\d+)"')
# what usually follows <c ...>: an optional formula, then a value or an inline string with text
_VALUE = re.compile(
    rb"(?:<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>))?"
    rb"(?:<(?:\w+:)?v>[^<]|<(?:\w+:)?is><(?:\w+:)?t(?:\s[^>]*)?>[^<])"
)
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
# a cell has a value if its <v> or inline-string <t> holds text
_HAS_TEXT = re.compile(rb"<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>[^<]")


class _NeedsExactParse(Exception):
    """The byte scan met something it cannot place (a row or cell without r=...)."""


def style_indents(zf: zipfile.ZipFile) -> dict[int, int]:
    """Cell style index (the s="N" of a cell) -> indent, for the styles that indent at all."""
    part = ooxml.styles_part(zf)
    if part is None:
        return {}
    xfs = _CELL_XFS.search(zf.read(part))
    indents: dict[int, int] = {}
    if xfs is None or not xfs.group(1):
        return indents
    for i, xf in enumerate(_XF.finditer(xfs.group(1))):
        m = _INDENT.search(xf.group(1) or b"")
        if m:
            try:
                level = int(float(m.group(1)))
            except ValueError:
                continue
            if level > 0:
                indents[i] = level
    return indents


def read_xlsx_formatting(
    zf: zipfile.ZipFile, part: str, file: str, sheet: str, limits: Limits
) -> SheetFormatting:
    """Hidden rows, indents of non-empty cells and merged ranges of one worksheet part."""
    indents = style_indents(zf)
    scan = _Scan(file, sheet, limits, indents)
    try:
        if 0 in indents:  # the default style indents: cells without s="..." count too
            raise _NeedsExactParse
        scan.run(zf, part)
    except _NeedsExactParse:
        scan = _Scan(file, sheet, limits, indents)
        scan.run_exact(zf, part)
    return SheetFormatting(
        hidden_rows=frozenset(scan.hidden), indents=scan.indents, merged=scan.merged
    )


class _Scan:
    def __init__(self, file: str, sheet: str, limits: Limits, styles: dict[int, int]) -> None:
        self.file, self.sheet, self.limits, self.styles = file, sheet, limits, styles
        self.hidden: set[int] = set()
        self.indents: dict[tuple[int, int], int] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        # s="5" for exactly the styles that indent (a literal start: re finds it fast; the blank before
        # it is checked by hand, a look-behind would make the search 20 times slower)
        ids = b"|".join(str(i).encode() for i in sorted(styles))
        self._style_hit = re.compile(rb's="(' + ids + rb')"') if styles else None
        self._cols: dict[bytes, int] = {}

    def run(self, zf: zipfile.ZipFile, part: str) -> None:
        first = True
        for chunk in ooxml.chunks_of_rows(zf, part):
            if first:
                self._check_prolog(chunk)
                first = False
            if b"hidden=" in chunk:
                self._hidden_rows(chunk)
            if self._style_hit is not None:
                self._indented_cells(chunk)
            if b"mergeCell" in chunk:
                self._merges(chunk)

    def _check_prolog(self, chunk: bytes) -> None:
        """Refuse a DOCTYPE anywhere before the root element (the first chunk holds all of it)."""
        root = _ROOT.search(chunk)
        if ooxml.has_dtd(chunk[: root.start()] if root else chunk):
            raise DataFileError(
                self.file,
                "the sheet declares XML entities (a DOCTYPE), which Excel never writes and "
                "which can be used to attack programs. The file was refused. Open it in Excel, "
                "save it as a new .xlsx and import that file.",
                sheet=self.sheet,
            )
        if chunk[:1] == b"\x00" or chunk[1:2] == b"\x00" or chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise _NeedsExactParse  # UTF-16 XML: the byte patterns do not apply

    def _hidden_rows(self, chunk: bytes) -> None:
        for m in _HIDDEN.finditer(chunk):
            attrs = _tag_attrs(chunk, m.start(), b"row")
            if attrs is None:
                continue
            r = _ref(attrs)
            if r is None or not r.isdigit():
                raise _NeedsExactParse
            self._add_hidden(int(r))

    def _indented_cells(self, chunk: bytes) -> None:
        """Cells whose s="N" is an indenting style; per hit only a few C-level matches."""
        assert self._style_hit is not None
        for m in self._style_hit.finditer(chunk):
            pos = m.start()
            if chunk[pos - 1] not in _BLANKS:  # ids="5" and the like
                continue
            tag = _CELL_TAG.match(chunk, chunk.rfind(b"<", 0, pos))
            if tag is None or tag.end() < pos or tag.group(1):
                continue  # not a <c> tag (a <row s="5">), or <c .../>: empty
            end = tag.end()
            if not _VALUE.match(chunk, end):  # the usual shape failed: look at the whole body
                close = _CELL_END.search(chunk, end)
                if not _HAS_TEXT.search(chunk, end, close.start() if close else len(chunk)):
                    continue
            ref = _CELL_R.search(chunk, tag.start(), end)
            if ref is None:
                raise _NeedsExactParse
            self._add_indent(int(ref.group(2)), self._col(ref.group(1)), self.styles[int(m[1])])

    def _col(self, letters: bytes) -> int:
        col = self._cols.get(letters)
        if col is None:
            col = self._cols[letters] = ooxml.column_index(letters.decode("ascii"))
        return col

    def _merges(self, chunk: bytes) -> None:
        for m in _MERGE.finditer(chunk):
            self._add_merge(m.group(1).decode("ascii", "replace"))

    def _add_hidden(self, row: int) -> None:
        if 0 < row <= self.limits.max_rows:  # beyond: the values reader refuses the sheet
            self.hidden.add(row)

    def _add_indent(self, row: int, col0: int, level: int) -> None:
        if 0 < row <= self.limits.max_rows and col0 < self.limits.max_columns:
            self.indents[(row, col0)] = level

    def _add_merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        a, b = ooxml.parse_ref(first), ooxml.parse_ref(last or first)
        if a is None or b is None:
            return  # a damaged range: Excel drops it as well
        (r1, c1), (r2, c2) = a, b
        self.merged.append((min(r1, r2) + 1, min(c1, c2) + 1, max(r1, r2) + 1, max(c1, c2) + 1))

    def run_exact(self, zf: zipfile.ZipFile, part: str) -> None:
        """ElementTree pass: positions from <row r> and cell order where r=... is missing."""
        with closing(ooxml.chunks_of_rows(zf, part)) as chunks, suppress(_NeedsExactParse):
            self._check_prolog(next(chunks, b""))  # whole prolog; UTF-16 parts are fine here
        row, col0 = 0, -1
        parent: ET.Element | None = None
        with zf.open(part) as f:
            for event, el in ET.iterparse(f, events=("start", "end")):
                tag = el.tag
                if event == "start":
                    if tag == f"{_MAIN}sheetData":
                        parent = el
                    elif tag == f"{_MAIN}row":
                        r = el.get("r")
                        row, col0 = (int(r) if r and r.isdigit() else row + 1), -1
                        if el.get("hidden") in ("1", "true"):
                            self._add_hidden(row)
                    elif tag == f"{_MAIN}c":
                        ref = ooxml.parse_ref(el.get("r", ""))
                        col0 = ref[1] if ref else col0 + 1
                    continue
                if tag == f"{_MAIN}c":
                    self._exact_cell(el, row, col0)
                    el.clear()
                elif tag == f"{_MAIN}row" and parent is not None:
                    parent.clear()  # finished rows: keep memory flat on big sheets
                elif tag == f"{_MAIN}mergeCell":
                    self._add_merge(el.get("ref", ""))

    def _exact_cell(self, el: ET.Element, row: int, col0: int) -> None:
        s = el.get("s", "0")
        level = self.styles.get(int(s)) if s.isdigit() else None
        if not level:
            return
        texts = (t.text for t in el.iter() if t.tag in (f"{_MAIN}v", f"{_MAIN}t"))
        if any(texts):
            self._add_indent(row, col0, level)


def _tag_attrs(chunk: bytes, pos: int, name: bytes) -> bytes | None:
    """The attributes of the tag around `pos` if that tag is <name ...> (any prefix), else None."""
    start = chunk.rfind(b"<", 0, pos)
    if start < 0 or chunk.find(b">", start, pos) >= 0:
        return None  # `pos` is in text, not inside a tag
    m = _TAG_NAME.match(chunk, start)
    if m is None or m.group(1) != name:
        return None
    end = chunk.find(b">", pos)
    return chunk[m.end() : end if end >= 0 else len(chunk)]


def _ref(attrs: bytes) -> bytes | None:
    """The r="..." attribute of a row or cell tag."""
    m = _R_ATTR.search(attrs)
    return m.group(1) if m else None
