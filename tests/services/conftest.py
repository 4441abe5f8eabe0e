"""Small networks shared by the scenario and what-if service tests."""

from __future__ import annotations

import pytest

from rePlanner.services import crud


def add(db, entity, **values):
    return crud.create(db, entity, values).get("id")


@pytest.fixture
def motor_network(db):
    """Line L (10/day, margin 100) needs one motor with Dy; plant stock 100; the motor comes
    from a Chinese and a Polish supplier (5/day each); measure M1 (licence) covers Dy.
    Returns the ids a test may extend."""
    us = add(db, "supplier", name="Us", country="Germany", tier=0, is_internal=True)
    plant = add(db, "site", supplier_id=us, name="Plant", country="Germany")
    cn = add(db, "site", supplier_id=add(db, "supplier", name="CnMotors", country="China",
             tier=1), name="Ningbo", country="China")  # fmt: skip
    pl = add(db, "site", supplier_id=add(db, "supplier", name="PlMotors", country="Poland",
             tier=1), name="Lodz", country="Poland")  # fmt: skip
    motor = add(db, "part", part_number="001", description="Motor")
    dy = add(db, "material", element="Dy", stage="metal", name="Dysprosium")
    add(db, "part material", part_id=motor, material_id=dy, kg_per_unit=0.01, china_share=1.0)
    m1 = add(db, "policy measure", code="M1", kind="export_control", title="Dy",
             licence_required=True)  # fmt: skip
    add(db, "measure material", measure_id=m1, material_id=dy)
    own = add(db, "supply node", site_id=plant, part_id=motor, inventory_on_hand=100)
    for site in (cn, pl):
        node = add(db, "supply node", site_id=site, part_id=motor, capacity_per_day=5)
        add(db, "sourcing link", from_node_id=node, to_node_id=own, quantity_per_unit=1)
    prog = add(db, "program", name="EV", powertrain="BEV")
    line = add(db, "production line", name="L", plant_site_id=plant, program_id=prog,
               rate_per_day=14,  # 5-day week: 10 per calendar day
               margin_per_vehicle=100)  # fmt: skip
    rev = add(db, "BOM revision", line_id=line, revision=1, is_current=True)
    add(db, "BOM line", revision_id=rev, part_id=motor, quantity=1, level=1)
    return {"motor": motor, "line": line, "plant": plant}
