"""Channel posts and notes leave through the outbox: Slack's rate limits are waited out,
places Chorus cannot post to are given up on, never retried forever."""

from __future__ import annotations

from tests.adapters.slack.conftest import ANN, CHANNEL, Chorus


async def test_a_rate_limited_channel_post_goes_out_after_the_pause(chorus: Chorus) -> None:
    await chorus.with_channel()
    chorus.api.fail_next("chat.postMessage", "ratelimited")

    await chorus.slack.command(ANN, "Patience is a virtue")
    await chorus.settle()

    refused, posted = chorus.api.find("chat.postMessage")
    assert refused.args["channel"] == posted.args["channel"] == CHANNEL
    assert refused.args["blocks"] == posted.args["blocks"]
    ref = await chorus.runtime.platform.message_ref(1, "idea:1")
    assert ref is not None and ref.channel_id == CHANNEL
    assert await chorus.runtime.outbox.dead_letters(1) == []


async def test_a_channel_chorus_cannot_join_is_given_up_on(chorus: Chorus) -> None:
    await chorus.with_channel()
    chorus.api.fail_next("chat.postMessage", "not_in_channel")
    chorus.api.fail_next("conversations.join", "method_not_supported_for_channel_type")

    await chorus.slack.command(ANN, "A private channel nobody invited me to")
    await chorus.settle()

    assert len(chorus.api.find("chat.postMessage")) == 1
    [dead] = await chorus.runtime.outbox.dead_letters(1)
    assert "not_in_channel" in (dead.last_error or "")
    assert await chorus.runtime.platform.message_ref(1, "idea:1") is None
