"""The ambassador of the quarter through the real bolt app: a nomination answered privately,
and the winner who keeps cheers private pressing **Announce it** in their DM."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.award import quarters
from tests.adapters.slack.conftest import ANN, BEN, CHANNEL, COORDINATOR, Chorus

REASON = "his posts on our backup tests taught customers something new"
CITATION = "for posts that explained our work in his own voice"


async def _open_window(chorus: Chorus) -> None:
    now = datetime.now(UTC)
    async with chorus.runtime.uow() as uow:
        [workspace] = await uow.workspaces.all()
        label = quarters.label(quarters.today_in(now, workspace.timezone))
        assert await uow.awards.open_window(workspace.id, label, now)
        await uow.commit()


async def test_a_nomination_is_private_and_a_private_winner_announces_with_a_button(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    assert (await chorus.slack.command(BEN, "cheers private", command="/chorus")).status == 200
    await _open_window(chorus)

    nominated = await chorus.slack.command(
        ANN, f"nominate <@{BEN}|ben> {REASON}", command="/chorus"
    )
    body = await chorus.answer_payload(nominated)
    assert body["response_type"] == "ephemeral" and "is in" in body["text"]
    assert await chorus.rows("award_nominations") == 1
    short = await chorus.slack.command(ANN, f"nominate <@{BEN}|ben> great", command="/chorus")
    assert "at least 20 characters" in await chorus.answer(short)

    picked = await chorus.slack.command(
        COORDINATOR, f"award pick <@{BEN}|ben> {CITATION}", command="/chorus"
    )
    assert "asked them" in await chorus.answer(picked)
    await chorus.settle()
    [ask] = [c for c in chorus.api.find("chat.postMessage") if CITATION in json.dumps(c.args)]
    assert ask.args["channel"] != CHANNEL
    [announce] = [
        e
        for b in ask.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["value"] == "/chorus award announce"
    ]

    pressed = await chorus.slack.press(BEN, announce["value"], action_id=announce["action_id"])

    assert pressed.status == 200
    await chorus.settle()
    posts = [
        c
        for c in chorus.api.find("chat.postMessage")
        if c.args["channel"] == CHANNEL and CITATION in json.dumps(c.args)
    ]
    assert len(posts) == 1


async def test_a_private_runner_up_presses_name_me_and_gets_a_channel_mention(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    assert (await chorus.slack.command(ANN, "cheers private", command="/chorus")).status == 200
    assert (await chorus.slack.command(BEN, "help", command="/chorus")).status == 200
    await _open_window(chorus)
    added = await chorus.slack.command(
        COORDINATOR, f"award runner-up <@{ANN}|ann> <!channel> for her drafts", command="/chorus"
    )
    assert "is a runner-up" in await chorus.answer(added)
    picked = await chorus.slack.command(
        COORDINATOR, f"award pick <@{BEN}|ben> {CITATION}", command="/chorus"
    )
    assert "the channel has your citation" in await chorus.answer(picked)
    await chorus.settle()
    [announced] = [
        c
        for c in chorus.api.find("chat.postMessage")
        if c.args["channel"] == CHANNEL and CITATION in json.dumps(c.args)
    ]
    assert ANN not in json.dumps(announced.args)  # not named without her yes
    [ask] = [
        c for c in chorus.api.find("chat.postMessage") if "May we name you" in json.dumps(c.args)
    ]
    [name_me] = [
        e
        for b in ask.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["value"].startswith("/chorus award announce ")
    ]
    asked = json.dumps(ask.args)
    assert "@channel for her drafts" in asked and "<!channel>" not in asked  # inert text

    pressed = await chorus.slack.press(ANN, name_me["value"], action_id=name_me["action_id"])

    assert pressed.status == 200
    await chorus.settle()
    [mention] = [
        c
        for c in chorus.api.find("chat.postMessage")
        if c.args["channel"] == CHANNEL and "also mention" in json.dumps(c.args)
    ]
    text = json.dumps(mention.args)
    assert f"<@{ANN}>" in text and "<!channel>" not in text
