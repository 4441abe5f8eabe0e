"""Typed input is read strictly: what could mean two things, or is not what it looks, is refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rePlanner.domain.errors import DuplicateError, ValidationError
from rePlanner.services import crud


@pytest.fixture
def node(db):
    sup = crud.create(db, "supplier", {"name": "Acme", "country": "DE"})
    site = crud.create(db, "site", {"supplier_id": sup["id"], "name": "Plant", "country": "DE"})
    part = crud.create(db, "part", {"part_number": "0001"})
    return crud.create(db, "supply node", {"site_id": site["id"], "part_id": part["id"]})


def _issue(exc_info, field):
    issues = {i.field: i for i in exc_info.value.issues}
    return issues[field]


def test_surrounding_whitespace_is_stripped(db, node):
    assert crud.find(db, "supplier")[0]["name"] == "Acme"
    with pytest.raises(DuplicateError):
        crud.create(db, "supplier", {"name": " Acme ", "country": "DE"})
    prog = crud.create(db, "program", {"name": "\tP1 ", "powertrain": " BEV "})
    assert (prog["name"], prog["powertrain"]) == ("P1", "BEV")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,5", 1.5),
        ("0,125", 0.125),  # a leading zero is never a thousands group
        ("1234,567", 1234.567),  # four digits before the comma: not a thousands group
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("12 345", 12345.0),
        ("1e3", 1000.0),
        (" 7 ", 7.0),
    ],
)
def test_numbers_read_by_their_unambiguous_form(db, node, typed, expected):
    got = crud.update(db, "supply node", node["id"], {"inventory_on_hand": typed})
    assert got["inventory_on_hand"] == expected


def test_thousands_or_decimal_comma_is_refused(db, node):
    for typed in ("1,234", "12,345", "-1,000"):
        with pytest.raises(ValidationError) as err:
            crud.update(db, "supply node", node["id"], {"capacity_per_day": typed})
        reason = _issue(err, "capacity_per_day").reason
        assert "ambiguous" in reason and "write 1234 or 1.234" in reason
    assert crud.get(db, "supply node", node["id"])["capacity_per_day"] is None


@pytest.mark.parametrize("typed", ["1,23.5", "1.23,5", "1,234,567", "1_000", "nan", "inf", "0x10"])
def test_malformed_numbers_refused(db, node, typed):
    with pytest.raises(ValidationError) as err:
        crud.update(db, "supply node", node["id"], {"inventory_on_hand": typed})
    assert "number" in _issue(err, "inventory_on_hand").reason


def test_integers_must_fit_a_database_integer(db):
    ok = crud.create(db, "supplier", {"name": "A", "country": "DE", "tier": 2**31 - 1})
    assert ok["tier"] == 2**31 - 1
    for typed in (2**31, "2147483648", 1e12):
        with pytest.raises(ValidationError) as err:
            crud.create(db, "supplier", {"name": "B", "country": "DE", "tier": typed})
        assert "out of range" in _issue(err, "tier").reason
    with pytest.raises(ValidationError, match="whole number"):
        crud.create(db, "supplier", {"name": "B", "country": "DE", "tier": "1,5"})


def _measure(db, **values):
    return crud.create(db, "policy measure", {"code": "M", "kind": "ban", "title": "t", **values})


@pytest.mark.parametrize("typed", ["2025-W01-1", "20250101", "2025-02-30", "01.02.2025", 20250101])
def test_dates_only_as_year_month_day(db, typed):
    with pytest.raises(ValidationError) as err:
        _measure(db, date_effective=typed)
    assert _issue(err, "date_effective").value == typed


def test_dates_accepted(db):
    got = _measure(
        db,
        date_effective=" 2025-01-31 ",
        date_announced=date(2024, 12, 1),
        as_of=datetime(2025, 2, 1),  # a spreadsheet date cell: midnight
    )
    assert (got["date_effective"], got["date_announced"], got["as_of"]) == (
        date(2025, 1, 31),
        date(2024, 12, 1),
        date(2025, 2, 1),
    )
    with pytest.raises(ValidationError, match="time of day"):
        _measure(db, code="M2", as_of=datetime(2025, 2, 1, 13, 30))


@pytest.mark.parametrize("typed", [12.0, 123, True, ["x"]])
def test_text_fields_take_only_text(db, typed):
    with pytest.raises(ValidationError) as err:
        crud.create(db, "part", {"part_number": typed})
    assert "must be text" in _issue(err, "part_number").reason
    assert crud.find(db, "part") == []


def test_json_fields_take_serialisable_objects_only(db):
    ok = crud.create(db, "scenario", {"name": "S1", "inputs": {"days": [1, 2.5], "ok": True}})
    assert ok["inputs"] == {"days": [1, 2.5], "ok": True}
    for bad in ({"x": float("nan")}, {"x": {1, 2}}, '{"x": 1}', 5):
        with pytest.raises(ValidationError) as err:
            crud.create(db, "scenario", {"name": "S2", "inputs": bad})
        assert _issue(err, "inputs").field == "inputs"
    assert [s["name"] for s in crud.find(db, "scenario")] == ["S1"]


def test_long_values_are_cut_in_messages(db):
    long_name = "N" * 5000
    with pytest.raises(ValidationError) as err:
        crud.create(db, "part", {"part_number": long_name})
    shown = _issue(err, "part_number").value
    assert shown == "N" * 60 + "…"
    assert "longer than 80" in str(err.value) and len(str(err.value)) < 200
