"""Hostile and broken files: each refused with a DataFileError naming the file, never a traceback."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
import python_calamine

from rePlanner.domain.errors import DataFileError
from rePlanner.io.spreadsheet import Limits, excel, open_workbook

SHEET = "xl/worksheets/sheet1.xml"


def _book(path: Path, rows: int = 3) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    wb.active.append(["Part", "Qty"])
    for i in range(rows - 1):
        wb.active.append([f"P{i}", i + 1])
    wb.save(path)
    return path


def _rewrite(src: Path, dst: Path, changes: dict[str, bytes]) -> Path:
    """Copy a zip, replacing some parts' contents."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, changes.get(info.filename, zin.read(info.filename)))
    return dst


def _refused(path: Path, pattern: str, limits: Limits | None = None, sheet: str = "") -> str:
    with pytest.raises(DataFileError) as exc, open_workbook(path, limits=limits) as src:
        src.read_sheet(sheet or src.sheet_names()[0])
    message = str(exc.value)
    assert message.startswith(str(path)), message
    assert re.search(pattern, message, re.IGNORECASE), message
    return message


def test_missing_file_folder_and_empty_file(tmp_path: Path) -> None:
    _refused(tmp_path / "nope.xlsx", "does not exist")
    _refused(tmp_path, "folder")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    _refused(empty, "empty")


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    pdf = tmp_path / "bom.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    _refused(pdf, "PDF document")
    binary = tmp_path / "image.xls"
    binary.write_bytes(bytes(range(256)) * 20)
    _refused(binary, "not a spreadsheet")
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    _refused(docx, "Word document")
    plain_zip = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("readme.txt", "hello")
    _refused(plain_zip, "zip archive, not a workbook")


def test_csv_or_html_under_an_excel_name(tmp_path: Path) -> None:
    csv_named = tmp_path / "bom.xlsx"
    csv_named.write_text("Part;Qty\nA;1\n", encoding="utf-8")
    _refused(csv_named, r"named '\.xlsx' but is really a text \(CSV\) file.*\.csv")
    html = tmp_path / "export.xls"
    html.write_text("<html><body><table><tr><td>Part</td></tr></table></body></html>")
    _refused(html, r"web page \(HTML\).*save it as an Excel workbook")


