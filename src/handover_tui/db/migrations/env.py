"""Alembic environment: runs on the connection handed over by ``handover_tui.db``."""

from alembic import context
from sqlmodel import SQLModel

import handover_tui.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("handover migrations run through handover_tui.db, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
