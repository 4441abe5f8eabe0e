"""A small database file shared by the scenario and what-if CLI tests."""

from __future__ import annotations

import pytest

from rePlanner.services import crud
from rePlanner.services.workspace import open_workspace


@pytest.fixture
def tb_line_path(tmp_path) -> str:
    """Line L (10/day, margin 10) fed by one Chinese supplier (10/day) of a part with Tb metal;
    plant stock 50 (5 days of the line)."""
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
    line = add("production line", name="L", plant_site_id=plant,
               rate_per_day=14,  # 5-day week: 10 per calendar day
               margin_per_vehicle=10, program_id=add("program", name="P", powertrain="BEV"))  # fmt: skip
    rev = add("BOM revision", line_id=line, revision=1)
    add("BOM line", revision_id=rev, part_id=part, quantity=1)
    db.dispose()
    return p
