"""App-wide settings in app_meta: defaults, round trip, validation, nothing written on error."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from rePlanner.domain.errors import ValidationError
from rePlanner.persistence.database import Database, open_database
from rePlanner.persistence.models import AppMeta, AuditEntry
from rePlanner.services.info import database_info
from rePlanner.services.settings import Settings, get_settings, save_settings


def test_a_fresh_database_has_the_defaults(db: Database) -> None:
    assert get_settings(db) == Settings(
        currency="EUR", working_days_per_week=5, licence_delay_days=45,
        company_name="", confidentiality_label="",
    )  # fmt: skip


def test_saved_settings_come_back_after_reopening(db: Database, db_path) -> None:
    wanted = Settings(currency="usd", working_days_per_week=6, licence_delay_days=60,
                      company_name="  Acme Motors ", confidentiality_label="Internal")  # fmt: skip
    stored = save_settings(db, wanted)
    assert stored == Settings("USD", 6, 60, "Acme Motors", "Internal")
    db.dispose()
    again = open_database(str(db_path))
    try:
        assert get_settings(again) == stored
        # the company name is the key `replanner info` and the window title already read
        assert database_info(again).company_name == "Acme Motors"
    finally:
        again.dispose()


def test_saving_is_audited_and_only_changes_are_written(db: Database) -> None:
    save_settings(db, Settings(currency="GBP"))
    with db.session("t", audit=False) as s:
        first = s.scalars(select(AuditEntry).where(AuditEntry.entity == "app_meta")).all()
        assert {(e.entity_id, e.action.value) for e in first} == {
            ("currency", "create"), ("working_days_per_week", "create"),
            ("default_licence_delay_days", "create"),
        }  # fmt: skip
    save_settings(db, Settings(currency="GBP"))  # same values: no write, no audit noise
    save_settings(db, Settings(currency="GBP", working_days_per_week=4))
    with db.session("t", audit=False) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "app_meta")).all()
        assert len(entries) == 4
        assert entries[-1].entity_id == "working_days_per_week"
        assert entries[-1].changes == {"value": ["5", "4"]}


def test_clearing_a_text_removes_it(db: Database) -> None:
    save_settings(db, Settings(company_name="Acme"))
    save_settings(db, Settings(company_name="   "))
    assert get_settings(db).company_name == ""
    with db.session("t", audit=False) as s:
        assert s.get(AppMeta, "company_name") is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "EURO"}, "currency"),
        ({"currency": "E1R"}, "currency"),
        ({"currency": ""}, "currency"),
        ({"working_days_per_week": 0}, "working_days_per_week"),
        ({"working_days_per_week": 8}, "working_days_per_week"),
        ({"working_days_per_week": 5.5}, "working_days_per_week"),
        ({"licence_delay_days": -1}, "licence_delay_days"),
        ({"licence_delay_days": 366}, "licence_delay_days"),
        ({"company_name": "x" * 201}, "company_name"),
        ({"confidentiality_label": "x" * 201}, "confidentiality_label"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(
    db: Database, db_snapshot, change: dict, field: str
) -> None:
    save_settings(db, Settings(currency="USD", company_name="Acme"))
    before = db_snapshot(db)
    # a good change alongside the bad one must not be written either
    bad = replace(Settings(currency="CHF", company_name="Other"), **change)
    with pytest.raises(ValidationError) as caught:
        save_settings(db, bad)
    assert [i.field for i in caught.value.issues] == [field]
    assert field in str(caught.value)
    assert db_snapshot(db) == before
    assert get_settings(db) == Settings(currency="USD", company_name="Acme")


def test_every_bad_field_is_reported_at_once(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        save_settings(db, Settings(currency="EURO", working_days_per_week=9, licence_delay_days=-3))
    fields = [i.field for i in caught.value.issues]
    assert fields == ["currency", "working_days_per_week", "licence_delay_days"]


def test_unreadable_stored_values_read_as_defaults(db: Database) -> None:
    with db.session("t", audit=False) as s:
        s.add(AppMeta(key="working_days_per_week", value="many"))
        s.add(AppMeta(key="default_licence_delay_days", value="9999"))
        s.add(AppMeta(key="currency", value="chf"))
    got = get_settings(db)
    assert (got.working_days_per_week, got.licence_delay_days, got.currency) == (5, 45, "CHF")
