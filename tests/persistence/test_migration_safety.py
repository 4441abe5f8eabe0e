"""Migrations are all-or-nothing, and table rebuilds on SQLite keep rows that refer to them.

Each test adds a throw-away revision to a copy of the shipped migrations.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from rePlanner.persistence import schema
from rePlanner.persistence.database import make_engine, open_database
from rePlanner.persistence.schema import MigrationError

TEMPLATE = """
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
{body}


def downgrade():
    pass
"""


@pytest.fixture
def extra_revision(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))

    def add(body: str) -> None:
        text_ = TEMPLATE.format(head=schema.head_revision(), body=body)
        (folder / "versions" / "9001_test.py").write_text(text_)
        monkeypatch.setattr(schema, "MIGRATIONS", folder)

    return add


def _demo_rows(path: Path) -> None:
    db = open_database(str(path))
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parts (id, part_number, uom, origin, created_at, updated_at)"
                " VALUES (1, 'P1', 'pc', 'user', '2026-01-01', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO materials (id, element, stage, name, origin)"
                " VALUES (1, 'Dy', 'oxide', 'Dy oxide', 'user')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO part_materials (part_id, material_id, kg_per_unit) VALUES (1, 1, 0.01)"
            )
        )
    db.dispose()  # fmt: skip


def test_failed_migration_changes_nothing(db_path, extra_revision):
    _demo_rows(db_path)
    before = schema.current_revision(create_engine(f"sqlite:///{db_path}"))
    extra_revision(
        '    op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))\n'
        '    raise RuntimeError("migration bug")'
    )
    engine = make_engine(f"sqlite:///{db_path}")
    with pytest.raises(RuntimeError, match="migration bug"):
        schema.upgrade(engine)
    assert "scratch" not in inspect(engine).get_table_names()  # DDL rolled back too
    assert schema.current_revision(engine) == before
    engine.dispose()


def test_rebuilding_a_referenced_table_keeps_child_rows(db_path, extra_revision):
    _demo_rows(db_path)
    extra_revision(
        '    with op.batch_alter_table("parts", recreate="always") as b:\n'
        '        b.add_column(sa.Column("weight_kg", sa.Float, nullable=True))'
    )
    engine = make_engine(f"sqlite:///{db_path}")
    schema.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM part_materials")).scalar() == 1
        assert "weight_kg" in {c["name"] for c in inspect(conn).get_columns("parts")}
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # back on afterwards
    engine.dispose()


def test_migration_leaving_broken_references_is_rolled_back(db_path, extra_revision):
    _demo_rows(db_path)
    extra_revision('    op.execute("DELETE FROM parts")')
    engine = make_engine(f"sqlite:///{db_path}")
    with pytest.raises(MigrationError, match="part_materials"):
        schema.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM parts")).scalar() == 1
    engine.dispose()
