"""The schema itself refuses bad rows, even when a caller bypasses the services."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from rePlanner.persistence import models as m


def _fail(db, *rows):
    """The database itself refuses (not a check SQLAlchemy makes in Python first)."""
    with pytest.raises(IntegrityError), db.session("t", audit=False) as s:
        s.add_all(rows)
        s.flush()


@pytest.fixture
def base_rows(db):
    with db.session("t", audit=False) as s:
        sup = m.Supplier(name="S", country="JP")
        s.add(sup)
        s.flush()
        site = m.Site(supplier_id=sup.id, name="Osaka", country="JP")
        part = m.Part(part_number="0001")
        mat = m.Material(element="Dy", stage="oxide", name="Dy oxide")
        s.add_all([site, part, mat])
        s.flush()
        return {"supplier": sup.id, "site": site.id, "part": part.id, "material": mat.id}


def test_unique_part_number(db, base_rows):
    _fail(db, m.Part(part_number="0001"))


def test_leading_zero_part_numbers_are_distinct(db, base_rows):
    with db.session("t", audit=False) as s:
        s.add(m.Part(part_number="1"))  # "0001" and "1" are different parts
    with db.session("t", audit=False) as s:
        rows = s.execute(select(m.Part.id, m.Part.part_number).order_by(m.Part.id)).all()
    assert [r.part_number for r in rows] == ["0001", "1"]
    assert rows[0].id != rows[1].id


def test_negative_inventory_refused(db, base_rows):
    _fail(
        db, m.SupplyNode(site_id=base_rows["site"], part_id=base_rows["part"], inventory_on_hand=-1)
    )


def test_share_above_one_refused(db, base_rows):
    _fail(
        db,
        m.PartMaterial(
            part_id=base_rows["part"],
            material_id=base_rows["material"],
            kg_per_unit=1,
            china_share=1.2,
        ),
    )


def test_node_must_hold_exactly_one_item(db, base_rows):
    _fail(db, m.SupplyNode(site_id=base_rows["site"]))
    _fail(
        db,
        m.SupplyNode(
            site_id=base_rows["site"], part_id=base_rows["part"], material_id=base_rows["material"]
        ),
    )


def test_foreign_keys_enforced(db, base_rows):
    _fail(db, m.Site(supplier_id=999, name="ghost", country="XX"))


def test_link_to_itself_and_zero_quantity_refused(db, base_rows):
    with db.session("t", audit=False) as s:
        node = m.SupplyNode(site_id=base_rows["site"], part_id=base_rows["part"])
        s.add(node)
        s.flush()
        node_id = node.id
    _fail(db, m.SourcingLink(from_node_id=node_id, to_node_id=node_id))
    with db.session("t", audit=False) as s:
        other = m.SupplyNode(site_id=base_rows["site"], material_id=base_rows["material"])
        s.add(other)
        s.flush()
        other_id = other.id
    _fail(db, m.SourcingLink(from_node_id=other_id, to_node_id=node_id, quantity_per_unit=0))
    with db.session("t", audit=False) as s:  # the same link with a quantity is fine
        s.add(m.SourcingLink(from_node_id=other_id, to_node_id=node_id, quantity_per_unit=0.5))


def test_unknown_enum_value_refused_by_sqlalchemy(db):
    with pytest.raises(StatementError, match="plasma"), db.session("t", audit=False) as s:
        s.add(m.Material(element="Xx", stage="plasma", name="bad"))
        s.flush()


def test_database_check_refuses_unknown_enum_value(db):
    """Raw SQL skips SQLAlchemy's own enum check: the CHECK in the schema must refuse it."""
    insert = text(
        "INSERT INTO materials (element, stage, name, origin) VALUES ('Xx', :stage, 'x', 'user')"
    )
    with db.session("t", audit=False) as s:
        s.execute(insert, {"stage": "oxide"})  # the statement itself is sound
    with pytest.raises(IntegrityError, match="(?i)check"), db.session("t", audit=False) as s:
        s.execute(insert, {"stage": "plasma"})
    with db.session("t", audit=False) as s:
        stages = s.execute(text("SELECT stage FROM materials")).scalars().all()
    assert stages == ["oxide"]


def test_restrict_blocks_deleting_referenced_material(db, base_rows):
    with db.session("t", audit=False) as s:
        s.add(
            m.PartMaterial(
                part_id=base_rows["part"], material_id=base_rows["material"], kg_per_unit=0.1
            )
        )
    with pytest.raises(IntegrityError), db.session("t", audit=False) as s:
        s.delete(s.get(m.Material, base_rows["material"]))
        s.flush()


def test_cascade_deletes_owned_sites(db, base_rows):
    with db.session("t", audit=False) as s:
        s.delete(s.get(m.Supplier, base_rows["supplier"]))
    with db.session("t", audit=False) as s:
        assert s.get(m.Site, base_rows["site"]) is None
