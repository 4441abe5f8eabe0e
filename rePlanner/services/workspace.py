"""Opening the database a user works in: migrate, seed reference data, or build the demo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence.database import Database, open_database, reset_database
from rePlanner.persistence.models import AppMeta, Part, Supplier
from rePlanner.services.session import current_user

REFDATA_LOADED_KEY = "refdata_loaded_at"


def open_workspace(location: str, user: str | None = None) -> Database:
    """Open (create, upgrade) a database; a new one is seeded with the shipped reference data."""
    from rePlanner.services.refdata import seed_reference  # late: keeps --help quick

    db = open_database(location)
    try:
        if not _has_meta(db, REFDATA_LOADED_KEY):
            seed_reference(db, user=user or current_user())
    except BaseException:
        db.dispose()
        raise
    return db


def open_existing(location: str) -> Database:
    """Open a database that must already exist, without adding anything to it (for `info`)."""
    return open_database(location, create=False)


def _has_meta(db: Database, key: str) -> bool:
    with db.session(current_user(), audit=False) as s:
        return s.get(AppMeta, key) is not None


def holds_user_data(db: Database) -> bool:
    with db.session(current_user(), audit=False) as s:
        n = s.scalar(select(func.count()).select_from(Supplier)) or 0
        n += s.scalar(select(func.count()).select_from(Part)) or 0
    return n > 0


@dataclass
class DemoResult:
    db: Database
    created: bool  # False: an existing database was kept as it is
    summary: object | None
    replaced_backup: Path | None = None  # copy of the database that --force replaced


def build_demo(location: str, *, force: bool = False, keep_existing: bool = False) -> DemoResult:
    """Create the demo company in `location`.

    A database that already holds suppliers or parts is never overwritten silently: `force`
    wipes it first, `keep_existing` opens it unchanged, otherwise the call is refused.
    """
    from rePlanner.services.demo import create_demo

    backup = reset_database(location) if force else None
    db = open_workspace(location)
    try:
        if holds_user_data(db):
            if keep_existing:
                return DemoResult(db, False, None, backup)
            raise ReplannerError(
                f"{db.location} already holds data; use --force to replace it with the demo"
            )
        summary = create_demo(db, user=current_user())
    except BaseException:
        db.dispose()
        raise
    return DemoResult(db, True, summary, backup)


def sqlite_path(db: Database) -> Path | None:
    return Path(db.location) if db.is_sqlite and db.location != ":memory:" else None
