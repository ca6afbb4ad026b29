"""A unit-of-work factory per store: the in-memory fakes, and SQL on this run's database
(SQLite, or PostgreSQL when ``CHORUS_TEST_DATABASE_URL`` is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.ports import UnitOfWorkFactory
from storage.database import create_engine, session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.unit.fakes import FakeUnitOfWorkFactory


@pytest.fixture(params=["fake", "sql"])
async def store(
    request: pytest.FixtureRequest, database_url: str
) -> AsyncIterator[UnitOfWorkFactory]:
    """The store under test."""
    if request.param == "fake":
        yield FakeUnitOfWorkFactory()
        return
    engine = create_engine(database_url)
    try:
        yield SqlUnitOfWorkFactory(session_factory(engine))
    finally:
        await engine.dispose()
