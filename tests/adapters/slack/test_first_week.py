"""A workspace's first week: cheering colleagues who never typed a command."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import MemberRow, ProcessedEventRow
from tests.adapters.slack.conftest import ANN, CHANNEL, Chorus

BENTE = "U0BENTE001"
GHOST = "U0NOBODY01"


async def _member(chorus: Chorus, user_id: str) -> MemberRow | None:
    async with chorus.runtime.sessions() as session:
        row: MemberRow | None = await session.scalar(
            select(MemberRow).where(MemberRow.external_id == user_id)
        )
        return row


async def test_a_cheer_for_a_colleague_who_never_used_chorus_meets_them_on_slack(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    chorus.api.add_user(BENTE, "Bente Hansen", locale="da-DK")
    reply = await chorus.slack.command(
        ANN, f"<@{BENTE}|bente> thanks for the review", command="/cheer"
    )
    assert reply.status == 200
    await chorus.settle()
    assert "I don't know" not in reply.text
    assert len([c for c in chorus.api.find("users.info") if c.args["user"] == BENTE]) == 1
    member = await _member(chorus, BENTE)
    assert member is not None
    assert member.display_name == "Bente Hansen" and member.locale == "da"
    posts = chorus.api.find("chat.postMessage")
    [announcement] = [
        p for p in posts if p.args["channel"] == CHANNEL and "A cheer" in p.args["text"]
    ]
    assert "thanks for the review" in str(announcement.args["blocks"])
    [note] = [p for p in posts if p.args["channel"] == BENTE]
    # Her first word from Chorus, in her language: what it is and how to opt out.
    assert "/chorus cheers private" in str(note.args["blocks"])
    assert "ambassadørprogram" in str(note.args["blocks"])

    # The second cheer asks Slack nothing: she is a member now.
    await chorus.slack.command(ANN, f"<@{BENTE}|bente> and for the slides", command="/cheer")
    await chorus.settle()
    assert len([c for c in chorus.api.find("users.info") if c.args["user"] == BENTE]) == 1
    notes = [p for p in chorus.api.find("chat.postMessage") if p.args["channel"] == BENTE]
    assert len(notes) == 2


async def test_users_info_is_cached_for_a_name_slack_does_not_know(chorus: Chorus) -> None:
    for reason in ("for everything", "for the rest"):
        reply = await chorus.slack.command(ANN, f"<@{GHOST}|ghost> {reason}", command="/cheer")
        await chorus.settle()
        assert "I don't know ghost yet" in reply.text
    assert len([c for c in chorus.api.find("users.info") if c.args["user"] == GHOST]) == 1
    assert await _member(chorus, GHOST) is None
    assert await chorus.rows("cheers") == 0


async def test_a_members_slack_display_name_replaces_the_commands_username(
    chorus: Chorus,
) -> None:
    chorus.api.add_user(ANN, "Ann Andersen")
    await chorus.slack.command(ANN, "Backups every Friday")  # user_name says "u0ann0001"
    await chorus.settle()
    await chorus.slack.command(ANN, "Restores every Monday")
    await chorus.settle()
    member = await _member(chorus, ANN)
    assert member is not None and member.display_name == "Ann Andersen"
    assert len([c for c in chorus.api.find("users.info") if c.args["user"] == ANN]) == 1


async def test_a_name_due_is_asked_of_slack_after_the_answer_not_before(
    chorus: Chorus,
) -> None:
    chorus.api.fail_next("users.info", "internal_error")  # a hiccup at first contact
    await chorus.slack.command(ANN, "Backups every Friday")
    await chorus.settle()
    member = await _member(chorus, ANN)
    assert member is not None and member.name_checked_at is None
    chorus.api.add_user(ANN, "Ann Andersen")
    chorus.api.delays["users.info"] = 2.0  # four times the ack budget
    reply = await chorus.slack.command(ANN, "Restores every Monday")
    # The ack itself carries the answer: her name was not asked before it.
    assert "Restores every Monday" in reply.text
    await chorus.settle()
    member = await _member(chorus, ANN)
    assert member is not None and member.display_name == "Ann Andersen"
    assert member.name_checked_at is not None
    assert len([c for c in chorus.api.find("users.info") if c.args["user"] == ANN]) == 2


async def test_a_rename_in_slack_is_taken_from_the_event_at_once(chorus: Chorus) -> None:
    chorus.api.add_user(ANN, "Ann Andersen")
    await chorus.slack.command(ANN, "Backups every Friday")
    await chorus.settle()
    chorus.api.add_user(ANN, "Ann Bech")  # she married
    reply = await chorus.slack.event({"type": "user_change", "user": chorus.api.users[ANN]})
    assert reply.status == 200
    await chorus.settle()
    member = await _member(chorus, ANN)
    assert member is not None and member.display_name == "Ann Bech"
    await chorus.slack.command(ANN, "Restores every Monday")
    await chorus.settle()
    # users.info was asked once, at first contact: the event carried the new name, and
    # the cache holds it for her next day's refresh.
    assert len([c for c in chorus.api.find("users.info") if c.args["user"] == ANN]) == 1
    assert chorus.api.problems == []


async def test_a_profile_change_that_keeps_the_name_costs_no_database_work(
    chorus: Chorus,
) -> None:
    chorus.api.add_user(ANN, "Ann Andersen")
    await chorus.slack.command(ANN, "Backups every Friday")  # users.info: cached
    await chorus.settle()
    user = {
        **chorus.api.users[ANN],
        "profile": {"display_name": "Ann Andersen", "status_text": "🌴"},
    }
    reply = await chorus.slack.event({"type": "user_change", "user": user}, event_id="EvSTATUS01")
    assert reply.status == 200
    await chorus.settle()
    async with chorus.runtime.sessions() as session:
        seen = await session.scalar(
            select(ProcessedEventRow.event_id).where(ProcessedEventRow.event_id == "EvSTATUS01")
        )
    assert seen is None  # nothing to do, so the event was not even taken up
