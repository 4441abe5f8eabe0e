"""Opening databases: paths and URLs, SQLite settings, units of work."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from rePlanner.domain.errors import DatabaseOpenError
from rePlanner.persistence.database import open_database, reset_database, to_url
from rePlanner.persistence.models import Supplier


def test_bare_path_becomes_sqlite_url(tmp_path):
    assert to_url(str(tmp_path / "a.sqlite")) == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert to_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_missing_folder_is_created(tmp_path):
    db = open_database(str(tmp_path / "deep" / "er" / "x.sqlite"))
    db.dispose()
    assert (tmp_path / "deep" / "er" / "x.sqlite").exists()


def test_sqlite_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_unit_of_work_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError), db.session("t") as s:
        s.add(Supplier(name="A", country="DE"))
        s.flush()
        raise RuntimeError("boom")
    with db.session("t") as s:
        assert s.scalars(select(Supplier)).all() == []


def test_unreadable_file_gives_clear_error(tmp_path):
    bad = tmp_path / "notadb.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseOpenError, match="notadb.sqlite"):
        open_database(str(bad))


def test_reset_removes_file_and_wal(db_path):
    db = open_database(str(db_path))
    with db.session("t") as s:
        s.add(Supplier(name="A", country="DE"))
    db.dispose()
    reset_database(str(db_path))
    assert not db_path.exists()
    fresh = open_database(str(db_path))
    with fresh.session("t") as s:
        assert s.scalars(select(Supplier)).all() == []
    fresh.dispose()
