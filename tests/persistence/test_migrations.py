"""Schema versions: fresh creation, upgrade of a stored 0001 database, refusal of newer ones."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from rePlanner.domain.errors import DatabaseOpenError, SchemaTooNewError
from rePlanner.persistence import schema
from rePlanner.persistence.database import open_database
from rePlanner.persistence.models import Base

STORED_V1 = Path(__file__).parent / "data" / "schema_0001.sqlite"


def test_fresh_database_matches_models_exactly(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    assert schema.current_revision(db.engine) == schema.head_revision()


def test_fresh_database_has_no_backup(db):
    assert db.backup_path is None
    assert db.upgraded_from is None


def test_stored_first_version_is_upgraded_with_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(STORED_V1, path)
    db = open_database(str(path))
    try:
        assert db.upgraded_from == "0001"
        assert schema.current_revision(db.engine) == schema.head_revision() != "0001"
        with db.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM suppliers")).scalars().all()
            part = conn.execute(text("SELECT part_number FROM parts")).scalar_one()
            tables = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        assert names == ["Baotou Magnetics"]
        assert part == "000123"  # text stays text
        assert "mapping_profiles" in tables
        assert "ix_audit_log_entity_entity_id" in tables
    finally:
        db.dispose()
    backup = db.backup_path
    assert backup is not None and backup.parent == tmp_path
    assert "backup" in backup.name and "0001" in backup.name
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT name FROM suppliers").fetchall() == [("Baotou Magnetics",)]
    finally:
        con.close()


def test_reopening_current_database_writes_no_backup(db_path):
    open_database(str(db_path)).dispose()
    again = open_database(str(db_path))
    again.dispose()
    assert again.backup_path is None
    assert list(db_path.parent.glob("*backup*")) == []


def test_newer_schema_is_refused_and_left_untouched(db_path):
    open_database(str(db_path)).dispose()
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNewError) as err:
        open_database(str(db_path))
    assert "9999_future" in str(err.value) and "newer" in str(err.value)
    assert db_path.read_bytes() == before
    assert list(db_path.parent.glob("*backup*")) == []


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.close()
    with pytest.raises(DatabaseOpenError, match="not a rePlanner database"):
        open_database(str(path))


def test_downgrade_to_first_version_and_back(db_path):
    """Every migration can be walked both ways (keeps the chain honest for team servers)."""
    from alembic import command

    open_database(str(db_path)).dispose()
    engine = create_engine(f"sqlite:///{db_path}")
    cfg = schema.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert schema.current_revision(engine) == "0001"
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision()
    engine.dispose()


def test_0003_marks_existing_reference_rows_and_drops_id_tracking(db_path):
    """Rows the loader tracked become origin=reference; rows a user typed in stay the user's."""
    engine = create_engine(f"sqlite:///{db_path}")
    schema.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO market_shares (commodity, stage, country, share) "
                "VALUES ('rare earths', 'mining', 'China', 0.69)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO part_content_refs (component, material) VALUES ('EPS motor', 'NdFeB')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO market_shares (commodity, stage, country, share, notes) "
                "VALUES ('rare earths', 'mining', 'Brazil', 0.01, 'typed in by a user')"
            )
        )
        conn.execute(
            text("INSERT INTO app_meta VALUES ('refdata_ids:market_shares', '{\"1\": \"fp\"}')")
        )
        conn.execute(text("INSERT INTO app_meta VALUES ('refdata_ids:part_content_refs', '[1]')"))
        conn.execute(text("INSERT INTO app_meta VALUES ('company_name', 'Kept Ltd')"))
    engine.dispose()
    db = open_database(str(db_path))
    try:
        assert db.upgraded_from == "0002"
        with db.engine.connect() as conn:
            origins = conn.execute(text("SELECT origin FROM market_shares ORDER BY id")).scalars()
            assert origins.all() == ["reference", "user"]
            assert (
                conn.execute(text("SELECT origin FROM part_content_refs")).scalar() == "reference"
            )
            keys = conn.execute(text("SELECT key FROM app_meta")).scalars().all()
            assert keys == ["company_name"]
            assert conn.execute(text("SELECT date_ends FROM policy_measures")).all() == []
    finally:
        db.dispose()
