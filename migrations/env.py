"""Alembic environment (async): run by ``chorus migrate`` and at ``chorus serve`` start."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Emit SQL for the configured URL without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()


def run_migrations_online() -> None:
    """Migrate over a live connection (an engine handed in by ``storage.migrate``, or one
    made from the configured URL)."""
    engine = config.attributes.get("engine")
    if engine is not None:
        connection = config.attributes["connection"]
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    own = create_engine(url)
    try:
        asyncio.run(_run_async(own))
    finally:
        asyncio.run(own.dispose())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
