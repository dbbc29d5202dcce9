"""Alembic environment: runs online against the engine handed over by storage.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine
from sqlmodel import SQLModel

import storage.conversation  # (registers the tables)
import storage.models  # noqa: F401  (registers the tables)

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("storage migrations run through storage.migrate(engine)")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
