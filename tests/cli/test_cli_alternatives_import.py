"""replanner alternatives-template and import-alternatives: files, JSON, exit codes."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from rePlanner.cli import main
from rePlanner.persistence.database import open_database
from rePlanner.services import crud
from rePlanner.services.workspace import open_workspace
from tests.conftest import snapshot


@pytest.fixture
def dbfile(tmp_path) -> str:
    path = str(tmp_path / "w.sqlite")
    db = open_workspace(path)
    crud.create(db, "part", {"part_number": "000123"})
    db.dispose()
    return path


def digest(path: str) -> dict[str, str]:
    db = open_database(path)
    try:
        return snapshot(db)
    finally:
        db.dispose()


def filled_template(tmp_path, capsys, rows: list[dict[str, object]]) -> str:
    out = tmp_path / "alt.xlsx"
    assert main(["alternatives-template", str(out)]) == 0
    assert f"Template written: {out}" in capsys.readouterr().out
    wb = load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[1]]
    ws.delete_rows(2, 2)
    for row in rows:
        ws.append([row.get(h) for h in header])
    wb.save(out)
    return str(out)


GOOD = [{"Name": "EU Magnets", "Material": "NdFeB magnet", "Depends On": "Dy metal: 100 %"},
        {"Name": "Rotor redesign", "Kind": "design", "Part Number": "000123"}]  # fmt: skip


def test_template_then_import_as_json_then_reimport(dbfile, tmp_path, capsys):
    path = filled_template(tmp_path, capsys, GOOD)
    assert main(["--db", dbfile, "import-alternatives", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["ok"], data["created"], data["updated"], data["alternatives"]) == (True, 2, 0, 2)
    assert data["changes"]["alternative material"]["created"] == 1
    assert main(["import-alternatives", "--db", dbfile, path]) == 0
    text = capsys.readouterr().out
    assert "Imported alternatives from" in text and "alternative source: 2 unchanged" in text
    db = open_database(dbfile)
    try:
        assert len(crud.find(db, "alternative source", origin="import")) == 2
    finally:
        db.dispose()


def test_errors_exit_1_list_every_cell_and_write_nothing(dbfile, tmp_path, capsys):
    bad = [GOOD[0], {"Name": "X", "Part Number": "0999", "Status": "maybe"}]
    path = filled_template(tmp_path, capsys, bad)
    before = digest(dbfile)
    assert main(["--db", dbfile, "import-alternatives", path]) == 1
    err = capsys.readouterr().err
    assert "sheet 'Alternatives', row 3, column 'Status': 'maybe' is not a status" in err
    assert "Not imported: 1 error(s); nothing was changed." in err
    assert digest(dbfile) == before
    assert main(["--db", dbfile, "import-alternatives", path, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert [(i["row"], i["column"], i["value"]) for i in data["issues"]] == [(3, "Status",
                                                                               "maybe")]  # fmt: skip


def test_unknown_part_is_refused(dbfile, tmp_path, capsys):
    path = filled_template(tmp_path, capsys, [{"Name": "X", "Part Number": "0999"}])
    before = digest(dbfile)
    assert main(["--db", dbfile, "import-alternatives", path]) == 1
    assert "column 'Part Number': part '0999' is not in rePlanner" in capsys.readouterr().err
    assert digest(dbfile) == before


def test_missing_file_and_unwritable_template(dbfile, tmp_path, capsys):
    assert main(["--db", dbfile, "import-alternatives", str(tmp_path / "nope.xlsx")]) == 1
    assert "no such file" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["alternatives-template", str(blocker / "t.xlsx")]) == 1
    assert "cannot write the template" in capsys.readouterr().err
