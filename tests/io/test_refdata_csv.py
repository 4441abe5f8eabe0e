"""Reading the reference CSVs: recognition by header, typed cells, located errors, skipped rows."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from rePlanner.domain.enums import Confidence, MeasureKind, QuotaKind, Stage
from rePlanner.domain.errors import DataFileError
from rePlanner.io.refdata_csv import read_refdata_csv, read_refdata_folder
from rePlanner.paths import refdata_dir

SHIPPED = refdata_dir()


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(SHIPPED / name, target)
    target.chmod(0o644)
    return target


def _edit(path: Path, row_key: str, column: str, value: str) -> int:
    """Set one cell (row found by its first cell); returns the spreadsheet row number."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    col = [h.lower() for h in rows[0]].index(column.lower())
    number = next(i for i, r in enumerate(rows) if r and r[0] == row_key)
    rows[number][col] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return number + 1


def test_every_shipped_file_is_recognised_by_its_header() -> None:
    kinds = {f.name: f.kind for f in read_refdata_folder(SHIPPED)}
    assert kinds == {
        "export_controls.csv": "export_controls",
        "quotas.csv": "quotas",
        "market_share.csv": "market_share",
        "part_content.csv": "part_content",
        "alt_producers.csv": "alt_producers",
        "materials.csv": "materials",
        "measures_structured.csv": "measures_structured",
        "alt_producers_materials.csv": "alt_producers_materials",
    }


def test_quota_rows_give_a_mining_and_a_smelting_batch() -> None:
    f = read_refdata_csv(SHIPPED / "quotas.csv")
    by_key = {(r["year"], r["batch"], r["kind"]): r for r in f.rows}
    mining = by_key[(2010, "annual", QuotaKind.MINING)]
    smelting = by_key[(2011, "annual", QuotaKind.SMELTING_SEPARATION)]
    assert (mining["volume_t"], mining["volume_light_t"], mining["volume_ionic_t"]) == (
        89200,
        77000,
        12200,
    )
    assert smelting["volume_t"] == 90400 and smelting["volume_light_t"] is None
    assert by_key[(2025, "batch 1", QuotaKind.MINING)]["volume_t"] is None
    assert by_key[(2025, "batch 1", QuotaKind.SMELTING_SEPARATION)]["volume_t"] is None


def test_rows_without_a_source_are_skipped_with_file_row_and_reason() -> None:
    f = read_refdata_csv(SHIPPED / "quotas.csv")
    assert [(s.file, s.row) for s in f.skipped] == [("quotas.csv", n) for n in (2, 3, 4, 5)]
    assert all("source_url" in s.reason for s in f.skipped)
    assert not any(r["year"] == 2006 for r in f.rows)


def test_percent_becomes_share_and_bounds_are_noted() -> None:
    rows = read_refdata_csv(SHIPPED / "market_share.csv").rows
    china = next(r for r in rows if r["country"] == "China" and r["year"] == 2024)
    assert china["share"] == pytest.approx(0.692)
    anode = next(r for r in rows if r["stage"] == "anode material refining")
    assert (anode["share"], anode["share_qualifier"]) == (0.9, ">")
    assert "'>90'" in anode["notes"]
    madagascar = next(r for r in rows if r["country"] == "Madagascar")
    assert madagascar["confidence"] is Confidence.UNCONFIRMED


def test_capacity_ranges_stay_text() -> None:
    rows = {
        r["name"] + r["location"]: r for r in read_refdata_csv(SHIPPED / "alt_producers.csv").rows
    }
    iluka = rows["Iluka ResourcesEneabba, Western Australia"]
    assert iluka["capacity_value"] is None
    assert iluka["capacity_text"].startswith("12,100-18,400 t/yr REO")
    assert rows["Noveon MagneticsSan Marcos, Texas"]["capacity_value"] == 2000


def test_structured_measures_are_typed() -> None:
    rows = {r["code"]: r for r in read_refdata_csv(SHIPPED / "measures_structured.csv").rows}
    ec07 = rows["EC07"]
    assert ec07["kind"] is MeasureKind.EXPORT_CONTROL and ec07["licence_days_nominal"] == 45
    assert {("Dy", Stage.OXIDE), ("Tb", Stage.METAL), ("NdFeB", Stage.MAGNET)} <= set(
        ec07["materials"]
    )
    assert rows["EC08"]["date_effective"] is None
    assert rows["EC08"]["suspended_until"] == date(2026, 11, 10)
    assert (rows["EC05"]["suspended_from"], rows["EC05"]["suspended_until"]) == (
        date(2025, 11, 9),
        date(2026, 11, 27),
    )
    assert rows["EC05"]["date_ends"] is None  # clause 2 is suspended, the measure goes on


