"""import-network, import-suppliers and template from the command line: exit codes and JSON."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import load_workbook

from rePlanner.cli import main
from rePlanner.persistence.database import open_database
from rePlanner.services import crud
from rePlanner.services.workspace import open_workspace
from tests.io.network.helpers import LINKS, PEER, network_book, write_book


def new_db(tmp_path) -> str:
    """A database as the app makes it (the import commands never create one)."""
    path = str(tmp_path / "w.sqlite")
    open_workspace(path).dispose()
    return path


def digest(path: str, db_snapshot) -> dict[str, str]:
    db = open_database(path, create=False)
    try:
        return db_snapshot(db)
    finally:
        db.dispose()


@pytest.mark.parametrize("command", ["import-network", "import-suppliers"])
def test_a_missing_database_is_not_created(tmp_path, capsys, command):
    db = tmp_path / "nowhere" / "w.sqlite"
    assert main(["--db", str(db), command, str(PEER / "small.xlsx")]) == 1
    err = capsys.readouterr().err
    assert f"no database at {db}: create one with `replanner demo` or start the app once" in err
    assert not db.exists() and not db.parent.exists()


def test_import_network_json_then_reimport(tmp_path, capsys):
    db = new_db(tmp_path)
    assert main(["--db", db, "import-network", str(PEER / "small.xlsx"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and (out["nodes"], out["links"], out["rows_read"]) == (35, 44, 79)
    assert out["issues"] == []
    assert main(["import-network", str(PEER / "small.xlsx"), "--db", db]) == 0
    assert "Imported network 'small'" in capsys.readouterr().out
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM sourcing_links").fetchone()[0] == 44


def test_errors_exit_1_and_write_nothing(tmp_path, capsys, db_snapshot):
    db = new_db(tmp_path)
    before = digest(db, db_snapshot)
    bad = network_book(tmp_path / "bad.xlsx", links=[*LINKS, ["S9", "P1", "steel", 1]])
    assert main(["--db", db, "import-network", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert not out["ok"]
    (issue,) = out["issues"]
    assert (issue["sheet"], issue["row"], issue["column"], issue["value"]) == (
        "Links", 5, "From node", "S9")  # fmt: skip
    assert main(["--db", db, "import-network", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 5" in err and "nothing was changed" in err
    assert digest(db, db_snapshot) == before


def test_dry_run_and_missing_file(tmp_path, capsys, db_snapshot):
    db = new_db(tmp_path)
    before = digest(db, db_snapshot)
    assert main(["--db", db, "import-network", str(PEER / "small.xlsx"), "--dry-run"]) == 0
    assert "dry run" in capsys.readouterr().out
    assert digest(db, db_snapshot) == before
    assert main(["--db", db, "import-suppliers", str(tmp_path / "none.xlsx")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_broken_workbook_is_a_message_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "n.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert main(["--db", new_db(tmp_path), "import-network", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("replanner: error:") and "Traceback" not in err


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import-network"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["template", "xyz", "out.xlsx"])
    assert exit_.value.code == 2


def test_templates_written(tmp_path, capsys):
    assert main(["template", "bom", str(tmp_path / "bom.xlsx")]) == 0
    assert load_workbook(tmp_path / "bom.xlsx")["BOM"]["B1"].value == "Part Number"
    assert main(["template", "suppliers", str(tmp_path / "s.xlsx")]) == 0
    assert load_workbook(tmp_path / "s.xlsx").sheetnames == ["Suppliers", "Part suppliers"]


def test_supplier_template_round_trips_through_import(tmp_path, capsys):
    tpl = tmp_path / "s.xlsx"
    assert main(["template", "suppliers", str(tpl)]) == 0
    wb = load_workbook(tpl)
    wb["Suppliers"].append(["Acme", "France", "EU", 1, "Lyon", "Lyon"])
    wb.save(tpl)
    db = new_db(tmp_path)
    capsys.readouterr()
    assert main(["--db", db, "import-suppliers", str(tpl), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["suppliers"] == 1 and out["changes"]["site"]["created"] == 1


def test_import_suppliers_accepts_look_alikes_only_when_asked(tmp_path, capsys):
    db = new_db(tmp_path)
    database = open_database(db)
    crud.create(database, "supplier", {"name": "Allgaeu Fahrwerk GmbH", "country": "Germany"})
    database.dispose()
    book = tmp_path / "s.xlsx"
    write_book(book, {"Lieferanten": [["Lieferant", "Land"], ["Allgau Fahrwerk GmbH", "DE"]]})
    assert main(["--db", db, "import-suppliers", str(book)]) == 1
    err = capsys.readouterr().err
    assert "column 'Lieferant'" in err and "looks like 'Allgaeu Fahrwerk GmbH'" in err
    assert main(["--db", db, "import-suppliers", str(book), "--accept-suppliers-above", "0.9"]) == 0
    assert "taken as 'Allgaeu Fahrwerk GmbH'" in capsys.readouterr().err
