"""CSV: encodings and delimiters detected, every value kept as the text in the file."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from rePlanner.domain.errors import DataFileError
from rePlanner.io.spreadsheet import Limits, open_workbook

GERMAN = [
    ["Sachnummer", "Benennung", "Menge", "ME", "Lieferant"],
    ["00123", "Schraube M6 Größe 2", "1,5", "Stück", "Müller GmbH"],
    ["1E5", "Rotor für E-Maschine", "2", "ST", "Société Générale d'Aimants"],
]
CHINESE = [
    ["零件号", "名称", "数量", "单位", "供应商"],
    ["00123", "钕铁硼磁体", "4", "个", "宁波韵升股份有限公司"],
    ["1E5", "转子组件", "1", "件", "北方稀土"],
]


def _write(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("codec", "rows", "expected"),
    [
        ("utf-8", CHINESE, "utf-8"),
        ("utf-8-sig", GERMAN, "utf-8-sig"),
        ("utf-16", CHINESE, "utf-16-le"),  # Python writes a little-endian BOM
        ("cp1252", GERMAN, "cp1252"),
        ("gbk", CHINESE, "gbk"),
    ],
)
def test_encoding_detected_and_text_kept(
    tmp_path: Path, codec: str, rows: list[list[str]], expected: str
) -> None:
    path = _write(tmp_path / "bom.csv", rows, codec, delimiter=";")
    with open_workbook(path) as src:
        assert (src.encoding, src.delimiter, src.kind) == (expected, ";", "CSV")
        assert src.sheet_names() == ["bom.csv"]
        data = src.read_sheet("bom.csv")
    assert data.rows == rows  # "00123", "1E5" and "1,5" stay exactly as written


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + "Part\tQty\n007\t2\n".encode("utf-16-be"))
    with open_workbook(path) as src:
        assert (src.encoding, src.delimiter) == ("utf-16-be", "\t")
        assert src.read_sheet("bom.txt").rows == [["Part", "Qty"], ["007", "2"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = [["Part", "Desc", "Qty"], ["A-1", "Bolt, M6", "1,5"], ["A-2", "Nut", "2"]]
    text = "\n".join(
        delimiter.join(f'"{v}"' if delimiter in v or "," in v else v for v in r) for r in rows
    )
    path = tmp_path / "x.csv"
    path.write_text(text + "\n", encoding="utf-8")
    with open_workbook(path) as src:
        assert src.delimiter == delimiter
        assert src.read_sheet("x.csv").rows == rows


def test_quoted_line_breaks_blank_cells_and_start(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('Title\n\nPart,Desc,Qty\nA,"two\nlines",\nB,,3\n', encoding="utf-8")
    with open_workbook(path) as src:
        assert src.read_sheet("x.csv").rows[:2] == [["Title"], []]
        assert list(src.iter_rows("x.csv", start=3)) == [
            ["A", "two\nlines", None],
            ["B", None, "3"],
        ]


def test_limits_enforced_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("".join(f"P{i},{i}\n" for i in range(50)), encoding="utf-8")
    with open_workbook(path, limits=Limits(max_rows=20)) as src:
        assert len(src.read_sheet("x.csv", max_rows=10).rows) == 10  # the head is fine
        with pytest.raises(DataFileError, match=r"21 rows.*at most 20.*--max-rows"):
            list(src.iter_rows("x.csv"))
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(["h"] * 30) + "\n", encoding="utf-8")
    with (
        open_workbook(wide, limits=Limits(max_columns=10)) as src,
        pytest.raises(DataFileError, match="30 columns"),
    ):
        src.read_sheet("wide.csv")


def test_blank_csv_and_broken_quotes(tmp_path: Path) -> None:
    blank = tmp_path / "blank.csv"
    blank.write_text("\n \n\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="blank.csv: the file contains no data"):
        open_workbook(blank)
    big = tmp_path / "big.csv"
    big.write_text('a,b\n"' + "x" * (17 * 2**20) + "\n", encoding="utf-8")
    with open_workbook(big) as src, pytest.raises(DataFileError, match="row 2.*cannot be split"):
        list(src.iter_rows("big.csv"))