def test_only_the_suspension_announcement_has_an_end() -> None:
    rows = read_refdata_csv(SHIPPED / "measures_structured.csv").rows
    ends = {r["code"]: r["date_ends"] for r in rows if r["date_ends"] is not None}
    assert ends == {"EC14": date(2026, 11, 10)}
    ec14 = next(r for r in rows if r["code"] == "EC14")
    assert "date_ends" in ec14["derivation"] and "2026-11-10" in ec14["derivation"]


def test_end_before_effective_date_is_located(tmp_path: Path) -> None:
    path = _copy(tmp_path, "measures_structured.csv")
    row = _edit(path, "EC14", "date_ends", "2025-11-06")
    with pytest.raises(DataFileError, match="must not be less than 2025-11-07") as err:
        read_refdata_csv(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, "date_ends", "2025-11-06")


def test_a_measures_file_without_date_ends_is_read_without_it(tmp_path: Path) -> None:
    path = tmp_path / "old_measures.csv"
    with (SHIPPED / "measures_structured.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [{k: v for k, v in r.items() if k != "date_ends"} for r in csv.DictReader(f)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    parsed = read_refdata_csv(path)
    assert parsed.kind == "measures_structured" and len(parsed.rows) == len(rows)
    assert not any("date_ends" in r for r in parsed.rows)


def test_free_text_dates_go_to_effective_note() -> None:
    rows = {r["code"]: r for r in read_refdata_csv(SHIPPED / "export_controls.csv").rows}
    assert rows["EC07"]["date_effective"] == date(2025, 4, 4)
    assert rows["EC07"]["effective_note"] is None
    assert "date_effective" not in rows["EC08"]
    assert rows["EC08"]["effective_note"] == "2025-11-08 (planned)"


def test_bad_structured_date_names_file_row_and_column(tmp_path: Path) -> None:
    path = _copy(tmp_path, "measures_structured.csv")
    row = _edit(path, "EC07", "date_effective", "4 April 2025")
    with pytest.raises(DataFileError) as err:
        read_refdata_csv(path)
    assert (err.value.file, err.value.row, err.value.column) == (
        str(path),
        row,
        "date_effective",
    )
    assert row == 8


def test_impossible_date_inside_free_text_is_an_error(tmp_path: Path) -> None:
    path = _copy(tmp_path, "export_controls.csv")
    row = _edit(path, "EC08", "date_effective", "2025-11-31 (planned)")
    with pytest.raises(DataFileError) as err:
        read_refdata_csv(path)
    assert (err.value.row, err.value.column, err.value.value) == (
        row,
        "date_effective",
        "2025-11-31",
    )


def test_non_numeric_quota_is_located(tmp_path: Path) -> None:
    path = _copy(tmp_path, "quotas.csv")
    with path.open(encoding="utf-8") as f:
        lines = f.read().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("2019,annual"))
    lines[index] = lines[index].replace("132000", "132 kt")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_refdata_csv(path)
    assert (err.value.file, err.value.row, err.value.column) == (
        str(path),
        index + 1,
        "mining_quota_t_REO",
    )
    assert f"{path}, row {index + 1}" in str(err.value)


def test_rows_are_numbered_like_a_spreadsheet_despite_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "element,stage,name,category,derivation\n"
        'Nd,oxide,"Neodymium\noxide",light RE,EC00\n'
        "Pr,rock,Praseodymium oxide,light RE,EC00\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as err:
        read_refdata_csv(path)
    assert (err.value.row, err.value.column, err.value.value) == (3, "stage", "rock")


def test_unknown_header_and_near_miss_are_reported_at_row_1(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="matches no reference-data file") as err:
        read_refdata_csv(other)
    assert err.value.row == 1
    near = tmp_path / "near.csv"
    near.write_text("year,batch,mining_quota_t_REO,confidence,source_url\n", encoding="utf-8")
    with pytest.raises(
        DataFileError, match="looks like quotas but lacks columns smelting_separation_quota_t_reo"
    ):
        read_refdata_csv(near)


def test_extra_cells_duplicate_keys_and_bad_confidence(tmp_path: Path) -> None:
    header = "element,stage,name,category,derivation\n"
    cases = {
        "cells.csv": (header + "Nd,oxide,Nd oxide,light RE,EC07 'Sm, Gd',x\n", 2, None),
        "dup.csv": (header + "Nd,oxide,a,b,c\nNd,oxide,a,b,c\n", 3, None),
    }
    for name, (text, row, column) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(DataFileError) as err:
            read_refdata_csv(tmp_path / name)
        assert (err.value.row, err.value.column) == (row, column)
    path = _copy(tmp_path, "part_content.csv")
    with path.open(encoding="utf-8") as f:
        text = f.read()
    path.write_text(
        text.replace(",confirmed,industry blog,", ",sure,industry blog,"), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="not one of: confirmed, derived, unconfirmed") as err:
        read_refdata_csv(path)
    assert (err.value.row, err.value.column) == (2, "confidence")


