"""a measure's own end date; origin on market shares and part-content references

A suspension announcement (EC14) is itself valid only until a date, which had no column.
Market shares and part-content references gain the origin column the other reference tables
have, so a refresh can tell reference rows from rows a user typed in; the rows already there
were all loaded from the shipped reference files.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

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
        server_default="reference",
    )


def upgrade() -> None:
    with op.batch_alter_table("policy_measures") as batch_op:
        batch_op.add_column(sa.Column("date_ends", sa.Date(), nullable=True))
    for table in ("market_shares", "part_content_refs"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(_origin())
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("origin", server_default=None)
    # ids of reference rows were tracked in app_meta before the column existed
    op.execute("DELETE FROM app_meta WHERE key LIKE 'refdata_ids:%'")


def downgrade() -> None:
    for table in ("part_content_refs", "market_shares"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_origin"), type_="check")
            batch_op.drop_column("origin")
    with op.batch_alter_table("policy_measures") as batch_op:
        batch_op.drop_column("date_ends")
