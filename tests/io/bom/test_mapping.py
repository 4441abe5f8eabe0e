"""Header detection, sheet choice, mapping suggestions in six languages, overrides, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rePlanner.domain.imports import BomField, ColumnMapping
from rePlanner.io.bom import (
    MappingProfileError,
    apply_profile,
    apply_profile_to_rows,
    choose_sheet,
    find_header,
    mapping_to_profile,
    override,
    suggest_mapping,
)
from tests.io.bom.helpers import codes, parse, xlsx

F = BomField
DATA = [["A-100", "Bracket", 2, "pc", "ACME"], ["B-200", "Screw", 4, "pc", "ACME"]]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Part Number", "Description", "Quantity", "Unit", "Supplier"], "en"),
        (["P/N", "Desc.", "Qty.", "UoM", "Vendor"], "en short"),
        (["Teilenummer", "Bezeichnung", "Anzahl", "Einheit", "Lieferant"], "de"),
        (["Materialnummer", "Benennung", "Menge", "ME", "Lieferant"], "de sap"),
        (["Référence", "Désignation", "Qté", "Unité", "Fournisseur"], "fr"),
        (["N° de pièce", "Désignation", "Quantité", "Unité", "Fournisseur"], "fr 2"),
        (["Número de pieza", "Descripción", "Cantidad", "Unidad", "Proveedor"], "es"),
        (["Referencia", "Descripción", "Cantidad", "Unidad", "Proveedor"], "es 2"),
        (["零件号", "名称", "数量", "单位", "供应商"], "zh"),
        (["物料编码", "描述", "用量", "单位", "供应商"], "zh 2"),
        (["料号", "品名", "数量", "单位", "供应商"], "zh 3"),
        (["品番", "品名", "員数", "単位", "仕入先"], "ja"),
        (["部品番号", "部品名", "数量", "単位", "サプライヤー"], "ja 2"),
        (["PART NO", "DESCRIPTION", "QTY", "UNIT", "SUPPLIER"], "caps"),
        (["Part-Nr.", "Description ", "Qty (per parent)", "Unit", "Supplier"], "punct"),
        (["Part #", "Descripton", "Quantitiy", "Unit", "Suplier"], "typos"),
    ],
)
def test_synonyms_in_six_languages(headers: list[str], expected: str) -> None:
    mapping = suggest_mapping([headers, *DATA])
    assert mapping.header_row == 1
    wanted = [F.PART_NUMBER, F.DESCRIPTION, F.QUANTITY, F.UNIT, F.SUPPLIER]
    assert {f: mapping.columns.get(f) for f in wanted} == {f: i for i, f in enumerate(wanted)}, (
        expected
    )
    assert all(0.6 <= mapping.scores[f] <= 1.0 for f in wanted)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Stufe", F.LEVEL), ("Ebene", F.LEVEL), ("Niveau", F.LEVEL), ("Nivel", F.LEVEL),
        ("层级", F.LEVEL), ("階層", F.LEVEL), ("レベル", F.LEVEL), ("BOM Level", F.LEVEL),
        ("Parent Part Number", F.PARENT), ("übergeordnet", F.PARENT), ("父项", F.PARENT),
        ("親品番", F.PARENT), ("Pos.", F.POSITION), ("Item No.", F.POSITION),
        ("Sachnummer", F.PART_NUMBER), ("Sach-Nr.", F.PART_NUMBER), ("品番", F.PART_NUMBER),
        ("Número de pieza", F.PART_NUMBER), ("Menge", F.QUANTITY), ("qté", F.QUANTITY),
    ],
)  # fmt: skip
def test_single_headers(header: str, field: BomField) -> None:
    rows = [["Part Number", "Qty", header], ["X1", 1, 1]]
    if field in (F.PART_NUMBER, F.QUANTITY):
        rows = [["Benennung", header], ["Bolt", 1]]
    mapping = suggest_mapping(rows)
    assert mapping.header_of(field) == header


def test_header_under_title_logo_and_blank_rows_with_merges(tmp_path: Path) -> None:
    rows = [
        ["ACME CORP - BILL OF MATERIALS", None, None, None],
        ["[logo]", "Vehicle X, plant Y", None, None],
        [None, "Exported 2026-01-01, part list quantity confidential", None, None],
        [None, None, None, None],
        ["Part No.", "Description", "Qty", "Supplier"],
        ["A-1", "Bracket", 2, "ACME"],
        ["A-2", "Screw", 4, "ACME"],
    ]
    values, fmt = xlsx(tmp_path, rows, merges=["A1:D1", "A2:A3", "B2:D2", "B3:D3"])
    guess = find_header(values)
    assert (guess.index, guess.row) == (4, 5)
    parsed = parse(values, formatting=fmt)
    assert parsed.mapping.header_row == 5
    assert [ln.part_number for ln in parsed.lines] == ["A-1", "A-2"]


def test_header_detection_respects_first_row() -> None:
    rows = [["Report"], ["Qty", "Part Number"], [1, "X"], [2, "Y"]]
    mapping = suggest_mapping(rows, first_row=11)
    assert mapping.header_row == 12
    assert parse(rows, first_row=11).lines[0].row == 13


def test_item_is_position_when_a_part_number_column_exists() -> None:
    rows = [["Item", "Part No.", "Qty"], [10, "0815", 1], [20, "0816", 2], [30, "0817", 1]]
    mapping = suggest_mapping(rows)
    assert mapping.columns[F.PART_NUMBER] == 1 and mapping.columns[F.POSITION] == 0


def test_a_counting_column_loses_a_tie_for_the_part_number() -> None:
    rows = [["Item", "Código", "Cantidad"], [10, "A-1", 1], [20, "A-2", 2], [30, "A-3", 1]]
    mapping = suggest_mapping(rows)
    assert mapping.columns[F.PART_NUMBER] == 1 and mapping.columns[F.POSITION] == 0


def test_item_is_the_part_number_when_nothing_else_is() -> None:
    rows = [["Item", "Description", "Qty"], ["AB-1", "Bolt", 1], ["AB-2", "Nut", 2]]
    assert suggest_mapping(rows).columns[F.PART_NUMBER] == 0


def test_total_quantity_column_is_not_the_quantity_per_parent() -> None:
    rows = [["Part Number", "Total Qty", "Qty"], ["X", 8, 2]]
    assert suggest_mapping(rows).columns[F.QUANTITY] == 2


def test_choose_sheet_picks_the_bom() -> None:
    heads = {
        "Cover": [["Bill of materials for vehicle X"], ["Prepared by", "J. Doe"]],
        "Notes": [["Quantities are per parent"]],
        "Data": [["Sachnummer", "Menge", "Benennung"], ["1", 1, "x"], ["2", 1, "y"]],
        "Prices": [["Part", "Price"], ["1", 2.5]],
    }
    assert choose_sheet(heads) == "Data"
    assert choose_sheet({"Sheet1": [], "Stückliste": [["foo", "bar"]]}) == "Stückliste"
    assert choose_sheet({"Empty": [], "Other": [["a"]]}) == "Other"


def test_no_header_is_an_error_not_a_crash() -> None:
    parsed = parse([[1, 2, 3], [4, 5, 6]])
    assert not parsed.ok and codes(parsed) == ["no_header"] and parsed.lines == []


def test_unknown_headers_fall_back_to_a_label_row_for_manual_mapping() -> None:
    rows = [["Foo", "Bar"], ["x", 1]]
    mapping = suggest_mapping(rows)
    assert mapping.header_row == 1 and mapping.columns == {}
    parsed = parse(rows)
    assert codes(parsed) == ["no_part_number_column"]


def test_user_mapping_is_used_as_given() -> None:
    rows = [["Qty", "Part Number", "Code"], [1, "WRONG", "A-1"], [2, "WRONG", "A-2"]]
    mapping = ColumnMapping(header_row=1, columns={F.PART_NUMBER: 2, F.QUANTITY: 0})
    parsed = parse(rows, mapping=mapping)
    assert [(ln.part_number, ln.quantity) for ln in parsed.lines] == [("A-1", 1.0), ("A-2", 2.0)]


def test_override_moves_a_field_and_frees_the_column() -> None:
    mapping = suggest_mapping([["Part Number", "Description", "Qty"], ["A", "b", 1]])
    changed = override(mapping, F.PART_NUMBER, 1)
    assert changed.columns == {F.PART_NUMBER: 1, F.QUANTITY: 2}
    assert override(changed, F.QUANTITY, None).columns == {F.PART_NUMBER: 1}
    assert mapping.columns[F.PART_NUMBER] == 0  # the original is untouched


def test_profile_round_trip_survives_moved_columns() -> None:
    original = [["Stufe", "Sachnummer", "Menge", "ME"], [1, "A", 1, "ST"]]
    profile = mapping_to_profile(suggest_mapping(original))
    assert json.loads(json.dumps(profile)) == profile
    assert profile == {"level": "Stufe", "part_number": "Sachnummer", "quantity": "Menge",
                       "unit": "ME"}  # fmt: skip
    moved = [
        ["Title"],
        [],
        ["ME", "Menge", "Bemerkung", "Sachnummer", "Stufe"],
        ["ST", 2, "", "B", 1],
    ]
    mapping = apply_profile_to_rows(profile, moved)
    assert mapping.header_row == 3
    assert mapping.columns == {F.UNIT: 0, F.QUANTITY: 1, F.PART_NUMBER: 3, F.LEVEL: 4}
    assert parse(moved, mapping=mapping).lines[0].part_number == "B"


def test_profile_is_case_and_space_tolerant() -> None:
    mapping = apply_profile({"part_number": "Part No."}, ["  part no. ", "x"])
    assert mapping.columns == {F.PART_NUMBER: 0}


def test_profile_names_the_missing_header() -> None:
    with pytest.raises(MappingProfileError, match='"Sachnummer" \\(for part number\\)') as err:
        apply_profile({"part_number": "Sachnummer", "quantity": "Menge"}, ["Menge", "Teil"])
    assert "Teil" in str(err.value)


def test_profile_with_an_unknown_field_is_refused() -> None:
    with pytest.raises(MappingProfileError, match="'price'"):
        apply_profile({"price": "Preis"}, ["Preis"])


def test_profile_keeps_headerless_columns_by_letter() -> None:
    mapping = ColumnMapping(1, {F.PART_NUMBER: 0, F.QUANTITY: 27}, ["Part"] + [""] * 27)
    profile = mapping_to_profile(mapping)
    assert profile == {"part_number": "Part", "quantity": "[AB]"}
    assert apply_profile(profile, ["Part"] + [""] * 27).columns == mapping.columns
