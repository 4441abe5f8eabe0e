"""The same schema, migrations and services on a real PostgreSQL server (team mode).

The server comes from the `pg_url` fixture (tests/conftest.py): $REPLANNER_TEST_PG_URL or a local
server started by .ci/postgres.sh.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from rePlanner.domain.errors import DuplicateError, InUseError, SchemaTooNewError
from rePlanner.persistence import schema
from rePlanner.persistence.database import open_database
from rePlanner.persistence.models import Base
from rePlanner.services import crud


def test_migrated_schema_matches_models(pg_db):
    assert pg_db.engine.dialect.name == "postgresql"
    with pg_db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_migrations_walk_down_and_up(pg_db, pg_url):
    cfg = schema.alembic_config()
    with pg_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert schema.current_revision(pg_db.engine) == "0001"
    reopened = open_database(pg_url)
    assert reopened.upgraded_from == "0001" and reopened.backup_path is None
    assert schema.current_revision(reopened.engine) == schema.head_revision()
    reopened.dispose()


def test_services_and_refusals(pg_db):
    sup = crud.create(pg_db, "supplier", {"name": "Lynas", "country": "Australia"})
    site = crud.create(
        pg_db, "site", {"supplier_id": sup["id"], "name": "Kuantan", "country": "MY"}
    )
    part = crud.create(pg_db, "part", {"part_number": "007", "description": "magnet"})
    n1 = crud.create(pg_db, "supply node", {"site_id": site["id"], "part_id": part["id"]})
    own = crud.create(pg_db, "supplier", {"name": "Us", "country": "DE", "is_internal": True})
    plant = crud.create(pg_db, "site", {"supplier_id": own["id"], "name": "P", "country": "DE"})
    n2 = crud.create(pg_db, "supply node", {"site_id": plant["id"], "part_id": part["id"]})
    crud.create(pg_db, "sourcing link", {"from_node_id": n1["id"], "to_node_id": n2["id"]})
    with pytest.raises(DuplicateError):
        crud.create(pg_db, "part", {"part_number": "007"})
    with pytest.raises(InUseError, match="sourcing link"):
        crud.delete(pg_db, "supplier", sup["id"])
    assert crud.find(pg_db, "part", part_number="007")[0]["part_number"] == "007"


def test_newer_schema_refused(pg_db, pg_url):
    with pg_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'zz_future'")
    with pytest.raises(SchemaTooNewError):
        open_database(pg_url)


def test_empty_server_database_is_not_created_when_asked_not_to(pg_url, pg_wipe):
    from sqlalchemy import create_engine, inspect

    from rePlanner.domain.errors import DatabaseOpenError

    pg_wipe(pg_url)
    with pytest.raises(DatabaseOpenError, match="no rePlanner database"):
        open_database(pg_url, create=False)
    engine = create_engine(pg_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()
