"""Proactive posts through stored conversation references, and what the connector's
refusals do: 403 marks the conversation unreachable, 429 waits as long as Teams asks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.delivery import Parcel, RetryAfter, Unreachable
from adapters.teams.delivery import ConversationPacer, retry_after
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform
from bot.outbox import Outgoing
from storage.outbox import Claimed
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.adapters.teams.conftest import ALICE, BENTE, CHANNEL_ID, CORA, TeamsRig


def prompt(text: str, audience: Audience = Audience.CHANNEL, **kw: Any) -> Message:
    return Message((Section(Text.plain(text)),), audience, **kw)


async def queue(teams: TeamsRig, target: str, *messages: Message) -> None:
    """What a scheduled job does: write messages to the outbox in its transaction."""
    workspace_id = await teams.workspace_id()
    async with SqlUnitOfWorkFactory(teams.runtime.sessions)() as uow:
        for message in messages:
            await uow.outbox.enqueue(
                Outgoing(workspace_id, Platform.TEAMS, target, message, uuid.uuid4().hex)
            )
        await uow.commit()


def claimed(target: str, workspace_id: int) -> Claimed:
    return Claimed(1, workspace_id, Platform.TEAMS, target, None, "d", "", 1, datetime.now(UTC))


async def test_a_job_posts_to_the_channel_through_its_stored_reference(teams: TeamsRig) -> None:
    await teams.make_channel()
    before = len(teams.connector.calls)
    await queue(teams, CHANNEL_ID, prompt("What did you learn this week? Write it down."))
    await teams.worker.drain()
    [post] = teams.connector.calls[before:]
    assert (post.method, post.path) == ("POST", f"/v3/conversations/{CHANNEL_ID}/activities")
    assert post.text == "What did you learn this week? Write it down."
    assert post.body["conversation"]["id"] == CHANNEL_ID
    assert "replyToId" not in post.body  # a new post, not a reply to something


async def test_a_job_notes_a_member_in_their_personal_chat(teams: TeamsRig) -> None:
    await teams.say(ALICE, "help")
    before = len(teams.connector.calls)
    await queue(
        teams,
        "aad-alice",
        prompt("Your idea was claimed", Audience.MEMBER, recipient_id="aad-alice"),
    )
    await teams.worker.drain()
    [note] = teams.connector.calls[before:]
    assert note.path == f"/v3/conversations/{ALICE.personal}/activities"
    assert note.text == "Your idea was claimed"


async def test_a_note_to_someone_the_bot_never_met_is_given_up_not_retried(teams: TeamsRig) -> None:
    before = len(teams.connector.calls)
    await queue(
        teams, "aad-stranger", prompt("Hello", Audience.MEMBER, recipient_id="aad-stranger")
    )
    await teams.worker.drain()
    assert teams.connector.calls[before:] == []
    assert await teams.runtime.outbox.pending() == 0
    [dead] = await teams.runtime.outbox.dead_letters(await teams.workspace_id())
    assert "never met" in str(dead.last_error)


async def test_403_marks_the_channel_unreachable_without_retrying(teams: TeamsRig) -> None:
    await teams.make_channel()
    before = len(teams.connector.calls)
    teams.connector.fail_next(f"/v3/conversations/{CHANNEL_ID}/activities", 403)
    await queue(teams, CHANNEL_ID, prompt("First prompt"))
    await teams.worker.drain()
    assert [c.path for c in teams.connector.calls[before:]] == [
        f"/v3/conversations/{CHANNEL_ID}/activities"
    ]
    workspace_id = await teams.workspace_id()
    stored = await teams.runtime.platform.conversation(workspace_id, CHANNEL_ID)
    assert stored is not None and stored.unreachable
    # Later posts are not even tried until the channel speaks to the bot again.
    await queue(teams, CHANNEL_ID, prompt("Second prompt"))
    await teams.worker.drain()
    assert len(teams.connector.calls) == before + 1
    assert len(await teams.runtime.outbox.dead_letters(workspace_id)) == 2
    await teams.say(CORA, "help", channel=True)
    stored = await teams.runtime.platform.conversation(workspace_id, CHANNEL_ID)
    assert stored is not None and not stored.unreachable


async def test_403_in_a_personal_chat_stops_notes_there(teams: TeamsRig) -> None:
    await teams.say(ALICE, "help")
    before = len(teams.connector.calls)
    teams.connector.fail_next(ALICE.personal, 403)
    await queue(teams, "aad-alice", prompt("Note", Audience.MEMBER, recipient_id="aad-alice"))
    await queue(teams, "aad-alice", prompt("Another", Audience.MEMBER, recipient_id="aad-alice"))
    await teams.worker.drain()
    assert len(teams.connector.calls) == before + 1
    stored = await teams.runtime.platform.personal_conversation_of(
        await teams.workspace_id(), "aad-alice"
    )
    assert stored is not None and stored.unreachable


async def test_429_from_teams_closes_the_conversation_for_as_long_as_it_asks(
    teams: TeamsRig,
) -> None:
    await teams.make_channel()
    teams.connector.fail_next(CHANNEL_ID, 429, {"Retry-After": "7"})
    workspace_id = await teams.workspace_id()
    parcel = Parcel(claimed(CHANNEL_ID, workspace_id), prompt("Prompt"))
    with pytest.raises(RetryAfter) as limited:
        await teams.transport.deliver(parcel)
    assert limited.value.seconds == 7
    assert limited.value.scope == f"teams:{workspace_id}:{CHANNEL_ID}"
    # The worker's next try goes through.
    assert (await teams.transport.deliver(parcel)).startswith("msg-")


async def test_429_on_a_private_answer_is_retried_after_the_wait_teams_asks_for(
    teams: TeamsRig,
) -> None:
    teams.connector.fail_next(ALICE.personal, 429, {"Retry-After": "3"})
    teams.connector.fail_next(ALICE.personal, 502)
    assert await teams.say(ALICE, "help") == 202
    attempts = teams.connector.sent(ALICE.personal)
    assert len(attempts) == 3
    assert "Chorus — your ambassador programme's home" in attempts[-1].text
    first, second = teams.sleeps
    assert 3 <= first <= 3.5  # Retry-After plus a little jitter
    assert 0 <= second <= 1.0  # backoff with full jitter for the 502


async def test_retries_are_bounded(teams: TeamsRig) -> None:
    for _ in range(6):
        teams.connector.fail_next(ALICE.personal, 504)
    assert await teams.say(ALICE, "help") == 202  # the turn itself still succeeds
    assert len(teams.connector.sent(ALICE.personal)) == 4
    assert len(teams.sleeps) == 3


async def test_a_deleted_channel_card_is_posted_again(teams: TeamsRig) -> None:
    await teams.make_channel()
    await teams.say(ALICE, "idea Mentoring new colleagues", channel=True)
    [post] = teams.connector.sent(CHANNEL_ID)
    teams.connector.fail_next(f"/activities/{post.answered_id}", 404)
    await teams.say(BENTE, "idea vote 1", channel=True)
    calls = teams.connector.sent(CHANNEL_ID)
    assert [c.method for c in calls] == ["POST", "PUT", "POST"]
    ref = await teams.runtime.platform.message_ref(await teams.workspace_id(), "idea:1")
    assert ref is not None and ref.message_id == calls[-1].answered_id


async def test_the_pacer_keeps_seven_sends_a_second_per_conversation() -> None:
    now = [100.0]
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)
        now[0] += seconds

    pacer = ConversationPacer(clock=lambda: now[0], sleep=sleep)
    for _ in range(7):
        await pacer.wait("c1")
    await pacer.wait("c2")  # another conversation is not held up
    assert waited == []
    await pacer.wait("c1")
    assert waited == [pytest.approx(1.0)]


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert retry_after({"Retry-After": "12"}) == 12
    later = (now + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after({"Retry-After": later}, now) == 30
    assert retry_after({"Retry-After": "soon"}) is None
    assert retry_after(None) is None


async def test_an_item_of_no_audience_is_unreachable(teams: TeamsRig) -> None:
    parcel = Parcel(claimed("x", 1), prompt("Private", Audience.PRIVATE))
    with pytest.raises(Unreachable):
        await teams.transport.deliver(parcel)
