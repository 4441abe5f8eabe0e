"""CSV encodings: Western cp1252 and Chinese GBK told apart, UTF-16 without a BOM found, and the
encoding and delimiter used always exposed."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from rePlanner.io.spreadsheet import open_workbook

# every accented letter here is followed by a byte GBK accepts as a trail byte, so each of these
# files also decodes as GBK without an error: only judging the text can tell them apart
GERMAN = [
    ["Sachnummer", "Benennung", "Menge", "Lieferant"],
    ["A-100", "Schlüssel für Größe M", "2", "Müller GmbH"],
    ["A-101", "Stück Rotorblech", "12", "Jürgen Bäcker KG"],
    ["A-102", "GRÖSSE Öldichtung", "1", "Schäfer Präzision"],
]
FRENCH = [
    ["Référence", "Désignation", "Nombre", "Fournisseur"],
    ["F-1", "Pièce détachée", "3", "Aimants Générale Frères"],
    ["F-2", "Façade Crème", "1", "Ets Lefèvre"],
]
SPANISH = [
    ["Referencia", "Descripción", "Cantidad", "Proveedor"],
    ["E-1", "Tornillo pequeño", "4", "Piñón Máquinas"],
    ["E-2", "Señal Cañón", "1", "Muñoz Peña"],
]
# accented letters only in pairs ("öß", "ñó", "éé", "çã"): as even runs of high bytes, like GBK
PAIRS = [
    ["Sachnummer", "Benennung", "Menge", "Lieferant"],
    ["A-200", "Größe M6 Größte", "2", "Rößler GmbH"],
    ["A-201", "Größere Stößel", "4", "Cañón y Piñón SA"],
    ["A-202", "Agréée et créée", "1", "Fixação e Produção Lda"],
]
CHINESE = [
    ["零件号", "名称", "数量", "供应商"],
    ["C-1", "钕铁硼永磁体", "8", "宁波韵升股份有限公司"],
    ["C-2", "镝铁合金（烧结）", "2", "包头稀土研究院"],
    ["C-3", "转子组件，含磁钢", "1", "中科三环高技术股份有限公司"],
    ["C-4", "镨钕氧化物", "5", "北方稀土"],
]
ASCII_WITH_NAMES = [["Part", "Description", "Qty", "Supplier"]] + [
    [f"P{i:05d}", f"Hex bolt M{6 + i % 4}x{20 + i}", str(i % 9 + 1), "Bosch Rexroth AG"]
    for i in range(200)
]
ASCII_WITH_NAMES[50][3] = "Rößler GmbH"
ASCII_WITH_NAMES[120][3] = "Cañón Autopartes"
ASCII_WITH_NAMES[150][1] = "Hex bolt Größe M8"
ASCII_WITH_CHINESE = [row[:] for row in ASCII_WITH_NAMES[:1] + ASCII_WITH_NAMES[1:50]]
ASCII_WITH_CHINESE[10][3] = "宁波韵升"
ASCII_WITH_CHINESE[30][1] = "磁钢 N52"


def _write(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ";") -> Path:
    path.write_bytes(("\r\n".join(delimiter.join(r) for r in rows) + "\r\n").encode(encoding))
    return path


def _read(path: Path) -> tuple[str | None, str | None, list[list[str | None]]]:
    with open_workbook(path) as src:
        rows = src.read_sheet(src.sheet_names()[0]).rows
        return src.encoding, src.delimiter, rows


@pytest.mark.parametrize(
    ("rows", "codec"),
    [
        (GERMAN, "cp1252"),
        (FRENCH, "cp1252"),
        (SPANISH, "cp1252"),
        (PAIRS, "cp1252"),
        (ASCII_WITH_NAMES, "cp1252"),
        (CHINESE, "gbk"),
        (ASCII_WITH_CHINESE, "gbk"),
    ],
)
def test_cp1252_and_gbk_told_apart(tmp_path: Path, rows: list[list[str]], codec: str) -> None:
    path = _write(tmp_path / "bom.csv", rows, codec)
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    other = "gbk" if codec == "cp1252" else "cp1252"
    assert data.decode(other) != data.decode(codec)  # the wrong guess would not fail: it garbles
    assert _read(path) == (codec, ";", rows)


def test_the_reviewed_mix_up(tmp_path: Path) -> None:
    """The review's file: 'Größe' (cp1252 ö + ß) is valid GBK too, and was read as 'Gr鲞e'."""
    rows = [["Sachnummer", "Benennung", "Menge", "Lieferant"]] + [
        [f"P{i}", f"Größe {i}", "1", "Allgaeu Fahrwerk GmbH"] for i in range(20)
    ]
    path = _write(tmp_path / "de.csv", rows, "cp1252")
    assert path.read_bytes().decode("gbk").count("Gr鲞e") == 20
    assert _read(path) == ("cp1252", ";", rows)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "rows",
    [
        CHINESE,
        [["一号件", "数量"], ["一", "1"], ["二", "2"]],  # U+4E00 has a zero byte itself
        [["Größe", "Menge"], ["Ölfilter", "1"]],
    ],
)
def test_utf16_without_bom_and_a_non_ascii_first_cell(
    tmp_path: Path, codec: str, rows: list[list[str]]
) -> None:
    path = _write(tmp_path / "bom.csv", rows, codec, delimiter=",")
    assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert _read(path) == (codec, ",", rows)


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (b"Part;Qty\nA;1\n", "utf-8", ";"),
        (codecs.BOM_UTF8 + b"Part\tQty\nA\t1\n", "utf-8-sig", "\t"),
        (codecs.BOM_UTF16_LE + "Part|Qty\nA|1\n".encode("utf-16-le"), "utf-16-le", "|"),
        (codecs.BOM_UTF16_BE + "Part,Qty\nA,1\n".encode("utf-16-be"), "utf-16-be", ","),
        ("Teil;Menge\n零;1\n".encode("utf-16-le"), "utf-16-le", ";"),
        ("Teil;Menge\n零;1\n".encode("utf-16-be"), "utf-16-be", ";"),
        ("零件号,数量\n钕,1\n".encode("gbk"), "gbk", ","),
        ("Teil;Menge\nMüller;1\n".encode("cp1252"), "cp1252", ";"),
        (b"Teil;Menge\nA\x81;1\n", "latin-1", ";"),  # 0x81: undefined in cp1252
        (b"Part\nA\nB\n", "utf-8", ","),  # one column: nothing to split on, "," reported
    ],
)
def test_encoding_and_delimiter_exposed_on_every_path(
    tmp_path: Path, data: bytes, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert _read(path)[:2] == (encoding, delimiter)


def test_workbooks_have_no_encoding_or_delimiter(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Part", "Qty"])
    wb.save(path)
    assert _read(path)[:2] == (None, None)
