"""Damaged files: whatever fails underneath (zlib, zipfile, XML, codecs, calamine, the OS), every
entry point raises a DataFileError naming the file (and sheet) in plain words, never a traceback."""

from __future__ import annotations

import codecs
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from rePlanner.domain.errors import DataFileError, ReplannerError
from rePlanner.domain.progress import Cancelled
from rePlanner.io.spreadsheet import open_workbook
from rePlanner.io.spreadsheet.failures import as_data_file_error, reading

SHEET = "xl/worksheets/sheet1.xml"
RELS = "xl/_rels/workbook.xml.rels"
DAMAGED = "the file is damaged or incomplete: "


def _book(path: Path, rows: int = 3) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Part", "Qty", "Description"])
    for i in range(rows - 1):
        ws.append([f"P{i:06d}", i + 1, f"Schraube {i} mit einer langen Beschreibung {i * 7919}"])
    wb.save(path)
    return path


def _rewrite(src: Path, dst: Path, changes: dict[str, bytes], stored: bool = False) -> Path:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", method) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, changes.get(info.filename, zin.read(info.filename)))
    return dst


def _flip(path: Path, start: int, end: int) -> Path:
    data = bytearray(path.read_bytes())
    for i in range(start, end):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    return path


def _read_all(path: Path) -> None:
    """Every entry point, in the order an import uses them."""
    with open_workbook(path) as src:
        for name in src.sheet_names():
            src.sheet_rows(name)
            src.read_sheet(name, max_rows=200)
            for _ in src.iter_rows(name, start=1):
                pass
            src.read_formatting(name)


def _refused(path: Path, pattern: str, sheet: str | None = None) -> str:
    with pytest.raises(DataFileError) as exc:
        _read_all(path)
    message = str(exc.value)
    assert message.startswith(str(path)), message
    assert re.search(pattern, message), message
    if sheet is not None:
        assert f"sheet {sheet!r}" in message, message
    assert "Traceback" not in message and "Error -3" not in message.split(DAMAGED)[0]
    return message


def test_corrupt_deflate_stream_in_the_zip_head(tmp_path: Path) -> None:
    """The review's file: bytes 600-900 of a valid workbook flipped (a raw zlib.error before)."""
    path = _flip(_book(tmp_path / "corrupt.xlsx"), 600, 900)
    with zipfile.ZipFile(path) as zf, pytest.raises(zlib.error):  # what zipfile raises
        for name in zf.namelist():
            zf.read(name)
    with pytest.raises(DataFileError) as exc:
        open_workbook(path)
    assert str(exc.value).startswith(f"{path}: {DAMAGED}"), str(exc.value)
    assert "get a fresh copy" in str(exc.value)


