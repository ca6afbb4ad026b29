"""A new idea's channel card is queued with one statement: its key is new, so there is no
older version to supersede and no gathered card to look for. Its later versions still
supersede it (on SQLite and on PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core
from storage.database import session_factory
from storage.models import OutboxRow
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, channel_posts
from tests.unit.fakes import FakeClock

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def chat(engine: AsyncEngine) -> Chat:
    programme = Programme(admins=frozenset({"cora"}), timezone="Europe/Copenhagen")
    return Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, FakeClock(NOW)))


async def _outbox_statements(engine: AsyncEngine, chat: Chat, user: str, line: str) -> list[str]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        if "outbox" in sql.lower():
            statements.append(" ".join(sql.split())[:60])

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        outcome = await chat.say(user, line)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert channel_posts(outcome), "the command queued no channel card"
    return statements


async def _statuses(engine: AsyncEngine) -> list[tuple[str | None, str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(OutboxRow.key, OutboxRow.status).order_by(OutboxRow.id)
        )
        return [(key, status) for key, status in rows]


async def test_a_new_ideas_card_is_queued_with_one_statement(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("cora", "/chorus channel")
    statements = await _outbox_statements(engine, chat, "ann", "/idea Why we test backups")
    assert len(statements) == 1, statements
    assert statements[0].upper().startswith("INSERT INTO OUTBOX")


async def test_a_vote_still_supersedes_the_new_cards_undelivered_version(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("cora", "/chorus channel")
    await chat.say("ann", "/idea Why we test backups")
    statements = await _outbox_statements(engine, chat, "bo", "/idea vote 1")
    assert any(s.upper().startswith("UPDATE OUTBOX") for s in statements), statements
    cards = [status for key, status in await _statuses(engine) if key == "idea:1"]
    assert cards == ["superseded", "pending"]
