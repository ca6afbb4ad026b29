"""Booking drop-in slots through the real bolt app: the list with Book buttons, one click
that books, and the colleague a moment later who hears the slot was just taken."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.adapters.slack.conftest import ANN, BEN, COORDINATOR, Chorus
from tests.adapters.slack.fake_slack import Reply

DAY = (date.today() + timedelta(days=3)).isoformat()


async def private_answers(chorus: Chorus, *replies: Reply) -> str:
    """Everything answered privately: in the acknowledgements and through response_url."""
    await chorus.settle()
    parts = [r.text for r in replies if r.text]
    parts += [json.dumps(c.args, ensure_ascii=False) for c in chorus.api.find("response_url")]
    parts += [json.dumps(c.args, ensure_ascii=False) for c in chorus.api.find("chat.postEphemeral")]
    return "\n".join(parts)


async def test_a_slot_is_listed_with_a_book_button_and_booked_by_one_click(chorus: Chorus) -> None:
    added = await chorus.slack.command(COORDINATOR, f"slot add {DAY} 14:00", command="/chorus")
    assert "Slot #1 is published" in await private_answers(chorus, added)

    listing = await chorus.slack.command(ANN, "", command="/book")
    listed = await private_answers(chorus, listing)
    assert '"value": "book slot 1"' in listed or '"value":"book slot 1"' in listed

    booked = await chorus.slack.press(ANN, "book slot 1")
    assert booked.status == 200
    answers = await private_answers(chorus, booked)
    assert "booked" in answers and "/calendar/" in answers and ".ics" in answers
    assert await chorus.rows("bookings") == 1


async def test_the_second_click_on_a_taken_slot_hears_it_was_just_taken(chorus: Chorus) -> None:
    await chorus.slack.command(COORDINATOR, f"slot add {DAY} 15:00", command="/chorus")
    await chorus.slack.press(ANN, "book slot 1")
    await chorus.settle()

    late = await chorus.slack.press(BEN, "book slot 1")
    assert late.status == 200
    assert "just taken" in await private_answers(chorus, late)
    assert await chorus.rows("bookings") == 1
