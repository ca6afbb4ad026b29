"""Teams end to end over HTTP: the real Agents SDK adapter in our aiohttp app, a fake
Bot Connector recording what the bot sends."""

from __future__ import annotations

from adapters.teams.render import CARD_KEY, COMMAND_KEY, FORM_DEF_KEY, FORM_KEY
from storage.platform import MessageRef
from tests.adapters.teams.conftest import (
    ALICE,
    BENTE,
    CHANNEL_ID,
    CORA,
    TENANT,
    TeamsRig,
    actions_of,
    assert_valid_card,
    texts_of,
)


async def test_help_in_a_personal_chat_answers_there_with_a_card(teams: TeamsRig) -> None:
    assert await teams.say(ALICE, "help") == 202
    [call] = teams.connector.calls
    assert (call.method, call.path) == ("POST", f"/v3/conversations/{ALICE.personal}/activities")
    assert call.authorization is None  # anonymous local use: nothing to sign with
    assert call.body["recipient"]["id"] == ALICE.teams_id
    assert call.body["from"]["id"] == "28:chorus-bot"
    assert "Chorus — your ambassador programme's home" in call.text
    commands = [a["data"][COMMAND_KEY] for a in actions_of(call.card)]
    assert commands == ["idea form", "idea list open"]
    assert all(a["type"] == "Action.Submit" for a in actions_of(call.card))


async def test_idea_with_and_without_slash_in_a_personal_chat(teams: TeamsRig) -> None:
    await teams.say(ALICE, "idea Mentoring new colleagues #culture")
    await teams.say(ALICE, "/idea Pairing with juniors")
    first, second = teams.connector.sent(ALICE.personal)
    assert "Idea #1 is parked in the idea bank. Thank you!" in first.text
    assert "Idea #2 is parked in the idea bank. Thank you!" in second.text


