"""The same schema, migrations and services on a real PostgreSQL server (team mode).

Needs REPLANNER_TEST_PG_URL (the README's test command starts a local server with
.ci/postgres.sh and sets it); without it these tests are skipped with that reason shown.
"""

from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from rePlanner.domain.errors import DuplicateError, InUseError, SchemaTooNewError
from rePlanner.persistence import schema
from rePlanner.persistence.database import open_database, reset_database
from rePlanner.persistence.models import Base
from rePlanner.services import crud

PG_URL = os.environ.get("REPLANNER_TEST_PG_URL")
if not PG_URL and os.environ.get("CI"):  # in CI a missing server is a failure, never a skip
    raise RuntimeError("CI run without REPLANNER_TEST_PG_URL: .ci/postgres.sh did not start")
pytestmark = pytest.mark.skipif(
    not PG_URL, reason="REPLANNER_TEST_PG_URL not set (bash .ci/postgres.sh starts a server)"
)


@pytest.fixture
def pg():
    assert PG_URL
    reset_database(PG_URL)
    db = open_database(PG_URL)
    yield db
    db.dispose()
    reset_database(PG_URL)


def test_migrated_schema_matches_models(pg):
    assert pg.engine.dialect.name == "postgresql"
    with pg.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_migrations_walk_down_and_up(pg):
    cfg = schema.alembic_config()
    with pg.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert schema.current_revision(pg.engine) == "0001"
    reopened = open_database(PG_URL)
    assert reopened.upgraded_from == "0001" and reopened.backup_path is None
    assert schema.current_revision(reopened.engine) == schema.head_revision()
    reopened.dispose()


def test_services_and_refusals(pg):
    sup = crud.create(pg, "supplier", {"name": "Lynas", "country": "Australia"})
    site = crud.create(pg, "site", {"supplier_id": sup["id"], "name": "Kuantan", "country": "MY"})
    part = crud.create(pg, "part", {"part_number": "007", "description": "magnet"})
    n1 = crud.create(pg, "supply node", {"site_id": site["id"], "part_id": part["id"]})
    own = crud.create(pg, "supplier", {"name": "Us", "country": "DE", "is_internal": True})
    plant = crud.create(pg, "site", {"supplier_id": own["id"], "name": "P", "country": "DE"})
    n2 = crud.create(pg, "supply node", {"site_id": plant["id"], "part_id": part["id"]})
    crud.create(pg, "sourcing link", {"from_node_id": n1["id"], "to_node_id": n2["id"]})
    with pytest.raises(DuplicateError):
        crud.create(pg, "part", {"part_number": "007"})
    with pytest.raises(InUseError, match="sourcing link"):
        crud.delete(pg, "supplier", sup["id"])
    assert crud.find(pg, "part", part_number="007")[0]["part_number"] == "007"


def test_newer_schema_refused(pg):
    with pg.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'zz_future'")
    with pytest.raises(SchemaTooNewError):
        open_database(PG_URL)
