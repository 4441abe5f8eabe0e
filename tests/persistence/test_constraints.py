"""The schema itself refuses bad rows, even when a caller bypasses the services."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from rePlanner.persistence import models as m


def _fail(db, *rows):
    with pytest.raises((IntegrityError, StatementError)), db.session("t", audit=False) as s:
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


def test_unknown_enum_value_refused(db):
    _fail(db, m.Material(element="Xx", stage="plasma", name="bad"))


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
