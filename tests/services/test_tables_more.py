from __future__ import annotations

from typing import Any

import pytest

from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.registry import spec
from rePlanner.services.tables import TABLE_BUILDERS, TableData, table_rows
from rePlanner.services.tables_more import (
    MORE_TABLE_BUILDERS,
    alternatives_table,
    form_fields,
    production_lines_table,
    reference_choices,
    sites_table,
    sourcing_links_table,
    supply_nodes_table,
)


def _new(db: Database, entity: str, **values: Any) -> int:
    return int(crud.create(db, entity, values)["id"])


@pytest.fixture
def net(db: Database) -> dict[str, int]:
    """Our plant <- motor maker <- magnet maker, a line building a BEV, two alternatives."""
    ids: dict[str, int] = {}
    ids["us"] = _new(db, "supplier", name="Our Cars", country="DE", tier=0, is_internal=True)
    ids["motor_co"] = _new(db, "supplier", name="MotorWorks", country="PL", tier=1)
    ids["magnet_co"] = _new(db, "supplier", name="Magnetica", country="CN", tier=2)
    ids["plant"] = _new(db, "site", supplier_id=ids["us"], name="Plant A", country="DE",
                        city="Wolfsburg", latitude=52.4, longitude=10.8)  # fmt: skip
    ids["lodz"] = _new(db, "site", supplier_id=ids["motor_co"], name="Lodz", country="PL")
    ids["baotou"] = _new(db, "site", supplier_id=ids["magnet_co"], name="Baotou", country="CN")
    ids["ndfeb"] = _new(db, "material", element="NdFeB", stage="magnet", name="Sintered NdFeB")
    ids["motor"] = _new(db, "part", part_number="0042", description="Seat motor")
    ids["bolt"] = _new(db, "part", part_number="0100")
    ids["n_plant"] = _new(db, "supply node", site_id=ids["plant"], part_id=ids["motor"],
                          inventory_on_hand=800, ttr_days=30)  # fmt: skip
    ids["n_motor"] = _new(db, "supply node", site_id=ids["lodz"], part_id=ids["motor"],
                          capacity_per_day=500, inventory_in_transit=1200,
                          china_share=0.1)  # fmt: skip
    ids["n_magnet"] = _new(db, "supply node", site_id=ids["baotou"], material_id=ids["ndfeb"])
    ids["l_motor"] = _new(db, "sourcing link", from_node_id=ids["n_motor"],
                          to_node_id=ids["n_plant"], price_per_unit=42.5, currency="EUR",
                          lead_time_days=14)  # fmt: skip
    ids["l_magnet"] = _new(db, "sourcing link", from_node_id=ids["n_magnet"],
                           to_node_id=ids["n_motor"], quantity_per_unit=0.05, share=0.7,
                           china_share=0.95)  # fmt: skip
    ids["program"] = _new(db, "program", name="ID.9", powertrain="BEV")
    ids["line"] = _new(db, "production line", name="Line 1", plant_site_id=ids["plant"],
                       program_id=ids["program"], rate_per_day=800, margin_per_vehicle=3500,
                       working_days_per_week=6)  # fmt: skip
    ids["plant_b"] = _new(db, "site", supplier_id=ids["us"], name="Plant B", country="ES")
    ids["line_b"] = _new(db, "production line", name="Line 1", plant_site_id=ids["plant_b"],
                         program_id=ids["program"], rate_per_day=400,
                         margin_per_vehicle=2900)  # fmt: skip
    ids["alt_sup"] = _new(db, "alternative source", name="Vacuumschmelze", kind="supplier",
                          supplier_id=ids["magnet_co"], material_id=ids["ndfeb"],
                          capacity_per_day=20, qualification_days=120, ramp_days=60,
                          cost_premium_pct=35, china_share=0.2, country="DE",
                          status="in_qualification", certifications="IATF 16949")  # fmt: skip
    ids["alt_design"] = _new(db, "alternative source", name="Ferrite redesign", kind="design",
                             part_id=ids["motor"])  # fmt: skip
    return ids


def _rows(table: TableData) -> dict[int, dict[str, Any]]:
    keys = [c.key for c in table.columns]
    return {k: dict(zip(keys, row, strict=True)) for k, row in zip(table.keys, table.rows,
                                                                   strict=True)}  # fmt: skip


BUILDERS = [
    ("site", sites_table),
    ("supply node", supply_nodes_table),
    ("sourcing link", sourcing_links_table),
    ("production line", production_lines_table),
    ("alternative source", alternatives_table),
]


@pytest.mark.parametrize(("entity", "build"), BUILDERS)
def test_field_columns_equal_what_crud_finds(db: Database, net: dict[str, int], entity: str,
                                             build: Any) -> None:  # fmt: skip
    table = build(db)
    records = {r["id"]: r for r in crud.find(db, entity)}
    assert table.entity == entity
    assert len(table.rows) == len(records) >= 2
    assert sorted(table.keys) == sorted(records)
    fields = [c for c in table.columns if c.field is not None]
    assert fields and all(c.field in spec(entity).table.columns for c in fields)
    for key, row in _rows(table).items():
        for c in fields:
            assert c.field is not None
            stored = records[key][c.field]
            assert row[c.key] == getattr(stored, "value", stored), (entity, c.key)


