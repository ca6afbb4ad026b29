"""Joining through the real bolt app: the private welcome's Join button, and a freed seat
offered by DM whose Accept button gives it."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.adapters.slack.conftest import ANN, BEN, CHANNEL, Chorus
from tests.adapters.slack.fake_slack import Reply


async def _private(chorus: Chorus, *replies: Reply) -> str:
    await chorus.settle()
    parts = [r.text for r in replies if r.text]
    for method in ("response_url", "chat.postEphemeral"):
        parts += [json.dumps(c.args, ensure_ascii=False) for c in chorus.api.find(method)]
    return "\n".join(parts)


async def test_the_welcome_has_a_join_button_that_gives_a_seat(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.event(
        {"type": "member_joined_channel", "user": BEN, "channel": CHANNEL, "channel_type": "C"}
    )
    await chorus.settle()
    [welcome] = [c for c in chorus.api.find("chat.postEphemeral") if c.args["user"] == BEN]
    assert '"chorus join"' in json.dumps(welcome.args)
    assert not [c for c in chorus.api.find("chat.postMessage") if "join" in json.dumps(c.args)]

    joined = await chorus.slack.press(BEN, "chorus join", channel=CHANNEL)
    assert joined.status == 200
    assert "Welcome to the ambassador programme" in await _private(chorus, joined)
    assert await chorus.rows("enrolments") == 1


async def test_a_freed_seat_is_offered_by_dm_and_accepted_with_its_button(
    chorus: Chorus,
) -> None:
    core = chorus.runtime.core
    core.programme = replace(core.programme, capacity=1)
    await chorus.slack.press(BEN, "chorus join")
    waiting = await chorus.slack.press(ANN, "chorus join")
    assert "waiting list: number 1" in await _private(chorus, waiting)

    await chorus.slack.command(BEN, "leave", command="/chorus")
    await chorus.settle()
    offers = [
        c for c in chorus.api.find("chat.postMessage") if "chorus join accept" in json.dumps(c.args)
    ]
    assert [offer.args["channel"] for offer in offers] == [ANN]

    accepted = await chorus.slack.press(ANN, "chorus join accept")
    assert "Welcome to the ambassador programme" in await _private(chorus, accepted)
    again = await chorus.slack.press(ANN, "chorus join accept")
    assert "already in the programme" in await _private(chorus, again)
