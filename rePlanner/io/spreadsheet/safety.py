"""Refuse hostile or broken files before anything is expanded; decide the format from the content.

Every refusal is a DataFileError naming the file, saying what is wrong in words a buyer knows and
what to do about it. Nothing here decompresses more than the first 64 KiB of any zip part.
"""

from __future__ import annotations

import os
import zipfile
from enum import StrEnum
from pathlib import Path

from rePlanner.domain.errors import DataFileError
from rePlanner.io.spreadsheet import cfb, odf, ooxml
from rePlanner.io.spreadsheet.encoding import utf16_byte_order
from rePlanner.io.spreadsheet.failures import damaged_error, password_error, reading
from rePlanner.io.spreadsheet.limits import MIB, Limits, check_shape

_TEXT_EXTENSIONS = {".csv", ".txt", ".tsv", ".tab", ".dat", ""}
_RESAVE = "Open it in Excel and save it as an Excel workbook (.xlsx), then import that file."


class FileKind(StrEnum):
    XLSX = "xlsx"  # also .xlsm
    XLSB = "xlsb"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def detect_kind(path: str, file: str, limits: Limits) -> FileKind:
    """The format of `path` from its first bytes; `file` is the name shown in messages."""
    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise DataFileError(file, "this is a folder, not a file. Choose the file itself.")
        with open(path, "rb") as f:
            head = f.read(8192)
    except FileNotFoundError:
        raise DataFileError(file, "the file does not exist. Check the name and folder.") from None
    except PermissionError:
        raise DataFileError(
            file,
            "the file cannot be opened (no permission, or it is locked by another program). "
            "Close it in Excel and try again.",
        ) from None
    except OSError as e:
        raise DataFileError(file, f"the file cannot be opened ({e.strerror or e}).") from None
    if size == 0 or not head:
        raise DataFileError(file, "the file is empty (0 bytes). Export or save it again.")
    if size > limits.max_file_bytes:
        raise DataFileError(
            file,
            f"the file is {size / MIB:,.0f} MiB; rePlanner reads files up to "
            f"{limits.max_file_bytes / MIB:,.0f} MiB. Split it into smaller files.",
        )
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return check_zip(path, file, limits)
    if head[:8] == cfb.MAGIC:
        return check_ole(path, file)
    return _text_kind(head, Path(path).suffix.lower(), file)


def _text_kind(head: bytes, suffix: str, file: str) -> FileKind:
    """Plain text is CSV; HTML, XML and other documents saved under a spreadsheet name are not."""
    sniff = head.lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ").replace(b"\x00", b"")[:2048].lower()
    if sniff.startswith(b"%pdf"):
        raise DataFileError(file, "this is a PDF document, not a spreadsheet. " + _ASK_EXCEL)
    if b"<html" in sniff or b"<!doctype html" in sniff or b"<table" in sniff:
        raise DataFileError(
            file,
            "this is a web page (HTML) saved with a spreadsheet name, as some ERP systems "
            f"export. {_RESAVE}",
        )
    if sniff.startswith(b"<?xml") or b"urn:schemas-microsoft-com:office:spreadsheet" in sniff:
        raise DataFileError(
            file,
            f"this is an XML file (for example 'XML Spreadsheet 2003'), not a workbook "
            f"rePlanner reads. {_RESAVE}",
        )
    if not _looks_like_text(head):
        raise DataFileError(file, "this is not a spreadsheet or a text (CSV) file. " + _ASK_EXCEL)
    if suffix not in _TEXT_EXTENSIONS:
        raise DataFileError(
            file,
            f"the file is named '{suffix}' but is really a text (CSV) file. Rename it to "
            f"'.csv' and import it again, or {_RESAVE[0].lower()}{_RESAVE[1:]}",
        )
    return FileKind.CSV


_ASK_EXCEL = "Import the Excel workbook (.xlsx, .xlsm, .xls), an .ods file or a .csv file."


def _looks_like_text(head: bytes) -> bool:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = head[:4096]
    if b"\x00" in sample:  # only UTF-16 text (BOM-less here) has NUL bytes
        return utf16_byte_order(sample) is not None
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control <= len(sample) // 100


