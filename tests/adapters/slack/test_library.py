"""The content library through the real bolt app: /share is a slash command of its own,
and the "I'll share this" button answers privately with the angles."""

from __future__ import annotations

import json

from tests.adapters.slack.conftest import ANN, BEN, Chorus

ARTICLE = "https://www.example.com/green-data-centres"


async def test_share_is_answered_privately_and_its_pick_button_answers_with_angles(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    reply = await chorus.slack.command(
        ANN,
        f"<{ARTICLE}> #sustainability Our &lt;b&gt;numbers&lt;/b&gt; <!channel>",
        command="/share",
    )

    body = reply.json()
    assert reply.status == 200 and body["response_type"] == "ephemeral"
    assert "Item #1 is in the library" in body["text"]
    blocks = json.dumps(body["blocks"], ensure_ascii=False)
    assert "<!channel>" not in blocks and "@channel" in blocks
    assert "&lt;b&gt;numbers&lt;/b&gt;" in blocks
    [pick] = [
        e
        for b in body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["value"] == "share pick 1"
    ]
    await chorus.settle()
    assert chorus.api.find("chat.postMessage") == []  # a suggestion stays private
    assert await chorus.rows("library_items") == 1

    pressed = await chorus.slack.press(BEN, pick["value"], action_id=pick["action_id"])

    assert pressed.status == 200
    await chorus.settle()
    [answer] = chorus.api.find("response_url")
    assert "What surprised you?" in answer.args["text"]
    assert await chorus.rows("library_picks") == 1
    assert chorus.api.find("chat.postMessage") == []


async def test_a_javascript_link_is_refused_privately_and_nothing_is_kept(chorus: Chorus) -> None:
    reply = await chorus.slack.command(ANN, "javascript:alert(1)", command="/share")

    assert reply.json()["response_type"] == "ephemeral"
    assert "doesn't look like a web link" in await chorus.answer(reply)
    await chorus.settle()
    assert await chorus.rows("library_items") == 0
