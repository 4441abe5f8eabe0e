"""import-bom end to end on real workbooks written here (readers + parser + services)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from rePlanner.cli import main
from rePlanner.services import crud
from rePlanner.services.bom_import_profiles import load_profile
from rePlanner.services.bom_query import bom_tree
from rePlanner.services.workspace import open_workspace

pytest.importorskip("rePlanner.io.bom.parser")


@pytest.fixture
def dbfile(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    db = open_workspace(str(path))
    own = crud.create(db, "supplier", {"name": "Our Co", "country": "DE", "is_internal": True})
    crud.create(db, "site", {"supplier_id": own["id"], "name": "Bremen", "country": "DE"})
    crud.create(db, "supplier", {"name": "Magnetic Co", "country": "JP"})
    db.dispose()
    monkeypatch.setenv("REPLANNER_DB", str(path))
    return path


def workbook(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Stückliste"
    ws.append(["Nordwerk BOM export"])  # a title row above the header
    ws.append([])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


GOOD = [["Stufe", "Sachnummer", "Benennung", "Menge", "ME", "Lieferant"],
        [1, "0042", "Antrieb", 1, "Stk", None],
        [2, "M-1", "Magnet", 8, "Stk", "magnetic co"]]  # fmt: skip


def test_real_file_imports_with_provenance_and_saves_mapping(dbfile, tmp_path, capsys):
    f = workbook(tmp_path / "bom.xlsx", GOOD)
    code = main(["import-bom", str(f), "--line", "N1", "--create-line", "--json",
                 "--save-mapping", "ERP"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out["issues"]
    assert out["lines_imported"] == 2 and out["revision"] == 1 and out["sheet"] == "Stückliste"
    db = open_workspace(str(dbfile))
    try:
        tree = bom_tree(db, "N1")
        assert load_profile(db, "ERP").mapping["part_number"] == "Sachnummer"
    finally:
        db.dispose()
    assert [(r["part_number"], r["source_row"], r["extended_quantity"]) for r in tree] == [
        ("0042", 4, 1.0), ("M-1", 5, 8.0)
    ]  # fmt: skip
    assert tree[1]["supplier"] == "Magnetic Co"


def test_real_file_with_errors_exits_1(dbfile, tmp_path, capsys):
    f = workbook(tmp_path / "bad.xlsx", [*GOOD, [1, "B-2", "Rad", "2,5x", "Stk", None]])
    code = main(["import-bom", str(f), "--line", "N1", "--create-line"])
    out = capsys.readouterr()
    assert code == 1
    assert "sheet 'Stückliste' row 6, column 'Menge' ('2,5x')" in out.out
    assert "Nothing was imported" in out.err


def test_not_a_workbook_exits_1(dbfile, tmp_path, capsys):
    f = tmp_path / "fake.xlsx"
    f.write_bytes(b"PK\x03\x04 truncated")
    code = main(["import-bom", str(f), "--line", "N1", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["ok"] is False and out["issues"][0]["severity"] == "error"
