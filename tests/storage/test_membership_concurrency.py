"""Twenty members press Join for the last seat, and an offered seat is accepted twenty times
at once: the database decides, so exactly one gets it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core
from storage.database import session_factory
from storage.models import EnrolmentRow, ProgrammeSeatsRow
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer, notes
from tests.unit.fakes import FakeClock

CLICKS = 20
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def chat(engine: AsyncEngine) -> Chat:
    programme = Programme(admins=frozenset({"cora"}), timezone="Europe/Copenhagen", capacity=2)
    return Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, FakeClock(NOW)))


async def _registered(chat: Chat, count: int) -> list[str]:
    names = [f"member{i:02d}" for i in range(count)]
    for name in names:
        await chat.core.register(chat.actor(name))
    return names


async def _statuses(engine: AsyncEngine) -> Counter[str]:
    async with engine.connect() as connection:
        return Counter((await connection.execute(select(EnrolmentRow.status))).scalars())


async def _taken(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(ProgrammeSeatsRow.taken))).scalar_one())


async def test_twenty_joins_for_the_last_seat_seat_one_and_queue_the_rest(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("first", "/chorus join")  # one of two seats taken
    names = await _registered(chat, CLICKS)

    outcomes = await asyncio.gather(*(chat.say(name, "/chorus join") for name in names))

    kinds = Counter(
        "seat"
        if "Welcome to the ambassador programme" in t
        else "list"
        if "waiting list" in t
        else t
        for t in map(answer, outcomes)
    )
    assert kinds == {"seat": 1, "list": CLICKS - 1}
    assert await _statuses(engine) == {"active": 2, "waiting": CLICKS - 1}
    assert await _taken(engine) == 2


async def test_twenty_accepts_of_one_offered_seat_give_it_once(
    chat: Chat, engine: AsyncEngine
) -> None:
    for name in ("ann", "bob", "carl", "dora"):
        await chat.say(name, "/chorus join")
    [offer] = notes(await chat.say("ann", "/chorus leave"))
    assert offer.recipient_id == "carl"

    outcomes = await asyncio.gather(
        *(chat.say("carl", "/chorus join accept") for _ in range(CLICKS))
    )

    texts = [answer(o) for o in outcomes]
    assert sum("Welcome to the ambassador programme" in t for t in texts) == 1
    assert sum("already in the programme" in t for t in texts) == CLICKS - 1
    assert await _statuses(engine) == {"active": 2, "left": 1, "waiting": 1}
    assert await _taken(engine) == 2
