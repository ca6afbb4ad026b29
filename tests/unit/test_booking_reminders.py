"""``due_reminders``: what the scheduler hands to the outbox before slots and cafés, and the
``.ics`` files read back with ``icalendar`` across a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from bot.bookings.reminders import Reminder, due_reminders
from bot.core import Core
from bot.messages import Audience, Section, SpanKind
from bot.model import Platform
from bot.time.ics import CalendarEvent, calendar_file
from tests.helpers import Chat, answer, button_commands
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

OFFSETS = (1440, 15)


async def reminders(
    uow_factory: FakeUnitOfWorkFactory, now: datetime, offsets: tuple[int, ...] = OFFSETS
) -> list[Reminder]:
    async with uow_factory() as uow:
        return await due_reminders(uow, now, offsets)


async def book(chat: Chat, *lines: tuple[str, str]) -> None:
    for user, line in lines:
        outcome = await chat.say(user, line)
        assert "is published" in answer(outcome) or "You" in answer(outcome), answer(outcome)


# The clock stands at Tue 2026-11-24 09:00 UTC; slot 1 is Thu 26 Nov 14:00 Copenhagen
# (13:00 UTC), café 1 is Fri 27 Nov 15:00 (14:00 UTC).
SETUP = (
    ("cora", "/chorus slot add 2026-11-26 14:00 Room 4.12"),
    ("cora", "/chorus cafe add 2026-11-27 15:00 60 4 Writing café"),
    ("ann", "/book slot 1"),
    ("bente", "/book cafe 1"),
)
SLOT_START = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
CAFE_START = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


async def test_nothing_is_due_before_the_first_offset(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, *SETUP)
    assert await reminders(uow_factory, SLOT_START - timedelta(hours=25)) == []


async def test_a_reminder_24_hours_before_carries_a_stable_key_and_goes_to_the_booker(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, *SETUP)

    [reminder] = await reminders(uow_factory, SLOT_START - timedelta(hours=23, minutes=59))
    again = await reminders(uow_factory, SLOT_START - timedelta(hours=23))

    assert reminder.key.startswith("booking:") and reminder.key.endswith(":reminder:1440")
    assert [r.key for r in again] == [reminder.key]
    assert reminder.minutes_before == 1440 and reminder.platform is Platform.SLACK
    message = reminder.message
    assert (message.audience, message.recipient_id) == (Audience.MEMBER, "ann")
    assert "Your feedback slot #1 with @Cora starts in 1 day" in message.text
    assert "Where: Room 4.12" in message.text
    assert button_commands(message) == ["book attach slot 1", "book cancel slot 1"]


async def test_15_minutes_before_the_nearest_offset_wins_and_cafes_are_reminded_too(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, *SETUP)

    [slot] = await reminders(uow_factory, SLOT_START - timedelta(minutes=10))
    [cafe] = await reminders(uow_factory, CAFE_START - timedelta(minutes=15))

    assert slot.key.endswith(":reminder:15")
    assert "starts in 10 minutes" in slot.message.text
    assert cafe.message.recipient_id == "bente"
    assert "Writing café #1 (Writing café) starts in 15 minutes" in cafe.message.text


async def test_no_reminder_once_it_started_or_after_cancelling(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, *SETUP)
    assert await reminders(uow_factory, SLOT_START) == []

    await chat.say("ann", "/book cancel slot 1")
    assert await reminders(uow_factory, SLOT_START - timedelta(minutes=10)) == []


async def test_an_offset_that_had_passed_when_booking_is_skipped(
    chat: Chat, clock: FakeClock, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, ("cora", "/chorus slot add 2026-11-24 18:00"))  # 17:00 UTC, 8 h away
    await book(chat, ("ann", "/book slot 1"))

    due = await reminders(uow_factory, datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    assert due == []  # the 24-hour reminder came too late to matter
    [late] = await reminders(uow_factory, datetime(2026, 11, 24, 16, 50, tzinfo=UTC))
    assert late.key.endswith(":reminder:15")


async def test_a_reminder_speaks_the_members_language(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, *SETUP)
    await chat.say("ann", "/chorus language nl")

    [reminder] = await reminders(uow_factory, SLOT_START - timedelta(minutes=15))

    assert "over 15 minuten" in reminder.message.text
    assert "do 26 nov" in reminder.message.text


async def test_offsets_are_the_callers_choice(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await book(chat, *SETUP)
    [reminder] = await reminders(uow_factory, SLOT_START - timedelta(minutes=50), (60,))
    assert reminder.key.endswith(":reminder:60")
    assert await reminders(uow_factory, SLOT_START - timedelta(minutes=50), ()) == []


async def test_a_series_in_the_calendar_feed_keeps_its_local_time_across_the_dst_change(
    chat: Chat, core: Core
) -> None:
    await book(chat, ("cora", "/chorus slot series tue 14:00-14:15 15 20"))
    # Slots 18 and 19 are 23 and 30 March 2027; Europe moves its clocks on 28 March.
    await book(chat, ("ann", "/book slot 18"), ("ann", "/book slot 19"))
    feed = await chat.say("ann", "/chorus calendar")
    assert feed.reply.answer is not None
    [url] = [
        span.url
        for block in feed.reply.answer.blocks
        if isinstance(block, Section)
        for span in block.text.spans
        if span.kind is SpanKind.LINK and span.url
    ]

    document = await core.calendar(url.rsplit("/", 1)[1].removesuffix(".ics"))

    assert document is not None
    calendar = icalendar.Calendar.from_ical(document)
    starts = [event.start for event in calendar.events if isinstance(event.start, datetime)]
    assert len(starts) == 2
    copenhagen = ZoneInfo("Europe/Copenhagen")
    assert [s.astimezone(copenhagen).strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2027-03-23 14:00",
        "2027-03-30 14:00",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [13, 12]
    assert b"DTSTART;TZID=Europe/Copenhagen:20270330T140000" in document
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Copenhagen"]


def test_an_ics_file_round_trips_through_icalendar() -> None:
    event = CalendarEvent(
        uid="chorus-slot-1@chorus.example",
        summary="Feedback with Cora",
        starts_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # the night clocks go back
        ends_at=datetime(2026, 10, 25, 2, 0, tzinfo=UTC),
        location="https://meet.example.com/cora",
        url="https://meet.example.com/cora",
    )
    zone = ZoneInfo("Europe/Amsterdam")

    data = calendar_file([event], name="Chorus", zone=zone, stamp=datetime(2026, 1, 1, tzinfo=UTC))

    [parsed] = icalendar.Calendar.from_ical(data).events
    assert parsed.start == event.starts_at and parsed.end == event.ends_at
    assert str(parsed["UID"]) == event.uid
    assert str(parsed["URL"]) == event.url
    assert str(parsed["STATUS"]) == "CONFIRMED"


def test_an_event_in_the_repeated_hour_of_a_dst_change_keeps_its_moment() -> None:
    # On 25 October 2026 Amsterdam's clocks read 02:30 twice; a TZID time would mean the
    # first one, so the second is written in UTC.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    events = [
        CalendarEvent(f"e{i}@chorus.example", "Café", start, start + timedelta(minutes=15))
        for i, start in enumerate((first, second))
    ]

    data = calendar_file(events, name="Chorus", zone=ZoneInfo("Europe/Amsterdam"), stamp=first)

    parsed = icalendar.Calendar.from_ical(data).events
    assert [e.start.astimezone(UTC) for e in parsed if isinstance(e.start, datetime)] == [
        first,
        second,
    ]
