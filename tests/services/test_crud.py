"""Generic create/edit/delete: validation names field, value and reason; refusals explain."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rePlanner.domain.errors import (
    DuplicateError,
    InUseError,
    NotFoundError,
    ValidationError,
)
from rePlanner.persistence.models import AuditEntry
from rePlanner.services import crud


@pytest.fixture
def net(db):
    """Supplier -> site -> node -> link -> our plant node."""
    sup = crud.create(db, "supplier", {"name": "Ningbo Magnet", "country": "China", "tier": 2})
    site = crud.create(db, "site", {"supplier_id": sup["id"], "name": "Ningbo", "country": "China"})
    own = crud.create(db, "supplier", {"name": "Us", "country": "Germany", "is_internal": "yes"})
    plant = crud.create(db, "site", {"supplier_id": own["id"], "name": "Plant", "country": "DE"})
    part = crud.create(db, "part", {"part_number": "00123", "description": "Rotor magnet"})
    n1 = crud.create(db, "supply node", {"site_id": site["id"], "part_id": part["id"]})
    n2 = crud.create(db, "supply node", {"site_id": plant["id"], "part_id": part["id"]})
    link = crud.create(db, "sourcing link", {"from_node_id": n1["id"], "to_node_id": n2["id"]})
    return {"supplier": sup, "site": site, "own": own, "part": part, "link": link, "n1": n1}


def test_create_converts_typed_text(db):
    sup = crud.create(
        db, "supplier", {"name": "A", "country": "DE", "tier": "2", "is_internal": "no"}
    )
    assert sup["tier"] == 2 and sup["is_internal"] is False
    part = crud.create(db, "part", {"part_number": "1E5"})
    assert part["part_number"] == "1E5"  # never a number


def test_decimal_comma_accepted(db, net):
    node = crud.update(db, "supply node", net["n1"]["id"], {"inventory_on_hand": "1,5"})
    assert node["inventory_on_hand"] == 1.5


def test_all_issues_reported_at_once(db, net):
    with pytest.raises(ValidationError) as err:
        crud.update(
            db, "supply node", net["n1"]["id"],
            {"inventory_on_hand": "-3", "capacity_per_day": "lots", "china_share": 1.5},
        )  # fmt: skip
    fields = {i.field: i for i in err.value.issues}
    assert set(fields) == {"inventory_on_hand", "capacity_per_day", "china_share"}
    assert fields["inventory_on_hand"].value == "-3"
    assert "negative" in fields["inventory_on_hand"].reason
    assert "share" in fields["china_share"].reason


def test_required_field_missing(db):
    with pytest.raises(ValidationError) as err:
        crud.create(db, "supplier", {"name": "No country"})
    assert [(i.entity, i.field) for i in err.value.issues] == [("supplier", "country")]


def test_unknown_field_and_bad_enum(db):
    with pytest.raises(ValidationError) as err:
        crud.create(db, "program", {"name": "X", "powertrain": "steam", "colour": "red"})
    reasons = {i.field: i.reason for i in err.value.issues}
    assert "BEV" in reasons["powertrain"] and "colour" in reasons


def test_duplicate_named(db, net):
    with pytest.raises(DuplicateError, match="name='Ningbo Magnet'"):
        crud.create(db, "supplier", {"name": "Ningbo Magnet", "country": "China"})


def test_duplicate_on_update(db, net):
    other = crud.create(db, "part", {"part_number": "00124"})
    with pytest.raises(DuplicateError):
        crud.update(db, "part", other["id"], {"part_number": "00123"})


def test_dangling_reference_named(db):
    with pytest.raises(ValidationError, match="no supplier has this id"):
        crud.create(db, "site", {"supplier_id": 42, "name": "x", "country": "DE"})


def test_node_needs_one_item(db, net):
    with pytest.raises(ValidationError, match="either a part or a material"):
        crud.create(db, "supply node", {"site_id": net["site"]["id"]})


def test_supplier_with_links_cannot_be_deleted(db, net):
    with pytest.raises(InUseError) as err:
        crud.delete(db, "supplier", net["supplier"]["id"])
    assert "Ningbo Magnet" in str(err.value) and "1 sourcing link" in str(err.value)
    assert crud.get(db, "supplier", net["supplier"]["id"])["name"] == "Ningbo Magnet"
    assert crud.usage(db, "supplier", net["supplier"]["id"]) == {"sourcing_links": 1}


def test_supplier_deletable_once_links_removed(db, net):
    crud.delete(db, "sourcing link", net["link"]["id"])
    crud.delete(db, "supplier", net["supplier"]["id"])
    assert crud.find(db, "site", name="Ningbo") == []  # owned sites went with it
    with pytest.raises(NotFoundError):
        crud.get(db, "supplier", net["supplier"]["id"])


def test_part_used_by_nodes_cannot_be_deleted(db, net):
    with pytest.raises(InUseError, match="supply node"):
        crud.delete(db, "part", net["part"]["id"])


def test_every_change_is_audited(db, net):
    crud.update(db, "supplier", net["supplier"]["id"], {"country": "Vietnam"}, user="anna")
    crud.delete(db, "sourcing link", net["link"]["id"], user="ben")
    with db.session("t", audit=False) as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    creates = [r for r in rows if r.action == "create"]
    assert len(creates) == 8 and all(r.entity_id for r in creates)
    upd = next(r for r in rows if r.action == "update")
    assert (upd.user, upd.entity, upd.changes) == (
        "anna",
        "suppliers",
        {"country": ["China", "Vietnam"]},
    )
    dele = next(r for r in rows if r.action == "delete")
    assert (dele.user, dele.entity, dele.entity_id) == (
        "ben",
        "sourcing_links",
        str(net["link"]["id"]),
    )


def test_failed_change_writes_nothing(db, net):
    before = len(crud.find(db, "supplier"))
    with pytest.raises(ValidationError):
        crud.create(db, "supplier", {"name": "Bad", "country": "DE", "tier": -1})
    assert len(crud.find(db, "supplier")) == before


def test_every_schema_check_has_a_readable_rule():
    """A CHECK without a rule would surface as an opaque database error instead of a message."""
    from sqlalchemy import CheckConstraint

    from rePlanner.persistence.models import Base
    from rePlanner.services.validation import _RULE_CHECK

    unexplained = []
    for table in Base.metadata.sorted_tables:
        for c in table.constraints:
            if not isinstance(c, CheckConstraint) or c.name is None:
                continue
            if "rule" in c.info:
                assert c.info["rule"] in _RULE_CHECK
            elif not str(c.name).endswith(("exactly_one_item", "no_self_link")) and not any(
                col.name == str(c.name).split("_")[-1] for col in table.columns
            ):
                unexplained.append(f"{table.name}.{c.name}")
    assert unexplained == []
