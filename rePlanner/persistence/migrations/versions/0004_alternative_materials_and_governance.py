"""materials an alternative source still depends on; country governance scores; source location

Ranking alternatives needs each candidate's own dependence on Chinese material per material (a
magnet maker outside China that buys Chinese Dy is no escape under a Dy scenario) and where it
makes the item (distance to the plant). The EU CRM supply-risk formula needs a governance score
per country (WGI rescaled 0..10); the table starts empty: only sourced rows are loaded.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "country_governance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column("wgi_score", sa.Float(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column(
            "confidence", _enum("confidence", "confirmed", "derived", "unconfirmed"), nullable=True
        ),  # fmt: skip
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "origin", _enum("origin", "user", "reference", "demo", "import"), nullable=False
        ),  # fmt: skip
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "wgi_score >= 0 AND wgi_score <= 10", name=op.f("ck_country_governance_wgi_score_range")
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_governance")),
        sa.UniqueConstraint("country", name=op.f("uq_country_governance_country")),
    )
    op.create_table(
        "alternative_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alternative_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.Column("china_share", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "china_share IS NULL OR (china_share >= 0 AND china_share <= 1)",
            name=op.f("ck_alternative_materials_china_share_share"),
        ),
        sa.ForeignKeyConstraint(
            ["alternative_id"], ["alternative_sources.id"], ondelete="CASCADE",
            name=op.f("fk_alternative_materials_alternative_id_alternative_sources"),
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["material_id"], ["materials.id"], ondelete="RESTRICT",
            name=op.f("fk_alternative_materials_material_id_materials"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alternative_materials")),
        sa.UniqueConstraint("alternative_id", "material_id",
                            name=op.f("uq_alternative_materials_alternative_id_material_id")),
    )  # fmt: skip
    for col in ("alternative_id", "material_id"):
        op.create_index(op.f(f"ix_alternative_materials_{col}"), "alternative_materials", [col])
    with op.batch_alter_table("alternative_sources") as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alternative_sources") as batch_op:
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
    op.drop_table("alternative_materials")
    op.drop_table("country_governance")