def test_truncated_and_corrupt_zip(tmp_path: Path) -> None:
    good = _book(tmp_path / "good.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good[: len(good) // 2])
    _refused(cut, "damaged or incomplete")
    broken_xml = _rewrite(
        tmp_path / "good.xlsx",
        tmp_path / "broken.xlsx",
        {SHEET: b"<worksheet><sheetData><row><c r="},
    )
    msg = _refused(broken_xml, "damaged or incomplete")
    assert "sheet 'BOM'" in msg


def _cfb(names: list[str]) -> bytes:
    """A minimal OLE compound file: header, one FAT sector, one directory sector."""
    free, end, fat = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat_sector = struct.pack("<128I", fat, end, *([free] * 126))
    directory = bytearray(512)
    for i, (name, kind) in enumerate([("Root Entry", 5)] + [(n, 2) for n in names]):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory[i * 128 : i * 128 + len(raw)] = raw
        struct.pack_into("<HB", directory, i * 128 + 64, len(raw), kind)
    return bytes(header) + fat_sector + bytes(directory)


def test_password_protected_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage"]))
    _refused(path, "protected with a password.*remove it")
    doc = tmp_path / "memo.xls"
    doc.write_bytes(_cfb(["WordDocument"]))
    _refused(doc, "Word document")


def test_password_protected_ods_is_refused(tmp_path: Path, write_ods: Callable[..., Path]) -> None:
    path = write_ods(tmp_path / "secret.ods", [[("x", "string")]], "<manifest:encryption-data/>")
    _refused(path, "protected with a password")


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    blank = b"<worksheet><sheetData/>" + b" " * (8 * 2**20) + b"</worksheet>"
    bomb = _rewrite(_book(tmp_path / "a.xlsx"), tmp_path / "bomb.xlsx", {SHEET: blank})
    assert bomb.stat().st_size < 100_000
    _refused(bomb, r"compressed [\d,]+ times.*zip bomb")


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx")
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")  # first central directory entry: patch its uncompressed size
    struct.pack_into("<I", data, pos + 24, 3_000_000_000)
    path.write_bytes(bytes(data))
    _refused(path, r"expand to [\d,]+ MiB.*zip bomb")


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml"])
def test_xml_bomb_is_refused(tmp_path: Path, part: str) -> None:
    src = _book(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src) as zf:
        xml = zf.read(part)
    dtd = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    evil = _rewrite(src, tmp_path / "evil.xlsx", {part: xml[:decl_end] + dtd + xml[decl_end:]})
    _refused(evil, "declares XML entities.*refused")


class _NoExpansion:
    """Stands in for python_calamine: opening is allowed, building a sheet is a test failure."""

    def __init__(self, real: ModuleType, allow_open: bool) -> None:
        self._real, self._allow_open = real, allow_open

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    @property
    def CalamineWorkbook(self) -> object:  # noqa: N802 - mirrors the library's name
        outer = self

        class Workbook:
            @staticmethod
            def from_path(path: str) -> object:
                if not outer._allow_open:
                    raise AssertionError("calamine opened a file that should have been refused")
                wb = outer._real.CalamineWorkbook.from_path(path)

                class Guarded:
                    sheets_metadata = wb.sheets_metadata

                    def get_sheet_by_name(self, name: str) -> object:
                        raise AssertionError("calamine expanded a sheet that should be refused")

                    def close(self) -> None:
                        wb.close()

                return Guarded()

        return Workbook


@pytest.fixture
def no_expansion(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    def install(allow_open: bool) -> None:
        monkeypatch.setattr(excel, "pc", _NoExpansion(python_calamine, allow_open))

    return install


def test_a_million_rows_refused_before_reading(
    tmp_path: Path, no_expansion: Callable[[bool], None]
) -> None:
    path = tmp_path / "tall.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    wb.active["A1"] = "Part"
    wb.active["A1048576"] = "last"  # dimension A1:A1048576
    wb.save(path)
    no_expansion(True)
    _refused(path, r"1,048,576 rows.*at most 600,000.*--max-rows")


def test_16384_columns_refused(tmp_path: Path, no_expansion: Callable[[bool], None]) -> None:
    path = tmp_path / "wide.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    wb.active["A1"] = "Part"
    wb.active["XFD1"] = "last"  # dimension A1:XFD1
    wb.save(path)
    no_expansion(True)
    _refused(path, r"16,384 columns.*at most 1,000")


def test_limits_enforced_without_a_dimension_element(tmp_path: Path) -> None:
    src = _book(tmp_path / "a.xlsx", rows=30)
    with zipfile.ZipFile(src) as zf:
        xml = zf.read(SHEET)
    no_dim = _rewrite(
        src, tmp_path / "nodim.xlsx", {SHEET: re.sub(rb"<dimension[^>]*/>", b"", xml)}
    )
    with zipfile.ZipFile(no_dim) as zf:
        assert b"<dimension" not in zf.read(SHEET)
    _refused(no_dim, r"30 rows.*at most 10 rows", Limits(max_rows=10))
    with open_workbook(no_dim) as ok:
        assert len(ok.read_sheet("BOM").rows) == 30


def test_file_size_limit(tmp_path: Path) -> None:
    _refused(_book(tmp_path / "a.xlsx"), "MiB.*Split it", Limits(max_file_bytes=1000))


def test_workbook_with_only_empty_sheets(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    with open_workbook(path) as src:
        assert src.read_sheet("Sheet").rows == []
        with pytest.raises(DataFileError, match="empty"):
            next(src.iter_rows("Sheet"))
        assert "no data" in str(src.empty_error())


def _repeated(rows: int, cols: int, filled: bool = True) -> str:
    value = ' office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    cell = value if filled else "/>"
    return (
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}"{cell}</table:table-row>'
    )


@pytest.mark.parametrize(
    ("rows", "cols", "pattern"),
    [
        (20_000, 2_000, r"2,000 columns"),
        (700_000, 3, r"700,001 rows"),
        (40_000, 900, r"36,0\d\d,\d\d\d cells"),
    ],
)
def test_ods_repetition_bomb_refused_before_expanding(
    tmp_path: Path,
    write_ods: Callable[..., Path],
    no_expansion: Callable[[bool], None],
    rows: int,
    cols: int,
    pattern: str,
) -> None:
    path = write_ods(tmp_path / "bomb.ods", [[("Part", "string")]], extra_xml=_repeated(rows, cols))
    no_expansion(False)  # calamine builds all .ods tables on opening
    assert path.stat().st_size < 2_000
    _refused(path, pattern)


def test_ods_with_libreoffice_trailing_empty_rows_is_fine(
    tmp_path: Path, write_ods: Callable[..., Path]
) -> None:
    path = write_ods(
        tmp_path / "ok.ods",
        [[("Part", "string"), ("Qty", "string")], [("A", "string"), ("2", "float")]],
        extra_xml=_repeated(1_048_574, 1_024, filled=False),
    )
    with open_workbook(path) as src:
        assert src.read_sheet("BOM").rows == [["Part", "Qty"], ["A", 2]]
