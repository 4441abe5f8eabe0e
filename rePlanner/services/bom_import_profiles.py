"""Named column mappings, saved in the database and reused for files of the same layout.

A profile is the dict io.bom.mapping_to_profile makes (and apply_profile reads); this module
stores it as given. `--mapping NAME_OR_FILE` takes a saved name or a JSON file holding one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rePlanner.domain.errors import DataFileError, NotFoundError, ValidationError
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import MappingProfile
from rePlanner.services.bom_query import Missing
from rePlanner.services.session import current_user

NAME_MAX = 120


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    kind: str
    mapping: dict[str, Any]
    updated_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        when = self.updated_at.isoformat(timespec="seconds") if self.updated_at else None
        return {"name": self.name, "kind": self.kind, "mapping": self.mapping, "updated_at": when}


def _info(p: MappingProfile) -> ProfileInfo:
    return ProfileInfo(p.name, p.kind, dict(p.mapping or {}), getattr(p, "updated_at", None))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise ValidationError.single(
            "mapping profile", "name", name, f"give a name of 1 to {NAME_MAX} characters"
        )
    return cleaned


def save_profile(
    db: Database, name: str, mapping: dict[str, Any], kind: str = "bom", user: str | None = None
) -> ProfileInfo:
    """Save (or replace) the profile `name`; audited like any edit."""
    if not isinstance(mapping, dict) or not mapping:
        raise ValidationError.single("mapping profile", "mapping", mapping, "the mapping is empty")
    cleaned = _clean_name(name)
    with db.session(user or current_user()) as s:
        row = s.scalars(select(MappingProfile).where(MappingProfile.name == cleaned)).first()
        if row is None:
            row = MappingProfile(name=cleaned, kind=kind, mapping=mapping)
            s.add(row)
        else:
            row.kind, row.mapping = kind, mapping
        s.flush()
        return _info(row)


def load_profile(db: Database, name: str) -> ProfileInfo:
    with db.session(current_user(), audit=False) as s:
        row = s.scalars(
            select(MappingProfile).where(MappingProfile.name == " ".join(name.split()))
        ).first()
        if row is None:
            raise Missing("mapping profile", name, f"there is no saved mapping {name!r}")
        return _info(row)


def list_profiles(db: Database, kind: str | None = None) -> list[ProfileInfo]:
    with db.session(current_user(), audit=False) as s:
        stmt = select(MappingProfile).order_by(MappingProfile.name)
        if kind:
            stmt = stmt.where(MappingProfile.kind == kind)
        return [_info(p) for p in s.scalars(stmt)]


def delete_profile(db: Database, name: str, user: str | None = None) -> None:
    with db.session(user or current_user()) as s:
        row = s.scalars(
            select(MappingProfile).where(MappingProfile.name == " ".join(name.split()))
        ).first()
        if row is None:
            raise Missing("mapping profile", name, f"there is no saved mapping {name!r}")
        s.delete(row)


def resolve_mapping(db: Database, name_or_file: str) -> dict[str, Any]:
    """The profile dict for `--mapping`: a saved profile's name, else a JSON file's content."""
    path = Path(name_or_file).expanduser()
    if path.suffix.lower() == ".json" or (path.is_file() and not _has_profile(db, name_or_file)):
        return _read_json(path)
    try:
        return load_profile(db, name_or_file).mapping
    except NotFoundError:
        known = ", ".join(repr(p.name) for p in list_profiles(db)) or "none saved yet"
        raise Missing(
            "mapping profile",
            name_or_file,
            f"there is no saved mapping {name_or_file!r} and no file of that name; "
            f"saved mappings: {known}",
        ) from None


def _has_profile(db: Database, name: str) -> bool:
    try:
        load_profile(db, name)
    except NotFoundError:
        return False
    return True


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataFileError(str(path), "no such mapping file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(str(path), f"not a readable JSON mapping file ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise DataFileError(str(path), "a mapping file must hold a JSON object of columns")
    return data
