"""Fifty members press Book at the same moment. The database decides, so exactly one gets
the slot (and a café never seats more than its capacity), on SQLite and on PostgreSQL.

Run with ``-s`` to see the latencies of the concurrent commands."""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core, Outcome
from storage.database import session_factory
from storage.models import BookingRow, CafeRow
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer, notes
from tests.unit.fakes import FakeClock

CLICKS = 50
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def chat(engine: AsyncEngine) -> Chat:
    programme = Programme(admins=frozenset({"cora"}), timezone="Europe/Copenhagen")
    return Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, FakeClock(NOW)))


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def _all_at_once(
    engine: AsyncEngine, label: str, calls: list[Callable[[], Awaitable[Outcome]]]
) -> list[Outcome]:
    async def timed(call: Callable[[], Awaitable[Outcome]]) -> tuple[Outcome, float]:
        started = time.perf_counter()
        outcome = await call()
        return outcome, (time.perf_counter() - started) * 1000

    results = await asyncio.gather(*(timed(call) for call in calls))
    latencies = [ms for _, ms in results]
    print(
        f"\n{label} on {engine.dialect.name}: {len(calls)} concurrent commands, "
        f"p50 {_percentile(latencies, 0.5):.0f} ms, p99 {_percentile(latencies, 0.99):.0f} ms, "
        f"max {max(latencies):.0f} ms"
    )
    return [outcome for outcome, _ in results]


async def _members(chat: Chat, count: int) -> list[str]:
    names = [f"member{i:02d}" for i in range(count)]
    for name in names:  # registered first, so only the booking itself is timed
        await chat.core.register(chat.actor(name))
    return names


async def test_fifty_concurrent_bookings_of_one_slot_give_one_booking_and_49_just_taken(
    chat: Chat, engine: AsyncEngine
) -> None:
    assert "is published" in answer(await chat.say("cora", "/chorus slot add 2026-12-01 14:00"))
    names = await _members(chat, CLICKS)

    outcomes = await _all_at_once(
        engine,
        "/book slot 1",
        [lambda name=name: chat.say(name, "/book slot 1") for name in names],  # type: ignore[misc]
    )

    kinds = Counter(
        "booked" if "You're booked" in text else "taken" if "just taken" in text else text
        for text in map(answer, outcomes)
    )
    assert kinds == {"booked": 1, "taken": CLICKS - 1}
    async with engine.connect() as connection:
        rows = (await connection.execute(select(BookingRow.status))).scalars().all()
    assert rows == ["active"]


async def test_fifty_concurrent_rsvps_fill_the_seats_and_queue_the_rest_in_order(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("cora", "/chorus cafe add 2026-12-03 15:00 90 5 Writing café")
    names = await _members(chat, CLICKS)

    outcomes = await _all_at_once(
        engine,
        "/book cafe 1",
        [lambda name=name: chat.say(name, "/book cafe 1") for name in names],  # type: ignore[misc]
    )

    texts = [answer(o) for o in outcomes]
    assert sum("You have a seat" in t for t in texts) == 5
    positions = sorted(
        int(t.split("You are number ")[1].split(" ")[0]) for t in texts if "waitlist" in t
    )
    assert positions == list(range(1, CLICKS - 5 + 1))
    async with engine.connect() as connection:
        taken = (await connection.execute(select(CafeRow.seats_taken))).scalar_one()
    assert taken == 5


async def test_concurrent_cancellations_each_promote_a_different_waiting_member(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("cora", "/chorus cafe add 2026-12-03 15:00 90 5 Writing café")
    names = await _members(chat, 15)
    for name in names:  # five seats, then ten on the waitlist in this order
        await chat.say(name, "/book cafe 1")

    outcomes = await _all_at_once(
        engine,
        "/book cancel cafe 1",
        [lambda name=name: chat.say(name, "/book cancel cafe 1") for name in names[:5]],  # type: ignore[misc]
    )

    promoted = sorted(note.recipient_id or "" for o in outcomes for note in notes(o))
    assert promoted == names[5:10]
    async with engine.connect() as connection:
        taken = (await connection.execute(select(CafeRow.seats_taken))).scalar_one()
        held = (
            await connection.execute(
                select(BookingRow.status).where(BookingRow.status != "cancelled")
            )
        ).scalars()
        assert Counter(held) == {"active": 5, "waiting": 5}
    assert taken == 5


async def test_a_slot_seen_taken_is_refused_after_two_statements(
    chat: Chat, engine: AsyncEngine
) -> None:
    """The many who lose the race for a slot are answered fast: their workspace with
    their membership, then the slot with its holder; nothing of their own."""
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00")
    await _members(chat, 2)
    assert "You're booked" in answer(await chat.say("member00", "/book slot 1"))
    statements: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        if not sql.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(sql)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert "just taken" in answer(await chat.say("member01", "/book slot 1"))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) <= 2, statements
