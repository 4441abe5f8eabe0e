"""import-bom, bom show|history|restore|diff and mapping commands: exit codes, JSON, messages.

The file reader is replaced by a function returning a ParsedBom built here (the reader's own
contract), so these tests pin the command's behaviour; test_cli_bom_files.py runs real files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rePlanner.cli import main
from rePlanner.domain.imports import (
    BomField,
    BomLineIn,
    ColumnMapping,
    ImportIssue,
    ParsedBom,
    Severity,
)
from rePlanner.persistence.database import open_database
from rePlanner.services import bom_import, crud
from rePlanner.services.bom_import_profiles import save_profile
from rePlanner.services.workspace import open_workspace

HEADERS = ["Stufe", "Sachnummer", "Benennung", "Menge", "Lieferant"]
MAPPING = ColumnMapping(
    1,
    {BomField.LEVEL: 0, BomField.PART_NUMBER: 1, BomField.DESCRIPTION: 2,
     BomField.QUANTITY: 3, BomField.SUPPLIER: 4},
    HEADERS,
)  # fmt: skip
BASE = [(1, "A100", 1.0, "Antrieb", None), (2, "0042", 2.0, "Rotor", "Magnetic Co"),
        (1, "B200", 4.0, "Rad", "Wheel Works")]  # fmt: skip


def parsed(spec, file: str, issues=()) -> ParsedBom:
    lines, stack = [], []
    for i, (level, pn, qty, desc, sup) in enumerate(spec):
        del stack[level - 1 :]
        lines.append(BomLineIn(i + 2, pn, qty, level, stack[-1] if stack else None, desc,
                               None, sup, (i + 1) * 10))  # fmt: skip
        stack.append(i)
    return ParsedBom(file, "BOM", MAPPING, lines, list(issues), rows_read=len(spec))


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A database with a plant, suppliers and line B1, and a BOM file the fake reader serves."""
    path = tmp_path / "w.sqlite"
    db = open_workspace(str(path))  # as the app makes it: reference data seeded
    own = crud.create(db, "supplier", {"name": "Our Co", "country": "DE", "is_internal": True})
    site = crud.create(db, "site", {"supplier_id": own["id"], "name": "Bremen", "country": "DE"})
    for name in ("Magnetic Co", "Wheel Works"):
        crud.create(db, "supplier", {"name": name, "country": "JP"})
    prog = crud.create(db, "program", {"name": "P", "powertrain": "BEV"})
    crud.create(db, "production line", {"name": "B1", "plant_site_id": site["id"],
                                        "program_id": prog["id"], "rate_per_day": 1,
                                        "margin_per_vehicle": 1})  # fmt: skip
    db.dispose()
    file = tmp_path / "bom.xlsx"
    file.write_bytes(b"stand-in")
    state = {"spec": BASE, "issues": []}
    seen: dict[str, object] = {}

    def fake_read(p, *, sheet=None, profile=None, max_rows=None, progress=None):
        seen.update(sheet=sheet, profile=profile, max_rows=max_rows)
        return parsed(state["spec"], str(p), state["issues"])

    monkeypatch.setattr(bom_import, "read_bom_file", fake_read)
    monkeypatch.setenv("REPLANNER_DB", str(path))
    return {"db": path, "file": file, "state": state, "seen": seen}


@pytest.fixture
def digest(db_snapshot):
    """digest(path): every table's content, to show that a command wrote nothing."""

    def take(path: Path) -> dict[str, str]:
        db = open_database(str(path), create=False)
        try:
            return db_snapshot(db)
        finally:
            db.dispose()

    return take


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_import_json_shape_then_reimport_diff(env, capsys):
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1")
    assert code == 0
    for key in ("ok", "rows_read", "lines_imported", "revision", "issues", "diff"):
        assert key in out
    assert out["ok"] is True and out["lines_imported"] == 3 and out["revision"] == 1
    env["state"]["spec"] = [BASE[0], (2, "0042", 3.0, "Rotor", "Wheel Works")]
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1")
    assert code == 0 and out["revision"] == 2
    assert out["diff"]["counts"] == {"added": 0, "removed": 1, "quantity_changed": 1,
                                     "supplier_changed": 1, "unchanged": 1}  # fmt: skip
    assert out["diff"]["removed"][0]["part_number"] == "B200"


def test_dry_run_writes_nothing(env, capsys, digest):
    before = digest(env["db"])
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1", "--dry-run")
    assert code == 0 and out["ok"] and out["revision"] is None and out["lines_imported"] == 0
    assert out["next_revision"] == 1
    assert digest(env["db"]) == before


