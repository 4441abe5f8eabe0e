"""Reference data and the demo company on PostgreSQL: later inserts still get fresh ids.

PostgreSQL numbers rows from a sequence that explicit ids do not advance, so a bulk load that
wrote its own ids would make the next crud.create fail with a duplicate primary key.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database, open_database
from rePlanner.services import crud
from rePlanner.services.demo import create_demo
from rePlanner.services.refdata import seed_reference


def test_demo_and_reference_data_leave_room_for_new_rows(pg_db):
    assert pg_db.engine.dialect.name == "postgresql"
    seed_reference(pg_db, user="tester")
    create_demo(pg_db, user="tester")
    sup = crud.create(pg_db, "supplier", {"name": "Neu GmbH", "country": "Germany"})
    site = crud.create(pg_db, "site", {"supplier_id": sup["id"], "name": "Neu", "country": "DE"})
    part = crud.create(pg_db, "part", {"part_number": "NEW-0001", "description": "new part"})
    supplier_node = crud.create(
        pg_db, "supply node", {"site_id": site["id"], "part_id": part["id"]}
    )
    with pg_db.session("tester") as s:
        plant = s.scalar(
            select(m.Site.id).join(m.Supplier).where(m.Supplier.is_internal).order_by(m.Site.id)
        )
    plant_node = crud.create(pg_db, "supply node", {"site_id": plant, "part_id": part["id"]})
    link = crud.create(
        pg_db,
        "sourcing link",
        {"from_node_id": supplier_node["id"], "to_node_id": plant_node["id"]},
    )
    # reference tables too: a user's own material and measure after the reference load
    material = crud.create(
        pg_db, "material", {"element": "Xx", "stage": "metal", "name": "Test metal"}
    )
    with pg_db.session("tester") as s:
        for model, row in ((m.Supplier, sup), (m.Part, part), (m.SourcingLink, link),
                           (m.Material, material)):  # fmt: skip
            assert row["id"] == s.scalar(select(func.max(model.id)))


def counts(db: Database) -> dict[str, int]:
    with db.session("tester", audit=False) as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in m.Base.metadata.sorted_tables
        }


def test_demo_row_counts_match_sqlite(pg_db, tmp_path: Path):
    lite = open_database(str(tmp_path / "demo.sqlite"))
    try:
        for db in (lite, pg_db):
            seed_reference(db, user="tester")
            create_demo(db, user="tester", seed=11)
        expected = counts(lite)
    finally:
        lite.dispose()
    assert expected["sourcing_links"] > 100
    assert counts(pg_db) == expected
