"""The draft editor and the like & comment call in Teams, through the real Agents SDK."""

from __future__ import annotations

from adapters.teams.render import COMMAND_KEY, FORM_KEY
from tests.adapters.teams.conftest import ALICE, TeamsRig, actions_of


async def test_the_draft_card_form_keeps_a_refused_paste_and_saves_the_next_try(
    teams: TeamsRig,
) -> None:
    await teams.say(ALICE, "draft")
    [form_post] = teams.connector.sent(ALICE.personal)
    [editor] = [e for e in form_post.card["body"] if e["type"] == "Input.Text"]
    assert editor["id"] == "text" and editor["isMultiline"] is True
    [submit] = actions_of(form_post.card)
    paste = "x" * 20_000

    await teams.press(ALICE, {**submit["data"], "text": paste}, reply_to=form_post.answered_id)
    again = teams.connector.sent(ALICE.personal)[-1]
    assert again.method == "PUT"
    [kept] = [e for e in again.card["body"] if e["type"] == "Input.Text"]
    assert kept["value"] == paste  # nothing is lost
    assert "10,000" in kept["errorMessage"] and "20,000" in kept["errorMessage"]
    [submit_again] = actions_of(again.card)
    assert submit_again["data"][FORM_KEY] == "draft"

    await teams.press(
        ALICE,
        {**submit_again["data"], "text": "Why we test our backups every Friday"},
        reply_to=form_post.answered_id,
    )
    done = teams.connector.sent(ALICE.personal)[-1]
    assert "Draft #1 is saved" in done.text
    commands = [a["data"][COMMAND_KEY] for a in actions_of(done.card)]
    assert commands[:2] == ["draft edit 1", "draft feedback 1"]
