"""What the core tells the outbox about each message: urgent or bulk, and when a reminder
stops being worth sending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Programme
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform
from bot.outbox import Outgoing, Priority, terms_of
from bot.registry import run_fire
from tests.helpers import Chat
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SLOT_START = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # slot 1: Thu 26 Nov 14:00 Copenhagen
CAFE_START = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def _terms(uow_factory: FakeUnitOfWorkFactory) -> list[tuple[Audience, str, Priority]]:
    return [(o.message.audience, o.target, terms_of(o)[0]) for o in uow_factory.state.outbox]


async def test_a_members_note_from_a_command_is_urgent_and_the_channel_card_bulk(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Why we test our backups every Friday")
    uow_factory.state.outbox.clear()

    await chat.say("bente", "/idea claim 1")  # ann hears of it; the card updates

    assert sorted(_terms(uow_factory), key=lambda t: t[2]) == [
        (Audience.MEMBER, "ann", Priority.URGENT),
        (Audience.CHANNEL, "C1", Priority.BULK),
    ]


async def test_a_nudge_wave_is_bulk(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9 - timedelta(weeks=5)
    for name in ("ann", "bente"):
        await chat.say(name, "/chorus help")
    [workspace] = uow_factory.state.workspaces.values()
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "nudge", workspace.id, MONDAY_9)

    assert _terms(uow_factory) == [
        (Audience.MEMBER, "ann", Priority.BULK),
        (Audience.MEMBER, "bente", Priority.BULK),
    ]


async def test_booking_reminders_are_urgent_and_expire_when_their_slot_or_cafe_starts(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    for user, line in (
        ("cora", "/chorus slot add 2026-11-26 14:00 Room 4.12"),
        ("cora", "/chorus cafe add 2026-11-26 14:05 60 4 Writing café"),
        ("ann", "/book slot 1"),
        ("bente", "/book cafe 1"),
    ):
        await chat.say(user, line)
    [workspace] = uow_factory.state.workspaces.values()
    uow_factory.state.outbox.clear()

    await run_fire(
        uow_factory, programme, "cafe-reminder", workspace.id, SLOT_START - timedelta(minutes=10)
    )

    reminders = {
        o.target: terms_of(o) for o in uow_factory.state.outbox if ":reminder:" in o.dedupe_key
    }
    assert reminders == {
        "ann": (Priority.URGENT, SLOT_START),
        "bente": (Priority.URGENT, SLOT_START + timedelta(minutes=5)),
    }


def test_a_message_queued_without_terms_is_urgent_when_private_and_bulk_in_the_channel() -> None:
    def outgoing(audience: Audience) -> Outgoing:
        message = Message((Section(Text.plain("hi")),), audience)
        return Outgoing(1, Platform.SLACK, "X", message, f"k-{audience.value}")

    assert terms_of(outgoing(Audience.MEMBER)) == (Priority.URGENT, None)
    assert terms_of(outgoing(Audience.CHANNEL)) == (Priority.BULK, None)