async def test_channel_idea_posts_a_shared_card_and_answers_in_the_thread(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    # Cora has never chatted with the bot: a personal chat is opened for later notes,
    # and the news that this is the channel now is said in her thread, for everyone.
    create = next(c for c in teams.connector.calls if c.path == "/v3/conversations")
    assert create.body["members"] == [{"id": CORA.teams_id}]
    assert create.body["tenantId"] == TENANT and create.body["isGroup"] is False
    assert teams.connector.sent(teams.connector.chat_with(CORA)) == []
    [answer] = [c for c in teams.connector.calls if ";messageid=" in c.path]
    assert "This is now the ambassador channel" in answer.text
    assert teams.connector.sent(CHANNEL_ID) == []

    assert await teams.say(ALICE, "idea Mentoring new colleagues #culture", channel=True) == 202
    [post] = teams.connector.sent(CHANNEL_ID)
    # A new post in the channel (not a reply in the thread the command was typed in).
    assert post.path == f"/v3/conversations/{CHANNEL_ID}/activities"
    card = post.card
    assert texts_of(card)[0] == "💡 New idea #1 from **Alice Andersen**"
    assert "msteams" not in card  # strictly schema-valid: names in bold, no mention entities
    assert "Mentoring new colleagues" in post.text
    [vote, claim] = actions_of(card)
    assert vote["type"] == "Action.Execute"
    assert vote["data"] == {COMMAND_KEY: "idea vote 1", CARD_KEY: "idea:1"}
    assert claim["data"][COMMAND_KEY] == "idea claim 1"
    # The answer holds nothing private: it went into the thread where Alice typed.
    [answer] = [c for c in teams.connector.calls if "Thank you!" in str(c.body)]
    assert answer.path.startswith(f"/v3/conversations/{CHANNEL_ID};messageid=")
    # Her personal chat is opened (for notes later), with nothing in it.
    assert teams.connector.sent(teams.connector.chat_with(ALICE)) == []
    ref = await teams.runtime.platform.message_ref(await teams.workspace_id(), "idea:1")
    assert ref == MessageRef(CHANNEL_ID, str(post.answered_id))


async def test_pressing_a_submit_button_updates_the_channel_card_in_place(teams: TeamsRig) -> None:
    await teams.make_channel()
    await teams.say(ALICE, "idea Mentoring new colleagues", channel=True)
    [post] = teams.connector.sent(CHANNEL_ID)
    [vote, _] = actions_of(post.card)

    assert await teams.press(BENTE, vote["data"], channel=True) == 202
    post_again, update = teams.connector.sent(CHANNEL_ID)
    assert post_again is post
    assert update.method == "PUT"
    assert update.path == f"/v3/conversations/{CHANNEL_ID}/activities/{post.answered_id}"
    assert [a["title"] for a in actions_of(update.card)] == ["Vote (1)", "Claim"]
    private = teams.connector.sent(teams.connector.chat_with(BENTE))
    assert "Your vote for idea #1 is counted. It has 1 vote now." in private[0].text


async def test_an_execute_press_answers_on_the_card_and_updates_everyones_copy(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    await teams.say(ALICE, "idea Mentoring new colleagues", channel=True)
    [post] = teams.connector.sent(CHANNEL_ID)
    [vote, _] = actions_of(post.card)
    before = len(teams.connector.calls)

    status, body = await teams.execute(BENTE, vote["data"], channel=True)
    assert status == 200
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "Your vote for idea #1 is counted. It has 1 vote now.",
    }
    [update] = teams.connector.calls[before:]  # no chat message: the answer was on the card
    assert update.method == "PUT"
    assert update.path == f"/v3/conversations/{CHANNEL_ID}/activities/{post.answered_id}"
    assert [a["title"] for a in actions_of(update.card)] == ["Vote (1)", "Claim"]

    status, body = await teams.execute(BENTE, vote["data"], channel=True)  # toggles off
    assert body["value"] == "You took back your vote for idea #1. It has 0 votes now."
    assert [a["title"] for a in actions_of(teams.connector.calls[-1].card)] == ["Vote (0)", "Claim"]


async def test_an_execute_press_whose_answer_has_buttons_refreshes_the_card_and_writes(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    await teams.say(ALICE, "idea Mentoring new colleagues", channel=True)
    [_, claim] = actions_of(teams.connector.sent(CHANNEL_ID)[0].card)

    status, body = await teams.execute(BENTE, claim["data"], channel=True)
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(body["value"])
    assert "Claimed by **Bente Hansen**" in " ".join(texts_of(body["value"]))
    assert teams.connector.sent(CHANNEL_ID)[-1].card == body["value"]
    [answer] = teams.connector.sent(teams.connector.chat_with(BENTE))
    assert "Idea #1 is yours to write." in answer.text
    assert [a["data"][COMMAND_KEY] for a in actions_of(answer.card)] == ["idea unclaim 1"]
    # The idea's author hears about it in her personal chat (through the outbox).
    note = teams.connector.sent(teams.connector.chat_with(ALICE))[-1]
    assert "claimed your idea #1" in note.text


async def test_a_stale_execute_press_gets_a_private_explanation_not_an_error(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    status, body = await teams.execute(
        BENTE, {COMMAND_KEY: "idea vote 41", CARD_KEY: "idea:41"}, channel=True
    )
    assert status == 200
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "There is no idea #41. /idea list shows the ideas in the bank.",
    }
    assert teams.connector.sent(CHANNEL_ID) == []


async def test_a_refused_form_comes_back_with_the_message_and_the_typed_values(
    teams: TeamsRig,
) -> None:
    await teams.press(ALICE, {COMMAND_KEY: "idea form"})
    [form_post] = teams.connector.sent(ALICE.personal)
    card = form_post.card
    [text_input, themes_input] = [e for e in card["body"] if e["type"] == "Input.Text"]
    assert text_input["isMultiline"] is True and text_input["maxLength"] == 2000
    assert text_input["isRequired"] is True and themes_input["isRequired"] is False
    [submit] = actions_of(card)
    data = {**submit["data"], "text": "   ", "themes": "#culture"}

    await teams.press(ALICE, data, reply_to=form_post.answered_id)
    again = teams.connector.sent(ALICE.personal)[-1]
    assert again.method == "PUT"
    assert again.path == f"/v3/conversations/{ALICE.personal}/activities/{form_post.answered_id}"
    inputs = {e["id"]: e for e in again.card["body"] if e["type"] == "Input.Text"}
    assert inputs["themes"]["value"] == "#culture"
    assert inputs["text"]["errorMessage"] == "Write your idea in the text field."
    assert "Write your idea in the text field." in texts_of(again.card)
    [submit_again] = actions_of(again.card)
    assert submit_again["data"][FORM_KEY] == "idea" and FORM_DEF_KEY in submit_again["data"]

    await teams.press(
        ALICE,
        {**submit_again["data"], "text": "Mentoring new colleagues", "themes": "#culture"},
        reply_to=form_post.answered_id,
    )
    done = teams.connector.sent(ALICE.personal)[-1]
    assert done.method == "PUT" and "Idea #1 is parked in the idea bank. Thank you!" in done.text


async def test_mentioning_a_colleague_names_them_by_their_aad_id(teams: TeamsRig) -> None:
    await teams.say(BENTE, "help")  # Bente is known from her first contact
    teams.connector.members["29:bente"] = {
        "id": "29:bente",
        "name": "Bente Hansen",
        "aadObjectId": "aad-bente",
    }
    await teams.say(CORA, "chorus promote <at>Bente Hansen</at>", channel=True, mentions=(BENTE,))
    lookups = [c.path for c in teams.connector.calls if c.method == "GET"]
    assert lookups == [f"/v3/conversations/{CHANNEL_ID}/members/29:bente"]
    answer = teams.connector.sent(teams.connector.chat_with(CORA))[-1]
    assert texts_of(answer.card)[0] == "**Bente Hansen** is now a coordinator."


async def test_chorus_admins_may_name_the_teams_id_instead_of_the_aad_id(teams: TeamsRig) -> None:
    from tests.adapters.teams.conftest import Person

    by_teams_id = Person("UCOORD", "Cora Teams-Id", "aad-someone-else")
    await teams.say(by_teams_id, "chorus channel", channel=True)
    # A coordinator's command worked (not "only coordinators can ..."): said in the thread.
    answer = teams.connector.calls[-1]
    assert ";messageid=" in answer.path
    assert "This is now the ambassador channel" in answer.text


async def test_a_redelivered_activity_is_answered_once(teams: TeamsRig) -> None:
    activity = teams.activity(ALICE, text="idea Mentoring new colleagues")
    assert (await teams.post(activity))[0] == 202
    assert (await teams.post(activity))[0] == 202
    assert len(teams.connector.sent(ALICE.personal)) == 1


async def test_a_message_with_only_the_bots_mention_gets_a_hint(teams: TeamsRig) -> None:
    await teams.say(ALICE, "", channel=True)
    [answer] = teams.connector.sent(teams.connector.chat_with(ALICE))
    assert "Type a command, for example /idea TEXT, or /chorus help." in answer.text
    note = teams.connector.calls[-1]
    assert note.path.startswith(f"/v3/conversations/{CHANNEL_ID};messageid=")
    assert note.text == "I sent you the details in our chat."


async def test_installing_remembers_the_conversation_and_removal_marks_it_unreachable(
    teams: TeamsRig,
) -> None:
    from tests.adapters.teams.conftest import BOT

    added = teams.activity(CORA, kind="conversationUpdate", channel=True, membersAdded=[BOT])
    added["conversation"]["id"] = CHANNEL_ID
    assert (await teams.post(added))[0] == 202
    workspace_id = await teams.workspace_id()
    stored = await teams.runtime.platform.conversation(workspace_id, CHANNEL_ID)
    assert stored is not None and stored.kind == "channel" and not stored.unreachable
    assert '"serviceUrl"' in stored.reference and CHANNEL_ID in stored.reference

    removed = teams.activity(CORA, kind="conversationUpdate", channel=True, membersRemoved=[BOT])
    removed["conversation"]["id"] = CHANNEL_ID
    assert (await teams.post(removed))[0] == 202
    stored = await teams.runtime.platform.conversation(workspace_id, CHANNEL_ID)
    assert stored is not None and stored.unreachable
    assert teams.connector.calls == []  # no greeting text of the adapter's own


async def test_a_personal_install_is_remembered_for_that_member(teams: TeamsRig) -> None:
    installed = teams.activity(ALICE, kind="installationUpdate", action="add")
    assert (await teams.post(installed))[0] == 202
    stored = await teams.runtime.platform.personal_conversation_of(
        await teams.workspace_id(), "aad-alice"
    )
    assert stored is not None and stored.conversation_id == ALICE.personal


async def test_a_newcomer_to_the_ambassador_team_is_welcomed_privately(teams: TeamsRig) -> None:
    await teams.make_channel()
    teams.connector.members[BENTE.teams_id] = {**BENTE.account()}
    joined = teams.activity(
        CORA,
        kind="conversationUpdate",
        channel=True,
        membersAdded=[{"id": BENTE.teams_id, "aadObjectId": "aad-bente"}],
    )
    joined["conversation"]["id"] = CHANNEL_ID
    assert (await teams.post(joined))[0] == 202
    [welcome] = teams.connector.sent(teams.connector.chat_with(BENTE))
    assert texts_of(welcome.card)[0].startswith(
        "Welcome to the ambassador channel, **Bente Hansen**!"
    )
    assert [a["data"][COMMAND_KEY] for a in actions_of(welcome.card)] == [
        "chorus join",
        "idea form",
        "chorus help",
    ]
    assert (await teams.post(joined))[0] == 202  # redelivered: no second welcome
    assert len(teams.connector.sent(teams.connector.chat_with(BENTE))) == 1


async def test_a_personal_install_opens_on_the_members_own_page(teams: TeamsRig) -> None:
    from tests.adapters.teams.conftest import BOT

    installed = teams.activity(
        ALICE, kind="conversationUpdate", membersAdded=[ALICE.account(), BOT]
    )
    assert (await teams.post(installed))[0] == 202
    [home] = teams.connector.sent(ALICE.personal)
    assert texts_of(home.card)[0] == "Your Chorus"
    assert "idea form" in [a["data"][COMMAND_KEY] for a in actions_of(home.card)]
