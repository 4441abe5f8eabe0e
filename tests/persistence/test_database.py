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


def test_password_never_shown(tmp_path):
    with pytest.raises(DatabaseOpenError) as err:
        open_database("postgresql+psycopg://anna:s3cret-pw@127.0.0.1:1/nothing")
    assert "s3cret-pw" not in str(err.value) and "anna" in str(err.value)


def test_missing_driver_named(tmp_path):
    with pytest.raises(DatabaseOpenError, match="postgresql\\+psycopg://"):
        open_database("postgresql+nosuchdriver://u@127.0.0.1/x")


def test_uncreatable_folder_is_a_clear_error():
    with pytest.raises(DatabaseOpenError, match="/proc/nope"):
        open_database("/proc/nope/x.sqlite")


def test_create_false_refuses_missing_file(tmp_path):
    with pytest.raises(DatabaseOpenError, match="no database at"):
        open_database(str(tmp_path / "typo.sqlite"), create=False)
    assert not (tmp_path / "typo.sqlite").exists()


def test_write_while_another_program_writes_is_a_busy_error(db_path, monkeypatch):
    import sqlite3

    from rePlanner.domain.errors import DatabaseBusyError
    from rePlanner.persistence import database as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 100)  # the app waits 5 s; the test need not
    db = open_database(str(db_path))
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseBusyError, match="busy"), db.session("t") as s:
            s.add(Supplier(name="A", country="DE"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    with db.session("t") as s:
        assert s.scalars(select(Supplier)).all() == []
    db.dispose()


def test_reset_refuses_what_is_not_a_replanner_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("precious")
    with pytest.raises(DatabaseOpenError):
        reset_database(str(notes))
    assert notes.read_text() == "precious"


def test_reset_refuses_newer_schema(db_path):
    import sqlite3

    from rePlanner.domain.errors import SchemaTooNewError

    open_database(str(db_path)).dispose()
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = 'zz_future'")
    con.close()
    with pytest.raises(SchemaTooNewError):
        reset_database(str(db_path))
    assert db_path.exists()


def test_reset_refuses_a_database_in_use(db_path):
    import sqlite3

    open_database(str(db_path)).dispose()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseOpenError, match="in use"):
            reset_database(str(db_path))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db_path.exists()


def test_reset_keeps_a_backup(db_path):
    db = open_database(str(db_path))
    with db.session("t") as s:
        s.add(Supplier(name="Kept", country="DE"))
    db.dispose()
    backup = reset_database(str(db_path))
    assert backup is not None and backup.exists() and not db_path.exists()
    restored = open_database(str(backup))
    with restored.session("t") as s:
        assert [x.name for x in s.scalars(select(Supplier))] == ["Kept"]
    restored.dispose()
