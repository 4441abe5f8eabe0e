from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.tables import (
    database_overview,
    parts_table,
    policies_table,
    suppliers_table,
)


def _new(db: Database, entity: str, **values: Any) -> int:
    return int(crud.create(db, entity, values)["id"])


@pytest.fixture
def network(db: Database) -> dict[str, int]:
    """Our plant <- motor supplier <- magnet maker, with one part using three materials."""
    ids: dict[str, int] = {}
    ids["plant_co"] = _new(db, "supplier", name="Our Cars", country="DE", tier=0, is_internal=True)
    ids["motor_co"] = _new(db, "supplier", name="MotorWorks", country="PL", tier=1)
    ids["magnet_co"] = _new(db, "supplier", name="Magnetica", country="CN", region="Asia", tier=2)
    ids["plant"] = _new(db, "site", supplier_id=ids["plant_co"], name="Plant A", country="DE")
    ids["motor1"] = _new(db, "site", supplier_id=ids["motor_co"], name="Lodz", country="PL")
    ids["motor2"] = _new(db, "site", supplier_id=ids["motor_co"], name="Gdansk", country="PL")
    ids["magnet"] = _new(db, "site", supplier_id=ids["magnet_co"], name="Baotou", country="CN")
    ids["ndfeb"] = _new(db, "material", element="NdFeB", stage="magnet", name="Sintered NdFeB")
    ids["dy"] = _new(db, "material", element="Dy", stage="metal", name="Dysprosium metal")
    ids["tb"] = _new(db, "material", element="Tb", stage="metal", name="Terbium metal")
    ids["cu"] = _new(db, "material", element="Cu", stage="metal", name="Copper")
    ids["motor"] = _new(db, "part", part_number="0042", description="Seat motor", uom="pc")
    ids["bolt"] = _new(db, "part", part_number="0100", description="Bolt")
    for mat, kg in (("dy", 0.004), ("ndfeb", 0.05), ("tb", 0.001), ("cu", 0.2)):
        _new(db, "part material", part_id=ids["motor"], material_id=ids[mat], kg_per_unit=kg)
    n_plant = _new(db, "supply node", site_id=ids["plant"], part_id=ids["motor"])
    n_motor = _new(db, "supply node", site_id=ids["motor1"], part_id=ids["motor"])
    n_magnet = _new(db, "supply node", site_id=ids["magnet"], material_id=ids["ndfeb"])
    _new(db, "supply node", site_id=ids["motor2"], part_id=ids["bolt"])
    _new(db, "sourcing link", from_node_id=n_motor, to_node_id=n_plant)
    _new(db, "sourcing link", from_node_id=n_magnet, to_node_id=n_motor, quantity_per_unit=0.05)
    return ids


def _by_name(table: Any, key: str = "name") -> dict[str, dict[str, Any]]:
    names = [c.key for c in table.columns]
    out = {}
    for row in table.rows:
        rec = dict(zip(names, row, strict=True))
        out[rec[key]] = rec
    return out


def test_suppliers_table_counts(db: Database, network: dict[str, int]) -> None:
    table = suppliers_table(db)
    assert len(table.rows) == len(table.keys) == 3
    rows = _by_name(table)
    assert rows["MotorWorks"] == {
        "name": "MotorWorks", "country": "PL", "region": None, "tier": 1,
        "is_internal": False, "sites": 2, "nodes": 2, "links_out": 1,
    }  # fmt: skip
    assert rows["Our Cars"]["is_internal"] is True
    assert (rows["Our Cars"]["sites"], rows["Our Cars"]["links_out"]) == (1, 0)
    assert rows["Magnetica"]["links_out"] == 1
    assert table.keys[table.rows.index(tuple(rows["Magnetica"].values()))] == network["magnet_co"]


def test_suppliers_table_uses_set_based_queries(db: Database, network: dict[str, int]) -> None:
    for i in range(20):
        _new(db, "supplier", name=f"Extra {i:02d}", country="FR")
    statements: list[str] = []

    def count(*args: Any) -> None:
        if args[2] != "BEGIN":  # the transaction itself is not a query
            statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert len(suppliers_table(db).rows) == 23
        assert len(parts_table(db).rows) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 5


def test_parts_table_materials_and_rare_earth_weight(db: Database, network: dict[str, int]) -> None:
    rows = _by_name(parts_table(db), "part_number")
    motor = rows["0042"]
    assert motor["materials"] == "Cu, NdFeB, Dy, Tb"  # heaviest first
    assert motor["magnet_kg"] == pytest.approx(0.05)  # the magnet alone, not Dy/Tb again
    assert motor["dy_tb_g"] == pytest.approx(5.0)  # 4 g Dy + 1 g Tb; copper not counted
    assert rows["0100"]["materials"] == ""
    assert rows["0100"]["magnet_kg"] is None and rows["0100"]["dy_tb_g"] is None
    assert isinstance(motor["part_number"], str)


