"""SQLite statements make one call each on aiosqlite's thread (storage.sqlite_driver),
and read back exactly what SQLAlchemy's own aiosqlite cursor gave: rows, row counts, the
last row id, errors, and a connection still usable after one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, reader
from storage.sqlite_driver import OneTripDBAPI


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)")
        )
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls queued for aiosqlite's thread, by function name."""
    calls: list[str] = []
    queue: Any = aiosqlite.Connection._execute  # untyped in aiosqlite

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await queue(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return calls


async def test_every_sqlite_engine_uses_the_one_trip_driver(sqlite: AsyncEngine) -> None:
    assert isinstance(sqlite.dialect.dbapi, OneTripDBAPI)
    reads = reader(sqlite)
    assert reads is not None
    try:
        assert isinstance(reads.dialect.dbapi, OneTripDBAPI)
    finally:
        await reads.dispose()


async def test_a_statement_is_one_call_on_aiosqlites_thread(
    sqlite: AsyncEngine, trips: list[str]
) -> None:
    async with sqlite.connect() as connection:  # the pool's connection is open now
        await connection.execute(text("SELECT 1"))
    trips.clear()
    async with sqlite.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('a')"))
        await connection.execute(text("SELECT body FROM notes"))
        await connection.execute(text("UPDATE notes SET body = 'b'"))
    # BEGIN IMMEDIATE, three statements, COMMIT; the pool's rollback after it makes none.
    # (SQLAlchemy's own cursor: 15 calls.)
    assert trips == ["_run", "_run", "_run", "_run", "commit"]


async def test_rows_counts_and_ids_come_back_with_the_statement(sqlite: AsyncEngine) -> None:
    async with sqlite.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO notes (body) VALUES ('first')"))
        assert inserted.lastrowid == 1
        many = await connection.execute(
            text("INSERT INTO notes (body) VALUES (:body)"),
            [{"body": "second"}, {"body": "third"}],
        )
        assert many.rowcount == 2
        changed = await connection.execute(text("UPDATE notes SET body = body || '!' WHERE id > 1"))
        assert changed.rowcount == 2
        result = await connection.execute(text("SELECT id, body FROM notes ORDER BY id"))
        assert list(result.keys()) == ["id", "body"]
        assert [tuple(row) for row in result] == [(1, "first"), (2, "second!"), (3, "third!")]
        returned = await connection.execute(
            text("INSERT INTO notes (body) VALUES ('fourth') RETURNING id, body")
        )
        assert [tuple(row) for row in returned] == [(4, "fourth")]
        empty = await connection.execute(text("SELECT id FROM notes WHERE id < 0"))
        assert empty.first() is None


async def test_an_error_rolls_back_and_the_connection_goes_on(sqlite: AsyncEngine) -> None:
    async with sqlite.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
    async with sqlite.connect() as connection:
        transaction = await connection.begin()
        await connection.execute(text("INSERT INTO notes (body) VALUES ('lost')"))
        with pytest.raises(IntegrityError):
            await connection.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
        await transaction.rollback()
    async with sqlite.connect() as connection:
        bodies = (await connection.execute(text("SELECT body FROM notes"))).scalars().all()
    assert bodies == ["kept"]
