"""Twenty newcomers join at once and one mentor has one free place: the database decides,
so exactly one is paired with her and the others hear that every mentor is busy — on SQLite
and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core
from bot.mentors.ports import MentorFull
from bot.model import Platform, Role
from storage.database import session_factory
from storage.models import MentorPairingRow
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer, notes
from tests.unit.fakes import FakeClock

NEWCOMERS = 20
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def chat(engine: AsyncEngine) -> Chat:
    programme = Programme(admins=frozenset({"cora"}), timezone="Europe/Copenhagen")
    return Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, FakeClock(NOW)))


async def test_twenty_newcomers_take_a_mentors_last_place_once(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("mia", "/chorus join")
    reply = answer(await chat.say("cora", "/chorus mentor add @mia 1"))
    assert reply == "@Mia mentors up to 1 newcomer at a time."
    names = [f"newcomer{i:02d}" for i in range(NEWCOMERS)]
    for name in names:
        await chat.core.register(chat.actor(name))

    outcomes = await asyncio.gather(*(chat.say(name, "/chorus join") for name in names))

    told = Counter(
        "paired"
        if any("Meet your mentor" in str(n.blocks) for n in notes(outcome))
        else "busy"
        if any("Every mentor is busy" in str(n.blocks) for n in notes(outcome))
        else answer(outcome)
        for outcome in outcomes
    )
    assert told == {"paired": 1, "busy": NEWCOMERS - 1}
    async with engine.connect() as connection:
        open_pairings = await connection.scalar(
            select(func.count())
            .select_from(MentorPairingRow)
            .where(MentorPairingRow.ended_at.is_(None))
        )
    assert open_pairings == 1


async def test_the_store_refuses_a_pairing_beyond_capacity_under_concurrency(
    engine: AsyncEngine,
) -> None:
    # Joining is serialised by the seat counter, but re-pairing (a mentor who left, "another
    # mentor please", a swap) is not: the mentor's row lock is what keeps the capacity.
    store = SqlUnitOfWorkFactory(session_factory(engine))
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        mentor = await uow.members.add(workspace.id, "mia", "Mia", Role.AMBASSADOR)
        mentees = [
            await uow.members.add(workspace.id, f"n{i}", f"n{i}", Role.AMBASSADOR)
            for i in range(NEWCOMERS)
        ]
        await uow.mentors.set(workspace.id, mentor.id, 2)
        await uow.commit()

    async def pair(mentee_id: int) -> bool:
        async with store() as uow:
            try:
                await uow.mentors.pair(workspace.id, mentor.id, mentee_id, NOW)
            except MentorFull:
                await uow.rollback()
                return False
            await asyncio.sleep(0.01)  # the rest of a command's transaction
            await uow.commit()
            return True

    paired = await asyncio.gather(*(pair(m.id) for m in mentees))
    assert sum(paired) == 2
    async with store() as uow:
        assert len(await uow.mentors.open(workspace.id)) == 2