def test_errors_exit_1_list_every_issue_and_write_nothing(env, capsys, digest):
    env["state"]["issues"] = [
        ImportIssue(Severity.ERROR, "the quantity is not a number: enter a number like 2.5",
                    str(env["file"]), "BOM", 12, "Menge", "2,5x", "quantity_not_numeric"),
    ]  # fmt: skip
    env["state"]["spec"] = [*BASE, (1, "C300", 1.0, "Sitz", "Unknown Seats")]
    before = digest(env["db"])
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1")
    assert code == 1 and out["ok"] is False and out["revision"] is None
    assert {i["severity"] for i in out["issues"]} == {"error"}
    first = out["issues"][0]
    assert {k: first[k] for k in ("severity", "sheet", "row", "column", "value")} == {
        "severity": "error", "sheet": "BOM", "row": 12, "column": "Menge", "value": "2,5x"
    }  # fmt: skip
    assert [i["value"] for i in out["issues"]] == ["2,5x", "Unknown Seats"]
    assert digest(env["db"]) == before
    code = main(["import-bom", str(env["file"]), "--line", "B1"])
    text = capsys.readouterr()
    assert code == 1
    assert "sheet 'BOM' row 12, column 'Menge' ('2,5x'): the quantity is not a number" in text.out
    assert "sheet 'BOM' row 5, column 'Lieferant' ('Unknown Seats')" in text.out
    assert "Nothing was imported" in text.err
    assert digest(env["db"]) == before


def test_supplier_flags(env, capsys):
    env["state"]["spec"] = [(1, "A1", 1.0, "x", "Magnetik Co"), (1, "A2", 1.0, "y", "Neu AG")]
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1",
                         "--accept-suppliers-above", "0.8")  # fmt: skip
    assert code == 1 and [i["value"] for i in out["issues"] if i["severity"] == "error"] == [
        "Neu AG"
    ]
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1",
                         "--accept-suppliers-above", "0.8", "--create-suppliers")  # fmt: skip
    assert code == 0 and out["revision"] == 1
    statuses = {s["name"]: s["status"] for s in out["suppliers"]}
    assert statuses == {"Magnetik Co": "accepted", "Neu AG": "new"}


def test_create_line_and_unknown_line(env, capsys):
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "N1")
    assert code == 1 and out["issues"][-1]["message"].startswith("there is no production line")
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "N1", "--create-line")
    assert code == 0 and out["create_line"] and out["revision"] == 1


@pytest.mark.parametrize(
    "extra",
    [["--accept-suppliers-above", "1.5"], ["--accept-suppliers-above", "x"], ["--max-rows", "0"]],
)
def test_bad_usage_exits_2(env, capsys, extra):
    with pytest.raises(SystemExit) as exc:
        main(["import-bom", str(env["file"]), "--line", "B1", *extra])
    assert exc.value.code == 2


def test_missing_line_option_is_usage(env):
    with pytest.raises(SystemExit) as exc:
        main(["import-bom", str(env["file"])])
    assert exc.value.code == 2


def test_missing_file_exits_1_with_json(env, capsys, tmp_path):
    code, out = run_json(capsys, "import-bom", str(tmp_path / "nope.xlsx"), "--line", "B1")
    assert code == 1 and out["ok"] is False and "no such file" in out["issues"][0]["message"]


def test_options_reach_the_reader(env, capsys, tmp_path):
    db = open_database(str(env["db"]))
    save_profile(db, "ERP export", {"part_number": "Sachnummer", "quantity": "Menge"})
    db.dispose()
    code, _ = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1", "--sheet", "S",
                       "--mapping", "ERP export", "--max-rows", "7", "--dry-run")  # fmt: skip
    assert code == 0
    assert env["seen"] == {"sheet": "S", "max_rows": 7,
                           "profile": {"part_number": "Sachnummer", "quantity": "Menge"}}  # fmt: skip
    mapping_file = tmp_path / "m.json"
    mapping_file.write_text(json.dumps({"part_number": "PN"}))
    main(["import-bom", str(env["file"]), "--line", "B1", "--mapping", str(mapping_file),
          "--dry-run", "--json"])  # fmt: skip
    capsys.readouterr()
    assert env["seen"]["profile"] == {"part_number": "PN"}
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1",
                         "--mapping", "no such profile")  # fmt: skip
    assert code == 1 and out["issues"][0]["message"] == (
        "there is no saved mapping 'no such profile' and no file of that name; "
        "saved mappings: 'ERP export'"
    )


