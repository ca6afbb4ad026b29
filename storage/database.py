"""Engines: SQLite (the embedded default) tuned for a chat bot, PostgreSQL via asyncpg."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 10_000
# A pooled server connection is pinged before it is lent again only after this many
# seconds back in the pool (see _ping_when_idle).
IDLE_BEFORE_PING = 5.0


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets WAL, a busy timeout, foreign keys and
    ``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        server = create_async_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            _ping_when_idle(server)
        return server
    if parsed.database not in (None, "", ":memory:"):
        # Every transaction takes the write lock as it begins (BEGIN IMMEDIATE below), so
        # they run one at a time whatever the pool. With one pooled connection they queue
        # in the event loop, first come first served, instead of each polling SQLite's lock
        # with sleeps that grow to 100 ms (seconds of tail latency in a burst), and no
        # connection (a thread each, in aiosqlite) is opened and closed per burst. Waiting
        # longer than the busy timeout fails the same way a locked database did.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_async_engine(url, **_one_trip(parsed, kwargs))

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if parsed.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes can fail with SQLITE_BUSY
        # under WAL; taking the write lock up front makes writers wait their turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a pooled connection before lending it only when it has sat in the pool for
    IDLE_BEFORE_PING seconds or more; one that is gone (the server restarted, a firewall
    dropped it) is replaced before anybody uses it. SQLAlchemy's ``pool_pre_ping`` pings
    at every checkout, and asyncpg's ping is three round trips (BEGIN, a query, ROLLBACK):
    a command checks out two connections, and their pings were about a sixth of its CPU.
    A connection returned moments ago has just answered. If the server goes away within
    those seconds, the next statement on it fails like any statement during an outage,
    and SQLAlchemy then drops the whole pool."""
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _lent(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")  # None: opened just now
        if returned is None or time.monotonic() - returned < IDLE_BEFORE_PING:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool drops this connection and lends a fresh one (PoolEvents.checkout).
            raise DisconnectionError("a pooled connection did not answer its ping") from error


def reader(engine: AsyncEngine) -> AsyncEngine | None:
    """For a SQLite file, a second engine with one connection of its own for short reads
    that must not queue behind the writer's transactions (the delivery worker's look for
    Retry-Afters before each send): under WAL it reads the last commit meanwhile, and in
    autocommit every read sees what was committed before it began. None for anything
    else (PostgreSQL's pool serves such reads at once)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    reads = create_async_engine(
        url,
        **_one_trip(
            url, {"pool_size": 1, "max_overflow": 0, "pool_timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        ),
    )

    @event.listens_for(reads.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no BEGIN: each read on its own
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    return reads


def _one_trip(url: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """aiosqlite with each statement one call on its thread (:mod:`storage.sqlite_driver`)
    rather than four, unless the caller brought a DBAPI of its own."""
    if url.get_driver_name() == "aiosqlite":
        kwargs.setdefault("module", sqlite_driver.dbapi())
    return kwargs


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that never lazy-load and keep objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
