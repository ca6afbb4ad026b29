"""Server connections are pinged before use only after sitting idle in the pool, and one
that died meanwhile is replaced before any statement uses it (PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import database
from storage.database import create_engine


@pytest.fixture
async def server(database_url: str) -> AsyncIterator[AsyncEngine]:
    if not database_url.startswith("postgresql"):
        pytest.skip("pings are for server connections; SQLite is a file in this process")
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


@pytest.fixture
def pings(server: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per ping the dialect makes."""
    made: list[int] = []
    dialect = server.sync_engine.dialect
    ping = dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        made.append(1)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return made


async def _backend(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_back_moments_ago_is_lent_without_a_ping(
    server: AsyncEngine, pings: list[int]
) -> None:
    first = await _backend(server)
    for _ in range(5):
        assert await _backend(server) == first
    assert pings == []


async def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(
    server: AsyncEngine, pings: list[int], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _backend(server)
    monkeypatch.setattr(database, "IDLE_BEFORE_PING", 0.0)  # every return counts as idle
    assert await _backend(server) == first  # alive: pinged, and lent
    assert len(pings) == 1
    killer = create_engine(database_url)
    try:
        async with killer.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    finally:
        await killer.dispose()
    # The server dropped the pooled connection: the ping finds out, the pool opens another,
    # and the statement never sees the dead one.
    replaced = await _backend(server)
    assert replaced != first
    assert len(pings) == 2
