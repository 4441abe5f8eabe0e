"""replanner supply-risk and replanner governance load/list: JSON, tables, exit codes.

Governance scores here are MADE-UP TEST DATA, not World Bank figures.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from rePlanner.cli import main
from rePlanner.services import crud
from tests.services.test_exposure import Hand


@pytest.fixture
def path(db, db_path) -> str:
    h = Hand(db)
    h.measure("OX", [h.dy_oxide], date_effective=date(2025, 4, 4), licence_required=True)
    for country, share in (("China", 0.9), ("Malaysia", 0.05)):
        crud.create(db, "market share", {"commodity": "rare earths", "stage": "separation",
                                         "year": 2024, "country": country, "share": share})  # fmt: skip
    return str(db_path)


def gov_file(tmp_path, rows: str):
    f = tmp_path / "gov.csv"
    f.write_text("country,wgi_estimate,year,notes\n" + rows, encoding="utf-8")
    return str(f)


def test_supply_risk_json_for_one_material(path, capsys):
    capsys.readouterr()
    argv = ["--db", path, "supply-risk", "--material", "dy metal", "--date", "2026-01-01", "--json"]
    assert main(argv) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["material"] == "Dy metal" and row["china_trade"] == 1.5
    assert row["supply_risk"] == pytest.approx(0.95875)  # see tests/services/test_supply_risk
    assert row["governance_applied"] is False
    assert row["governance_missing"] == ["China", "Japan", "Malaysia"]


def test_governance_load_list_and_the_score_uses_it(path, tmp_path, capsys):
    f = gov_file(tmp_path, "China,-0.5,2023,TEST DATA\nJapan,1.5,2023,TEST DATA\n"
                 "Malaysia,0.5,2023,TEST DATA\n")  # fmt: skip
    assert main(["--db", path, "governance", "load", f]) == 0
    assert "3 inserted" in capsys.readouterr().out
    assert main(["--db", path, "governance", "list", "--json"]) == 0
    listed = {g["country"]: g["wgi_score"] for g in json.loads(capsys.readouterr().out)}
    assert listed == pytest.approx({"China": 6.0, "Japan": 2.0, "Malaysia": 4.0})
    assert main(["--db", path, "governance", "list"]) == 0
    assert any(
        ln.startswith("China") and "6.00" in ln for ln in capsys.readouterr().out.splitlines()
    )
    assert main(["--db", path, "supply-risk", "--material", "Dy", "--date", "2026-01-01"]) == 0
    text = capsys.readouterr().out
    dy = next(ln for ln in text.splitlines() if ln.startswith("Dy metal"))
    ours, world = 0.36 * 6.0 * 1.5 + 0.16 * 2.0, 0.81 * 6.0 * 1.5 + 0.0025 * 4.0
    assert f"{(ours + world) / 2:.3f}" in dy and "applied" in dy and "ALARM" in dy
    assert "governance applied" in text


def test_exit_codes(path, tmp_path, capsys):
    assert main(["--db", path, "supply-risk", "--material", "Unobtainium"]) == 1
    assert "no material 'Unobtainium'" in capsys.readouterr().err
    bad = gov_file(tmp_path, "China,-0.5,2023,TEST DATA\nJapan,9,2023,TEST DATA\n")
    assert main(["--db", path, "governance", "load", bad]) == 1
    err = capsys.readouterr().err
    assert "row 3" in err and "wgi_estimate" in err and "'9'" in err
    assert main(["--db", path, "governance", "list"]) == 0
    assert "No governance scores" in capsys.readouterr().out  # nothing of the bad file loaded
    assert main(["--db", str(tmp_path / "none.sqlite"), "governance", "list"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["--db", path, "supply-risk", "--date", "2026-02-30"])
    assert exc.value.code == 2
