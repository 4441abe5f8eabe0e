"""replanner stress-test --by material / material-content on the demo: JSON shape and table."""

from __future__ import annotations

import json

import pytest

from rePlanner.cli import main
from rePlanner.services import crud
from rePlanner.services.workspace import open_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("demo") / "w.sqlite")
    assert main(["demo", "--db", path]) == 0
    return path


def test_json_one_record_per_material_riskiest_first(demo, capsys):
    capsys.readouterr()
    assert main(["--db", demo, "stress-test", "--by", "material", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    records = out["records"]
    assert out["by"] == "material" and out["lines"] == 0 and out["nodes"] == len(records) > 5
    names = {r["node"] for r in records}
    assert {"Dy oxide", "Dy metal", "NdPr metal", "graphite"} <= names
    for r in records:
        assert r["kind"] == "material" and r["item"] == r["node"] and r["members"]
        assert r["supplier"] is None and r["supply_node_id"] is None
        assert all(m.endswith(" / " + r["node"]) for m in r["members"])
    flags = [r["at_risk"] for r in records]
    assert flags == sorted(flags, reverse=True) and out["at_risk"] == sum(flags) > 0
    assert records[0]["risk_exposure_index"] == 1.0
    for r in records:  # the flag is the comparison it claims
        assert r["at_risk"] == (r["tts_days"] is not None and r["tts_days"] < r["ttr_days"])
    assert next(r for r in records if r["node"] == "graphite")["at_risk"]


def test_material_content_top_and_table(demo, capsys):
    capsys.readouterr()
    args = ["--db", demo, "stress-test", "--by", "material-content"]
    assert main([*args, "--json", "--top", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["records"]) == 3 and out["by"] == "material-content"
    magnet = next(r for r in json.loads(_all(args, capsys))["records"]
                  if r["node"] == "NdFeB magnet")  # fmt: skip
    assert magnet["at_risk"] and len(magnet["members"]) > 10
    assert main([*args, "--top", "2"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].startswith("Stress test: by material-content, ")
    assert "materials;" in text[0] and "material (its nodes disrupted together)" in text[1]
    assert text[3].endswith("AT RISK") and text[-1].startswith("  ... ")


def _all(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*args, "--json"]) == 0
    return capsys.readouterr().out


def test_network_without_materials_exits_1_and_bad_by_exits_2(tmp_path, capsys):
    path = str(tmp_path / "w.sqlite")
    db = open_workspace(path)
    us = crud.create(db, "supplier", {"name": "Us", "country": "DE", "tier": 0,
                                      "is_internal": True})["id"]  # fmt: skip
    site = crud.create(db, "site", {"supplier_id": us, "name": "Plant", "country": "DE"})["id"]
    part = crud.create(db, "part", {"part_number": "1", "description": "Bolt"})["id"]
    crud.create(db, "supply node", {"site_id": site, "part_id": part, "ttr_days": 2})
    db.dispose()
    assert main(["--db", path, "stress-test", "--json"]) == 0  # a network, but no material node
    capsys.readouterr()
    assert main(["--db", path, "stress-test", "--by", "material"]) == 1
    assert "no supply node in the network holds a material" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--db", path, "stress-test", "--by", "supplier"])
    assert exc.value.code == 2
