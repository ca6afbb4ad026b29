"""New-idea cards for a busy channel, gathered into "N new ideas" cards."""

from __future__ import annotations

from bot.i18n import Translator
from bot.messages import Actions, Audience, Message, Note
from bot.outbox import GATHER_MOST, gather_cards
from tests.helpers import Chat, button_commands
from tests.unit.fakes import FakeUnitOfWorkFactory


async def _cards(chat: Chat, uow_factory: FakeUnitOfWorkFactory, count: int) -> list[Message]:
    for n in range(count):
        await chat.say("ann", f"/idea Idea number {n + 1} about our backups")
    return [o.message for o in uow_factory.state.outbox if o.message.audience is Audience.CHANNEL]


async def test_runs_of_cards_become_one_card_each_with_every_ideas_buttons(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    cards = await _cards(chat, uow_factory, 23)

    gathered = gather_cards(cards, Translator("en"))

    assert [size for size, _ in gathered] == [GATHER_MOST, GATHER_MOST, 3]
    _, first = gathered[0]
    assert first.audience is Audience.CHANNEL and first.key is None
    assert first.summary == "💡 10 new ideas"
    assert first.text.startswith("💡 10 new ideas")
    assert button_commands(first) == [
        command for n in range(1, 11) for command in (f"idea vote {n}", f"idea claim {n}")
    ]
    assert "Idea number 10 about our backups" in first.text
    assert "Idea number 11" not in first.text
    # The cards' small print (vote counts, status) is left out: it would not stay current.
    assert not any("votes" in b.text.raw for b in first.blocks if isinstance(b, Note))
    assert sum(isinstance(b, Actions) for b in first.blocks) == 10
    assert len(first.blocks) <= 50


async def test_a_run_of_one_is_the_card_itself_and_the_heading_speaks_the_channels_language(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    cards = await _cards(chat, uow_factory, GATHER_MOST + 1)

    gathered = gather_cards(cards, Translator("da"))

    assert gathered[-1] == (1, cards[-1])
    assert gathered[0][1].summary == "💡 10 nye idéer"
    assert "Der sker meget i kanalen" in gathered[0][1].text
    assert gather_cards(cards[:2], Translator("nl"))[0][1].summary == "💡 2 nieuwe ideeën"


async def test_long_ideas_are_shortened_in_a_gathered_card(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea " + "word " * 390)
    await chat.say("ann", "/idea A short one")
    cards = [o.message for o in uow_factory.state.outbox if o.message.audience is Audience.CHANNEL]

    [(size, card)] = gather_cards(cards, Translator("en"))

    assert size == 2
    assert "…" in card.text and len(card.text) < 1000
