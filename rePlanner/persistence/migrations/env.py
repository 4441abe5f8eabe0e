"""Alembic environment: always run with a connection handed in by rePlanner.persistence.schema."""

from __future__ import annotations

from alembic import context

from rePlanner.persistence.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used through schema.migrate()
    raise RuntimeError("run migrations through rePlanner.persistence.schema")

context.configure(
    connection=connection,
    target_metadata=config.attributes.get("target_metadata", Base.metadata),
    # SQLite cannot ALTER most things: batch mode copies the table instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
