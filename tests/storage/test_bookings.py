"""The booking rules hold in the database itself, on SQLite and PostgreSQL: indexes and
checks refuse what the rules forbid, whatever the Python above them does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bookings.ports import BookingStatus, NewCafe, NewSlot
from bot.config import Programme
from bot.core import Core
from bot.messages import Section, SpanKind
from bot.model import Platform, Role
from storage.database import session_factory
from storage.models import BookingRow, CafeRow
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer, notes
from tests.unit.fakes import FakeClock

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


async def _people(uow_factory: SqlUnitOfWorkFactory, *names: str) -> tuple[int, list[int]]:
    async with uow_factory() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="Europe/Copenhagen"
        )
        ids = [
            (await uow.members.add(workspace.id, name, name.title(), Role.AMBASSADOR)).id
            for name in names
        ]
        await uow.commit()
        return workspace.id, ids


async def test_a_slot_holds_one_active_booking_and_is_free_again_after_a_cancellation(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    workspace, (cora, ann, bente) = await _people(uow_factory, "cora", "ann", "bente")
    async with uow_factory() as uow:
        slot = await uow.slots.add(NewSlot(workspace, cora, START, START + timedelta(minutes=15)))
        first = await uow.bookings.add_for_slot(workspace, slot.id, ann, NOW)
        second = await uow.bookings.add_for_slot(workspace, slot.id, bente, NOW)
        assert first is not None and second is None
        assert (await uow.slots.get(slot.id)).booked_by_id == ann  # type: ignore[union-attr]

        assert await uow.bookings.set_status(
            first.id, BookingStatus.CANCELLED, NOW, expected=BookingStatus.ACTIVE
        )
        assert not await uow.bookings.set_status(
            first.id, BookingStatus.CANCELLED, NOW, expected=BookingStatus.ACTIVE
        )
        again = await uow.bookings.add_for_slot(workspace, slot.id, bente, NOW)
        assert again is not None
        await uow.commit()


async def test_a_member_holds_one_place_per_cafe_and_the_seat_counter_stops_at_capacity(
    uow_factory: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    workspace, (cora, ann, bente) = await _people(uow_factory, "cora", "ann", "bente")
    async with uow_factory() as uow:
        cafe = await uow.cafes.add(
            NewCafe(workspace, cora, "Writing café", START, START + timedelta(hours=1), 1)
        )
        assert await uow.cafes.take_seat(cafe.id)
        assert not await uow.cafes.take_seat(cafe.id)
        seat = await uow.bookings.add_for_cafe(workspace, cafe.id, ann, BookingStatus.ACTIVE, NOW)
        assert seat is not None
        twice = await uow.bookings.add_for_cafe(workspace, cafe.id, ann, BookingStatus.WAITING, NOW)
        assert twice is None
        waiting = await uow.bookings.add_for_cafe(
            workspace, cafe.id, bente, BookingStatus.WAITING, NOW
        )
        assert waiting is not None
        view = await uow.cafes.get(cafe.id)
        assert view is not None and (view.seats_taken, view.waiting) == (1, 1)
        await uow.commit()

    async with engine.begin() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(
                update(CafeRow).where(CafeRow.id == cafe.id).values(seats_taken=2)
            )


async def test_a_booking_is_for_exactly_one_slot_or_cafe(
    uow_factory: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    workspace, (ann,) = await _people(uow_factory, "ann")
    async with engine.begin() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(
                insert(BookingRow).values(
                    workspace_id=workspace,
                    member_id=ann,
                    status="active",
                    created_at=NOW,
                    updated_at=NOW,
                )
            )


async def test_numbers_count_per_workspace_and_kind(uow_factory: SqlUnitOfWorkFactory) -> None:
    workspace, (cora,) = await _people(uow_factory, "cora")
    async with uow_factory() as uow:
        other, _ = await uow.workspaces.get_or_add(
            Platform.TEAMS, "tenant", locale="en", timezone="UTC"
        )
        host = await uow.members.add(other.id, "x", "X", Role.COORDINATOR)
        numbers = [
            (
                await uow.slots.add(
                    NewSlot(
                        workspace,
                        cora,
                        START + timedelta(hours=h),
                        START + timedelta(hours=h, minutes=15),
                    )
                )
            ).number
            for h in range(3)
        ]
        elsewhere = await uow.slots.add(
            NewSlot(other.id, host.id, START, START + timedelta(minutes=15))
        )
        series = await uow.slots.add_series(workspace, cora, NOW)
        cafe = await uow.cafes.add(
            NewCafe(workspace, cora, "Café", START, START + timedelta(hours=1), 3)
        )
        await uow.commit()
    assert numbers == [1, 2, 3]
    assert (elsewhere.number, series.number, cafe.number) == (1, 1, 1)


@pytest.fixture
def core(engine: AsyncEngine) -> Core:
    programme = Programme(
        admins=frozenset({"cora"}), channel_id="C1", timezone="Europe/Copenhagen", page_size=5
    )
    return Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, FakeClock(NOW))


async def test_the_whole_booking_flow_runs_on_the_database(core: Core, engine: AsyncEngine) -> None:
    chat = Chat(core)
    assert "is published" in answer(
        await chat.say("cora", "/chorus slot series tue 14:00-15:00 30 2")
    )
    assert "is published" in answer(
        await chat.say("cora", "/chorus cafe add 2026-12-03 15:00 90 1 Writing café | Room 4.12")
    )
    assert "You're booked" in answer(await chat.say("ann", "/book slot 2"))
    assert "just taken" in answer(await chat.say("bente", "/book slot 2"))
    assert "Your draft is attached" in answer(await chat.say("ann", "/book attach slot 2 Draft"))
    assert "You have a seat" in answer(await chat.say("bente", "/book cafe 1"))
    assert "number 1 on the waitlist" in answer(await chat.say("carl", "/book cafe 1"))

    freed = await chat.say("bente", "/book cancel cafe 1")
    [promoted] = notes(freed)
    assert promoted.recipient_id == "carl"

    listing = answer(await chat.say("dina", "/book"))
    assert "Feedback slot #1" in listing and "Feedback slot #2" not in listing
    bookings = answer(await chat.say("cora", "/chorus bookings"))
    assert "@Ann with @Cora" in bookings and "Draft" in bookings and "@Carl" in bookings

    cancelled = await chat.say("cora", "/chorus slot cancel series 1 Moving to Thursdays")
    assert [n.recipient_id for n in notes(cancelled)] == ["ann"]
    async with engine.connect() as connection:
        statuses = (
            await connection.execute(
                select(BookingRow.status, func.count()).group_by(BookingRow.status)
            )
        ).all()
    assert dict(statuses) == {"active": 1, "cancelled": 2}


async def test_calendar_links_work_on_the_database_and_reset_revokes_them(core: Core) -> None:
    chat = Chat(core)
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00 30 https://meet.example.com/c")
    booked = await chat.say("ann", "/book slot 1")
    feed = await chat.say("ann", "/chorus calendar")
    urls = [
        span.url
        for outcome in (booked, feed)
        for block in (outcome.reply.answer.blocks if outcome.reply.answer else ())
        if isinstance(block, Section)
        for span in block.text.spans
        if span.kind is SpanKind.LINK and span.url
    ]
    tokens = [url.rsplit("/", 1)[1].removesuffix(".ics") for url in urls]
    assert len(tokens) == 2

    for token in tokens:
        document = await core.calendar(token)
        assert document is not None
        [event] = icalendar.Calendar.from_ical(document).events
        assert event.start == START
        assert str(event["URL"]) == "https://meet.example.com/c"

    await chat.say("ann", "/chorus calendar reset")
    assert [await core.calendar(token) for token in tokens] == [None, None]
