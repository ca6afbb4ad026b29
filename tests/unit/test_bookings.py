"""Drop-in slots and writing cafés on the core, with in-memory fakes.

The fake clock stands at Tuesday 2026-11-24 09:00 UTC (10:00 in Copenhagen, the programme's
time zone); ``cora`` is a coordinator through CHORUS_ADMINS.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from bot.bookings.ports import BookingStatus, OfferStatus
from bot.config import Programme
from bot.core import Core
from bot.messages import Form, Message, Section, SpanKind
from tests.helpers import Chat, answer, button_commands, channel_posts, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


def links(message: Message) -> list[str]:
    return [
        span.url
        for block in message.blocks
        if isinstance(block, Section)
        for span in block.text.spans
        if span.kind is SpanKind.LINK and span.url
    ]


def token_of(url: str) -> str:
    assert url.startswith("http://127.0.0.1:3000/calendar/") and url.endswith(".ics"), url
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def slot_bookings(uow_factory: FakeUnitOfWorkFactory) -> list[tuple[int, int, BookingStatus]]:
    state = uow_factory.state.booking
    return sorted(
        (state.slots[b.slot_id].number, b.member_id, b.status)
        for b in state.bookings.values()
        if b.slot_id is not None
    )


def member_id(uow_factory: FakeUnitOfWorkFactory, name: str) -> int:
    return next(m.id for m in uow_factory.state.members.values() if m.external_id == name)


async def publish(chat: Chat, line: str) -> None:
    outcome = await chat.say("cora", line)
    text = answer(outcome)
    assert "is published" in text, text


# --------------------------------------------------------------------------- publishing


async def test_a_coordinator_publishes_a_slot_in_the_programme_time_zone_for_15_minutes(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("cora", "/chorus slot add 2026-12-01 14:00")

    assert "Slot #1 is published: Tue, Dec 1, 2:00\u202fPM–2:15\u202fPM (Europe/Copenhagen)" in (
        answer(outcome)
    )
    [slot] = uow_factory.state.booking.slots.values()
    assert slot.starts_at == datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
    assert slot.ends_at - slot.starts_at == timedelta(minutes=15)


async def test_a_slot_takes_minutes_and_a_meeting_link(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say(
        "cora", "/chorus slot add tomorrow 2pm 30 https://meet.example.com/cora"
    )

    assert "Slot #1 is published: Wed, Nov 25, 2:00\u202fPM–2:30\u202fPM" in answer(outcome)
    [slot] = uow_factory.state.booking.slots.values()
    assert slot.place == "https://meet.example.com/cora"
    where = outcome.reply.messages[0].blocks[1]
    assert [s.kind for s in where.text.spans if s.url] == [SpanKind.LINK]  # type: ignore[union-attr]


async def test_an_ambassador_cannot_publish_slots_or_cafes(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for line in (
        "/chorus slot add 2026-12-01 14:00",
        "/chorus slot series tue 14:00-15:00",
        "/chorus cafe add 2026-12-03 15:00 90 8 Writing café",
        "/chorus bookings",
    ):
        assert "Only coordinators can do that." in answer(await chat.say("ann", line))
    assert uow_factory.state.booking.slots == {}
    assert uow_factory.state.booking.cafes == {}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/chorus slot add 2026-11-24 09:30", "is in the past"),
        ("/chorus slot add 2026-12-01 15:00-14:00", "The end (2:00\u202fPM) must be after"),
        ("/chorus slot add 2026-12-01 14:00 500", "choose between 5 and 240"),
        ("/chorus slot add next week", "Write it like 2026-12-01 14:00, tomorrow 14:00"),
        ("/chorus slot add 2pm tue", "Write it like 2026-12-01 14:00"),
        ("/chorus slot add 2026-02-30 14:00", "There is no date 2026-02-30 14:00"),
        ("/chorus slot add", "/chorus slot add 2026-12-01 14:00 15 Room 4.12"),
    ],
)
async def test_bad_slot_times_are_refused_with_an_example_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, line: str, expected: str
) -> None:
    outcome = await chat.say("cora", line)

    assert expected in answer(outcome)
    assert uow_factory.state.booking.slots == {}


async def test_times_in_the_members_own_language_are_understood(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus language da")
    asked = await chat.say("cora", "/chorus slot add 1/12 14:00")  # 1 December: day first
    assert "tirsdag den 1. december 2026" in answer(asked)
    assert uow_factory.state.booking.slots == {}
    message = asked.reply.answer
    assert message is not None
    assert "er lagt ud" in answer(await chat.say("cora", button_commands(message)[0]))
    for line in (
        "/chorus slot add i morgen kl. 15",
        "/chorus slot add tir 16:00",  # today is Tuesday, and 16:00 is still to come
    ):
        assert "er lagt ud" in answer(await chat.say("cora", line))

    starts = sorted(s.starts_at for s in uow_factory.state.booking.slots.values())
    assert starts == [
        datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        datetime(2026, 11, 25, 14, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 13, 0, tzinfo=UTC),
    ]


async def test_a_time_that_cannot_be_read_gets_an_example_in_the_members_language(
    chat: Chat,
) -> None:
    await chat.say("cora", "/chorus language nl")
    outcome = await chat.say("cora", "/chorus slot add volgende week")

    assert "morgen 14:00" in answer(outcome)
    assert "Write it like" not in answer(outcome)


async def test_overlapping_slots_of_the_same_coordinator_are_refused(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00 30")

    outcome = await chat.say("cora", "/chorus slot add 2026-12-01 14:15")
    assert "That overlaps your slot #1" in answer(outcome)

    await publish(chat, "/chorus slot add 2026-12-01 14:30")  # back to back is fine
    await chat.say("dina", "/book")  # dina joins, then becomes a coordinator too
    assert "is now a coordinator" in answer(await chat.say("cora", "/chorus promote @dina"))
    outcome = await chat.say("dina", "/chorus slot add 2026-12-01 14:00")
    assert "is published" in answer(outcome)  # another coordinator's hour is theirs
    assert len(uow_factory.state.booking.slots) == 3


async def test_a_series_publishes_weekly_slots_at_the_same_local_time_across_a_dst_change(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("cora", "/chorus slot series tue 14:00-15:00 15 20 Room 4.12")

    text = answer(outcome)
    assert "Series 1 is published: 80 slots of 15 minutes every Tuesday, 14:00–15:00" in text
    assert "from Tue, Nov 24 to Tue, Apr 6, 2027" in text
    slots = sorted(uow_factory.state.booking.slots.values(), key=lambda s: s.starts_at)
    assert slots[0].starts_at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # CET, +01:00
    assert slots[-1].starts_at == datetime(2027, 4, 6, 12, 45, tzinfo=UTC)  # CEST, +02:00
    assert {s.place for s in slots} == {"Room 4.12"}


async def test_a_series_that_overlaps_an_existing_slot_stores_nothing(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-08 14:20")

    outcome = await chat.say("cora", "/chorus slot series tue 14:00-15:00 15 4")

    assert "That overlaps your slot #1" in answer(outcome)
    assert len(uow_factory.state.booking.slots) == 1
    assert uow_factory.state.booking.series == {}


async def test_a_series_hour_too_short_for_one_slot_is_refused(chat: Chat) -> None:
    outcome = await chat.say("cora", "/chorus slot series wed 14:00-14:10 15 4")
    assert "A 15-minute slot doesn't fit between 14:00 and 14:10." in answer(outcome)


# --------------------------------------------------------------------------- booking slots


async def test_book_lists_free_slots_and_cafes_soonest_first_with_book_buttons(
    chat: Chat,
) -> None:
    await publish(chat, "/chorus slot add 2026-12-02 10:00")
    await publish(chat, "/chorus cafe add 2026-12-01 15:00 90 8 Writing café | Room 4.12")
    await publish(chat, "/chorus slot add 2026-11-30 09:00")

    outcome = await chat.say("ann", "/book")

    message = outcome.reply.answer
    assert message is not None
    assert button_commands(message) == ["book slot 2", "book cafe 1", "book slot 1"]
    text = message.text
    assert text.index("Mon, Nov 30") < text.index("Tue, Dec 1") < text.index("Wed, Dec 2")
    assert "Seats free: 8 of 8" in text


async def test_book_shows_times_in_the_members_time_zone_and_language(chat: Chat) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await chat.say("ann", "/chorus language nl")
    await chat.say("ann", "/chorus timezone Europe/London")

    text = answer(await chat.say("ann", "/book"))

    assert "di 1 dec\nFeedbackslot #1 · 13:00–13:15 · met @Cora" in text
    assert "Tijden zijn in Europe/London." in text


async def test_book_pages_through_many_slots(chat: Chat) -> None:
    await publish(chat, "/chorus slot series wed 14:00-15:00 15 1")

    first = await chat.say("ann", "/book")
    assert first.reply.answer is not None
    assert button_commands(first.reply.answer)[-1] == "book list 2"
    second = await chat.say("ann", "/book list 2")
    assert second.reply.answer is not None
    assert button_commands(second.reply.answer) == ["book slot 4"]


async def test_a_second_booking_of_a_slot_is_refused_as_just_taken(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")

    booked = await chat.say("ann", "/book slot 1")
    taken = await chat.say("bente", "/book slot 1")

    assert "You're booked: feedback slot #1 with @Cora" in answer(booked)
    assert "slot #1 was just taken" in answer(taken)
    assert taken.reply.answer is not None
    assert button_commands(taken.reply.answer) == ["book"]
    assert slot_bookings(uow_factory) == [(1, member_id(uow_factory, "ann"), BookingStatus.ACTIVE)]


async def test_booking_the_same_slot_twice_counts_once(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await chat.say("ann", "/book slot 1")

    again = await chat.say("ann", "/book slot 1")

    assert "You have already booked slot #1" in answer(again)
    assert len(slot_bookings(uow_factory)) == 1


async def test_a_booked_slot_disappears_from_the_free_list(chat: Chat) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await publish(chat, "/chorus slot add 2026-12-01 15:00")
    await chat.say("ann", "/book slot 1")

    outcome = await chat.say("bente", "/book")

    assert outcome.reply.answer is not None
    assert button_commands(outcome.reply.answer) == ["book slot 2"]


@pytest.mark.parametrize(
    ("setup", "line", "expected"),
    [
        ((), "/book slot 7", "There is no slot #7."),
        (("/chorus slot cancel 1",), "/book slot 1", "Slot #1 was cancelled."),
        ((), "/book slot", "for example: /book slot 3"),
        ((), "/book 12", "Use /book to see the free slots and cafés"),
        ((), "/book cancel 12", "Say slot or cafe and its number"),
    ],
)
async def test_bad_bookings_get_a_clear_private_answer(
    chat: Chat,
    uow_factory: FakeUnitOfWorkFactory,
    setup: tuple[str, ...],
    line: str,
    expected: str,
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    for earlier in setup:
        await chat.say("cora", earlier)

    outcome = await chat.say("ann", line)

    assert expected in answer(outcome)
    assert channel_posts(outcome) == () and notes(outcome) == ()
    assert slot_bookings(uow_factory) == []


async def test_a_slot_that_has_started_cannot_be_booked(
    chat: Chat, clock: FakeClock, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-11-24 11:00")
    clock.advance(hours=1, minutes=5)  # 11:05 in Copenhagen

    outcome = await chat.say("ann", "/book slot 1")

    assert "Slot #1 has already started" in answer(outcome)
    assert slot_bookings(uow_factory) == []


async def test_a_coordinator_cannot_book_their_own_slot(chat: Chat) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    outcome = await chat.say("cora", "/book slot 1")
    assert "your own slot" in answer(outcome)


async def test_cancelling_my_booking_frees_the_slot_and_tells_the_coordinator(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await chat.say("ann", "/book slot 1")

    refused = await chat.say("bente", "/book cancel slot 1")
    assert "You have no booking for slot #1." in answer(refused)

    cancelled = await chat.say("ann", "/book cancel slot 1")
    assert "Your booking of slot #1" in answer(cancelled)
    [note] = notes(cancelled)
    assert note.recipient_id == "cora"
    assert "@Ann cancelled their booking of your slot #1" in note.text

    rebooked = await chat.say("bente", "/book slot 1")
    assert "You're booked" in answer(rebooked)
    assert set(slot_bookings(uow_factory)) == {
        (1, member_id(uow_factory, "ann"), BookingStatus.CANCELLED),
        (1, member_id(uow_factory, "bente"), BookingStatus.ACTIVE),
    }


async def test_an_attached_draft_is_shown_to_coordinators_per_day(chat: Chat) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await publish(chat, "/chorus slot add 2026-12-02 09:00")
    await chat.say("ann", "/book slot 1")
    await chat.say("bente", "/book slot 2")

    form = await chat.say("ann", "/book attach slot 1")
    assert form.reply.answer is not None
    [block] = form.reply.answer.blocks
    assert isinstance(block, Form) and block.command == "book attach slot 1"
    attached = await chat.form(
        "ann", "book attach slot 1", {"draft": "Why we test our backups\nevery Friday"}
    )
    assert "Your draft is attached to slot #1" in answer(attached)

    text = answer(await chat.say("cora", "/chorus bookings"))
    assert text.index("Tue, Dec 1") < text.index("@Ann with @Cora") < text.index("Wed, Dec 2")
    assert "Why we test our backups\nevery Friday" in text
    assert "No draft attached yet." in text  # bente's

    one_day = answer(await chat.say("cora", "/chorus bookings 2026-12-02"))
    assert "@Bente with @Cora" in one_day and "@Ann" not in one_day


async def test_a_draft_needs_a_booking_of_my_own(chat: Chat) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await chat.say("ann", "/book slot 1")

    outcome = await chat.say("bente", "/book attach slot 1 my text")

    assert "You have no booking for slot #1." in answer(outcome)


async def test_a_coordinator_cancels_a_slot_and_the_booker_gets_the_apology(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await chat.say("ann", "/chorus language da")
    await chat.say("ann", "/book slot 1")

    outcome = await chat.say("cora", "/chorus slot cancel 1 Sorry, I'm ill today")

    assert "Slot #1 is cancelled. @Ann had booked it and has been told." in answer(outcome)
    [note] = notes(outcome)
    assert note.recipient_id == "ann"
    assert "Sorry, I'm ill today" in note.text
    assert "aflyst" in note.text  # in ann's language
    assert button_commands(note) == ["book"]
    assert [s for *_, s in slot_bookings(uow_factory)] == [BookingStatus.CANCELLED]
    assert [s.status for s in uow_factory.state.booking.slots.values()] == [OfferStatus.CANCELLED]
    again = await chat.say("cora", "/chorus slot cancel 1")
    assert "already cancelled" in answer(again)


async def test_cancelling_a_series_cancels_the_slots_to_come_and_tells_each_booker_once(
    chat: Chat, clock: FakeClock, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot series wed 14:00-15:00 30 3")  # slots 1-6
    await chat.say("ann", "/book slot 1")
    await chat.say("ann", "/book slot 4")
    await chat.say("bente", "/book slot 6")
    clock.advance(days=1, hours=6)  # Wednesday 16:00: the first day is over

    outcome = await chat.say("cora", "/chorus slot cancel series 1 The hours move to Thursdays")

    assert "Series 1 is cancelled: 4 slots. 2 bookings were cancelled" in answer(outcome)
    assert sorted(n.recipient_id or "" for n in notes(outcome)) == ["ann", "bente"]
    states = {s.number: s.status for s in uow_factory.state.booking.slots.values()}
    assert states[1] is OfferStatus.OPEN and states[2] is OfferStatus.OPEN  # in the past
    assert {states[n] for n in (3, 4, 5, 6)} == {OfferStatus.CANCELLED}


# --------------------------------------------------------------------------- cafés


async def test_cafe_seats_go_up_to_capacity_then_a_waitlist_and_a_cancellation_promotes(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say(
        "cora", "/chorus cafe add 2026-12-03 15:00 90 2 Writing café | Room 4.12 | Hooks"
    )
    assert "Writing café #1 is published" in answer(outcome)
    [post] = channel_posts(outcome)
    assert post.key == "cafe:1" and button_commands(post) == ["book cafe 1"]

    assert "You have a seat" in answer(await chat.say("ann", "/book cafe 1"))
    assert "You have a seat" in answer(await chat.say("bente", "/book cafe 1"))
    carl = await chat.say("carl", "/book cafe 1")
    assert "is full. You are number 1 on the waitlist" in answer(carl)
    dina = await chat.say("dina", "/book cafe 1")
    assert "number 2 on the waitlist" in answer(dina)
    again = await chat.say("carl", "/book cafe 1")
    assert "You are already number 1 on the waitlist" in answer(again)

    freed = await chat.say("ann", "/book cancel cafe 1")

    assert "You gave back your seat" in answer(freed)
    [promoted] = notes(freed)
    assert promoted.recipient_id == "carl"
    assert "a seat at writing café #1 (Writing café) came free, and it is yours" in promoted.text
    assert links(promoted)
    [cafe] = uow_factory.state.booking.cafes.values()
    assert cafe.seats_taken == 2
    held = {member_id(uow_factory, b): BookingStatus.ACTIVE for b in ("bente", "carl")} | {
        member_id(uow_factory, "dina"): BookingStatus.WAITING
    }
    assert {
        b.member_id: b.status
        for b in uow_factory.state.booking.bookings.values()
        if b.status is not BookingStatus.CANCELLED
    } == held


async def test_leaving_the_waitlist_keeps_the_seats_and_frees_nothing(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus cafe add 2026-12-03 15:00 1 Writing café")
    await chat.say("ann", "/book cafe 1")
    await chat.say("bente", "/book cafe 1")

    outcome = await chat.say("bente", "/book cancel cafe 1")

    assert "You left the waitlist" in answer(outcome)
    assert notes(outcome) == ()
    [cafe] = uow_factory.state.booking.cafes.values()
    assert cafe.seats_taken == 1


async def test_a_seat_given_back_with_nobody_waiting_is_free_again(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus cafe add 2026-12-03 15:00 2 Writing café")
    await chat.say("ann", "/book cafe 1")
    await chat.say("ann", "/book cancel cafe 1")

    [cafe] = uow_factory.state.booking.cafes.values()
    assert cafe.seats_taken == 0


async def test_a_cancelled_cafe_tells_everyone_with_a_seat_or_a_waitlist_place(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus cafe add 2026-12-03 15:00 1 Writing café")
    await chat.say("ann", "/book cafe 1")
    await chat.say("bente", "/book cafe 1")

    outcome = await chat.say("cora", "/chorus cafe cancel 1 The room flooded")

    assert "2 members with a seat or on the waitlist have been told" in answer(outcome)
    assert sorted(n.recipient_id or "" for n in notes(outcome)) == ["ann", "bente"]
    assert all("The room flooded" in n.text for n in notes(outcome))
    [post] = channel_posts(outcome)
    assert "Cancelled" in post.text and button_commands(post) == []
    refused = await chat.say("carl", "/book cafe 1")
    assert "Writing café #1 was cancelled." in answer(refused)


async def test_the_cafe_form_publishes_a_cafe_and_names_the_field_in_error(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    opened = await chat.say("cora", "/chorus cafe add")
    assert opened.reply.answer is not None
    [form] = opened.reply.answer.blocks
    assert isinstance(form, Form) and form.command == "chorus cafe add"

    values = {"title": "Writing café", "when": "tue 2pm", "minutes": "", "seats": "eight"}
    bad = await chat.form("cora", form.command, values)
    assert bad.error_field == "seats"
    bad_time = await chat.form("cora", form.command, {**values, "when": "soon", "seats": "8"})
    assert bad_time.error_field == "when"
    good = await chat.form("cora", form.command, {**values, "seats": "8", "topic": "Hooks"})
    assert "Writing café #1 is published" in answer(good)
    [cafe] = uow_factory.state.booking.cafes.values()
    assert (cafe.capacity, cafe.topic, cafe.ends_at - cafe.starts_at) == (
        8,
        "Hooks",
        timedelta(minutes=60),
    )


# --------------------------------------------------------------------------- calendar


async def test_a_confirmation_carries_a_calendar_link_that_serves_the_booking(
    chat: Chat, core: Core, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00 30 Room 4.12")
    outcome = await chat.say("ann", "/book slot 1")
    assert outcome.reply.answer is not None
    [url] = links(outcome.reply.answer)

    document = await core.calendar(token_of(url))

    assert document is not None
    [event] = icalendar.Calendar.from_ical(document).events
    assert event.start == datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
    assert event.end == datetime(2026, 12, 1, 13, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Feedback with Cora"
    assert str(event["LOCATION"]) == "Room 4.12"
    stored = set(uow_factory.state.booking.tokens)
    assert token_of(url) not in stored
    assert hashlib.sha256(token_of(url).encode()).hexdigest() in stored


async def test_a_cancelled_booking_shows_as_cancelled_in_its_calendar_file(
    chat: Chat, core: Core
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    outcome = await chat.say("ann", "/book slot 1")
    assert outcome.reply.answer is not None
    [url] = links(outcome.reply.answer)
    await chat.say("cora", "/chorus slot cancel 1")

    document = await core.calendar(token_of(url))

    assert document is not None
    [event] = icalendar.Calendar.from_ical(document).events
    assert str(event["STATUS"]) == "CANCELLED"


async def test_the_calendar_feed_is_shown_once_and_a_reset_revokes_every_link(
    chat: Chat, core: Core
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    booked = await chat.say("ann", "/book slot 1")
    assert booked.reply.answer is not None
    [event_url] = links(booked.reply.answer)

    first = await chat.say("ann", "/chorus calendar")
    assert first.reply.answer is not None
    [feed_url] = links(first.reply.answer)
    second = await chat.say("ann", "/chorus calendar")
    assert links(second.reply.answer or first.reply.answer) == []
    assert "can show it again" in answer(second)

    feed = await core.calendar(token_of(feed_url))
    assert feed is not None
    assert [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed).events] == [
        "Feedback with Cora"
    ]

    reset = await chat.say("ann", "/chorus calendar reset")
    assert "Your old calendar links no longer work." in answer(reset)
    assert reset.reply.answer is not None
    [new_url] = links(reset.reply.answer)
    assert await core.calendar(token_of(feed_url)) is None
    assert await core.calendar(token_of(event_url)) is None
    assert await core.calendar(token_of(new_url)) is not None


async def test_a_coordinators_feed_holds_the_slots_and_cafes_they_host(
    chat: Chat, core: Core
) -> None:
    await publish(chat, "/chorus slot add 2026-12-01 14:00")
    await publish(chat, "/chorus slot add 2026-12-01 15:00")
    await publish(chat, "/chorus cafe add 2026-12-03 15:00 4 Writing café")
    await chat.say("ann", "/book slot 1")
    await chat.say("ann", "/book cafe 1")
    await chat.say("bente", "/book cafe 1")
    feed = await chat.say("cora", "/chorus calendar")
    assert feed.reply.answer is not None
    [url] = links(feed.reply.answer)

    document = await core.calendar(token_of(url))

    assert document is not None
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(document).events]
    assert summaries == ["Feedback slot #1 with Ann", "Writing café: Writing café"]


@pytest.mark.parametrize("token", ["", "short", "../../etc/passwd", "x" * 43])
async def test_unknown_or_malformed_calendar_tokens_serve_nothing(core: Core, token: str) -> None:
    assert await core.calendar(token) is None


# --------------------------------------------------------------------------- help


async def test_help_lists_the_booking_commands_and_the_pinned_slot_command(chat: Chat) -> None:
    ambassador = answer(await chat.say("ann", "/chorus help"))
    assert "/book — see the free feedback slots" in ambassador
    assert "/chorus slot add YYYY-MM-DD HH:MM [MINUTES]" in ambassador

    coordinator = answer(await chat.say("cora", "/chorus help coordinators"))
    assert "/chorus slot add YYYY-MM-DD HH:MM [MINUTES] [PLACE]" in coordinator
    assert "/chorus cafe add" in coordinator and "/chorus bookings [DAY]" in coordinator

    topic = answer(await chat.say("ann", "/chorus help bookings"))
    assert "/book attach slot N" in topic


# ------------------------------------------------------------------------- issue 21


@pytest.mark.parametrize("language", ["en", "da", "nl"])
async def test_a_numeric_date_is_read_the_programmes_way_whoever_types_it(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, language: str
) -> None:
    """The programme is in Copenhagen: 1/12 is 1 December for everyone, echoed in words
    with the reading used, and nothing is published before the coordinator confirms."""
    await chat.say("cora", f"/chorus language {language}")
    asked = await chat.say("cora", "/chorus slot add 1/12 14:00 30 Room 4")
    text = answer(asked)
    assert {"en": "December 1, 2026", "da": "1. december 2026", "nl": "1 december 2026"}[
        language
    ] in text
    assert {"en": "day first", "da": "dagen først", "nl": "dag eerst"}[language] in text
    assert uow_factory.state.booking.slots == {}
    message = asked.reply.answer
    assert message is not None
    assert button_commands(message) == [
        "chorus slot add 2026-12-01 14:00 30 Room 4",
        "chorus slot add 2027-01-12 14:00 30 Room 4",
    ]
    await chat.say("cora", button_commands(message)[0])
    (slot,) = uow_factory.state.booking.slots.values()
    assert slot.starts_at == datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
    assert slot.ends_at - slot.starts_at == timedelta(minutes=30) and slot.place == "Room 4"


async def test_a_programme_in_new_york_reads_numeric_dates_month_first(
    uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    programme = Programme(admins=frozenset({"cora"}), channel_id="C1", timezone="America/New_York")
    chat = Chat(Core(uow_factory, programme, clock))
    asked = answer(await chat.say("cora", "/chorus slot add 1/12 14:00"))
    assert "Tuesday, January 12, 2027" in asked and "month first" in asked
    dotted = answer(await chat.say("cora", "/chorus cafe add 1.12 15:00 90 8 Writing café"))
    assert "Tuesday, December 1, 2026" in dotted and "dots or dashes" in dotted
    assert uow_factory.state.booking.slots == {} and uow_factory.state.booking.cafes == {}


async def test_overlaps_across_kinds_are_warned_about(chat: Chat) -> None:
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00 30")
    await chat.say("ann", "/book slot 1")
    cafe = answer(await chat.say("cora", "/chorus cafe add 2026-12-01 14:00 60 8 Writing café"))
    assert "Writing café #1 is published" in cafe
    assert "Mind the overlap" in cafe and "feedback slot #1 that you host and @Ann booked" in cafe
    seat = answer(await chat.say("ann", "/book cafe 1"))
    assert "You have a seat at writing café #1" in seat
    assert "Mind the overlap" in seat and "your booking of feedback slot #1" in seat
    apart = answer(await chat.say("bente", "/book cafe 1"))
    assert "Mind the overlap" not in apart


async def test_a_member_books_one_slot_a_week_unless_coordinators_allow_more(
    chat: Chat,
) -> None:
    for day in ("2026-12-01", "2026-12-02", "2026-12-08"):
        await chat.say("cora", f"/chorus slot add {day} 14:00")
    assert "You're booked" in answer(await chat.say("ann", "/book slot 1"))
    refused = answer(await chat.say("ann", "/book slot 2"))
    assert "You already have 1 slot booked that week" in refused and "1 a week" in refused
    assert "You're booked" in answer(await chat.say("ann", "/book slot 3"))  # the next week
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus slot cap 2"))
    assert "1 slot booked in one week" in answer(await chat.say("cora", "/chorus slot cap"))
    assert "Done" in answer(await chat.say("cora", "/chorus slot cap 2"))
    assert "You're booked" in answer(await chat.say("ann", "/book slot 2"))
    assert "between 1 and 20" in answer(await chat.say("cora", "/chorus slot cap 0"))


async def test_a_slot_booked_days_ago_is_already_taken_not_just_taken(
    chat: Chat, clock: FakeClock
) -> None:
    await publish(chat, "/chorus slot add 2026-12-04 14:00")
    await chat.say("ann", "/book slot 1")
    clock.advance(days=2)
    late = answer(await chat.say("bente", "/book slot 1"))
    assert "slot #1 is already booked by someone else" in late and "just" not in late
