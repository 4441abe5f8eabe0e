"""replanner alternatives and qualify-now on the small Tb line of conftest.py (L makes 10 a day
from a plant stock of 50; its only supplier, in China, stops under a Tb stop of 30 days)."""

from __future__ import annotations

import json

import pytest

from rePlanner.cli import main
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence.database import open_database
from rePlanner.services import crud
from rePlanner.services.scenario import get_scenario, save_scenario

FIELDS = {"source", "kind", "available_from", "coverage", "shutdown_days_before",
          "shutdown_days_after", "lost_margin_avoided", "premium_cost", "net_value", "local",
          "reasons"}  # fmt: skip


@pytest.fixture
def path(tb_line_path):
    db = open_database(tb_line_path)
    part = crud.find(db, "part", part_number="007")[0]["id"]
    for name, days, country in (("Quick EU", 2.0, "Austria"), ("Slow US", 60.0, "USA")):
        crud.create(db, "alternative source", {"name": name, "kind": "supplier",
                    "part_id": part, "capacity_per_day": 10.0, "qualification_days": days,
                    "country": country})  # fmt: skip
    save_scenario(db, "tb", ScenarioInputs(materials=("Tb",), duration_days=30))
    db.dispose()
    return tb_line_path


def test_json_records_ranked_by_value(path, capsys):
    capsys.readouterr()
    assert main(["--db", path, "alternatives", "--line", "L", "--scenario", "tb", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["target"] == {"kind": "line", "name": "L", "lines": ["Plant / L"],
                             "plant": {"name": "Plant", "country": "Germany",
                                       "latitude": None, "longitude": None}}  # fmt: skip
    records = out["records"]
    assert [r["source"] for r in records] == ["Quick EU", "Slow US"]
    assert all(set(r) >= FIELDS for r in records)
    quick, slow = records
    assert quick["shutdown_days_before"] == pytest.approx(25)  # stock for 5 of 30 days
    assert quick["shutdown_days_after"] == 0 and quick["local"] and not slow["local"]
    assert slow["shutdown_days_after"] == pytest.approx(25)  # day 60: after the stop ends
    assert quick["available_from"] is not None and quick["lost_margin_avoided"] > 0
    # no premium % recorded: the net value is unknown, and the record says how it was ranked
    assert quick["premium_cost"] is None and quick["net_value"] is None
    assert any("ranked by the margin it saves" in x for x in quick["reasons"])


def test_table_and_qualify_now(path, capsys):
    capsys.readouterr()
    assert main(["--db", path, "alternatives", "--part", "007", "--scenario", "tb"]) == 0
    text = capsys.readouterr().out
    assert "Alternatives for part 007" in text and "Quick EU" in text and "closes the gap" in text
    db = open_database(path)
    quick = crud.find(db, "alternative source", name="Quick EU")[0]["id"]
    db.dispose()
    assert main(["--db", path, "qualify-now", str(quick), "--scenario", "tb", "--as", "tb+q"]) == 0
    assert "Saved scenario 'tb+q'" in capsys.readouterr().out
    db = open_database(path)
    assert get_scenario(db, "tb+q").inputs.alternatives == (quick,)
    db.dispose()


def test_bad_usage_and_unknown_names(path, capsys):
    with pytest.raises(SystemExit) as exit_info:  # no target: argparse usage error
        main(["--db", path, "alternatives", "--scenario", "tb"])
    assert exit_info.value.code == 2
    capsys.readouterr()
    assert main(["--db", path, "alternatives", "--line", "X", "--scenario", "tb"]) == 1
    assert "no such line" in capsys.readouterr().err
    assert main(["--db", path, "alternatives", "--line", "L", "--weights", "speed=1"]) == 1
    assert "weights" in capsys.readouterr().err
