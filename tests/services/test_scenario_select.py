"""A scenario's measures reach the same parts and nodes the exposure report says they reach
(engine/exposure.measure_reach), on the hand-made motor network of conftest.py (the motor
contains Dy metal; CnMotors in China and PlMotors in Poland make it)."""

from __future__ import annotations

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import crud
from rePlanner.services.scenario_run import run_inputs


def add(db, entity, **values):
    return crud.create(db, entity, values).get("id")


def measure(db, code, *materials):
    m = add(db, "policy measure", code=code, kind="export_control", title=code)
    for mat in materials:
        add(db, "measure material", measure_id=m, material_id=mat)


def disrupted(db, code):
    return run_inputs(db, ScenarioInputs(measures=(code,), duration_days=10)).results["disrupted"]


def test_a_measure_on_the_oxide_reaches_the_metal_made_from_it(db, motor_network):
    measure(db, "OX", add(db, "material", element="Dy", stage="oxide", name="Dy oxide"))
    assert disrupted(db, "OX") == ["CnMotors / Motor 001"]


def test_a_measure_on_a_later_stage_does_not_reach_an_earlier_one(db, motor_network):
    motor = motor_network["motor"]
    dy_metal = crud.find(db, "material", element="Dy")[0]["id"]
    crud.delete(db, "part material", crud.find(db, "part material", part_id=motor)[0]["id"])
    oxide = add(db, "material", element="Dy", stage="oxide", name="Dy oxide")
    add(db, "part material", part_id=motor, material_id=oxide, kg_per_unit=0.01, china_share=1)
    measure(db, "MET", dy_metal)
    assert disrupted(db, "MET") == []


def test_a_measure_on_dy_magnets_skips_magnets_without_dy(db, motor_network):
    motor = motor_network["motor"]
    magnet = add(db, "material", element="NdFeB", stage="magnet", name="NdFeB magnet")
    tb = add(db, "material", element="Tb", stage="metal", name="Tb metal")
    measure(db, "MAG", magnet, tb)  # "NdFeB magnets containing Tb" and Tb metal
    # the motor holds a magnet and Dy (not Tb): the measure does not reach it
    add(db, "part material", part_id=motor, material_id=magnet, kg_per_unit=1.0, china_share=1)
    assert disrupted(db, "MAG") == []
    add(db, "part material", part_id=motor, material_id=tb, kg_per_unit=0.01, china_share=1)
    assert disrupted(db, "MAG") == ["CnMotors / Motor 001"]


def test_each_measure_reaches_on_its_own_so_adding_one_never_lifts_a_stop(db, motor_network):
    from rePlanner.services.scenario_select import select_nodes

    magnet = add(db, "material", element="NdFeB", stage="magnet", name="NdFeB magnet")
    oxide = add(db, "material", element="Dy", stage="oxide", name="Dy oxide")
    rotor = add(db, "part", part_number="R1", description="Dy-free rotor")
    add(db, "part material", part_id=rotor, material_id=magnet, kg_per_unit=1.0, china_share=1)
    cn_site = crud.find(db, "site", name="Ningbo")[0]["id"]
    node = add(db, "supply node", site_id=cn_site, part_id=rotor, capacity_per_day=5)
    measure(db, "MA", magnet)  # every NdFeB magnet
    measure(db, "MB", oxide)  # Dy oxide

    def stopped(**inputs):
        with db.session("test", audit=False) as s:
            return node in select_nodes(s, ScenarioInputs(**inputs)).disrupted

    assert stopped(measures=("MA",))
    assert stopped(measures=("MA", "MB"))  # MB's Dy must not turn MA into "magnets with Dy"
    assert not stopped(measures=("MB",))
    assert stopped(measures=("MA", "MB"), materials=("NdFeB/magnet",))
