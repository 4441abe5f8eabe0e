"""a measure's own end date; origin on market shares and part-content references

A suspension announcement (EC14) is itself valid only until a date, which had no column.
Market shares and part-content references gain the origin column the other reference tables
have, so a refresh can tell reference rows from rows a user typed in. Until now the loader kept
the ids of the rows it loaded in app_meta ('refdata_ids:<table>'): those become 'reference',
every other row was typed in by a user and becomes 'user'.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ORIGINS = ("user", "reference", "demo", "import")


def _origin() -> sa.Column:
    return sa.Column(
        "origin",
        sa.Enum(*ORIGINS, name="origin", native_enum=False, create_constraint=True, length=32),
        nullable=False,
        server_default="user",
    )


def upgrade() -> None:
    with op.batch_alter_table("policy_measures") as batch_op:
        batch_op.add_column(sa.Column("date_ends", sa.Date(), nullable=True))
    for table in ("market_shares", "part_content_refs"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(_origin())
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("origin", server_default=None)
        _mark_loaded_rows(table)
    op.execute("DELETE FROM app_meta WHERE key LIKE 'refdata_ids:%'")


def _mark_loaded_rows(table: str) -> None:
    conn = op.get_bind()
    raw = conn.execute(
        sa.text("SELECT value FROM app_meta WHERE key = :k"), {"k": f"refdata_ids:{table}"}
    ).scalar()
    tracked = json.loads(raw) if raw else {}
    ids = [int(i) for i in tracked]  # a dict id -> fingerprint, or a plain list of ids
    if ids:
        stmt = sa.text(f"UPDATE {table} SET origin = 'reference' WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        )
        conn.execute(stmt, {"ids": ids})


def downgrade() -> None:
    for table in ("part_content_refs", "market_shares"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_origin"), type_="check")
            batch_op.drop_column("origin")
    with op.batch_alter_table("policy_measures") as batch_op:
        batch_op.drop_column("date_ends")
