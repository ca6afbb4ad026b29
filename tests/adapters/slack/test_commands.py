"""Slash commands, buttons and modals through the real bolt app, signed as Slack signs."""

from __future__ import annotations

import json

import pytest

from adapters.slack import app as slack_app
from tests.adapters.slack.conftest import ANN, BEN, CHANNEL, Chorus
from tests.adapters.slack.fake_slack import Call


def button_values(call: Call) -> list[str]:
    return [
        element["value"]
        for block in call.args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def texts(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


async def test_idea_is_answered_privately_in_the_ack_and_posted_to_the_channel_after(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()

    reply = await chorus.slack.command(ANN, "Why we test our backups every Friday #engineering")

    assert reply.status == 200
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    assert "Idea #1 is parked" in body["text"]
    await chorus.settle()
    [post] = chorus.api.find("chat.postMessage")
    assert post.args["channel"] == CHANNEL
    assert post.authorization == "Bearer xoxb-test-token-0123456789"
    assert "<@U0ANN0001>" in texts(post.args["blocks"])
    assert button_values(post) == ["idea vote 1", "idea claim 1"]
    ids = [
        e["action_id"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert ids == ["chorus:0", "chorus:1"]
    ref = await chorus.runtime.platform.message_ref(1, "idea:1")
    assert ref is not None and ref.channel_id == CHANNEL


async def test_without_an_ambassador_channel_the_idea_stays_private(chorus: Chorus) -> None:
    reply = await chorus.slack.command(ANN, "An idea nobody sees yet")

    assert "only you see it" in await chorus.answer(reply)
    await chorus.settle()
    assert chorus.api.find("chat.postMessage") == []


async def test_second_vote_click_updates_the_same_post(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Backups on Fridays")
    await chorus.settle()
    [post] = chorus.api.find("chat.postMessage")

    await chorus.slack.press(BEN, "idea vote 1", message_ts=post.args.get("ts", ""))
    await chorus.settle()
    await chorus.slack.press(BEN, "idea vote 1")
    await chorus.settle()

    assert len(chorus.api.find("chat.postMessage")) == 1
    first, second = chorus.api.find("chat.update")
    assert first.args["ts"] == second.args["ts"] == "1700000000.000001"
    assert first.args["channel"] == CHANNEL
    assert "Vote (1)" in texts(first.args["blocks"])
    assert "Vote (0)" in texts(second.args["blocks"])
    answers = [c.args for c in chorus.api.find("response_url")]
    assert [a["response_type"] for a in answers] == ["ephemeral", "ephemeral"]
    assert all(a["replace_original"] is False for a in answers)
    assert "is counted" in answers[0]["text"] and "took back" in answers[1]["text"]


async def test_claiming_updates_the_post_and_tells_the_author_in_a_dm(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Our journey to the cloud")
    await chorus.settle()

    await chorus.slack.press(BEN, "idea claim 1")
    await chorus.settle()

    [update] = chorus.api.find("chat.update")
    assert "Claimed by" in texts(update.args["blocks"]) and "<@U0BEN0001>" in texts(
        update.args["blocks"]
    )
    dms = [c for c in chorus.api.find("chat.postMessage") if c.args["channel"] == ANN]
    assert len(dms) == 1 and "claimed your idea #1" in texts(dms[0].args["blocks"])


async def test_a_stale_button_gets_a_private_explanation(chorus: Chorus) -> None:
    reply = await chorus.slack.press(BEN, "idea vote 99")

    assert reply.status == 200
    await chorus.settle()
    [answer] = chorus.api.find("response_url")
    assert "There is no idea #99" in answer.args["text"]
    assert chorus.api.find("chat.update") == []


async def test_bad_input_is_answered_privately(chorus: Chorus) -> None:
    reply = await chorus.slack.command(ANN, "frobnicate", command="/chorus")

    assert reply.status == 200
    body = await chorus.answer_payload(reply)
    assert body["response_type"] == "ephemeral"
    assert "/chorus help" in body["text"]


async def test_slash_command_text_is_unescaped_before_the_core_sees_it(chorus: Chorus) -> None:
    await chorus.with_channel()

    await chorus.slack.command(
        ANN,
        "Fish &amp; chips &lt;3 at <https://example.com|example.com> with <@U0BEN0001|ben> #culture",
    )
    await chorus.settle()

    [post] = chorus.api.find("chat.postMessage")
    quote = post.args["blocks"][1]["text"]["text"]
    assert quote == "> Fish &amp; chips &lt;3 at example.com with &lt;@U0BEN0001|ben&gt;"


async def test_nothing_a_member_types_can_ping_everyone_or_fake_a_mention_or_a_link(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    typed = "Hi <!channel> <!here> &lt;!everyone&gt; &lt;@U0BEN0001&gt; &lt;https://evil.example|your bank&gt; *"

    reply = await chorus.slack.command(ANN, typed)
    await chorus.settle()
    await chorus.slack.press(BEN, "idea show 1")
    await chorus.settle()

    sent = reply.text + json.dumps([c.args for c in chorus.api.calls])
    for danger in ("<!channel>", "<!here>", "<!everyone>", "<@U0BEN0001>", "<https://evil"):
        assert danger not in sent
    assert "&lt;!everyone&gt;" in sent and "&lt;https://evil.example|your bank&gt;" in sent
    assert "@channel" in sent  # shown as text, acts as nothing


async def test_an_idea_of_2000_markup_characters_is_split_within_slack_limits(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()

    await chorus.slack.command(ANN, "&amp;&lt;&gt;" * 666 + "&amp;&amp;")
    await chorus.settle()

    [post] = chorus.api.find("chat.postMessage")
    sections = [b["text"]["text"] for b in post.args["blocks"] if b["type"] == "section"]
    quotes = [text for text in sections if text.startswith(">")]
    assert len(quotes) == 3  # 8,668 escaped characters
    assert all(len(q) <= 3000 and "<" not in q for q in quotes)
    assert "".join(q.removeprefix("> ") for q in quotes).count("&amp;") == 668


async def test_idea_form_opens_a_modal_and_its_submission_parks_the_idea(chorus: Chorus) -> None:
    await chorus.with_channel()

    reply = await chorus.slack.command(ANN, "form")
    assert reply.status == 200 and reply.text == ""
    await chorus.settle()
    [opened] = chorus.api.find("views.open")
    assert opened.args["trigger_id"] == f"trigger-{ANN}"
    view = opened.args["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24

    submitted = await chorus.slack.submit(
        ANN, view, {"text": "Three lessons from our cloud move", "themes": "#engineering"}
    )
    assert submitted.status == 200 and submitted.text == ""
    await chorus.settle()

    [post] = chorus.api.find("chat.postMessage")
    assert "Three lessons" in texts(post.args["blocks"])
    [private] = chorus.api.find("chat.postEphemeral")
    assert private.args["channel"] == CHANNEL and private.args["user"] == ANN
    assert "Idea #1 is parked" in private.args["text"]


async def test_a_form_error_is_shown_inline_and_nothing_is_stored(chorus: Chorus) -> None:
    await chorus.slack.command(ANN, "form")
    await chorus.settle()
    view = chorus.api.find("views.open")[0].args["view"]

    empty = await chorus.slack.submit(ANN, view, {"text": "   ", "themes": "#culture"})
    too_long = await chorus.slack.submit(ANN, view, {"text": "x" * 2001})

    for reply in (empty, too_long):
        body = reply.json()
        assert body["response_action"] == "errors"
        assert list(body["errors"]) == ["text"] and body["errors"]["text"]
    assert "2,000" in too_long.json()["errors"]["text"]
    await chorus.settle()
    assert await chorus.rows("ideas") == 0
    assert chorus.api.find("chat.postEphemeral") == []


async def test_the_open_the_idea_form_button_opens_the_modal(chorus: Chorus) -> None:
    reply = await chorus.slack.command(ANN, "")
    body = await chorus.answer_payload(reply)
    buttons = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["value"] for b in buttons] == ["idea form"]

    await chorus.slack.press(ANN, buttons[0]["value"], action_id=buttons[0]["action_id"])
    await chorus.settle()

    [opened] = chorus.api.find("views.open")
    assert opened.args["view"]["callback_id"] == "chorus:form"


async def test_a_slow_core_is_acknowledged_at_once_and_answers_through_the_response_url(
    chorus: Chorus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slack_app, "ANSWER_BUDGET", 0.0)

    reply = await chorus.slack.command(ANN, "list", command="/idea")

    assert reply.status == 200 and reply.text == ""
    await chorus.settle()
    [late] = chorus.api.find("response_url")
    assert "No ideas here yet" in late.args["text"]


async def test_posting_joins_the_channel_when_the_bot_is_not_in_it(chorus: Chorus) -> None:
    await chorus.with_channel()
    chorus.api.fail_next("chat.postMessage", "not_in_channel")

    await chorus.slack.command(ANN, "Join me")
    await chorus.settle()

    [join] = chorus.api.find("conversations.join")
    assert join.args["channel"] == CHANNEL
    assert len(chorus.api.find("chat.postMessage")) == 2
    assert await chorus.runtime.platform.message_ref(1, "idea:1") is not None


async def test_a_deleted_channel_post_is_posted_again_on_the_next_change(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Post me twice")
    await chorus.settle()
    chorus.api.fail_next("chat.update", "message_not_found")

    await chorus.slack.press(BEN, "idea vote 1")
    await chorus.settle()

    _, second = chorus.api.find("chat.postMessage")
    ref = await chorus.runtime.platform.message_ref(1, "idea:1")
    assert ref is not None and ref.message_id == "1700000000.000002"
    assert "Vote (1)" in texts(second.args["blocks"])