@pytest.mark.parametrize(("entity", "build"), BUILDERS)
def test_table_rows_rebuilds_only_the_rows_asked_for(db: Database, net: dict[str, int],
                                                     entity: str, build: Any) -> None:  # fmt: skip
    whole = build(db)
    assert TABLE_BUILDERS[entity] is build is MORE_TABLE_BUILDERS[entity]
    last = whole.keys[-1]
    part = table_rows(db, entity, [last])
    assert part.keys == [last]
    assert part.rows == [whole.rows[-1]]
    assert table_rows(db, entity, [999_999]).rows == []  # a deleted row comes back absent


def test_names_of_referenced_rows(db: Database, net: dict[str, int]) -> None:
    sites = _rows(sites_table(db))
    assert sites[net["plant"]]["supplier"] == "Our Cars"
    assert sites[net["plant"]]["own_plant"] is True and sites[net["lodz"]]["own_plant"] is False
    assert (sites[net["plant"]]["nodes"], sites[net["lodz"]]["nodes"]) == (1, 1)
    nodes = _rows(supply_nodes_table(db))
    assert (nodes[net["n_motor"]]["site"], nodes[net["n_motor"]]["item"]) == (
        "Lodz",
        "0042 Seat motor",
    )
    assert nodes[net["n_magnet"]]["item"] == "Sintered NdFeB"
    links = _rows(sourcing_links_table(db))
    assert links[net["l_magnet"]]["from_node"] == "Magnetica / Baotou: Sintered NdFeB"
    assert links[net["l_magnet"]]["to_node"] == "MotorWorks / Lodz: 0042 Seat motor"
    line = _rows(production_lines_table(db))[net["line"]]
    assert (line["plant"], line["program"], line["powertrain"]) == (
        "Our Cars / Plant A", "ID.9", "BEV",
    )  # fmt: skip
    alternatives = _rows(alternatives_table(db))
    assert alternatives[net["alt_sup"]]["item"] == "Sintered NdFeB"
    assert alternatives[net["alt_sup"]]["supplier"] == "Magnetica"
    assert alternatives[net["alt_design"]]["item"] == "0042 Seat motor"
    assert alternatives[net["alt_design"]]["supplier"] is None


def test_an_edit_through_crud_shows_in_the_rebuilt_row(db: Database, net: dict[str, int]) -> None:
    crud.update(db, "supply node", net["n_plant"], {"inventory_on_hand": "1 250"})
    crud.update(db, "supplier", net["motor_co"], {"name": "MotorWorks GmbH"})
    row = _rows(table_rows(db, "supply node", [net["n_plant"]]))[net["n_plant"]]
    assert row["inventory_on_hand"] == 1250.0
    link = _rows(table_rows(db, "sourcing link", [net["l_motor"]]))[net["l_motor"]]
    assert link["from_node"] == "MotorWorks GmbH / Lodz: 0042 Seat motor"


def test_form_fields_follow_the_schema(db: Database) -> None:
    fields = {f.field: f for f in form_fields("site")}
    assert list(fields)[:3] == ["supplier_id", "name", "country"]
    assert {n for n, f in fields.items() if f.required} == {"supplier_id", "name", "country"}
    assert (fields["supplier_id"].kind, fields["supplier_id"].ref) == ("ref", "supplier")
    assert fields["latitude"].kind == "number" and "origin" not in fields and "id" not in fields
    link = {f.field: f for f in form_fields("sourcing link")}
    assert (link["share"].kind, link["share"].default, link["share"].required) == (
        "share",
        1.0,
        False,
    )
    assert link["from_node_id"].ref == "supply node"
    alt = {f.field: f for f in form_fields("alternative source")}
    assert alt["status"].choices == ("candidate", "in_qualification", "qualified", "active")
    assert alt["status"].default == "candidate" and alt["kind"].required
    assert {f.field: f.required for f in form_fields("measure material")} == {
        "measure_id": True, "material_id": True,
    }  # fmt: skip


def test_reference_choices_name_rows_uniquely(db: Database, net: dict[str, int]) -> None:
    assert dict(reference_choices(db, "supplier"))[net["motor_co"]] == "MotorWorks"
    assert dict(reference_choices(db, "site"))[net["lodz"]] == "MotorWorks / Lodz"
    nodes = dict(reference_choices(db, "supply node"))
    assert nodes[net["n_magnet"]] == "Magnetica / Baotou: Sintered NdFeB"
    assert dict(reference_choices(db, "material"))[net["ndfeb"]] == "Sintered NdFeB"
    assert dict(reference_choices(db, "part"))[net["bolt"]] == "0100"
    lines = dict(reference_choices(db, "production line"))  # same name at two plants
    assert lines == {
        net["line"]: f"Line 1 (#{net['line']})",
        net["line_b"]: f"Line 1 (#{net['line_b']})",
    }
    assert len(set(lines.values())) == 2
