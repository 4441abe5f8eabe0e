"""replanner scenario save | list | show | run: JSON shape, stored runs, exit codes."""

from __future__ import annotations

import json

import pytest

from rePlanner.cli import main


@pytest.fixture
def path(tb_line_path) -> str:
    return tb_line_path


def test_save_run_list_show(path, capsys):
    assert main(["--db", path, "scenario", "save", "tb", "--material", "Tb/metal",
                 "--duration", "12"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--db", path, "scenario", "run", "tb", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (row,) = out["lines"]
    assert row["tts_days"] == pytest.approx(5) and row["ttr_days"] == 12  # 50 / 10 per day
    assert row["shutdown_days"] == pytest.approx(7) and row["lost_vehicles"] == pytest.approx(70)
    assert out["inputs"]["materials"] == ["Tb/metal"] and out["result_id"] == 1
    assert out["data_as_of"] is not None
    assert main(["--db", path, "scenario", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["name"] == "tb" and listed["runs"] == 1
    assert main(["--db", path, "scenario", "show", "tb"]) == 0
    text = capsys.readouterr().out
    assert "AT RISK" in text and "L " in text
    assert main(["--db", path, "scenario", "run", "tb"]) == 0
    assert "Stored as result #2" in capsys.readouterr().out


def test_errors_exit_1(path, capsys):
    assert main(["--db", path, "scenario", "run", "nope"]) == 1
    assert "scenario 'nope' does not exist" in capsys.readouterr().err
    assert main(["--db", path, "scenario", "save", "x", "--quota-cut", "3"]) == 1
    assert "quota_cut" in capsys.readouterr().err
    assert main(["--db", path, "scenario", "save", "x", "--material", "Xx"]) == 0
    assert main(["--db", path, "scenario", "run", "x"]) == 1
    assert "no such material" in capsys.readouterr().err
