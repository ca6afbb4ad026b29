"""Shared fixtures: no network beyond loopback, and a fresh migrated database per test.

The database is SQLite in a temporary folder unless ``CHORUS_TEST_DATABASE_URL`` names a
PostgreSQL server (any database on it we may ``CREATE DATABASE`` from), in which case each
test gets its own database cloned from a migrated template.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.logs import QUIET_LOGGERS
from adapters.runtime import Runtime, build
from adapters.settings import ANONYMOUS_LOOPBACK, Settings, TeamsSettings
from bot.config import Programme
from storage.database import create_engine
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get("CHORUS_TEST_DATABASE_URL", "")


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails the test loudly."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
def keep_logging() -> Iterator[None]:
    """Log levels as they were, after a test that runs ``chorus`` in this process."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in QUIET_LOGGERS)]
    levels = [logger.level for logger in loggers]
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


async def _admin(statement: str) -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _postgres_template() -> Iterator[str]:
    """A migrated template database, cloned for each test (PostgreSQL runs only)."""
    name = f"chorus_tpl_{uuid.uuid4().hex[:10]}"

    async def create() -> None:
        await _admin(f'CREATE DATABASE "{name}"')
        engine = create_engine(_with_database(POSTGRES_URL, name))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(create())
    yield name
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL of an empty-but-migrated database for this test alone."""
    if not POSTGRES_URL:
        url = f"sqlite+aiosqlite:///{tmp_path / 'chorus.db'}"

        async def migrate() -> None:
            engine = create_engine(url)
            try:
                await upgrade(engine)
            finally:
                await engine.dispose()

        asyncio.run(migrate())
        yield url
        return
    template = request.getfixturevalue("_postgres_template")
    name = f"chorus_t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _with_database(POSTGRES_URL, name)
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on this test's database."""
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def runtime(database_url: str) -> AsyncIterator[Runtime]:
    """Chorus wired on this test's database with test-friendly settings."""
    settings = Settings(
        database_url=database_url,
        programme=Programme(
            themes=("engineering", "culture", "sustainability"),
            admins=frozenset({"UCOORD"}),
            timezone="Europe/Copenhagen",
        ),
        # The Teams rig is a local tool on loopback: anonymous mode, explicitly.
        teams=TeamsSettings(allow_anonymous=ANONYMOUS_LOOPBACK),
    )
    built = await build(settings, migrate=False)
    yield built
    await built.close()
