"""SQLite through aiosqlite, one trip to its thread per statement.

aiosqlite runs each call on the connection's own thread and hands the result back to the
event loop. SQLAlchemy's adapter makes four such calls for every statement: open a
cursor, execute, fetch the rows, close the cursor. Each costs a queue hand-over, a thread
wake-up and an event-loop wake-up (about 70 µs of CPU on a small machine, more than a
typical statement of Chorus's). The cursor here does all four in one call: the statement
runs, its rows are fetched and its cursor closed on aiosqlite's thread, and what SQLAlchemy
reads afterwards (the rows, the description, the row count, the last row id) comes back
with it. A rollback with no transaction open (the pool's, after every COMMIT) makes no
call at all. Everything else — the dialect, the pool, errors, transactions — is SQLAlchemy's
own ``sqlite+aiosqlite``; :func:`storage.database.create_engine` passes this module's
DBAPI to it as ``module``.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)


@dataclass(slots=True)
class _Trip:
    """What a statement left behind on its (already closed) sqlite3 cursor (SQLAlchemy may
    set ``arraysize``, as on a cursor)."""

    description: Any = None
    rowcount: int = -1
    lastrowid: int | None = None
    rows: Sequence[Any] = ()
    arraysize: int = 1


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Trip:
    """One statement, on aiosqlite's thread: execute, fetch everything, close."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else ()
        return _Trip(description, cursor.rowcount, cursor.lastrowid, rows)
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, with each statement one call on aiosqlite's thread.
    Opening and closing it cost nothing: there is no sqlite3 cursor between statements."""

    __slots__ = ()

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Trip()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _async_soft_close(self) -> None:
        return None  # the rows are here already, the sqlite3 cursor closed

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, many=True)

    async def _trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            # ``_execute`` queues a call for aiosqlite's thread (it is how aiosqlite runs
            # each of its own methods); it has no type annotations.
            connection: Any = self._connection
            trip: _Trip = await connection._execute(
                _run, connection._conn, operation, parameters, many
            )
        self._cursor = trip  # type: ignore[assignment]
        self._rows = collections.deque(trip.rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, handing out :class:`OneTripCursor`."""

    __slots__ = ()

    _cursor_cls = OneTripCursor

    def rollback(self) -> None:
        # The pool rolls back every connection it gets back, almost always after a COMMIT:
        # with no transaction open, sqlite3 would do nothing on its thread but answer.
        driver: Any = self._connection
        if driver._connection is not None and not driver._connection.in_transaction:
            return
        super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI, whose connections are :class:`OneTripConnection`."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    """The DBAPI module to give ``create_async_engine`` as ``module`` for SQLite."""
    return OneTripDBAPI(aiosqlite, sqlite3)
