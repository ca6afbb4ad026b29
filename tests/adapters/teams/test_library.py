"""The content library in Teams, through the real Agents SDK: ``share`` as a text command
and the "I'll share this" button on a card."""

from __future__ import annotations

from adapters.teams.render import COMMAND_KEY
from tests.adapters.teams.conftest import ALICE, BENTE, TeamsRig, actions_of, assert_valid_card

ARTICLE = "https://www.example.com/green-data-centres"


async def test_share_then_the_pick_button_answers_in_the_personal_chat(teams: TeamsRig) -> None:
    assert (
        await teams.say(ALICE, f"share {ARTICLE} #sustainability [a](https://evil.example)") == 202
    )
    [suggested] = teams.connector.sent(ALICE.personal)
    assert "Item #1 is in the library" in suggested.text
    assert_valid_card(suggested.card)

    await teams.say(BENTE, "share list")
    [listed] = teams.connector.sent(BENTE.personal)
    [pick] = [a for a in actions_of(listed.card) if a["data"][COMMAND_KEY] == "share pick 1"]
    assert pick["title"] == "I'll share this"

    await teams.press(BENTE, pick["data"], reply_to=listed.answered_id)

    answer = teams.connector.sent(BENTE.personal)[-1]
    assert "What does this mean for your customers?" in answer.text
    assert_valid_card(answer.card)
    drafts = [a["data"][COMMAND_KEY] for a in actions_of(answer.card)]
    assert drafts == ["share draft 1 1", "share draft 1 2", "share draft 1 3"]


async def test_picking_an_item_in_the_channel_card_answers_the_presser_in_their_chat(
    teams: TeamsRig,
) -> None:
    await teams.say(ALICE, f"share {ARTICLE}")
    await teams.make_channel()

    status, body = await teams.execute(BENTE, {COMMAND_KEY: "share pick 1"}, channel=True)

    assert status == 200 and "you'll share item #1" in str(body)
    [answer] = teams.connector.sent(teams.connector.chat_with(BENTE))
    assert "What surprised you?" in answer.text
    assert teams.connector.sent(ALICE.personal)[-1].text.startswith("Item #1 is in")
