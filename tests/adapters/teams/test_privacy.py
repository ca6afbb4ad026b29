"""Privacy in Teams: an export is a one-time link, and someone removed from the team leaves
the programme."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import MemberRow
from tests.adapters.teams.conftest import ALICE, CHANNEL_ID, CORA, TeamsRig


async def test_the_export_answer_is_a_download_link(teams: TeamsRig) -> None:
    assert await teams.say(ALICE, "chorus privacy export") == 202
    [answer] = teams.connector.sent(ALICE.personal)
    assert "/export/" in answer.text and ".zip" in answer.text


async def test_a_member_removed_from_the_team_leaves_the_programme(teams: TeamsRig) -> None:
    await teams.make_channel()
    assert await teams.say(ALICE, "idea Backups every Friday") == 202
    removed = teams.activity(
        CORA, kind="conversationUpdate", channel=True, membersRemoved=[ALICE.account()]
    )
    removed["conversation"]["id"] = CHANNEL_ID

    assert (await teams.post(removed))[0] == 202

    async with teams.runtime.engine.connect() as connection:
        rows = (await connection.execute(select(MemberRow.external_id, MemberRow.left_at))).all()
    assert {external for external, at in rows if at is not None} == {"aad-alice"}
