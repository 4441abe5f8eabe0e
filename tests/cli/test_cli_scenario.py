"""replanner scenario save | list | show | run: JSON shape, stored runs, exit codes."""

from __future__ import annotations

import json

import pytest

from rePlanner.cli import main
from rePlanner.services import crud
from rePlanner.services.workspace import open_workspace


@pytest.fixture
def path(tmp_path) -> str:
    """Line L (10/day) fed by one Chinese supplier (5/day) of a part with Tb; plant stock 50."""
    p = str(tmp_path / "w.sqlite")
    db = open_workspace(p)

    def add(entity, **v):
        return crud.create(db, entity, v).get("id")

    us = add("supplier", name="Us", country="Germany", tier=0, is_internal=True)
    plant = add("site", supplier_id=us, name="Plant", country="Germany")
    cn = add("site", supplier_id=add("supplier", name="Cn", country="China", tier=1),
             name="Cn site", country="CN")  # fmt: skip
    part = add("part", part_number="007", description="Magnet")
    tb = crud.find(db, "material", element="Tb", stage="metal")[0]["id"]  # reference data
    add("part material", part_id=part, material_id=tb, kg_per_unit=0.1)
    own = add("supply node", site_id=plant, part_id=part, inventory_on_hand=50)
    src = add("supply node", site_id=cn, part_id=part, capacity_per_day=10)
    add("sourcing link", from_node_id=src, to_node_id=own, quantity_per_unit=1)
    line = add(
        "production line",
        name="L",
        plant_site_id=plant,
        rate_per_day=10,
        margin_per_vehicle=10,
        program_id=add("program", name="P", powertrain="BEV"),
    )
    rev = add("BOM revision", line_id=line, revision=1)
    add("BOM line", revision_id=rev, part_id=part, quantity=1)
    db.dispose()
    return p


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