def test_parts_table_counts_current_bom_lines_only(db: Database, network: dict[str, int]) -> None:
    program = _new(db, "program", name="Model E", powertrain="BEV")
    line = _new(
        db, "production line", name="L1", plant_site_id=network["plant"], program_id=program,
        rate_per_day=400, margin_per_vehicle=2500,
    )  # fmt: skip
    old = _new(db, "BOM revision", line_id=line, revision=1, is_current=False)
    new = _new(db, "BOM revision", line_id=line, revision=2, is_current=True)
    _new(db, "BOM line", revision_id=old, part_id=network["motor"], quantity=4)
    for _ in range(3):
        _new(db, "BOM line", revision_id=new, part_id=network["motor"], quantity=4)
    rows = _by_name(parts_table(db), "part_number")
    assert rows["0042"]["bom_lines"] == 3
    assert rows["0100"]["bom_lines"] == 0


def test_policies_table_status_and_materials(db: Database, network: dict[str, int]) -> None:
    lapsed = _new(
        db, "policy measure", code="EC14", kind="suspension", title="Suspension of EC08",
        date_effective=date(2025, 11, 7), suspended_from=date(2025, 11, 10),
        suspended_until=date(2026, 11, 10), licence_days_nominal=45, confidence="confirmed",
    )  # fmt: skip
    for material in ("tb", "dy"):
        crud.create(
            db, "measure material", {"measure_id": lapsed, "material_id": network[material]}
        )
    _new(db, "policy measure", code="EC99", kind="ban", title="Future ban",
         date_effective=date(2027, 1, 1))  # fmt: skip
    table = policies_table(db, on=date(2026, 11, 29))
    assert table.on == date(2026, 11, 29)
    rows = _by_name(table, "code")
    assert rows["EC14"]["status"] == "suspension_lapsed"
    assert rows["EC14"]["materials"] == "Dy, Tb"
    assert rows["EC14"]["licence_days"] == 45
    assert rows["EC14"]["kind"] == "suspension" and rows["EC14"]["confidence"] == "confirmed"
    assert rows["EC99"]["status"] == "announced"
    earlier = _by_name(policies_table(db, on=date(2026, 6, 1)), "code")
    assert earlier["EC14"]["status"] == "suspended"
    assert rows["EC14"]["date_ends"] is None


def test_policies_table_measure_past_its_end_date_is_ended(db: Database) -> None:
    ec14 = _new(
        db, "policy measure", code="EC14", kind="suspension", title="Suspension of the 9 Oct rules",
        date_effective=date(2025, 11, 7), date_ends=date(2026, 11, 10),
    )  # fmt: skip
    _new(db, "policy measure", code="EC07", kind="export_control", title="Seven rare earths",
         date_effective=date(2025, 4, 4))  # fmt: skip
    table = policies_table(db, on=date(2026, 11, 11))
    names = [c.key for c in table.columns]
    assert names.index("date_ends") == names.index("suspended_until") + 1
    rows = _by_name(table, "code")
    assert rows["EC14"]["status"] == "ended"
    assert rows["EC14"]["date_ends"] == date(2026, 11, 10)
    assert table.keys[table.rows.index(tuple(rows["EC14"].values()))] == ec14
    assert rows["EC07"]["status"] == "in_force" and rows["EC07"]["date_ends"] is None
    last_day = _by_name(policies_table(db, on=date(2026, 11, 10)), "code")
    assert last_day["EC14"]["status"] == "in_force"  # the end date is inclusive


PLAIN = (str, int, float, bool, date, type(None))


def test_tables_hold_plain_values_only(db: Database, network: dict[str, int]) -> None:
    """No ORM objects or enum members reach the UI, only values any thread may read."""
    _new(db, "policy measure", code="EC14", kind="suspension", title="Suspension",
         date_effective=date(2025, 11, 7), date_ends=date(2026, 11, 10),
         confidence="confirmed")  # fmt: skip
    for table in (suppliers_table(db), parts_table(db), policies_table(db)):
        assert table.rows
        for row in table.rows:
            kinds = {type(v) for v in row}
            assert kinds <= set(PLAIN), kinds
        assert all(type(k) is int for k in table.keys)


def test_database_overview(db: Database, db_path: Any) -> None:
    info = database_overview(db)
    assert info["location"] == str(db_path.resolve())
    assert info["schema_revision"]
    assert info["refdata_as_of"] is None and info["company_name"] is None
