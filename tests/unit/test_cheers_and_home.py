"""Reaction cheers, the member's home page and the channel welcome, on in-memory fakes."""

from __future__ import annotations

from bot.cheers.commands import CheerByReaction, WithdrawReactionCheer
from bot.home.commands import ShowHome
from bot.messages import Actions, Audience, Header
from bot.programme.commands import WelcomeMember
from tests.helpers import Chat, answer, button_commands
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


async def cheer(chat: Chat, giver: str, author: str, ts: str = "1.1", channel: str = "C1") -> None:
    outcome = await chat.core.handle(chat.actor(giver), CheerByReaction(author, channel, ts))
    assert outcome.reply.messages == ()  # silent, like the reaction itself


async def home(chat: Chat, user: str) -> str:
    return answer(await chat.core.handle(chat.actor(user), ShowHome()))


async def test_a_reaction_cheer_is_recorded_once_per_giver_and_message(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await cheer(chat, "ben", "ann")
    await cheer(chat, "ben", "ann")
    await cheer(chat, "cora", "ann")
    await cheer(chat, "ben", "ann", ts="2.2")

    assert len(uow_factory.state.cheers) == 3
    assert "cheered you 3 times" in await home(chat, "ann")


async def test_taking_the_emoji_off_takes_only_that_cheer_back(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await cheer(chat, "ben", "ann")
    await cheer(chat, "cora", "ann")

    await chat.core.handle(chat.actor("ben"), WithdrawReactionCheer("C1", "1.1"))

    [left] = uow_factory.state.cheers.values()
    assert uow_factory.state.members[left.giver_id].external_id == "cora"


async def test_own_messages_and_other_channels_are_not_cheers(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await cheer(chat, "ann", "ann")
    await cheer(chat, "ben", "ann", channel="C2")

    assert uow_factory.state.cheers == {}


async def test_a_cheered_author_who_never_used_chorus_is_registered_and_keeps_a_later_name(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await cheer(chat, "ben", "dora")
    [dora] = [m for m in uow_factory.state.members.values() if m.external_id == "dora"]
    assert dora.display_name == ""

    await chat.say("dora", "/chorus help")

    assert uow_factory.state.members[dora.id].display_name == "Dora"


async def test_home_lists_my_ideas_and_says_plainly_when_there_are_no_cheers(chat: Chat) -> None:
    await chat.say("ann", "/idea Why we test backups #engineering")
    await chat.say("ben", "/idea Not Ann's")
    await chat.say("ben", "/idea claim 1")

    text = await home(chat, "ann")

    assert "Idea #1: Why we test backups" in text
    assert "Not Ann's" not in text
    assert "No cheers yet" in text
    outcome = await chat.core.handle(chat.actor("ben"), ShowHome())
    assert "You are writing it" in answer(outcome) and "Idea #2" in answer(outcome)


async def test_home_shows_the_newest_cheers_first_with_their_givers(
    chat: Chat, clock: FakeClock
) -> None:
    await chat.say("ben", "/chorus help")
    await cheer(chat, "ben", "ann", ts="1")
    clock.advance(days=1)
    await cheer(chat, "cora", "ann", ts="2")

    outcome = await chat.core.handle(chat.actor("ann"), ShowHome())

    message = outcome.reply.answer
    assert message is not None
    text = message.text
    assert text.index("@Cora") < text.index("@Ben")
    assert "idea form" in button_commands(message)
    assert [b.text for b in message.blocks if isinstance(b, Header)] == [
        "Your Chorus",
        "Your ideas",
        "Your drafts",
        "Cheers you received",
        "Your bookings",
    ]


async def test_home_caps_the_list_and_points_to_the_rest(chat: Chat) -> None:
    for number in range(12):
        await chat.say("ann", f"/idea Idea number {number}")

    text = await home(chat, "ann")

    assert text.count("Idea #") == 10
    assert "You have 12 ideas in all" in text


async def test_joining_the_ambassador_channel_is_welcomed_privately(chat: Chat) -> None:
    outcome = await chat.core.handle(chat.actor("ben"), WelcomeMember("C1"))

    [message] = outcome.reply.messages
    assert message.audience is Audience.PRIVATE
    assert "/chorus help" in message.text
    assert any(isinstance(b, Actions) for b in message.blocks)


async def test_joining_another_channel_gets_no_welcome(chat: Chat) -> None:
    outcome = await chat.core.handle(chat.actor("ben"), WelcomeMember("C2"))

    assert outcome.reply.messages == ()


async def test_home_shows_my_next_bookings(chat: Chat) -> None:
    assert "You have no bookings" in await home(chat, "ann")

    await chat.say("cora", "/chorus slot add 2026-11-26 14:00")
    await chat.say("ann", "/book slot 1")
    text = await home(chat, "ann")
    assert "Your bookings" in text and "slot #1" in text.casefold()
