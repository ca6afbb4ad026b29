"""Booking drop-in slots in Teams, through the real Agents SDK: the list card's Book button
books, and a colleague pressing it later hears the slot was just taken."""

from __future__ import annotations

from datetime import date, timedelta

from adapters.teams.render import COMMAND_KEY
from tests.adapters.teams.conftest import (
    ALICE,
    BENTE,
    CORA,
    TeamsRig,
    actions_of,
    assert_valid_card,
)

DAY = (date.today() + timedelta(days=3)).isoformat()


async def test_the_book_card_books_a_slot_and_a_late_click_is_told_it_was_taken(
    teams: TeamsRig,
) -> None:
    assert await teams.say(CORA, f"chorus slot add {DAY} 14:00") == 202
    assert "Slot #1 is published" in teams.connector.sent(CORA.personal)[-1].text

    assert await teams.say(ALICE, "book") == 202
    listing = teams.connector.sent(ALICE.personal)[-1]
    assert_valid_card(listing.card)
    [book] = [a for a in actions_of(listing.card) if a["data"].get(COMMAND_KEY) == "book slot 1"]

    assert await teams.press(ALICE, book["data"]) == 202
    confirmation = teams.connector.sent(ALICE.personal)[-1]
    assert_valid_card(confirmation.card)
    assert "booked" in confirmation.text and ".ics" in str(confirmation.card)

    assert await teams.press(BENTE, book["data"]) == 202
    assert "just taken" in teams.connector.sent(BENTE.personal)[-1].text
