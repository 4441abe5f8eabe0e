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
