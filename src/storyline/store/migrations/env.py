"""Alembic's entry point: migrations run on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from storyline.store import schema
from storyline.store.migrations import compared

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Storyline's migrations run through Store.migrate(), on the store's own connection")

context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    # SQLite alters a table by copying it: Alembic's batch mode does that for us.
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=compared,
)
with context.begin_transaction():
    context.run_migrations()
