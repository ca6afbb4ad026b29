"""Job bodies and the exactly-once fire, on the core with in-memory fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from bot.config import Programme
from bot.core import Core
from bot.jobs.runner import FireOutcome
from bot.messages import Audience
from bot.model import Role
from bot.registry import run_fire
from tests.helpers import Chat, answer, button_commands
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen


async def workspace_id(chat: Chat, uow_factory: FakeUnitOfWorkFactory) -> int:
    await chat.say("cora", "/chorus help")
    [workspace] = uow_factory.state.workspaces.values()
    return workspace.id


async def test_the_weekly_prompt_posts_once_per_fire_with_an_idea_button(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)

    first = await run_fire(uow_factory, programme, "weekly-prompt", ws, MONDAY_9)
    again = await run_fire(uow_factory, programme, "weekly-prompt", ws, MONDAY_9)

    assert (first.outcome, first.queued) == (FireOutcome.RAN, 1)
    assert again.outcome is FireOutcome.ALREADY
    [post] = uow_factory.state.outbox
    assert post.target == "C1"
    assert "Writing prompt of the week" in post.message.text
    assert "idea form" in button_commands(post.message)


async def test_the_prompt_rotates_post_types_and_themes_week_by_week(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    texts = set()
    for week in range(4):
        await run_fire(
            uow_factory, programme, "weekly-prompt", ws, MONDAY_9 + timedelta(weeks=week)
        )
    for outgoing in uow_factory.state.outbox:
        texts.add(outgoing.message.text.split("\n")[1])
    assert len(texts) == 4
    themes = {
        line
        for o in uow_factory.state.outbox
        for line in o.message.text.split("\n")
        if "theme" in line
    }
    assert len(themes) == 3  # a new theme every week (the programme has three)


async def test_the_prompts_theme_moves_on_weekly_across_new_year(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    monday = datetime(2026, 12, 21, 8, 0, tzinfo=UTC)
    for week in range(4):  # 21 and 28 December, 4 and 11 January
        await run_fire(uow_factory, programme, "weekly-prompt", ws, monday + timedelta(weeks=week))
    themes = [
        line
        for o in uow_factory.state.outbox
        for line in o.message.text.split("\n")
        if "theme" in line
    ]
    assert len(themes) == 4
    assert all(a != b for a, b in pairwise(themes))
    assert themes[3] == themes[0]  # three themes: week 4 is week 1's again, not a restart


async def test_the_prompt_posts_even_in_an_empty_programme(
    uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    chat = Chat(Core(uow_factory, Programme(channel_id="C1"), clock))
    ws = await workspace_id(chat, uow_factory)
    result = await run_fire(uow_factory, Programme(channel_id="C1"), "weekly-prompt", ws, MONDAY_9)
    assert result.queued == 1
    assert "theme" not in uow_factory.state.outbox[0].message.text


async def test_the_digest_counts_the_week_and_shows_ideas_waiting_and_a_tip(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    ws = await workspace_id(chat, uow_factory)
    clock.moment = MONDAY_9 - timedelta(days=20)
    await chat.say("ann", "/idea An old idea")
    clock.moment = MONDAY_9 - timedelta(days=2)
    await chat.say("ann", "/idea A fresh idea")
    await chat.say("bente", "/idea Another fresh one")
    await chat.say("bente", "/idea claim 3")
    await chat.say("cora", "/chorus tip add Write like you talk.")
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "digest", ws, MONDAY_9)

    [post] = uow_factory.state.outbox
    text = post.message.text
    assert "New ideas this week: 2" in text
    assert "Ideas waiting for a writer: 2" in text
    assert "#2 A fresh idea" in text and "#1 An old idea" in text
    assert "Tip of the week: Write like you talk." in text


async def test_nudges_reach_quiet_ambassadors_once_and_respect_away_and_opt_out(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    ws = await workspace_id(chat, uow_factory)
    clock.moment = MONDAY_9 - timedelta(weeks=5)
    for name in ("ann", "bente", "carl", "dora"):
        await chat.say(name, "/chorus help")
    await chat.say("ann", "/idea Something waiting")
    await chat.say("bente", "/chorus away until 2026-12-24")
    await chat.say("carl", "/chorus nudges off")
    clock.moment = MONDAY_9 - timedelta(days=1)
    await chat.say("dora", "/idea list")  # active yesterday
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "nudge", ws, MONDAY_9)

    notes = [o for o in uow_factory.state.outbox if o.message.audience is Audience.MEMBER]
    assert [n.target for n in notes] == ["ann"]
    assert "idea claim 1" in button_commands(notes[0].message)

    await run_fire(uow_factory, programme, "nudge", ws, MONDAY_9 + timedelta(weeks=1))
    assert len([o for o in uow_factory.state.outbox if o.message.audience is Audience.MEMBER]) == 1

    await run_fire(uow_factory, programme, "nudge", ws, MONDAY_9 + timedelta(weeks=3, hours=1))
    later = [o.target for o in uow_factory.state.outbox if o.message.audience is Audience.MEMBER][
        1:
    ]
    assert later == ["ann", "dora"]  # ann's last nudge is 3 weeks old; dora went quiet since


async def test_the_award_reminder_goes_privately_to_every_coordinator(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    await chat.say("ann", "/chorus help")
    await chat.say("cora", "/chorus promote @ann")
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "award-reminder", ws, MONDAY_9)

    private = [o for o in uow_factory.state.outbox if o.message.audience is Audience.MEMBER]
    assert sorted(o.target for o in private) == ["ann", "cora"]
    assert all("not for clicks" in o.message.text for o in private)


async def test_jobs_speak_the_workspace_language_in_the_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    await chat.say("cora", "/chorus language workspace da")
    uow_factory.state.outbox.clear()
    await run_fire(uow_factory, programme, "weekly-prompt", ws, MONDAY_9)
    assert (
        "Ugens skriveopgave" in uow_factory.state.outbox[0].message.text
        or "✍️" in uow_factory.state.outbox[0].message.text
    )


async def test_coordinators_change_pause_resume_and_skip_schedules(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus schedule pause digest"))

    listed = answer(await chat.say("cora", "/chorus schedule"))
    assert "weekly-prompt — a writing prompt in the ambassador channel" in listed
    assert "next: Nov 30, 2026, 9:00\u202fAM" in listed  # in Copenhagen

    changed = await chat.say("cora", "/chorus schedule set weekly-prompt tue 10:30")
    assert "runs on 30 10 * * tue; next: Nov 24, 2026, 10:30\u202fAM" in answer(changed)
    assert button_commands(changed.reply.messages[0]) == [
        "chorus schedule set weekly-prompt mon 09:00"
    ]

    assert "paused" in answer(await chat.say("cora", "/chorus schedule pause weekly-prompt"))
    assert "weekly-prompt — a writing prompt in the ambassador channel · paused" in answer(
        await chat.say("ann", "/chorus schedule")
    )
    assert "runs again" in answer(await chat.say("cora", "/chorus schedule resume weekly-prompt"))

    skipped = await chat.say("cora", "/chorus schedule skip weekly-prompt")
    assert "Nov 24, 2026, 10:30\u202fAM will be skipped" in answer(skipped)
    assert "There is no job called nope" in answer(
        await chat.say("cora", "/chorus schedule pause nope")
    )


async def test_a_skipped_fire_does_not_run(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    await chat.say("cora", "/chorus schedule skip weekly-prompt")
    result = await run_fire(uow_factory, programme, "weekly-prompt", ws, MONDAY_9)
    assert result.outcome is FireOutcome.ALREADY
    assert uow_factory.state.outbox == []


async def test_tips_are_managed_by_coordinators_with_undo(chat: Chat) -> None:
    assert "built-in" in answer(await chat.say("ann", "/chorus tip list"))
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus tip add Hi"))
    added = await chat.say("cora", "/chorus tip add Open with a question.")
    assert button_commands(added.reply.messages[0]) == ["chorus tip remove 1"]
    assert "1. Open with a question." in answer(await chat.say("ann", "/chorus tips"))
    assert "There is no tip 5" in answer(await chat.say("cora", "/chorus tip remove 5"))
    assert "Removed tip 1" in answer(await chat.say("cora", "/chorus tip remove 1"))
    assert "at most 500" in answer(await chat.say("cora", "/chorus tip add " + "x" * 501))


async def test_away_dates_in_the_past_are_refused(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    assert "That date has passed" in answer(await chat.say("ann", "/chorus away until 2020-01-01"))
    assert "No reminders from me until Dec 24, 2026" in answer(
        await chat.say("ann", "/chorus away until 2026-12-24")
    )
    [member] = [m for m in uow_factory.state.members.values() if m.external_id == "ann"]
    assert member.away_until == date(2026, 12, 24)
    await chat.say("ann", "/chorus away off")
    [member] = [m for m in uow_factory.state.members.values() if m.external_id == "ann"]
    assert member.away_until is None


async def test_undelivered_messages_are_listed_for_coordinators(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    assert "Every message was delivered" in answer(await chat.say("cora", "/chorus deliveries"))
    uow_factory.state.dead_letters.append(("U9", "unreachable: blocked", MONDAY_9))
    assert "to U9: unreachable: blocked" in answer(await chat.say("cora", "/chorus deliveries"))
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus deliveries"))


async def test_deliveries_show_what_waits_per_channel_with_dms_together(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Lessons from the kickoff")  # a card for the channel
    await chat.say("bente", "/idea claim 1")  # another card and a note to ann
    shown = answer(await chat.say("cora", "/chorus deliveries"))
    assert "The ambassador channel" in shown
    assert "0 urgent and 2 bulk waiting" in shown
    assert "Direct messages to 1 member" in shown
    assert "1 urgent and 0 bulk waiting" in shown
    assert "Every message was delivered" in shown  # no dead letters
    assert shown.index("The ambassador channel") < shown.index("Direct messages")  # busiest first


async def test_deliveries_speak_the_coordinators_language(chat: Chat) -> None:
    await chat.say("ann", "/idea Lessons from the kickoff")
    await chat.say("cora", "/chorus language da")
    assert "Ambassadørkanalen" in answer(await chat.say("cora", "/chorus deliveries"))
    await chat.say("cora", "/chorus language nl")
    shown = answer(await chat.say("cora", "/chorus deliveries"))
    assert "Het ambassadeurskanaal" in shown and "0 dringend en 1 bulk wachten" in shown


async def test_channel_posts_and_notes_are_queued_in_the_commands_transaction(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Lessons")
    await chat.say("bente", "/idea claim 1")
    kinds = [(o.message.audience, o.target, o.message.key) for o in uow_factory.state.outbox]
    assert kinds == [
        (Audience.CHANNEL, "C1", "idea:1"),
        (Audience.CHANNEL, "C1", "idea:1"),
        (Audience.MEMBER, "ann", None),
    ]
    failed = await chat.say("carl", "/idea claim 1")  # refused: nothing queued
    assert "already claimed" in answer(failed)
    assert len(uow_factory.state.outbox) == 3


def test_roles_used_here_exist() -> None:
    assert replace(Programme(), nudge_after_weeks=2).nudge_after_weeks == 2
    assert Role.AMBASSADOR.value == "ambassador"


async def test_the_cafe_reminder_job_reminds_each_booking_once_per_offset(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    assert "published" in answer(await chat.say("cora", "/chorus slot add 2026-11-26 14:00"))
    assert "booked" in answer(await chat.say("ann", "/book slot 1"))
    uow_factory.state.outbox.clear()
    starts = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 14:00 in Copenhagen

    def reminders() -> list[str]:
        return [o.dedupe_key for o in uow_factory.state.outbox if o.target == "ann"]

    await run_fire(uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=25))
    assert reminders() == []
    await run_fire(uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=24))
    await run_fire(
        uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=23, minutes=55)
    )
    assert len(reminders()) == 1  # found due again five minutes later, queued once
    await run_fire(uow_factory, programme, "cafe-reminder", ws, starts - timedelta(minutes=15))
    assert len(reminders()) == 2
    assert reminders()[1].endswith(":reminder:15")


async def test_the_digest_counts_posts_and_cheers_and_names_the_most_engaged_post(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    ws = await workspace_id(chat, uow_factory)
    clock.moment = MONDAY_9 - timedelta(days=2)
    for name in ("ann", "bente", "carl"):
        await chat.say(name, "/chorus help")
    await chat.say("ann", "/posted https://www.linkedin.com/posts/ann-1")
    await chat.say("bente", "/posted https://www.linkedin.com/posts/bente-2")
    await chat.say("carl", "posted like 2")
    await chat.say("ann", "posted comment 2")
    await chat.say("carl", "/cheer @bente for the clear explanation")
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "digest", ws, MONDAY_9)

    text = uow_factory.state.outbox[0].message.text
    assert "Posts published: 2" in text
    assert "Cheers given: 1" in text
    assert "Most engaged this week: post #2 by @Bente (2 likes, comments and shares)" in text
    assert "https://www.linkedin.com/posts/bente-2" in text


async def test_a_writing_cafe_is_announced_once_a_day_ahead_with_its_rsvp_button(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await workspace_id(chat, uow_factory)
    added = await chat.say(
        "cora", "/chorus cafe add 2026-11-27 15:00 90 8 Writing café | Room 4.12"
    )
    assert "published" in answer(added)
    uow_factory.state.outbox.clear()
    starts = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 15:00 in Copenhagen

    def announcements() -> list[str]:
        return [
            o.message.text for o in uow_factory.state.outbox if o.dedupe_key.endswith(":announce")
        ]

    await run_fire(uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=25))
    assert announcements() == []
    await run_fire(
        uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=23, minutes=55)
    )
    await run_fire(
        uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=23, minutes=50)
    )
    [text] = announcements()
    assert "Tomorrow: writing café #1, Writing café" in text
    assert "Seats free: 8 of 8" in text
    [post] = [o for o in uow_factory.state.outbox if o.dedupe_key.endswith(":announce")]
    assert button_commands(post.message) == ["book cafe 1"]
    await run_fire(uow_factory, programme, "cafe-reminder", ws, starts - timedelta(hours=2))
    assert len(announcements()) == 1


# ------------------------------------------------------------------------- issue 21


async def test_away_examples_are_computed_from_today_and_never_go_stale(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    ws = await workspace_id(chat, uow_factory)
    in_2027 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # a Monday, 09:00 in Copenhagen
    clock.moment = in_2027 - timedelta(weeks=5)
    await chat.say("ann", "/chorus help")
    uow_factory.state.outbox.clear()
    await run_fire(uow_factory, programme, "nudge", ws, in_2027)
    [note] = [o for o in uow_factory.state.outbox if o.message.audience is Audience.MEMBER]
    assert "/chorus away until 2027-03-15 pauses these notes" in note.message.text
    assert "2026-12-31" not in note.message.text
    clock.moment = in_2027
    asked = answer(await chat.say("ann", "/chorus away until someday"))
    assert "/chorus away until 2027-03-15 (or /chorus away off)" in asked
    passed = answer(await chat.say("ann", "/chorus away until 2027-01-01"))
    assert "That date has passed. For example: /chorus away until 2027-03-15" in passed