def test_curated_rows_without_derivation_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "materials.csv"
    path.write_text(
        "element,stage,name,category,derivation\nNd,oxide,Nd oxide,light RE,\n"
        "Pr,oxide,Pr oxide,light RE,EC00 test\n",
        encoding="utf-8-sig",
    )
    f = read_refdata_csv(path)
    assert [r["element"] for r in f.rows] == ["Pr"]
    assert [(s.row, s.reason) for s in f.skipped] == [(2, "no derivation: not loaded")]


def test_a_second_file_of_one_kind_in_a_folder_is_an_error(tmp_path: Path) -> None:
    _copy(tmp_path, "quotas.csv")
    shutil.copy(SHIPPED / "quotas.csv", tmp_path / "quotas_copy.csv")
    with pytest.raises(DataFileError, match="second quotas file"):
        read_refdata_folder(tmp_path)


def test_errors_name_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "drop").mkdir()
    path = _copy(tmp_path / "drop", "quotas.csv")
    _edit(path, "2019", "mining_quota_t_REO", "lots")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataFileError) as err:
        read_refdata_csv("drop/quotas.csv")
    assert err.value.file == "drop/quotas.csv"
    assert str(err.value).startswith("drop/quotas.csv, row ")
    (tmp_path / "two").mkdir()
    _copy(tmp_path / "two", "quotas.csv")
    shutil.copy(SHIPPED / "quotas.csv", tmp_path / "two" / "quotas_copy.csv")
    with pytest.raises(DataFileError, match=r"\(first: two/quotas\.csv\)") as err:
        read_refdata_folder("two")
    assert err.value.file == "two/quotas_copy.csv"


MATERIALS_HEADER = "element,stage,name,category,derivation\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Nd,oxide,Nd oxide,light RE\n", "4 cells but the header has 5 columns"),  # end dropped
        ("Nd,Nd oxide,light RE,EC00\n", "4 cells but the header has 5 columns"),  # comma lost
        ("Nd,oxide,Nd oxide,light RE,EC00,x\n", "6 cells but the header has 5 columns"),
    ],
)
def test_a_row_with_too_few_or_too_many_cells_is_located(
    tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "materials.csv"
    path.write_text(MATERIALS_HEADER + "Pr,oxide,Pr oxide,light RE,EC00\n" + row, "utf-8")
    with pytest.raises(DataFileError, match=message) as err:
        read_refdata_csv(path)
    assert (err.value.file, err.value.row) == (str(path), 3)


@pytest.mark.parametrize(("year", "ok"), [("1899", False), ("1900", True), ("2100", True),
                                          ("2101", False), ("20255", False)])  # fmt: skip
def test_years_outside_1900_to_2100_are_refused(tmp_path: Path, year: str, ok: bool) -> None:
    quotas = _copy(tmp_path, "quotas.csv")
    row = _edit(quotas, "2019", "year", year)
    shares = _copy(tmp_path, "market_share.csv")
    with shares.open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    column = [h.lower() for h in records[0]].index("year")
    records[1][column] = year
    with shares.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(records)
    for path, number in ((quotas, row), (shares, 2)):
        if ok:
            read_refdata_csv(path)
            continue
        with pytest.raises(DataFileError, match="a year from 1900 to 2100") as err:
            read_refdata_csv(path)
        assert (err.value.row, err.value.column, err.value.value) == (number, "year", year)


def test_dates_outside_1900_to_2100_are_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path, "measures_structured.csv")
    row = _edit(path, "EC07", "date_effective", "0202-04-04")
    with pytest.raises(DataFileError, match="a year from 1900 to 2100") as err:
        read_refdata_csv(path)
    assert (err.value.row, err.value.column, err.value.value) == (
        row,
        "date_effective",
        "0202-04-04",
    )


def test_a_file_without_loadable_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "materials.csv"
    path.write_text(MATERIALS_HEADER + "Nd,oxide,Nd oxide,light RE,\n\n", "utf-8")
    with pytest.raises(DataFileError, match=r"no loadable rows: 1 skipped \(row 2: no deri"):
        read_refdata_csv(path)
    path.write_text(MATERIALS_HEADER, "utf-8")
    with pytest.raises(DataFileError, match="no loadable rows: the file has no data rows"):
        read_refdata_csv(path)
