"""Cheap looks into the XML parts of an .xlsx/.xlsm zip, streaming, without expanding whole parts.

Used by the safety checks (DOCTYPE/ENTITY in a prolog, the <dimension> of a sheet) and to find
Excel error cells (t="e"), which python-calamine returns as empty strings.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Generator
from xml.etree import ElementTree as ET

HEAD_BYTES = 64 * 1024  # a prolog or a <dimension> element sits within the first few hundred bytes
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")
# <c r="B4" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c>, or self-closing <c r="B4" t="e"/>
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?\bt="e"[^>]*?)(/>|>(.*?)</(?:\w+:)?c>)', re.DOTALL)
_REF_ATTR = re.compile(rb'\br="([^"]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def read_head(zf: zipfile.ZipFile, name: str, size: int = HEAD_BYTES) -> bytes:
    with zf.open(name) as f:
        return f.read(size)


def has_dtd(head: bytes) -> bool:
    """True if the start of an XML part declares a DOCTYPE or entities (the XML-bomb vehicle)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00" or head[:1] == b"\x00":
        enc = "utf-16-be" if head[:2] == b"\xfe\xff" or head[:1] == b"\x00" else "utf-16-le"
        head = head.decode(enc, "ignore").encode("ascii", "ignore")
    return _DOCTYPE.search(head) is not None


def column_index(letters: str) -> int:
    """'A' -> 0, 'XFD' -> 16383."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def parse_ref(ref: str) -> tuple[int, int] | None:
    """'B7' -> (row0 6, col0 1)."""
    m = _CELL_REF.fullmatch(ref.strip().replace("$", ""))
    return (int(m.group(2)) - 1, column_index(m.group(1))) if m else None


def dimension(zf: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    """(rows, columns) the sheet says it spans, counted from A1; None without a <dimension>."""
    m = _DIMENSION.search(read_head(zf, part))
    if not m:
        return None
    end = m.group(1).decode("ascii", "replace").split(":")[-1]
    cell = parse_ref(end)
    return (cell[0] + 1, cell[1] + 1) if cell else None


def _workbook_rels(zf: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, zip part name) of xl/workbook.xml."""
    root = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    rels: dict[str, tuple[str, str]] = {}
    for rel in root.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        if not target:
            continue
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join("xl", target))
        rels[rel.get("Id", "")] = (rel.get("Type", ""), part)
    return rels


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip part name (xl/worksheets/sheetN.xml), from workbook.xml and its rels."""
    rels = _workbook_rels(zf)
    parts: dict[str, str] = {}
    for sheet in ET.fromstring(zf.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        rel = rels.get(sheet.get(f"{_REL}id", ""))
        if rel:
            parts[sheet.get("name", "")] = rel[1]
    return parts


def styles_part(zf: zipfile.ZipFile) -> str | None:
    """The zip part holding the workbook's styles (xl/styles.xml), None if it has none."""
    names = set(zf.namelist())
    for typ, part in _workbook_rels(zf).values():
        if typ.endswith("/styles") and part in names:
            return part
    return "xl/styles.xml" if "xl/styles.xml" in names else None


def chunks_of_rows(zf: zipfile.ZipFile, part: str) -> Generator[bytes, None, None]:
    """The part's bytes in ~1 MiB pieces, each cut after a </row> so no cell is split."""
    tail = b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 20):
            buf = tail + chunk
            cut = buf.rfind(b"</row>")
            if cut < 0:
                tail = buf  # one row longer than a chunk: keep reading
                continue
            yield buf[: cut + 6]
            tail = buf[cut + 6 :]
    if tail:
        yield tail


def error_cells(zf: zipfile.ZipFile, part: str) -> dict[int, dict[int, str]]:
    """row0 -> {col0: "#REF!"} for every cell stored as an error (t="e") in a worksheet part.

    A regex over the raw XML: ElementTree would take seconds on a 100k-row sheet, and error
    cells are rare. Cells without an r="B7" reference (allowed, rarely written) are parsed.
    """
    found: dict[int, dict[int, str]] = {}
    for chunk in chunks_of_rows(zf, part):
        if b't="e"' not in chunk:
            continue
        for m in _ERROR_CELL.finditer(chunk):
            ref = _REF_ATTR.search(m.group(1))
            cell = parse_ref(ref.group(1).decode("ascii", "replace")) if ref else None
            if cell is None:
                return _error_cells_parsed(zf, part)
            value = _VALUE.search(m.group(3) or b"")
            code = value.group(1).decode("utf-8", "replace").strip() if value else ""
            found.setdefault(cell[0], {})[cell[1]] = code or "#VALUE!"
    return found


def _error_cells_parsed(zf: zipfile.ZipFile, part: str) -> dict[int, dict[int, str]]:
    """The slow, exact way: positions counted from <row r> and cell order."""
    found: dict[int, dict[int, str]] = {}
    row0, col0 = -1, -1
    sheet_data: ET.Element | None = None
    with zf.open(part) as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                if el.tag == f"{_MAIN}sheetData":
                    sheet_data = el
                elif el.tag == f"{_MAIN}row":
                    r = el.get("r")
                    row0, col0 = (int(r) - 1 if r else row0 + 1), -1
                elif el.tag == f"{_MAIN}c":
                    ref = parse_ref(el.get("r", ""))
                    col0 = ref[1] if ref else col0 + 1
                continue
            if el.tag == f"{_MAIN}c":
                if el.get("t") == "e":
                    v = el.find(f"{_MAIN}v")
                    code = (v.text or "").strip() if v is not None else ""
                    found.setdefault(row0, {})[col0] = code or "#VALUE!"
                el.clear()
            elif el.tag == f"{_MAIN}row" and sheet_data is not None:
                sheet_data.clear()  # finished rows: keep memory flat on big sheets
    return found
