"""replanner exposure: JSON records, the table, the toggle, exit codes."""

from __future__ import annotations

import json

import pytest

from rePlanner.cli import main
from rePlanner.services.workspace import build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    build_demo(path).db.dispose()
    return path


def test_json_records_per_line_and_material(demo, capsys):
    capsys.readouterr()
    argv = ["--db", demo, "exposure", "--line", "B1 Norvik", "--date", "2026-01-15", "--json"]
    assert main(argv) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["line"] for r in records} == {"B1 Norvik"}
    dy = next(r for r in records if r["material"] == "Dy metal")
    assert dy["licence_needed"] is True and "EC07" in dy["licence_measures"]
    assert set(dy["china_share"]) == {"ore", "oxide", "metal", "magnet"}
    graphite = next(r for r in records if r["material"] == "graphite")
    assert graphite["china_share"]["metal"] is None  # unknown stays null


def test_reactivate_suspended_adds_suspended_measures(demo, capsys):
    base = ["--db", demo, "exposure", "--line", "B1 Norvik", "--date", "2026-01-15", "--json"]
    capsys.readouterr()
    assert main(base) == 0
    before = {(r["material"], m["code"]) for r in json.loads(capsys.readouterr().out)
              for m in r["measures"]}  # fmt: skip
    assert main([*base, "--reactivate-suspended"]) == 0
    after = json.loads(capsys.readouterr().out)
    added = {(r["material"], m["code"], m["status"]) for r in after for m in r["measures"]
             if (r["material"], m["code"]) not in before}  # fmt: skip
    assert added and {status for *_, status in added} == {"suspended"}


def test_table(demo, capsys):
    capsys.readouterr()
    assert main(["--db", demo, "exposure", "--line", "B1 Norvik", "--date", "2026-01-15"]) == 0
    text = capsys.readouterr().out
    assert "Plant Bremen / B1 Norvik" in text
    dy = next(line for line in text.splitlines() if line.strip().startswith("Dy metal"))
    assert "NEEDED" in dy and "EC07 (in_force)" in dy


def test_exit_codes(demo, capsys, tmp_path):
    assert main(["--db", demo, "exposure", "--line", "Nope"]) == 1
    assert "no production line is called 'Nope'" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "missing.sqlite"), "exposure"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["--db", demo, "exposure", "--date", "2026-02-30"])
    assert exc.value.code == 2
