"""Saved column mappings: save, replace, load, list, delete, and --mapping NAME_OR_FILE."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from rePlanner.domain.errors import DataFileError, NotFoundError, ValidationError
from rePlanner.persistence import models as m
from rePlanner.services.bom_import_profiles import (
    delete_profile,
    list_profiles,
    load_profile,
    resolve_mapping,
    save_profile,
)

SAP = {"part_number": "Material", "quantity": "Menge", "level": "Stufe"}


def test_save_load_replace_list_delete(db):
    save_profile(db, "  SAP   export ", SAP, user="alice")
    assert load_profile(db, "SAP export").mapping == SAP
    save_profile(db, "SAP export", {"part_number": "Teil"})  # same name: replaced
    save_profile(db, "Acme", {"part_number": "PN"}, kind="suppliers")
    assert [p.name for p in list_profiles(db)] == ["Acme", "SAP export"]
    assert [p.name for p in list_profiles(db, kind="bom")] == ["SAP export"]
    assert load_profile(db, "SAP export").mapping == {"part_number": "Teil"}
    delete_profile(db, "SAP export")
    with pytest.raises(NotFoundError):
        load_profile(db, "SAP export")
    with pytest.raises(NotFoundError):
        delete_profile(db, "SAP export")
    with db.session("t", audit=False) as s:  # every change is in the audit trail
        actions = list(s.scalars(select(m.AuditEntry.action).where(
            m.AuditEntry.entity == "mapping_profiles").order_by(m.AuditEntry.id)))  # fmt: skip
    assert actions == ["create", "update", "create", "delete"]


def test_refuses_empty_name_or_mapping(db):
    with pytest.raises(ValidationError):
        save_profile(db, "   ", SAP)
    with pytest.raises(ValidationError):
        save_profile(db, "x", {})
    assert list_profiles(db) == []


def test_resolve_name_or_json_file(db, tmp_path):
    save_profile(db, "SAP", SAP)
    assert resolve_mapping(db, "SAP") == SAP
    f = tmp_path / "layout.json"
    f.write_text(json.dumps({"part_number": "PN"}), encoding="utf-8")
    assert resolve_mapping(db, str(f)) == {"part_number": "PN"}
    with pytest.raises(NotFoundError) as exc:  # a sentence that names what is saved
        resolve_mapping(db, "Oracle")
    assert str(exc.value) == (
        "there is no saved mapping 'Oracle' and no file of that name; saved mappings: 'SAP'"
    )
    assert (exc.value.entity, exc.value.key) == ("mapping profile", "Oracle")
    with pytest.raises(DataFileError, match="no such mapping file"):
        resolve_mapping(db, str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(DataFileError, match="JSON object"):
        resolve_mapping(db, str(bad))
    bad.write_text("{not json")
    with pytest.raises(DataFileError, match="not a readable JSON"):
        resolve_mapping(db, str(bad))
