"""Joining in Teams, through the real Agents SDK: a Join card button gives a seat, and a
freed seat is offered in the personal chat with an Accept button that takes it."""

from __future__ import annotations

from dataclasses import replace

from adapters.teams.render import COMMAND_KEY
from tests.adapters.teams.conftest import (
    ALICE,
    BENTE,
    Person,
    TeamsRig,
    actions_of,
    assert_valid_card,
)


def _said(teams: TeamsRig, person: Person, text: str) -> bool:
    return any(text in sent.text for sent in teams.connector.sent(person.personal))


async def test_a_freed_seat_is_offered_with_accept_and_decline_and_accepted(
    teams: TeamsRig,
) -> None:
    core = teams.runtime.core
    core.programme = replace(core.programme, capacity=1)
    assert await teams.say(BENTE, "chorus join") == 202
    assert _said(teams, BENTE, "Welcome to the ambassador programme")
    assert await teams.say(ALICE, "chorus join") == 202
    assert _said(teams, ALICE, "waiting list: number 1")

    assert await teams.say(BENTE, "chorus leave") == 202
    [offer] = [m for m in teams.connector.sent(ALICE.personal) if "seat" in m.text][-1:]
    assert_valid_card(offer.card)
    commands = {a["data"].get(COMMAND_KEY): a for a in actions_of(offer.card)}
    assert set(commands) >= {"chorus join accept", "chorus join decline"}

    assert await teams.press(ALICE, commands["chorus join accept"]["data"]) == 202
    [welcome] = [m for m in teams.connector.sent(ALICE.personal) if "Welcome to" in m.text]
    assert_valid_card(welcome.card)
    assert await teams.press(ALICE, commands["chorus join decline"]["data"]) == 202
    assert "expired or was passed on" in teams.connector.sent(ALICE.personal)[-1].text
