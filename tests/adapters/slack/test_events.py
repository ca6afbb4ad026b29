"""Events API: cheers by reaction, the App Home, welcomes, mentions — each exactly once."""

from __future__ import annotations

import json
from typing import Any

from tests.adapters.slack.conftest import ANN, BEN, CHANNEL, Chorus
from tests.adapters.slack.fake_slack import BOT_USER


def reaction(
    kind: str = "reaction_added",
    *,
    user: str = BEN,
    author: str = ANN,
    emoji: str = "tada",
    channel: str = CHANNEL,
    ts: str = "1700000100.000100",
) -> dict[str, Any]:
    return {
        "type": kind,
        "user": user,
        "reaction": emoji,
        "item_user": author,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": "1700000200.000100",
    }


async def home_of(chorus: Chorus, user: str) -> str:
    """What ``user`` sees on opening the App Home."""
    before = len(chorus.api.find("views.publish"))
    reply = await chorus.slack.event(
        {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
    )
    assert reply.status == 200
    await chorus.settle()
    published = chorus.api.find("views.publish")
    assert len(published) == before + 1
    assert published[-1].args["user_id"] == user
    return json.dumps(published[-1].args["view"], ensure_ascii=False)


async def test_the_cheer_emoji_cheers_the_author_and_removing_it_takes_it_back(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()

    added = await chorus.slack.event(reaction())
    assert added.status == 200 and added.text == ""
    await chorus.settle()
    assert await chorus.rows("cheers") == 1
    assert "cheered you 1 time" in await home_of(chorus, ANN)

    await chorus.slack.event(reaction("reaction_removed"))
    await chorus.settle()
    assert await chorus.rows("cheers") == 0
    assert "No cheers yet" in await home_of(chorus, ANN)


async def test_a_replayed_or_retried_event_never_counts_twice(chorus: Chorus) -> None:
    await chorus.with_channel()

    await chorus.slack.event(reaction(), event_id="Ev0REPLAY01")
    retry = await chorus.slack.event(
        reaction(),
        event_id="Ev0REPLAY01",
        **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    await chorus.settle()

    assert retry.status == 200
    assert await chorus.rows("cheers") == 1


async def test_reacting_twice_to_the_same_message_is_one_cheer(chorus: Chorus) -> None:
    await chorus.with_channel()

    await chorus.slack.event(reaction())
    await chorus.slack.event(reaction())
    await chorus.settle()

    assert await chorus.rows("cheers") == 1


async def test_skin_tone_variants_of_the_cheer_emoji_count(chorus: Chorus) -> None:
    await chorus.with_channel()

    await chorus.slack.event(reaction(emoji="tada::skin-tone-3"))
    await chorus.settle()

    assert await chorus.rows("cheers") == 1


async def test_reactions_that_are_not_cheers_record_nothing(chorus: Chorus) -> None:
    await chorus.with_channel()

    await chorus.slack.event(reaction(emoji="eyes"))
    await chorus.slack.event(reaction(author=BEN))  # one's own message
    await chorus.slack.event(reaction(author=BOT_USER))  # Chorus's own post
    await chorus.slack.event(reaction(channel="C0ELSEWHERE"))
    file_reaction = reaction()
    file_reaction["item"] = {"type": "file", "file": "F0FILE0001"}
    await chorus.slack.event(file_reaction)
    await chorus.settle()

    assert await chorus.rows("cheers") == 0


async def test_no_cheers_before_there_is_an_ambassador_channel(chorus: Chorus) -> None:
    await chorus.slack.event(reaction())
    await chorus.settle()

    assert await chorus.rows("cheers") == 0


async def test_the_app_home_shows_my_ideas_drafts_cheers_and_bookings(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Why our data centre runs on wind #sustainability")
    await chorus.slack.command(BEN, "Ben's own idea")
    await chorus.slack.event(reaction())
    await chorus.settle()

    home = await home_of(chorus, ANN)

    assert "Why our data centre runs on wind" in home
    assert "Ben's own idea" not in home
    assert "cheered you 1 time" in home and "<@U0BEN0001>" in home
    assert "No drafts yet. Start one with /draft." in home
    assert "You have no bookings. /book shows the free slots and caf" in home
    assert "coming soon" not in home
    view = json.loads(home)
    assert view["type"] == "home"


async def test_a_button_on_the_app_home_answers_by_dm_and_refreshes_the_home(
    chorus: Chorus,
) -> None:
    await home_of(chorus, ANN)

    await chorus.slack.press(ANN, "idea list open", home=True)
    await chorus.settle()

    [dm] = chorus.api.find("chat.postMessage")
    assert dm.args["channel"] == ANN and "No ideas here yet" in dm.args["text"]
    assert len(chorus.api.find("views.publish")) == 2


async def test_joining_the_ambassador_channel_brings_a_private_welcome(chorus: Chorus) -> None:
    await chorus.with_channel()

    await chorus.slack.event(
        {"type": "member_joined_channel", "user": BEN, "channel": CHANNEL, "channel_type": "C"}
    )
    await chorus.slack.event(
        {"type": "member_joined_channel", "user": ANN, "channel": "C0OTHER", "channel_type": "C"}
    )
    await chorus.slack.event(
        {"type": "member_joined_channel", "user": BOT_USER, "channel": CHANNEL}
    )
    await chorus.settle()

    [welcome] = chorus.api.find("chat.postEphemeral")
    assert welcome.args["channel"] == CHANNEL and welcome.args["user"] == BEN
    assert "/chorus help" in welcome.args["text"]


async def test_mentioning_chorus_answers_with_help_only_the_mentioner_sees(chorus: Chorus) -> None:
    await chorus.slack.event(
        {
            "type": "app_mention",
            "user": ANN,
            "text": f"<@{BOT_USER}> what can you do?",
            "ts": "1700000300.000100",
            "channel": "C0GENERAL",
            "event_ts": "1700000300.000100",
        }
    )
    await chorus.settle()

    [help_answer] = chorus.api.find("chat.postEphemeral")
    assert help_answer.args["user"] == ANN and help_answer.args["channel"] == "C0GENERAL"
    assert "/idea" in json.dumps(help_answer.args["blocks"])


async def test_events_chorus_does_not_use_are_acknowledged_and_ignored(chorus: Chorus) -> None:
    reply = await chorus.slack.event(
        {"type": "message", "user": ANN, "text": "hello", "channel": CHANNEL, "ts": "1.2"}
    )

    assert reply.status == 200
    await chorus.settle()
    assert [c.method for c in chorus.api.calls if c.method != "auth.test"] == []
    assert await chorus.rows("processed_events") == 0
    assert await chorus.rows("members") == 0
