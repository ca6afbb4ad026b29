"""Notes to colleagues on a member's behalf: one feedback request per reviewer and version,
an hourly cap per member (refused or held back, per action), and a claimed idea's author
told once a day per claimer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import Programme
from bot.context import Context
from bot.core import Core
from bot.i18n import Translator
from bot.messages import Attachment
from bot.model import Platform
from bot.notes import allowance
from tests.helpers import Chat, answer, button_commands, channel_posts, notes
from tests.unit.conftest import THEMES
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

LIMIT = 4


@pytest.fixture
def programme() -> Programme:
    return Programme(
        themes=THEMES,
        admins=frozenset({"cora"}),
        channel_id="C1",
        timezone="Europe/Copenhagen",
        notes_per_hour=LIMIT,
    )


async def _meet(chat: Chat, *users: str) -> None:
    for user in users:
        await chat.say(user, "/chorus help")


def _queued(uow_factory: FakeUnitOfWorkFactory) -> int:
    return len(uow_factory.state.outbox)


# ------------------------------------------------------------------ one request per version


async def test_asking_again_for_the_same_version_sends_nothing_new(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await _meet(chat, "cora", "bente")
    await chat.say("ann", "/draft Why we test our backups every Friday")
    first = await chat.say("ann", "/draft feedback 1 @bente")
    assert sorted(n.recipient_id or "" for n in notes(first)) == ["bente", "cora"]
    queued = _queued(uow_factory)
    requested_at = uow_factory.state.drafting.drafts[
        next(iter(uow_factory.state.drafting.drafts))
    ].feedback_requested_at

    clock.advance(minutes=5)
    for _ in range(2):
        again = await chat.say("ann", "/draft feedback 1 @bente")
        assert notes(again) == ()
        text = answer(again)
        assert "You already asked for feedback on draft #1 (version 1)" in text
        assert "Still waiting for" in text and "Bente" in text and "Cora" in text
        assert "draft show 1" in button_commands(again.reply.messages[0])
    assert _queued(uow_factory) == queued
    draft = next(iter(uow_factory.state.drafting.drafts.values()))
    assert draft.feedback_requested_at == requested_at  # the first request still counts

    # Bente answers: only Cora is still awaited.
    await chat.form("bente", "draft review 1 v1", {"text": "Lovely opening."})
    waiting = answer(await chat.say("ann", "/draft feedback 1 @bente"))
    assert "Still waiting for" in waiting and "Cora" in waiting and "Bente" not in waiting
    await chat.form("cora", "draft review 1 v1", {"text": "Shorter title?"})
    done = answer(await chat.say("ann", "/draft feedback 1"))
    assert "Everyone you asked has given feedback on draft #1 (version 1) already" in done


async def test_a_new_version_may_be_asked_about_again(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _meet(chat, "cora", "bente")
    await chat.say("ann", "/draft Why we test our backups every Friday")
    await chat.say("ann", "/draft feedback 1 @bente")
    await chat.say("ann", "/draft edit 1 Why we test our backups, every single Friday")

    again = await chat.say("ann", "/draft feedback 1 @bente")

    assert "(version 2) is on its way" in answer(again)
    assert sorted(n.recipient_id or "" for n in notes(again)) == ["bente", "cora"]
    assert "draft review 1 v2" in button_commands(notes(again)[0])


async def test_naming_another_colleague_asks_only_them(chat: Chat) -> None:
    await _meet(chat, "cora", "bente", "carl")
    await chat.say("ann", "/draft Why we test our backups every Friday")
    await chat.say("ann", "/draft feedback 1 @bente")

    more = await chat.say("ann", "/draft feedback 1 @carl")

    assert [n.recipient_id for n in notes(more)] == ["carl"]
    text = answer(more)
    assert "on its way to" in text and "Carl" in text
    assert "Already asked about this version, so not again:" in text and "Cora" in text


# ------------------------------------------------------------------------- the hourly cap


async def test_over_the_cap_a_feedback_request_is_refused_and_nothing_is_saved(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await _meet(chat, "cora", "bente", "carl", "dora", "emil")
    for number in range(1, 4):
        await chat.say("ann", f"/draft Draft number {number}")
    await chat.say("ann", "/draft feedback 1 @bente")  # 2 notes: Cora and Bente
    await chat.say("ann", "/draft feedback 2 @carl")  # 2 more: Cora and Carl, 4 in all
    queued = _queued(uow_factory)

    clock.advance(minutes=10)
    refused = await chat.say("ann", "/draft feedback 3 @dora")

    text = answer(refused)
    assert f"limited to {LIMIT} an hour" in text
    # All four went at 09:00 UTC: the hour ends at 10:00 UTC, 11:00 in Copenhagen.
    assert "Nothing was sent or saved; try again from 11:00" in text
    assert notes(refused) == ()
    assert _queued(uow_factory) == queued
    third = next(d for d in uow_factory.state.drafting.drafts.values() if d.number == 3)
    assert third.feedback_requested_at is None
    assert not any(d == third.id for d, _ in uow_factory.state.drafting.reviewers)
    assert not any(k[0] == third.id for k in uow_factory.state.drafting.requests)

    clock.advance(minutes=50)  # the first notes are an hour old now
    asked = await chat.say("ann", "/draft feedback 3 @dora")
    assert sorted(n.recipient_id or "" for n in notes(asked)) == ["cora", "dora"]


async def test_over_the_cap_a_claim_stands_but_the_author_is_not_told_and_the_claimer_is(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for number in range(1, LIMIT + 2):
        await chat.say("ann", f"/idea Idea number {number}")
    for number in range(1, LIMIT + 1):
        claimed = await chat.say("ben", f"/idea claim {number}")
        assert [n.recipient_id for n in notes(claimed)] == ["ann"]

    over = await chat.say("ben", f"/idea claim {LIMIT + 1}")

    assert notes(over) == ()
    assert channel_posts(over)  # the card shows the claim
    text = answer(over)
    assert "is yours to write" in text
    assert "Your colleague was not notified" in text and f"limited to {LIMIT} an hour" in text
    idea = next(i for i in uow_factory.state.ideas.values() if i.number == LIMIT + 1)
    assert idea.claimed_by_id is not None


async def test_notes_to_oneself_and_channel_posts_do_not_count(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for number in range(1, LIMIT + 3):
        await chat.say("ben", f"/idea Idea number {number}")
        claimed = await chat.say("ben", f"/idea claim {number}")  # his own: nobody to tell
        assert "not notified" not in answer(claimed)
    assert uow_factory.state.notes_sent == []


async def test_over_the_cap_a_cheer_is_given_and_shown_but_its_note_waits(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _meet(chat, "cora", "bente", "carl", "dora", "emil")
    await chat.say("ann", "/draft Draft")
    await chat.say("ann", "/draft feedback 1 @bente")  # Cora and Bente
    await chat.say("ann", "/cheer @carl thanks for the review")
    await chat.say("ann", "/cheer @dora thanks for the photos")  # 4 now

    over = await chat.say("ann", "/cheer @emil thanks for the coffee")

    assert notes(over) == ()
    assert [p.key for p in channel_posts(over)] == [f"cheer:{max(uow_factory.state.cheers)}"]
    said = answer(over)
    assert "Your colleague was not notified" in said
    assert "is in the channel." in said and "with them" not in said
    # A member's own allowance is nobody else's business: not for a shared thread.
    assert over.reply.answer is not None and not over.reply.answer.shareable
    assert any(c.reason == "thanks for the coffee" for c in uow_factory.state.cheers.values())


async def test_over_the_cap_a_cancelled_slot_is_free_but_its_host_is_not_told(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00")
    for _ in range(LIMIT):
        await chat.say("ann", "/book slot 1")
        cancelled = await chat.say("ann", "/book cancel slot 1")
        assert [n.recipient_id for n in notes(cancelled)] == ["cora"]
    await chat.say("ann", "/book slot 1")

    over = await chat.say("ann", "/book cancel slot 1")

    assert notes(over) == ()
    text = answer(over)
    assert "is cancelled" in text and "Your colleague was not notified" in text
    assert "book slot 1" in button_commands(over.reply.messages[0])
    assert all(b.status.value == "cancelled" for b in uow_factory.state.booking.bookings.values())


async def test_housekeeping_forgets_note_records_after_a_day(
    chat: Chat, core: Core, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await chat.say("ann", "/idea Idea")
    await chat.say("ben", "/idea claim 1")
    assert len(uow_factory.state.notes_sent) == 1
    clock.advance(days=1, minutes=1)
    async with uow_factory() as uow:
        workspace = (await uow.workspaces.all())[0]
        await uow.privacy.forget_expired(workspace.id, core.programme.retention, clock.now())
        await uow.commit()
    assert uow_factory.state.notes_sent == []


# ----------------------------------------------------------------- claim, unclaim, claim


async def test_claim_unclaim_claim_tells_the_author_once_a_day_per_claimer(
    chat: Chat, clock: FakeClock
) -> None:
    await chat.say("ann", "/idea Why we test our backups every Friday")

    first = await chat.say("ben", "/idea claim 1")
    assert [n.recipient_id for n in notes(first)] == ["ann"]
    for _ in range(3):
        await chat.say("ben", "/idea unclaim 1")
        clock.advance(hours=2)
        again = await chat.say("ben", "/idea claim 1")
        assert notes(again) == ()
        assert "is yours to write" in answer(again) and "not notified" not in answer(again)

    await chat.say("ben", "/idea unclaim 1")
    other = await chat.say("carl", "/idea claim 1")  # news: someone else writes it
    assert [n.recipient_id for n in notes(other)] == ["ann"]
    await chat.say("carl", "/idea unclaim 1")

    clock.advance(days=1)
    later = await chat.say("ben", "/idea claim 1")
    assert [n.recipient_id for n in notes(later)] == ["ann"]


# ------------------------------------------------------- freed slots and failed uploads


async def test_the_host_hears_once_of_the_slots_a_leaving_member_held(
    chat: Chat, core: Core, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00")
    await chat.say("cora", "/chorus slot add 2026-12-08 14:00")
    await _meet(chat, "bente")
    await chat.say("cora", "/chorus promote @bente")
    await chat.say("bente", "/chorus slot add 2026-12-15 10:00")  # a week of its own
    for number in (1, 2, 3):
        await chat.say("ann", f"/book slot {number}")
    before = len(uow_factory.state.outbox)

    assert await core.member_left(Platform.SLACK, "T1", ["ann"])

    new = uow_factory.state.outbox[before:]
    to_cora = [o for o in new if o.target == "cora"]
    to_bente = [o for o in new if o.target == "bente"]
    assert len(to_cora) == 1 and len(to_bente) == 1
    text = to_cora[0].message.text
    assert "left the workspace, so their bookings of 2 of your feedback slots" in text
    assert "Slot #1, " in text and "Slot #2, " in text and "Slot #3" not in text
    assert "Ann" in text
    assert "their booking of your feedback slot is cancelled" in to_bente[0].message.text


async def test_the_host_of_an_erased_members_slot_is_told_without_their_name(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus slot add 2026-12-01 14:00")
    await chat.say("ann", "/book slot 1")
    before = len(uow_factory.state.outbox)

    erased = await chat.say("cora", "/chorus member erase @ann confirm")

    assert "Erased" in answer(erased)
    (note,) = [m for m in notes(erased) if m.recipient_id == "cora"]
    assert "A member's data was erased" in note.text and "Slot #1, " in note.text
    assert "Ann" not in note.text and "ann" not in note.text
    assert any(o.target == "cora" for o in uow_factory.state.outbox[before:])


async def test_a_failed_export_upload_is_told_in_the_members_language_and_can_be_retried(
    chat: Chat, core: Core, clock: FakeClock
) -> None:
    await chat.say("ann", "/chorus language da")
    exported = await chat.say("ann", "/chorus privacy export")
    message = exported.reply.answer
    assert message is not None and message.attachment is not None
    assert exported.workspace_id is not None

    told = await core.upload_failed(exported.workspace_id, "ann", message.attachment)

    assert told is not None and told.answer is not None
    assert "Jeg kunne ikke give dig chorus-export-" in told.answer.text
    assert button_commands(told.answer) == ["chorus privacy export"]
    clock.advance(seconds=5)  # within the minute an export would otherwise wait
    again = await chat.say("ann", "/chorus privacy export")
    assert again.reply.answer is not None and again.reply.answer.attachment is not None


async def test_a_failed_upload_of_another_file_offers_no_button_and_keeps_the_pause(
    chat: Chat, core: Core
) -> None:
    exported = await chat.say("ann", "/chorus privacy export")
    assert exported.workspace_id is not None
    report = Attachment("chorus-report-2026-Q4.pdf", b"%PDF", "application/pdf")

    told = await core.upload_failed(exported.workspace_id, "ann", report)

    assert told is not None and told.answer is not None
    assert "I could not hand you chorus-report-2026-Q4.pdf" in told.answer.text
    assert button_commands(told.answer) == []
    assert "a moment ago" in answer(await chat.say("ann", "/chorus privacy export"))
    assert await core.upload_failed(exported.workspace_id, "nobody", report) is None


@pytest.mark.parametrize(
    ("sent", "reopens"),
    [
        ([(0, 1), (10, 1)], None),  # 2 of 4: room
        ([(0, 2), (20, 3)], 60),  # 5: once the first 2 age out, 3 < 4
        ([(0, 1), (10, 1), (20, 3)], 70),  # the second must age out too
        ([(0, 4)], 60),
        ([(-70, 4), (5, 1)], None),  # older than an hour: not counted
    ],
)
async def test_the_cap_reopens_when_enough_of_the_hours_notes_have_aged(
    chat: Chat,
    programme: Programme,
    uow_factory: FakeUnitOfWorkFactory,
    clock: FakeClock,
    sent: list[tuple[int, int]],
    reopens: int | None,
) -> None:
    await chat.say("ann", "/chorus help")
    start = clock.now()
    async with uow_factory() as uow:
        workspace = (await uow.workspaces.all())[0]
        ann = await uow.members.by_external_id(workspace.id, "ann")
        assert ann is not None
        for minutes, count in sent:
            at = start + timedelta(minutes=minutes)
            await uow.notes.record(workspace.id, ann.id, count, at, about=None)
        clock.advance(minutes=30)
        ctx = Context(uow, workspace, programme, clock, Translator(), acting=ann)
        room = await allowance(ctx)
    assert room.sent == sum(c for m, c in sent if m >= -30)
    assert room.limit == LIMIT
    expected = None if reopens is None else start + timedelta(minutes=reopens)
    assert room.reopens_at == expected
    assert room.reached is (reopens is not None)
