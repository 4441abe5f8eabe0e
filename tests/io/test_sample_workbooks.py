"""Sample BOM workbooks: each keeps its promises, and the committed copies cannot drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from rePlanner.io.sample_workbooks import (
    CLEAN,
    FIXED_TIME,
    MESSY,
    MESSY_HEADER_ROW,
    MESSY_HEADERS,
    MULTILEVEL,
    SUPERSEDED,
    BomRow,
    flatten,
)
from rePlanner.services.demo import sample_bom, write_sample_workbooks

COMMITTED = Path(__file__).resolve().parents[2] / "resources" / "samples"
REGENERATE = (
    '.venv/bin/python -c "from rePlanner.services.demo import write_sample_workbooks; '
    "write_sample_workbooks('resources/samples')\""
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    paths = write_sample_workbooks(out)
    assert [p.name for p in paths] == [CLEAN, MULTILEVEL, MESSY]
    return out


@pytest.fixture(scope="module")
def bom() -> list[BomRow]:
    return sample_bom()


def test_flatten_multiplies_down_the_tree_and_merges_repeats():
    tree = [
        BomRow(1, "A", "assembly", 2, "pc", None),
        BomRow(2, "x", "screw", 3, "pc", "S"),
        BomRow(2, "B", "sub", 1, "pc", None),
        BomRow(3, "x", "screw", 4, "pc", "S"),
        BomRow(1, "y", "nut", 5, "pc", "S"),
    ]
    assert [(r.part_number, r.quantity, r.level) for r in flatten(tree)] == [
        ("x", 2 * 3 + 2 * 1 * 4, 1),
        ("y", 5, 1),
    ]


def test_clean_is_one_flat_sheet_with_text_part_numbers(folder, bom):
    wb = load_workbook(folder / CLEAN)
    assert wb.sheetnames == ["BOM"]
    rows = list(wb["BOM"].iter_rows())
    assert [c.value for c in rows[0]] == [
        "Part Number",
        "Description",
        "Quantity",
        "Unit",
        "Supplier",
    ]
    data = rows[1:]
    assert len(data) == len(flatten(bom))
    assert all(r[0].data_type == "s" and isinstance(r[2].value, float | int) for r in data)
    assert any(r[0].value.startswith("0") for r in data)
    assert all(r[2].value > 0 for r in data)


def test_multilevel_has_german_headers_and_a_consistent_level_column(folder, bom):
    ws = load_workbook(folder / MULTILEVEL).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Stufe", "Sachnummer", "Benennung", "Menge", "ME", "Lieferant")
    levels = [r[0] for r in rows[1:]]
    assert len(levels) == len(bom) and set(levels) == {1, 2, 3} and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert {r[4] for r in rows[1:]} >= {"ST", "KG"}
    assert all(isinstance(r[1], str) for r in rows[1:])


def _messy(folder: Path, data_only: bool = False) -> Any:
    return load_workbook(folder / MESSY, data_only=data_only)["BOM export"]


def _data_rows(ws: Any) -> list[int]:
    """Rows between the header and the totals row that hold a part number."""
    return [
        r for r in range(MESSY_HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 2).value is not None
    ]


def test_messy_has_title_rows_merged_cells_and_a_blank_row(folder):
    ws = _messy(folder)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:G1", "A2:A3", "B2:G2", "B3:G3"} <= merged
    assert "BILL OF MATERIALS" in ws["A1"].value
    assert all(c.value is None for c in ws[MESSY_HEADER_ROW - 1])
    assert tuple(c.value for c in ws[MESSY_HEADER_ROW]) == MESSY_HEADERS
    assert load_workbook(folder / MESSY).sheetnames == ["BOM export", "Notes"]


def test_messy_part_numbers_keep_text_where_text_matters(folder):
    ws = _messy(folder)
    cells = [ws.cell(r, 2) for r in _data_rows(ws)]
    text = [c.value for c in cells if c.data_type == "s"]
    assert sum(v.startswith("0") for v in text) >= 10
    assert "1E5" in text
    assert any(v.isdigit() and len(v) > 15 for v in text)
    assert any(isinstance(c.value, int) for c in cells)  # plain digit strings became numbers


def test_messy_quantities_are_mixed_like_real_exports(folder):
    ws = _messy(folder)
    qty = [ws.cell(r, 4).value for r in _data_rows(ws)]
    assert "1,5" in qty and "8,5" in qty and "2 pcs" in qty
    assert sum(isinstance(q, int) for q in qty) > len(qty) / 2


def test_messy_levels_are_indentation_and_match_the_bom(folder, bom):
    ws = _messy(folder)
    visible = [r for r in _data_rows(ws) if not ws.row_dimensions[r].hidden]
    indents = [int(ws.cell(r, 3).alignment.indent) for r in visible]
    assert indents == [row.level - 1 for row in bom]
    assert set(indents) == {0, 1, 2}


def test_messy_has_one_hidden_superseded_row(folder):
    ws = _messy(folder)
    hidden = [r for r in _data_rows(ws) if ws.row_dimensions[r].hidden]
    assert len(hidden) == 1
    assert ws.cell(hidden[0], 2).value == SUPERSEDED[0] and ws.cell(hidden[0], 2).data_type == "s"


def test_messy_formulas_carry_cached_values(folder):
    formulas, cached = _messy(folder), _messy(folder, data_only=True)
    broken = [r for r in _data_rows(formulas) if "#REF!" in str(formulas.cell(r, 7).value)]
    assert len(broken) == 1
    assert formulas.cell(broken[0], 7).value.startswith("=VLOOKUP(")
    assert cached.cell(broken[0], 7).value == "#REF!" and cached.cell(broken[0], 7).data_type == "e"
    total_row = formulas.max_row
    assert formulas.cell(total_row, 1).value == "Total"
    assert formulas.cell(total_row, 4).value.startswith("=SUM(D6:D")
    numbers = [formulas.cell(r, 4).value for r in _data_rows(formulas)]
    expected = sum(q for q in numbers if isinstance(q, int | float))
    assert cached.cell(total_row, 4).value == pytest.approx(expected)
    # a reader that never evaluates formulas (calamine) sees the cached total too
    sheet = CalamineWorkbook.from_path(str(folder / MESSY)).get_sheet_by_name("BOM export")
    assert sheet.to_python()[total_row - 1][3] == pytest.approx(expected)


def _snapshot(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    shot = {}
    for ws in wb.worksheets:
        shot[ws.title] = (
            [tuple((c.value, c.data_type) for c in row) for row in ws.iter_rows()],
            sorted(str(r) for r in ws.merged_cells.ranges),
            sorted(r for r, dim in ws.row_dimensions.items() if dim.hidden),
        )
    return shot


@pytest.mark.parametrize("name", [CLEAN, MULTILEVEL, MESSY])
def test_committed_samples_equal_freshly_generated_ones(folder, name):
    committed = COMMITTED / name
    assert committed.exists(), f"missing {committed}; regenerate with: {REGENERATE}"
    assert _snapshot(committed) == _snapshot(folder / name), f"stale; regenerate: {REGENERATE}"


def test_generation_is_byte_for_byte_reproducible(folder, tmp_path):
    again = write_sample_workbooks(tmp_path)
    props = load_workbook(again[0]).properties
    assert props.created == FIXED_TIME and props.modified == FIXED_TIME
    assert [p.read_bytes() for p in again] == [(folder / p.name).read_bytes() for p in again]
