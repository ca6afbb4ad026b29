"""Issue 5 through the real bolt app: the draft editor modal, like & comment call buttons
(double clicks and a crowd of clicks), cheers by command and by reaction."""

from __future__ import annotations

import asyncio
import json

from tests.adapters.slack.conftest import ANN, BEN, CHANNEL, Chorus
from tests.adapters.slack.test_events import reaction

URL = "https://www.linkedin.com/posts/ann_backups-activity-1"


def _call_text(chorus: Chorus) -> str:
    """The newest version of the call as Slack has it (posted, then updated in place)."""
    calls = chorus.api.find("chat.postMessage") + chorus.api.find("chat.update")
    texts = [json.dumps(c.args.get("blocks"), ensure_ascii=False) for c in calls]
    return [t for t in texts if "I liked it" in t][-1]


async def test_the_draft_editor_modal_refuses_a_huge_paste_inline_and_keeps_the_text(
    chorus: Chorus,
) -> None:
    reply = await chorus.slack.command(ANN, "", command="/draft")
    assert reply.status == 200
    await chorus.settle()
    [opened] = chorus.api.find("views.open")
    view = opened.args["view"]
    assert view["type"] == "modal"

    huge = await chorus.slack.submit(ANN, view, {"text": "x" * 20_000})
    empty = await chorus.slack.submit(ANN, view, {"text": "  "})

    body = huge.json()
    assert body["response_action"] == "errors" and "10,000" in body["errors"]["text"]
    assert empty.json()["response_action"] == "errors"
    await chorus.settle()
    assert await chorus.rows("drafts") == 0

    saved = await chorus.slack.submit(ANN, view, {"text": "Why we test backups on Fridays"})
    assert saved.status == 200 and saved.text == ""
    await chorus.settle()
    assert await chorus.rows("drafts") == 1 and await chorus.rows("draft_versions") == 1
    [private] = chorus.api.find("chat.postEphemeral")
    assert "Draft #1 is saved" in private.args["text"]
    assert chorus.api.find("chat.postMessage") == []  # drafts never reach the channel


async def test_a_double_click_on_i_liked_it_counts_once(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, URL, command="/posted")
    await chorus.settle()
    assert "0 likes" in _call_text(chorus)

    first, second = await asyncio.gather(
        chorus.slack.press(BEN, "posted like 1"), chorus.slack.press(BEN, "posted like 1")
    )
    assert first.status == second.status == 200
    await chorus.settle()
    assert await chorus.rows("post_engagements") == 1
    assert "1 like" in _call_text(chorus) and "2 likes" not in _call_text(chorus)
    assert len(chorus.api.find("chat.postMessage")) == 1  # updated in place, not reposted


async def test_twenty_members_clicking_at_once_are_all_counted(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, URL, command="/posted")
    await chorus.settle()

    members = [f"U0MEMBER{index:03d}" for index in range(20)]
    replies = await asyncio.gather(*(chorus.slack.press(m, "posted like 1") for m in members))
    assert all(r.status == 200 for r in replies)
    await chorus.settle()
    assert await chorus.rows("post_engagements") == 20
    assert "20 likes" in _call_text(chorus)


async def test_cheer_by_command_reaches_the_channel_and_the_receiver(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(BEN, "", command="/chorus")  # Ben says hello once
    await chorus.settle()
    reply = await chorus.slack.command(
        ANN, f"<@{BEN}|ben> for explaining <!channel> backups", command="/cheer"
    )
    assert reply.status == 200
    await chorus.settle()
    assert await chorus.rows("cheers") == 1
    posts = chorus.api.find("chat.postMessage")
    channel_posts = [p for p in posts if p.args["channel"] == CHANNEL]
    dms = [p for p in posts if p.args["channel"] == BEN]
    assert channel_posts and dms
    assert "<!channel>" not in json.dumps(channel_posts[-1].args["blocks"])


async def test_the_cheer_reaction_counts_against_the_daily_allowance(chorus: Chorus) -> None:
    await chorus.with_channel()
    for index in range(6):
        await chorus.slack.event(reaction(ts=f"1700000100.00010{index}"))
    await chorus.settle()
    assert await chorus.rows("cheers") == 5
    [refusal] = chorus.api.find("chat.postEphemeral")
    assert refusal.args["user"] == BEN and "all 5 cheers for today" in refusal.args["text"]