def check_zip(path: str, file: str, limits: Limits) -> FileKind:
    """Zip bombs and XML bombs from the directory and the first bytes of each XML part."""
    with reading(file), zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        _check_zip_sizes(infos, file, limits)
        kind = _zip_kind(zf, file)
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and ooxml.has_dtd(
                ooxml.read_head(zf, info.filename)
            ):
                raise DataFileError(
                    file,
                    f"the part {info.filename!r} declares XML entities (a DOCTYPE), which "
                    "Excel never writes and which can be used to attack programs. The file "
                    f"was refused. {_RESAVE}",
                )
        if kind is FileKind.ODS:  # calamine builds every table on opening: check them all
            for shape in odf.table_shapes(zf).values():
                check_shape(file, shape.name, shape.rows, shape.columns, limits, shape.cells)
        return kind


def _check_zip_sizes(infos: list[zipfile.ZipInfo], file: str, limits: Limits) -> None:
    if any(i.flag_bits & 0x1 for i in infos):
        raise password_error(file)
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise DataFileError(
            file,
            f"the workbook would expand to {total / MIB:,.0f} MiB when opened; rePlanner "
            f"expands at most {limits.max_uncompressed_bytes / MIB:,.0f} MiB. The file was "
            "refused (it may be a 'zip bomb'). Split it into smaller workbooks.",
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > MIB and ratio > limits.max_compression_ratio:
            raise DataFileError(
                file,
                f"the part {i.filename!r} is compressed {ratio:,.0f} times (more than "
                f"{limits.max_compression_ratio:,.0f}), which real workbooks never are. The file "
                "was refused (it looks like a 'zip bomb'). Ask the sender for the original file.",
            )


def _zip_kind(zf: zipfile.ZipFile, file: str) -> FileKind:
    names = set(zf.namelist())
    if "mimetype" in names:
        mime = ooxml.read_head(zf, "mimetype", 200).decode("ascii", "replace").strip()
        if mime == "application/vnd.oasis.opendocument.spreadsheet":
            if (
                "META-INF/manifest.xml" in names
                and b"encryption-data" in zf.read("META-INF/manifest.xml")[: 1 << 20]
            ):
                raise password_error(file)
            return FileKind.ODS
        raise DataFileError(
            file, f"this is an OpenDocument file of type {mime!r}, not a spreadsheet. {_ASK_EXCEL}"
        )
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "xl/workbook.bin" in names:
        return FileKind.XLSB
    if any(n.startswith("word/") for n in names):
        raise DataFileError(file, "this is a Word document, not a spreadsheet. " + _ASK_EXCEL)
    if any(n.startswith("ppt/") for n in names):
        raise DataFileError(file, "this is a PowerPoint file, not a spreadsheet. " + _ASK_EXCEL)
    raise DataFileError(
        file, "this is a zip archive, not a workbook. Unpack it and import the spreadsheet inside."
    )


def check_ole(path: str, file: str) -> FileKind:
    """Legacy .xls, or an encrypted .xlsx (OLE container with an EncryptionInfo stream)."""
    with reading(file):
        try:
            with open(path, "rb") as f:
                names = cfb.stream_names(f)
        except cfb.CfbError as e:
            raise damaged_error(file, f"its internal tables are broken ({e})") from None
    lowered = {n.lower() for n in names}
    if "encryptioninfo" in lowered or "encryptedpackage" in lowered:
        raise password_error(file)
    if "workbook" in lowered or "book" in lowered:
        return FileKind.XLS
    if "worddocument" in lowered:
        raise DataFileError(file, "this is a Word document, not a spreadsheet. " + _ASK_EXCEL)
    raise DataFileError(file, "this is an old Office file but not an Excel workbook. " + _ASK_EXCEL)


def check_sheet_dimension(
    zf: zipfile.ZipFile, part: str, file: str, sheet: str, limits: Limits
) -> tuple[int, int] | None:
    """Rows and columns a worksheet declares, refused before calamine expands it."""
    dim = ooxml.dimension(zf, part)
    if dim is not None:
        check_shape(file, sheet, dim[0], dim[1], limits)
    return dim
