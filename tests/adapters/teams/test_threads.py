"""@mentioning Chorus in a Teams channel or group chat: answers in that thread, private
content in the personal chat with a note in the thread — whatever the connector says
about the chat it opened."""

from __future__ import annotations

import pytest

from tests.adapters.teams.conftest import ALICE, BENTE, CHANNEL_ID, TENANT, TeamsRig

NOTE = "I sent you the details in our chat."


@pytest.mark.parametrize("created_activity_id", ["null", "omitted"])
async def test_a_channel_mention_gets_its_private_answer_whatever_the_new_chat_answer_says(
    teams: TeamsRig, created_activity_id: str
) -> None:
    teams.connector.created_activity_id = created_activity_id
    assert await teams.say(ALICE, "help", channel=True) == 202
    create = next(c for c in teams.connector.calls if c.path == "/v3/conversations")
    assert create.body["members"] == [{"id": ALICE.teams_id}]
    [answer] = teams.connector.sent(teams.connector.chat_with(ALICE))
    assert "Chorus — your ambassador programme's home" in answer.text
    [note] = [c for c in teams.connector.calls if ";messageid=" in c.path]
    assert note.path.startswith(f"/v3/conversations/{CHANNEL_ID};messageid=")
    assert note.text == NOTE


async def test_the_thread_note_speaks_the_members_language(teams: TeamsRig) -> None:
    await teams.say(ALICE, "chorus language da")
    assert await teams.say(ALICE, "help", channel=True) == 202
    note = teams.connector.calls[-1]
    assert ";messageid=" in note.path
    assert note.text == "Jeg har sendt dig detaljerne i vores chat."


async def test_a_public_cheer_is_answered_in_the_thread_a_private_one_in_the_chat(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    await teams.say(BENTE, "help")  # Bente is known, with a personal chat
    before = len(teams.connector.calls)
    await teams.say(
        ALICE, "cheer <at>Bente Hansen</at> for the review", channel=True, mentions=(BENTE,)
    )
    thread = [c for c in teams.connector.calls[before:] if ";messageid=" in c.path]
    [answer] = thread
    assert "Your cheer for **Bente Hansen** is in the channel and with them." in answer.text

    await teams.say(BENTE, "chorus cheers private")
    before = len(teams.connector.calls)
    await teams.say(
        ALICE, "cheer <at>Bente Hansen</at> for the slides", channel=True, mentions=(BENTE,)
    )
    thread = [c for c in teams.connector.calls[before:] if ";messageid=" in c.path]
    assert [c.text for c in thread] == [NOTE]
    private = teams.connector.sent(teams.connector.chat_with(ALICE))[-1]
    assert "privately" in private.text


async def test_a_group_chat_mention_is_answered_in_the_group_chat(teams: TeamsRig) -> None:
    group = "19:group-chat@thread.v2"
    conversation = {
        "id": group,
        "conversationType": "groupChat",
        "tenantId": TENANT,
        "isGroup": True,
    }
    activity = teams.activity(ALICE, text="help", conversation=conversation)
    activity["text"] = "<at>Chorus</at> help"
    activity["entities"] = [
        {"type": "mention", "text": "<at>Chorus</at>", "mentioned": {"id": "28:chorus-bot"}}
    ]
    status, _ = await teams.post(activity)
    assert status == 202
    [note] = teams.connector.sent(group)
    assert note.text == NOTE
    [answer] = teams.connector.sent(teams.connector.chat_with(ALICE))
    assert "Chorus — your ambassador programme's home" in answer.text


async def test_choosing_the_channel_is_said_in_that_channels_thread(teams: TeamsRig) -> None:
    await teams.make_channel()
    thread = [c for c in teams.connector.calls if ";messageid=" in c.path]
    assert [c.text for c in thread] == [
        "This is now the ambassador channel: new ideas, cheers and calls appear here."
    ]