def test_show_history_restore_diff(env, capsys):
    assert main(["import-bom", str(env["file"]), "--line", "B1"]) == 0
    env["state"]["spec"] = BASE[:1]
    assert main(["import-bom", str(env["file"]), "--line", "B1"]) == 0
    capsys.readouterr()
    assert main(["bom", "show", "--line", "B1", "--revision", "1", "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    rotor = tree[1]
    for key in ("part_number", "description", "level", "parent_part_number", "quantity",
                "unit", "extended_quantity", "supplier"):  # fmt: skip
        assert key in rotor
    assert (rotor["part_number"], rotor["parent_part_number"], rotor["level"]) == (
        "0042", "A100", 2
    )  # fmt: skip
    assert rotor["supplier"] == "Magnetic Co" and rotor["extended_quantity"] == 2.0
    assert main(["bom", "restore", "--line", "B1", "--revision", "1"]) == 0
    assert "restored as revision 3" in capsys.readouterr().out
    assert main(["bom", "history", "--line", "B1"]) == 0
    hist = capsys.readouterr().out.splitlines()
    assert hist[0].startswith("* rev   3") and "3 lines" in hist[0]
    assert main(["bom", "diff", "--line", "B1", "2", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["added"] == 2
    assert main(["bom", "show", "--line", "B1"]) == 0
    assert "  0042" in capsys.readouterr().out  # indented one level
    assert main(["bom", "show", "--line", "nope"]) == 1
    assert capsys.readouterr().err == "replanner: error: there is no production line 'nope'\n"
    assert main(["bom", "show", "--line", "B1", "--revision", "99"]) == 1
    assert capsys.readouterr().err == (
        "replanner: error: line 'B1' has no BOM revision 99 (revisions: 1-3)\n"
    )


def test_mapping_commands(env, capsys):
    db = open_database(str(env["db"]))
    save_profile(db, "SAP", {"part_number": "Material"})
    db.dispose()
    assert main(["mapping", "list"]) == 0
    assert "SAP" in capsys.readouterr().out
    assert main(["mapping", "show", "SAP"]) == 0
    assert json.loads(capsys.readouterr().out) == {"part_number": "Material"}
    assert main(["mapping", "delete", "SAP"]) == 0
    capsys.readouterr()
    assert main(["mapping", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["mapping", "delete", "SAP"]) == 1


@pytest.mark.parametrize(
    "words",
    [["import-bom"], ["bom"], ["bom", "show"], ["bom", "history"], ["bom", "restore"],
     ["bom", "diff"], ["mapping"], ["mapping", "list"], ["mapping", "show"],
     ["mapping", "delete"]],
)  # fmt: skip
def test_help(words, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*words, "--help"])
    assert exc.value.code == 0 and "usage: replanner" in capsys.readouterr().out


@pytest.mark.parametrize(
    "words",
    [["import-bom", "FILE", "--line", "B1"], ["bom", "show", "--line", "B1"],
     ["bom", "history", "--line", "B1"], ["bom", "restore", "--line", "B1", "--revision", "1"],
     ["bom", "diff", "--line", "B1", "1", "2"]],
)  # fmt: skip
def test_a_missing_database_is_not_created(env, capsys, tmp_path, words):
    db = tmp_path / "nowhere" / "x.sqlite"
    args = [str(env["file"]) if w == "FILE" else w for w in words]
    assert main(["--db", str(db), *args]) == 1
    err = capsys.readouterr().err
    assert f"no database at {db}: create one with `replanner demo` or start the app once" in err
    assert not db.exists() and not db.parent.exists()


def test_max_rows_help_says_longer_sheets_are_refused(capsys):
    from rePlanner.io.spreadsheet.limits import Limits

    with pytest.raises(SystemExit):
        main(["import-bom", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "read at most" not in text
    assert f"(default {Limits().max_rows:,}): a longer sheet is refused, not cut short" in text


def test_cancel_while_matching_exits_1_and_writes_nothing(env, capsys, digest, monkeypatch):
    from rePlanner.cli import bom as cli_bom

    class CancelWhenMatching:
        armed = False

        def update(self, done: int, total: int, message: str = "") -> None:
            self.armed = self.armed or message.startswith("matching")

        def cancelled(self) -> bool:
            return self.armed

    monkeypatch.setattr(cli_bom, "terminal_progress", CancelWhenMatching)
    before = digest(env["db"])
    code, out = run_json(capsys, "import-bom", str(env["file"]), "--line", "B1")
    assert code == 1 and out["ok"] is False
    assert out["issues"][0]["message"].endswith("was cancelled; nothing was changed")
    assert "matching" in out["issues"][0]["message"]
    assert digest(env["db"]) == before
