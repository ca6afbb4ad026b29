"""The ambassador of the quarter in Teams, through the real Agents SDK: a nomination by text
command, and the **Announce it** button on the card a private-cheers winner gets."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.teams.render import COMMAND_KEY
from bot.award import quarters
from tests.adapters.teams.conftest import (
    ALICE,
    BENTE,
    CHANNEL_ID,
    CORA,
    TeamsRig,
    actions_of,
    assert_valid_card,
)

REASON = "her posts on our backup tests taught customers something new"
CITATION = "for posts that explained our work in her own voice"


async def test_a_private_winner_is_asked_on_a_card_and_the_button_announces(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    await teams.say(BENTE, "chorus cheers private")
    await teams.say(ALICE, "chorus help")
    now = datetime.now(UTC)
    async with teams.runtime.uow() as uow:
        workspace = await uow.workspaces.get(await teams.workspace_id())
        assert workspace is not None
        label = quarters.label(quarters.today_in(now, workspace.timezone))
        assert await uow.awards.open_window(workspace.id, label, now)
        await uow.commit()

    await teams.say(ALICE, f"chorus nominate <at>Bente Hansen</at> {REASON}", mentions=(BENTE,))
    assert "is in" in teams.connector.sent(ALICE.personal)[-1].text

    await teams.say(CORA, f"chorus award pick <at>Bente Hansen</at> {CITATION}", mentions=(BENTE,))
    ask = teams.connector.sent(BENTE.personal)[-1]
    assert CITATION in ask.text
    assert not [c for c in teams.connector.sent(CHANNEL_ID) if CITATION in c.text]
    assert_valid_card(ask.card)
    [announce] = [
        a for a in actions_of(ask.card) if a["data"][COMMAND_KEY] == "/chorus award announce"
    ]
    assert announce["title"] == "Announce it"

    await teams.press(BENTE, announce["data"], reply_to=ask.answered_id)

    assert "The channel has the news" in teams.connector.sent(BENTE.personal)[-1].text
    [announced] = [c for c in teams.connector.sent(CHANNEL_ID) if CITATION in c.text]
    assert "Bente Hansen" in announced.text
