"""Shared fixtures: real SQLite files in a temporary folder, Qt offscreen."""

from __future__ import annotations

import os

# pytest-qt aborts without a display unless this is set before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REPLANNER_USER", "tester")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from rePlanner.persistence.database import Database, open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def db(db_path: Path) -> Database:
    """A fresh, migrated, empty database file."""
    database = open_database(str(db_path))
    yield database
    database.dispose()


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A PostgreSQL server for team-mode tests: $REPLANNER_TEST_PG_URL, else .ci/postgres.sh.

    In CI a server that cannot be had is a failure; elsewhere the tests are skipped with the
    reason shown (pytest -ra), never silently.
    """
    import subprocess

    url = os.environ.get("REPLANNER_TEST_PG_URL")
    if url:
        return url
    try:
        done = subprocess.run(
            ["bash", str(ROOT / ".ci" / "postgres.sh")],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        reason = f"could not start PostgreSQL: {exc}"
    else:
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip().splitlines()[-1]
        reason = f"could not start PostgreSQL (.ci/postgres.sh): {done.stderr.strip()[-300:]}"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def wipe_postgres(url: str) -> None:
    """Drop everything in the test database, whatever state a test left it in."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture
def pg_wipe():
    """The function that empties the test server database, for tests that need it bare."""
    return wipe_postgres


@pytest.fixture
def pg_db(pg_url: str) -> Database:
    """A fresh, migrated, empty PostgreSQL database (wiped before and after)."""
    wipe_postgres(pg_url)
    database = open_database(pg_url)
    yield database
    database.dispose()
    wipe_postgres(pg_url)


def snapshot(database: Database) -> dict[str, str]:
    """A digest of every table's full content: equal before and after = nothing written."""
    import hashlib

    from sqlalchemy import inspect, text

    out: dict[str, str] = {}
    with database.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            out[table] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
    return out


@pytest.fixture
def db_snapshot():
    """`db_snapshot(db)` -> digest of every table; compare two to prove nothing was written."""
    return snapshot
