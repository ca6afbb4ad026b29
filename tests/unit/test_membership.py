"""Joining, the waiting list, offers of freed seats, and what coordinators do with the list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.config import Programme
from bot.core import Core
from bot.home.commands import ShowHome
from bot.membership.ports import EnrolmentStatus
from bot.messages import Audience
from bot.programme.commands import WelcomeMember
from bot.registry import run_fire
from tests.helpers import Chat, answer, button_commands, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


@pytest.fixture
def small(uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock) -> Chat:
    """A programme with two seats."""
    return Chat(Core(uow_factory, replace(programme, capacity=2), clock))


def _status(uow_factory: FakeUnitOfWorkFactory, name: str) -> EnrolmentStatus | None:
    member = next(m for m in uow_factory.state.members.values() if m.external_id == name)
    held = [
        e
        for e in uow_factory.state.journey.enrolments.values()
        if e.member_id == member.id and e.status is not EnrolmentStatus.LEFT
    ]
    return held[0].status if held else None


async def test_joining_with_room_gives_a_seat_a_welcome_and_the_joining_segment(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("ann", "/chorus join")
    assert "Welcome to the ambassador programme" in answer(outcome)
    assert "#engineering" in answer(outcome)
    assert _status(uow_factory, "ann") is EnrolmentStatus.ACTIVE
    [period] = uow_factory.state.journey.periods
    assert uow_factory.state.journey.segments[period.segment_id].key == "ambassador"


async def test_joining_twice_is_answered_and_changes_nothing(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/chorus join")
    assert "already in the programme" in answer(await chat.say("ann", "/chorus join"))
    assert len(uow_factory.state.journey.enrolments) == 1


async def test_a_full_programme_puts_a_member_on_the_waiting_list_with_their_place(
    small: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await small.say("ann", "/chorus join")
    await small.say("bob", "/chorus join")
    first = answer(await small.say("carl", "/chorus join"))
    second = answer(await small.say("dora", "/chorus join"))
    assert "waiting list: number 1" in first and "cannot estimate" in first
    assert "waiting list: number 2" in second
    assert "already on the waiting list, number 1" in answer(
        await small.say("carl", "/chorus join")
    )
    assert uow_factory.state.journey.seats[next(iter(uow_factory.state.workspaces))] == 2


async def test_the_estimate_comes_from_last_years_turnover(small: Chat, clock: FakeClock) -> None:
    await small.say("ann", "/chorus join")
    await small.say("bob", "/chorus join")
    await small.say("ann", "/chorus leave")  # a seat freed in the last year, taken again
    clock.advance(days=1)
    await small.say("ann", "/chorus join")
    text = answer(await small.say("carl", "/chorus join"))
    # One member left in the last year: the first in line may wait about a year.
    assert "waiting list: number 1" in text
    assert "may come around Nov 25, 2027" in text


async def test_a_freed_seat_is_offered_to_the_first_in_line_who_accepts(
    small: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for name in ("ann", "bob", "carl", "dora"):
        await small.say(name, "/chorus join")
    left = await small.say("ann", "/chorus leave")
    assert "seat goes to the next in line" in answer(left)
    [offer] = notes(left)
    assert offer.recipient_id == "carl"
    assert button_commands(offer) == ["chorus join accept", "chorus join decline"]
    assert _status(uow_factory, "carl") is EnrolmentStatus.OFFERED
    assert "A seat is waiting for you" in answer(await small.say("carl", "/chorus join"))
    # The offered seat is held: nobody else gets in meanwhile.
    assert "waiting list" in answer(await small.say("ann", "/chorus join"))

    accepted = await small.say("carl", "/chorus join accept")
    assert "Welcome to the ambassador programme" in answer(accepted)
    assert _status(uow_factory, "carl") is EnrolmentStatus.ACTIVE
    assert "already in the programme" in answer(await small.say("carl", "/chorus join accept"))


async def test_a_declined_seat_goes_to_the_next_and_the_decliner_waits_at_the_end(
    small: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for name in ("ann", "bob", "carl", "dora"):
        await small.say(name, "/chorus join")
    await small.say("ann", "/chorus leave")
    declined = await small.say("carl", "/chorus join decline")
    assert "You stay on the waiting list" in answer(declined)
    assert [n.recipient_id for n in notes(declined)] == ["dora"]
    assert _status(uow_factory, "carl") is EnrolmentStatus.WAITING
    assert "expired or was passed on" in answer(await small.say("carl", "/chorus join accept"))


async def test_an_offer_past_its_deadline_cannot_be_accepted_and_the_job_passes_it_on(
    small: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    for name in ("ann", "bob", "carl", "dora"):
        await small.say(name, "/chorus join")
    await small.say("ann", "/chorus leave")
    clock.advance(days=3, minutes=1)
    assert "expired" in answer(await small.say("carl", "/chorus join accept"))
    assert _status(uow_factory, "carl") is EnrolmentStatus.OFFERED

    [ws] = uow_factory.state.workspaces
    await run_fire(uow_factory, replace(programme, capacity=2), "onboarding", ws, clock.now())
    assert _status(uow_factory, "carl") is EnrolmentStatus.WAITING
    assert _status(uow_factory, "dora") is EnrolmentStatus.OFFERED
    recipients = [o.target for o in uow_factory.state.outbox if "seat" in o.message.text]
    assert "carl" in recipients and "dora" in recipients


async def test_leaving_frees_the_seat_when_nobody_waits(
    small: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await small.say("ann", "/chorus join")
    assert notes(await small.say("ann", "/chorus leave")) == ()
    assert uow_factory.state.journey.seats[next(iter(uow_factory.state.workspaces))] == 0
    assert "not in the programme" in answer(await small.say("ann", "/chorus leave"))


async def test_leaving_the_waiting_list_keeps_the_seats_as_they_are(
    small: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for name in ("ann", "bob", "carl"):
        await small.say(name, "/chorus join")
    assert "off the waiting list" in answer(await small.say("carl", "/chorus leave"))
    assert uow_factory.state.journey.seats[next(iter(uow_factory.state.workspaces))] == 2
    assert _status(uow_factory, "carl") is None


async def test_coordinators_see_and_reorder_the_waiting_list(small: Chat) -> None:
    for name in ("ann", "bob", "carl", "dora", "emil"):
        await small.say(name, "/chorus join")
    assert "Only coordinators" in answer(await small.say("ann", "/chorus waitlist"))
    assert "number 1" in answer(await small.say("cora", "/chorus waitlist move @emil 1"))
    text = answer(await small.say("cora", "/chorus waitlist"))
    assert "2 of 2 seats taken" in text
    assert text.index("1. @Emil") < text.index("2. @Carl") < text.index("3. @Dora")
    assert "not on the waiting list" in answer(
        await small.say("cora", "/chorus waitlist move @ann 1")
    )
    assert "start at 1" in answer(await small.say("cora", "/chorus waitlist move @emil 0"))


async def test_admitting_past_capacity_needs_a_confirmation(
    small: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for name in ("ann", "bob", "carl"):
        await small.say(name, "/chorus join")
    asked = await small.say("cora", "/chorus waitlist admit @carl")
    assert "Admit @Carl anyway" in answer(asked)
    assert _status(uow_factory, "carl") is EnrolmentStatus.WAITING
    [confirm] = button_commands(asked.reply.answer)  # type: ignore[arg-type]
    done = await small.say("cora", confirm)
    assert "has a seat now" in answer(done)
    assert any(n.recipient_id == "carl" for n in notes(done))
    assert _status(uow_factory, "carl") is EnrolmentStatus.ACTIVE
    assert uow_factory.state.journey.seats[next(iter(uow_factory.state.workspaces))] == 3


async def test_the_channel_welcome_offers_a_join_button_until_the_member_has_joined(
    chat: Chat,
) -> None:
    welcome = await chat.core.handle(chat.actor("ann"), WelcomeMember("C1"))
    assert welcome.reply.for_audience(Audience.CHANNEL) == ()
    assert "chorus join" in button_commands(welcome.reply.answer)  # type: ignore[arg-type]
    await chat.say("ann", "/chorus join")
    again = await chat.core.handle(chat.actor("ann"), WelcomeMember("C1"))
    assert "chorus join" not in button_commands(again.reply.answer)  # type: ignore[arg-type]


async def test_the_app_home_shows_where_the_member_stands(small: Chat) -> None:
    home = answer(await small.core.handle(small.actor("ann"), ShowHome()))
    assert "not in the ambassador programme yet" in home
    for name in ("ann", "bob", "carl"):
        await small.say(name, "/chorus join")
    assert "waiting list: number 1" in answer(
        await small.core.handle(small.actor("carl"), ShowHome())
    )
    await small.say("ann", "/chorus leave")
    offered = await small.core.handle(small.actor("carl"), ShowHome())
    assert "chorus join accept" in button_commands(offered.reply.answer)  # type: ignore[arg-type]
