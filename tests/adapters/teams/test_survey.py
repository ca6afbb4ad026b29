"""A pulse survey in Teams, through the real Agents SDK: the invitation card's **Answer**
button brings the form card, whose submission is stored without the member."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.teams.render import COMMAND_KEY
from storage.models import SurveyAnswerRow
from tests.adapters.teams.conftest import ALICE, CORA, TeamsRig, actions_of, assert_valid_card


async def _answers(teams: TeamsRig) -> int:
    async with teams.runtime.engine.connect() as connection:
        return int(
            (
                await connection.execute(select(func.count()).select_from(SurveyAnswerRow))
            ).scalar_one()
        )


async def test_the_invitation_card_leads_to_a_form_card_that_stores_the_answers(
    teams: TeamsRig,
) -> None:
    await teams.say(ALICE, "chorus help")
    await teams.say(CORA, "chorus survey start")
    invitation = teams.connector.sent(ALICE.personal)[-1]
    assert_valid_card(invitation.card)
    [answer] = [
        a
        for a in actions_of(invitation.card)
        if a["data"][COMMAND_KEY] == "/chorus survey answer 1"
    ]

    await teams.press(ALICE, answer["data"], reply_to=invitation.answered_id)
    form = teams.connector.sent(ALICE.personal)[-1]
    assert_valid_card(form.card)
    [send] = [a for a in actions_of(form.card) if a["title"] == "Send anonymously"]

    await teams.press(ALICE, {**send["data"], "rating": "11"}, reply_to=form.answered_id)
    assert "from 0 to 10" in teams.connector.sent(ALICE.personal)[-1].text
    assert await _answers(teams) == 0

    await teams.press(
        ALICE, {**send["data"], "rating": "8", "help": "Time"}, reply_to=form.answered_id
    )
    assert "without your name" in teams.connector.sent(ALICE.personal)[-1].text
    assert await _answers(teams) == 2
