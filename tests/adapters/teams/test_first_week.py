"""A Teams programme's first week: cheering a colleague who never wrote to Chorus."""

from __future__ import annotations

from tests.adapters.teams.conftest import (
    ALICE,
    BENTE,
    BOT,
    CHANNEL_ID,
    CORA,
    TEAM_ID,
    Person,
    TeamsRig,
)

NOBODY = Person("29:nobody", "Nobody Known", None)


async def test_a_cheer_for_a_colleague_who_never_wrote_meets_them_and_reaches_their_chat(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    teams.connector.members[BENTE.teams_id] = BENTE.account()
    assert (
        await teams.say(
            ALICE,
            "cheer <at>Bente Hansen</at> thanks for the review",
            channel=True,
            mentions=(BENTE,),
        )
        == 202
    )
    lookups = [c.path for c in teams.connector.calls if c.method == "GET"]
    assert lookups == [f"/v3/conversations/{CHANNEL_ID}/members/{BENTE.teams_id}"]
    member = await teams.runtime.core.known_member(await teams.workspace_id(), "aad-bente")
    assert member is not None and member.display_name == "Bente Hansen"
    # Her personal chat was opened for her, and her note arrived there.
    [note] = teams.connector.sent(teams.connector.chat_with(BENTE))
    assert "thanks for the review" in note.text
    assert "/chorus cheers private" in note.text
    [announcement] = [c for c in teams.connector.sent(CHANNEL_ID) if "cheers" in c.text]
    assert "**Bente Hansen**" in announcement.text


async def test_a_cheer_for_someone_not_in_the_conversation_is_an_unknown_member(
    teams: TeamsRig,
) -> None:
    await teams.say(ALICE, "cheer <at>Nobody Known</at> thanks", channel=True, mentions=(NOBODY,))
    [answer] = teams.connector.sent(teams.connector.chat_with(ALICE))
    assert "I don't know" in answer.text
    assert await teams.runtime.core.known_member(await teams.workspace_id(), "29:nobody") is None


async def test_removing_chorus_from_the_team_loses_all_its_channels_and_tells_coordinators(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()  # 19:ambassadors, a channel of the team 19:team
    removed = teams.activity(CORA, kind="conversationUpdate", channel=True, membersRemoved=[BOT])
    removed["conversation"]["id"] = TEAM_ID  # Teams says so in the General channel
    assert (await teams.post(removed))[0] == 202
    workspace_id = await teams.workspace_id()
    for channel in (TEAM_ID, CHANNEL_ID):
        stored = await teams.runtime.platform.conversation(workspace_id, channel)
        assert stored is not None and stored.unreachable, channel
    note = teams.connector.sent(teams.connector.chat_with(CORA))[-1]
    assert "Chorus was removed from the team of the ambassador channel" in note.text
    assert not [
        c for c in teams.connector.calls if c.path.startswith(f"/v3/conversations/{TEAM_ID}")
    ]


async def test_removal_from_another_team_leaves_the_ambassador_channel_and_tells_nobody(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    before = len(teams.connector.calls)
    removed = teams.activity(CORA, kind="conversationUpdate", channel=True, membersRemoved=[BOT])
    removed["conversation"]["id"] = "19:other@thread.tacv2"
    removed["channelData"]["team"] = {"id": "19:other@thread.tacv2"}
    assert (await teams.post(removed))[0] == 202
    stored = await teams.runtime.platform.conversation(await teams.workspace_id(), CHANNEL_ID)
    assert stored is not None and not stored.unreachable
    assert teams.connector.calls[before:] == []
