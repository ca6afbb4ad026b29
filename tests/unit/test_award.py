"""Ambassador of the quarter: nominations, the evidence pack, the winner and the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.award import quarters
from bot.award.ports import AwardStatus
from bot.config import Programme
from bot.core import Core
from bot.messages import Audience
from bot.registry import run_fire
from tests.helpers import Chat, answer, button_commands, channel_posts, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

REMINDER = datetime(2026, 12, 17, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen, Q4's last weeks
REASON = "her posts on our backup tests taught customers something new"
CITATION = "for posts that explained our work in her own voice"


async def _open(chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme) -> int:
    """Everyone is known, and the award reminder has opened the Q4 window."""
    for user in ("cora", "ann", "bente", "dan"):
        await chat.say(user, "/chorus help")
    [workspace] = uow_factory.state.workspaces.values()
    await run_fire(uow_factory, programme, "award-reminder", workspace.id, REMINDER)
    return workspace.id


def test_quarters_are_named_and_shifted_across_years() -> None:
    assert quarters.label(datetime(2026, 12, 31).date()) == "2026-Q4"
    assert quarters.shifted("2026-Q1", -1) == "2025-Q4"
    assert quarters.shifted("2026-Q4", 1) == "2027-Q1"
    assert quarters.period("2026-Q2").last.isoformat() == "2026-06-30"


async def test_the_reminder_opens_nominations_once_and_tells_the_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await _open(chat, uow_factory, programme)
    posts = [o for o in uow_factory.state.outbox if o.message.audience is Audience.CHANNEL]
    assert len(posts) == 1 and "/chorus nominate" in posts[0].message.text
    assert uow_factory.state.awards.quarters[(ws, "2026-Q4")].status is AwardStatus.OPEN
    uow_factory.state.outbox.clear()
    await run_fire(uow_factory, programme, "award-reminder", ws, REMINDER.replace(day=18))
    assert all(o.message.audience is Audience.MEMBER for o in uow_factory.state.outbox)


async def test_nominations_outside_the_window_are_refused(chat: Chat) -> None:
    await chat.say("bente", "/chorus help")
    refused = await chat.say("ann", f"/chorus nominate @bente {REASON}")
    assert "last two weeks of each quarter" in answer(refused)


async def test_a_nomination_is_stored_once_per_pair_and_its_reason_can_change(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _open(chat, uow_factory, programme)
    clock.moment = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    first = await chat.say("ann", f"/chorus nominate @bente {REASON}")
    assert "is in" in answer(first) and first.reply.messages[1:] == ()
    again = await chat.say("ann", "/chorus nominate @bente she helped three colleagues with drafts")
    assert "new reason" in answer(again)
    [nomination] = uow_factory.state.awards.nominations.values()
    assert nomination.reason == "she helped three colleagues with drafts"


async def test_bad_nominations_are_refused_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await _open(chat, uow_factory, programme)
    assert "at least 20 characters" in answer(
        await chat.say("ann", "/chorus nominate @bente great")
    )
    assert "for colleagues" in answer(await chat.say("ann", f"/chorus nominate @ann {REASON}"))
    assert "don't know" in answer(await chat.say("ann", f"/chorus nominate @nobody {REASON}"))
    assert "Name a colleague" in answer(await chat.say("ann", "/chorus nominate"))
    long = "x" * 1001
    assert "at most 1000" in answer(await chat.say("ann", f"/chorus nominate @bente {long}"))
    assert uow_factory.state.awards.nominations == {}


async def test_the_window_closes_with_the_quarter(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _open(chat, uow_factory, programme)
    clock.moment = datetime(2027, 1, 2, 10, 0, tzinfo=UTC)
    refused = await chat.say("ann", f"/chorus nominate @bente {REASON}")
    assert "last two weeks" in answer(refused)


async def test_candidates_show_nominations_and_evidence_but_clicks_only_when_asked(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _open(chat, uow_factory, programme)
    clock.moment = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    await chat.say("bente", "/posted https://www.linkedin.com/posts/bente-backups")
    await chat.say("ann", "posted like 1")
    await chat.say("dan", "/cheer @bente for the clearest backup explanation ever")
    await chat.say("ann", f"/chorus nominate @bente {REASON}")
    await chat.say("dan", "/chorus nominate @bente she reviewed my draft within the hour")

    assert "Only coordinators" in answer(await chat.say("ann", "/chorus award"))
    shown = answer(await chat.say("cora", "/chorus award"))
    assert "Bente: 2 nominations" in shown
    assert REASON in shown and "@Dan" in shown
    assert "https://www.linkedin.com/posts/bente-backups" in shown
    assert "Cheers received" in shown
    assert "Likes, comments and shares" not in shown
    clicks = answer(await chat.say("cora", "/chorus award clicks"))
    assert "Likes, comments and shares" in clicks


async def test_candidates_show_their_segment_then_and_the_newcomers_they_mentored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    ws = await _open(chat, uow_factory, programme)
    clock.moment = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    await chat.say("cora", "/chorus segment set @bente networker")
    async with uow_factory() as uow:
        bente = next(m for m in uow.state.members.values() if m.external_id == "bente")
        dan = next(m for m in uow.state.members.values() if m.external_id == "dan")
        ann = next(m for m in uow.state.members.values() if m.external_id == "ann")
        await uow.mentors.set(ws, bente.id, 2)
        pairing = await uow.mentors.pair(ws, bente.id, dan.id, clock.moment)
        await uow.mentors.record_met(pairing.id, True)
        await uow.mentors.pair(ws, bente.id, ann.id, clock.moment)
        await uow.commit()
    clock.moment = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    await chat.say("cora", "/chorus segment set @bente thought leader")
    clock.moment = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    await chat.say("ann", f"/chorus nominate @bente {REASON}")
    await chat.say("bente", f"/chorus nominate @dan {REASON}")
    shown = answer(await chat.say("cora", "/chorus award"))
    bentes, dans = shown.split("Dan: 1 nomination")[0], shown.split("Dan: 1 nomination")[1]
    assert "Segment in the quarter" in bentes and "networker → thought leader" in bentes
    assert "Newcomers mentored" in bentes and "2, 1 of them confirmed meeting" in bentes
    assert "Segment in the quarter: none" in dans and "Newcomers mentored: 0" in dans
    await chat.say("cora", "/chorus language da")
    danish = answer(await chat.say("cora", "/chorus award"))
    assert "netværker → tankeleder" in danish


async def test_drafts_revised_after_feedback_and_feedback_given_are_counted(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    ws = await _open(chat, uow_factory, programme)
    clock.moment = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    await chat.say("bente", "/draft Why we test our backups every Friday, and what we learnt")
    await chat.say("bente", "/draft feedback 1 @ann")
    clock.advance(hours=1)
    await chat.form("ann", "draft review 1 v1", {"text": "Lovely opening."})
    clock.advance(hours=1)
    await chat.say("bente", "/draft edit 1 A sharper opening about our Friday backup tests")
    async with uow_factory() as uow:
        start, end = quarters.period("2026-Q4").bounds(ZoneInfo("Europe/Copenhagen"))
        bente = next(m for m in uow.state.members.values() if m.external_id == "bente")
        ann = next(m for m in uow.state.members.values() if m.external_id == "ann")
        assert (await uow.awards.evidence(ws, bente.id, start, end)).revised_drafts == 1
        assert (await uow.awards.evidence(ws, ann.id, start, end)).feedback_given == 1
        assert (await uow.awards.evidence(ws, ann.id, start, end)).revised_drafts == 0


async def test_a_public_winner_is_announced_with_the_citation_and_only_once(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _open(chat, uow_factory, programme)
    clock.moment = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    assert "Only coordinators" in answer(
        await chat.say("ann", f"/chorus award pick @bente {CITATION}")
    )
    picked = await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    [post] = channel_posts(picked)
    assert CITATION in post.text and "@Bente" in post.text
    [note] = notes(picked)
    assert note.recipient_id == "bente" and button_commands(note) == []
    second = await chat.say("cora", f"/chorus award pick @ann {CITATION}")
    assert "has its ambassador already" in answer(second) and channel_posts(second) == ()
    history = answer(await chat.say("cora", "/chorus award history"))
    assert "2026-Q4: @Bente" in history and CITATION in history
    closed = await chat.say("dan", f"/chorus nominate @ann {REASON}")
    assert "last two weeks" in answer(closed)


async def test_a_winner_who_keeps_cheers_private_is_asked_first(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _open(chat, uow_factory, programme)
    await chat.say("bente", "/chorus cheers private")
    picked = await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    assert channel_posts(picked) == ()
    [ask] = notes(picked)
    assert button_commands(ask) == ["/chorus award announce", "/chorus award private"]
    assert "Nothing is waiting" in answer(await chat.say("ann", "/chorus award announce"))
    said = await chat.say("bente", "/chorus award announce")
    [post] = channel_posts(said)
    assert CITATION in post.text
    assert [n.recipient_id for n in notes(said)] == ["cora"]
    assert "Nothing is waiting" in answer(await chat.say("bente", "/chorus award announce"))


async def test_a_winner_may_keep_the_award_private(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await _open(chat, uow_factory, programme)
    await chat.say("bente", "/chorus cheers private")
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    kept = await chat.say("bente", "/chorus award private")
    assert channel_posts(kept) == ()
    assert uow_factory.state.awards.quarters[(ws, "2026-Q4")].status is AwardStatus.PRIVATE
    assert "Not announced" in answer(await chat.say("cora", "/chorus award history"))


async def test_nobody_wins_twice_within_four_quarters_unless_the_programme_says_so(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    chat = Chat(Core(uow_factory, programme, clock))
    ws = await _open(chat, uow_factory, programme)
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    # Three quarters later the rule still holds; in the fourth it no longer does.
    for quarter, barred in (("2027-Q3", True), ("2027-Q4", False)):
        year, number = quarter.split("-Q")
        fire = datetime(int(year), 3 * int(number), 17, 8, 0, tzinfo=UTC)
        clock.moment = fire
        await run_fire(uow_factory, programme, "award-reminder", ws, fire)
        shown = answer(await chat.say("cora", "/chorus award"))
        assert f"Ambassador of {quarter}: the candidates" in shown
        tried = answer(await chat.say("cora", f"/chorus award pick @bente {CITATION}"))
        assert ("within 4 quarters" in tried) is barred
    relaxed = Chat(Core(uow_factory, replace(programme, award_once_in_quarters=1), clock))
    clock.moment = datetime(2028, 3, 17, 8, 0, tzinfo=UTC)
    await run_fire(uow_factory, programme, "award-reminder", ws, clock.moment)
    assert "is ambassador of 2028-Q1" in answer(
        await relaxed.say("cora", f"/chorus award pick @bente {CITATION}")
    )


async def test_award_without_an_open_window_and_bad_words_get_clear_answers(chat: Chat) -> None:
    assert "No nominations yet" in answer(await chat.say("cora", "/chorus award"))
    assert "No ambassador of the quarter" in answer(await chat.say("cora", "/chorus award history"))
    assert "/chorus award pick" in answer(await chat.say("cora", "/chorus award crown @ann"))
    assert "Say why they won" in answer(await chat.say("cora", "/chorus award pick @ann"))


async def test_runners_up_are_named_with_the_winner_and_private_ones_only_if_they_agree(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    ws = await _open(chat, uow_factory, programme)
    await chat.say("ann", "/chorus cheers private")
    assert "Only coordinators" in answer(await chat.say("dan", "/chorus award runner-up @ann"))
    added = answer(await chat.say("cora", "/chorus award runner-up @dan for the support series"))
    assert "@Dan is a runner-up for 2026-Q4" in added
    await chat.say("cora", "/chorus award runner-up @ann her careful drafts")
    await chat.say("cora", "/chorus award runner-up @bente she gets picked anyway")
    shown = answer(await chat.say("cora", "/chorus award"))
    assert "Runners-up: @Dan, @Ann, @Bente" in shown

    picked = await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    assert "Runners-up: @Dan, @Ann" in answer(picked)  # the winner is no runner-up
    [post] = channel_posts(picked)
    assert "@Dan: for the support series" in post.text
    assert "Ann" not in post.text  # keeps cheers private: not named without her yes
    by_recipient = {n.recipient_id: n for n in notes(picked)}
    assert button_commands(by_recipient["dan"]) == []
    assert button_commands(by_recipient["ann"]) == [
        "/chorus award announce 2026-Q4",
        "/chorus award private 2026-Q4",
    ]
    assert "her careful drafts" in by_recipient["ann"].text
    history = answer(await chat.say("cora", "/chorus award history"))
    assert "Runner-up: @Dan" in history and "Runner-up: @Ann" in history
    assert "Waiting for their answer before they are named" in history

    said = await chat.say("ann", "/chorus award announce 2026-Q4")
    assert "The channel has your mention" in answer(said)
    [mention] = channel_posts(said)
    assert "also mention @Ann for 2026-Q4: her careful drafts" in mention.text
    assert "Nothing is waiting" in answer(await chat.say("ann", "/chorus award announce 2026-Q4"))
    statuses = {
        member: r.status.value
        for (w, q, member), r in uow_factory.state.awards.runners_up.items()
        if (w, q) == (ws, "2026-Q4")
    }
    assert sorted(statuses.values()) == ["named", "named"]
    late = await chat.say("cora", "/chorus award runner-up @ann again")
    assert "has its ambassador already" in answer(late)


async def test_a_private_runner_up_who_declines_stays_out_of_the_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await _open(chat, uow_factory, programme)
    await chat.say("ann", "/chorus cheers private")
    await chat.say("cora", "/chorus award runner-up @ann")
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    kept = await chat.say("ann", "/chorus award private 2026-Q4")
    assert channel_posts(kept) == () and "stays between you" in answer(kept)
    history = answer(await chat.say("cora", "/chorus award history"))
    assert "Runner-up: @Ann" in history and "Not named in the channel" in history


async def test_runners_up_wait_for_a_private_winners_yes_and_share_her_choice(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await _open(chat, uow_factory, programme)
    await chat.say("bente", "/chorus cheers private")
    await chat.say("ann", "/chorus cheers private")
    await chat.say("cora", "/chorus award runner-up @dan")
    await chat.say("cora", "/chorus award runner-up @ann")
    picked = await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    assert channel_posts(picked) == ()
    # Ann says yes before Bente: she is named in the announcement, not on her own.
    early = await chat.say("ann", "/chorus award announce 2026-Q4")
    assert channel_posts(early) == () and "when the award is announced" in answer(early)
    said = await chat.say("bente", "/chorus award announce")
    [post] = channel_posts(said)
    assert "@Bente" in post.text and "🏅 @Dan" in post.text and "🏅 @Ann" in post.text


async def test_bad_runner_up_commands_get_clear_answers_and_store_nothing(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    assert "No nominations yet" in answer(await chat.say("cora", "/chorus award runner-up @ann"))
    await _open(chat, uow_factory, programme)
    await chat.say("eva", "/chorus help")
    assert "Name the runner-up" in answer(await chat.say("cora", "/chorus award runner-up"))
    assert "don't know" in answer(await chat.say("cora", "/chorus award runner-up @nobody"))
    long = "x" * 301
    assert "at most 300" in answer(await chat.say("cora", f"/chorus award runner-up @ann {long}"))
    assert "not a runner-up" in answer(
        await chat.say("cora", "/chorus award runner-up remove @ann")
    )
    assert uow_factory.state.awards.runners_up == {}
    for user in ("ann", "dan", "eva"):
        await chat.say("cora", f"/chorus award runner-up @{user}")
    fourth = answer(await chat.say("cora", "/chorus award runner-up @bente"))
    assert "3 runners-up already" in fourth
    await chat.say("cora", "/chorus award runner-up @ann a new note")  # replaces, not a fourth
    assert sorted(r.note for r in uow_factory.state.awards.runners_up.values()) == [
        "",
        "",
        "a new note",
    ]
    removed = answer(await chat.say("cora", "/chorus award runner-up remove @ann"))
    assert "no longer a runner-up" in removed
    assert len(uow_factory.state.awards.runners_up) == 2
    assert "/chorus award" in answer(await chat.say("cora", "/chorus award private soon"))


async def test_erasing_a_runner_up_or_the_winner_takes_them_out_of_the_award_posts(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme
) -> None:
    await _open(chat, uow_factory, programme)
    await chat.say("ann", "/chorus cheers private")
    await chat.say("cora", "/chorus award runner-up @dan for the support series")
    await chat.say("cora", "/chorus award runner-up @ann her careful drafts")
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    await chat.say("ann", "/chorus award announce 2026-Q4")  # her own mention, after
    uow_factory.deliver()
    ann = next(m.id for m in uow_factory.state.members.values() if m.external_id == "ann")

    erased = await chat.say("cora", "/chorus member erase @dan confirm")
    [post] = channel_posts(erased)
    assert post.key == "award:2026-Q4"
    assert "Bente" in post.text and CITATION in post.text
    assert "Dan" not in post.text and "support series" not in post.text

    erased = await chat.say("cora", "/chorus member erase @ann confirm")
    posts = {p.key: p.text for p in channel_posts(erased)}
    # Her own late mention goes; the announcement (which shows every named runner-up once
    # it is drawn again) is drawn without her.
    assert set(posts) == {"award:2026-Q4", f"award:2026-Q4:runner-up:{ann}"}
    withdrawn = posts[f"award:2026-Q4:runner-up:{ann}"]
    assert "Removed, with the data of the member it was about." in withdrawn
    assert "careful drafts" not in withdrawn
    assert "Ann" not in posts["award:2026-Q4"] and "Bente" in posts["award:2026-Q4"]

    erased = await chat.say("cora", "/chorus member erase @bente confirm")
    [gone] = channel_posts(erased)
    assert gone.key == "award:2026-Q4"
    assert "Removed, with the data of the member it was about." in gone.text
    assert CITATION not in gone.text
