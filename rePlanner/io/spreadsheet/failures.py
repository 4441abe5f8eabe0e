"""Library failures (zipfile, zlib, calamine, XML, codecs, the OS) turned into DataFileErrors.

Whatever goes wrong underneath, a person sees the file (and sheet) and what is wrong in plain
words, never a traceback. `reading(file, sheet)` wraps every place that touches file contents.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import ParseError

import python_calamine as pc

from rePlanner.domain.errors import DataFileError, ReplannerError

_FRESH_COPY = (
    "If it came by e-mail or download, get a fresh copy; if it opens in Excel, save it again "
    "under a new name and import that."
)


def password_error(file: str) -> DataFileError:
    return DataFileError(
        file,
        "the workbook is protected with a password (encrypted), so rePlanner cannot read it. "
        "Open it in Excel with the password, remove it (File > Info > Protect Workbook > "
        "Encrypt with Password, clear the field), save, and import again.",
    )


def damaged_error(file: str, reason: str, sheet: str | None = None) -> DataFileError:
    return DataFileError(
        file, f"the file is damaged or incomplete: {reason}. {_FRESH_COPY}", sheet=sheet
    )


def as_data_file_error(file: str, exc: BaseException, sheet: str | None = None) -> DataFileError:
    """The DataFileError to show for a library exception met while reading `file`."""
    if isinstance(exc, DataFileError):
        return exc
    if isinstance(exc, pc.PasswordError) or (
        isinstance(exc, RuntimeError) and "encrypted" in str(exc).lower()
    ):
        return password_error(file)
    if isinstance(exc, PermissionError):
        return DataFileError(
            file,
            "the file cannot be opened (no permission, or it is locked by another program). "
            "Close it in Excel and try again.",
            sheet=sheet,
        )
    if isinstance(exc, FileNotFoundError):
        return DataFileError(
            file, "the file was moved or deleted while it was being read.", sheet=sheet
        )
    if isinstance(exc, MemoryError):
        return DataFileError(
            file,
            "the file is too large to read with the memory available. Split it into smaller "
            "files, or close other programs and try again.",
            sheet=sheet,
        )
    reason = _damage_reason(exc)
    if reason is not None:
        return damaged_error(file, reason, sheet)
    what = "sheet" if sheet else "file"
    return DataFileError(
        file,
        f"the {what} could not be read; it may be damaged or in a form rePlanner does not "
        f"understand ({type(exc).__name__}: {exc}). {_FRESH_COPY}",
        sheet=sheet,
    )


def _damage_reason(exc: BaseException) -> str | None:
    """Plain words for the failures a damaged file causes; None for anything else."""
    detail = str(exc).strip()
    if isinstance(exc, (zlib.error, lzma.LZMAError)):
        return f"a compressed part of it cannot be unpacked ({detail})"
    if isinstance(exc, pc.ZipError):
        return f"its zip structure is broken ({detail})"
    if isinstance(exc, zipfile.BadZipFile):
        if "CRC" in detail:
            return "a part of it fails its checksum, so its content was changed or cut"
        if "not a zip file" in detail:
            return "its table of contents is missing, so the end of the file is probably cut off"
        return f"its zip structure is broken ({detail})"
    if isinstance(exc, EOFError):
        return "it ends in the middle of a part, so it was probably cut off"
    if isinstance(exc, (ParseError, pc.XmlError)):
        return f"the XML inside it is broken ({detail})"
    if isinstance(exc, UnicodeDecodeError):
        return f"some text in it is not valid {exc.encoding} ({detail})"
    if isinstance(exc, struct.error):
        return f"its internal tables are broken ({detail})"
    if isinstance(exc, NotImplementedError):
        return f"it uses a compression method rePlanner cannot unpack ({detail})"
    if isinstance(exc, KeyError):
        return f"a part every workbook has is missing ({detail})"
    if isinstance(exc, pc.CalamineError):
        return f"the spreadsheet reader reports: {detail or type(exc).__name__}"
    if isinstance(exc, (OSError, ValueError, zipfile.LargeZipFile)):
        return f"{detail or type(exc).__name__}"
    return None


@contextmanager
def reading(file: str, sheet: str | None = None) -> Iterator[None]:
    """Re-raise any failure but our own errors as a DataFileError naming `file` (and `sheet`).

    Our own errors (DataFileError, Cancelled) pass unchanged; so do KeyboardInterrupt and
    GeneratorExit. A Rust panic inside calamine (pyo3's PanicException) is a BaseException, so
    it is caught by name.
    """
    try:
        yield
    except ReplannerError:
        raise
    except Exception as e:  # a library failure must never reach the user as a traceback
        raise as_data_file_error(file, e, sheet) from None
    except BaseException as e:
        if type(e).__name__ != "PanicException":
            raise
        raise as_data_file_error(file, e, sheet) from None