def _sheet_data_span(path: Path) -> tuple[int, int]:
    """Where the compressed bytes of the sheet part lie in the file."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(SHEET)
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def test_corrupt_deflate_stream_deep_in_a_sheet(tmp_path: Path) -> None:
    """Past the head the safety checks look at: met by calamine and by the formatting scan."""
    good = _book(tmp_path / "good.xlsx", rows=20_000).read_bytes()
    start, end = _sheet_data_span(tmp_path / "good.xlsx")
    path = tmp_path / "deep.xlsx"
    for tenth in range(6, 10):  # the first damage zlib itself notices (not only the CRC)
        path.write_bytes(good)
        cut = start + (end - start) * tenth // 10
        _flip(path, cut, cut + 300)
        with zipfile.ZipFile(path) as zf:
            try:
                zf.read(SHEET)
            except zlib.error:
                break
            except zipfile.BadZipFile:
                continue
    else:
        pytest.fail("no damage zlib reports")
    with open_workbook(path) as src:  # the head of every part is fine: opening works
        assert src.sheet_names() == ["BOM"]
        with pytest.raises(DataFileError) as exc:
            src.read_formatting("BOM")
    message = str(exc.value)
    assert message.startswith(f"{path}, sheet 'BOM': {DAMAGED}a compressed part"), message
    _refused(path, DAMAGED, sheet="BOM")


def test_part_failing_its_checksum(tmp_path: Path) -> None:
    src = _book(tmp_path / "a.xlsx")
    path = _rewrite(src, tmp_path / "crc.xlsx", {}, stored=True)
    data = path.read_bytes()
    at = data.index(b"Schraube 1 mit")
    path.write_bytes(data[:at] + b"Schraube 9 mit" + data[at + 14 :])  # same length, CRC wrong
    _refused(path, DAMAGED + "a part of it fails its checksum")


@pytest.mark.parametrize(
    ("part", "junk"),
    [
        (RELS, b"junk"),  # calamine reads past what ElementTree refuses
        ("xl/workbook.xml", b"<x>"),
    ],
)
def test_broken_xml_in_the_package(tmp_path: Path, part: str, junk: bytes) -> None:
    src = _book(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src) as zf:
        xml = zf.read(part)
    path = _rewrite(src, tmp_path / "xml.xlsx", {part: xml + junk})
    _refused(path, DAMAGED + r"the XML inside it is broken \(junk after document element")


def test_part_missing(tmp_path: Path) -> None:
    src = _book(tmp_path / "a.xlsx")
    path = tmp_path / "missing.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            if info.filename != RELS:
                zout.writestr(info.filename, zin.read(info.filename))
    _refused(path, DAMAGED)


@pytest.mark.parametrize("seed", range(3))
def test_random_damage_never_escapes_as_a_traceback(tmp_path: Path, seed: int) -> None:
    """Flipped windows, stray bytes and cut-out pieces anywhere in a workbook."""
    good = _book(tmp_path / "good.xlsx", rows=50).read_bytes()
    rnd = random.Random(seed)
    for k in range(25):
        data = bytearray(good)
        at = rnd.randrange(len(data))
        if k % 3 == 0:
            data[at : at + 200] = bytes(b ^ rnd.randrange(1, 256) for b in data[at : at + 200])
        elif k % 3 == 1:
            for _ in range(4):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        else:
            del data[at : at + rnd.randrange(1, 500)]
        path = tmp_path / f"bad{k}.xlsx"
        path.write_bytes(bytes(data))
        try:
            _read_all(path)
        except DataFileError as e:
            assert str(e).startswith(str(path)), str(e)


def _utf16_csv(path: Path, rows: int, tail: bytes) -> Path:
    text = "".join(f"P{i:06d};Beschreibung {i};{i}\r\n" for i in range(rows))
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le") + tail)
    return path


def test_csv_with_broken_utf16_far_down(tmp_path: Path) -> None:
    """A lone surrogate after the sniffed head: a raw UnicodeDecodeError from iter_rows before."""
    path = _utf16_csv(
        tmp_path / "u16.csv", 5_000, "X;\ud800;1\r\n".encode("utf-16-le", "surrogatepass")
    )
    _refused(path, DAMAGED + "some text in it is not valid utf-16")


def test_csv_cut_in_the_middle_of_a_utf16_character(tmp_path: Path) -> None:
    path = _utf16_csv(tmp_path / "cut.csv", 3, b"P")  # one byte of a two-byte character
    with pytest.raises(DataFileError) as exc:
        _read_all(path)
    assert str(exc.value).startswith(f"{path}: {DAMAGED}some text in it is not valid utf-16")


def test_csv_deleted_while_open(tmp_path: Path) -> None:
    """The file goes away between opening and reading (a network drive, another program)."""
    path = tmp_path / "gone.csv"
    path.write_text("Part;Qty\nA;1\n", encoding="utf-8")
    with open_workbook(path) as src:
        path.unlink()
        for read in (lambda: list(src.iter_rows("gone.csv")), lambda: src.sheet_rows("gone.csv")):
            with pytest.raises(DataFileError, match="moved or deleted while it was being read"):
                read()


class PanicException(BaseException):  # pyo3's name for a Rust panic (calamine)
    pass


@pytest.mark.parametrize(
    ("exc", "pattern"),
    [
        (EOFError("Compressed file ended"), "ends in the middle of a part"),
        (struct.error("unpack requires a buffer of 4 bytes"), "internal tables are broken"),
        (ValueError("bad value"), DAMAGED + "bad value"),
        (PanicException("index out of bounds"), "could not be read.*PanicException"),
        (MemoryError(), "too large to read with the memory available"),
    ],
)
def test_exceptions_no_file_here_triggers_reliably(exc: BaseException, pattern: str) -> None:
    with pytest.raises(DataFileError, match=pattern) as caught, reading("bom.xlsx", "BOM"):
        raise exc
    assert str(caught.value).startswith("bom.xlsx, sheet 'BOM': ")


def test_our_own_errors_and_interrupts_pass_unchanged() -> None:
    for own in (Cancelled("reading bom.xlsx"), DataFileError("bom.xlsx", "too many rows")):
        with pytest.raises(type(own)) as caught, reading("bom.xlsx"):
            raise own
        assert caught.value is own
    with pytest.raises(KeyboardInterrupt), reading("bom.xlsx"):
        raise KeyboardInterrupt
    assert isinstance(as_data_file_error("f", OSError(5, "Input/output error")), ReplannerError)
