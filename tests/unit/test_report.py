"""The quarterly evaluation report's contents, on the core with in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Programme
from bot.errors import UsageError
from bot.model import Platform
from bot.report.build import QuarterReport, by_segment, quarterly_report
from bot.segments.ports import Segment, SegmentPeriod
from bot.stats.ports import Contribution, PostFact
from tests.helpers import Chat
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

CITATION = "for posts that explained our work in her own voice"


async def _report(
    uow_factory: FakeUnitOfWorkFactory, clock: FakeClock, quarter: str = "2026-Q4"
) -> QuarterReport:
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        return await quarterly_report(uow, workspace, quarter, clock.now(), programme=Programme())


async def test_a_quarter_that_has_not_started_or_a_malformed_one_is_refused(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await chat.say("cora", "/chorus help")
    with pytest.raises(UsageError) as future:
        await _report(uow_factory, clock, "2027-Q1")
    assert future.value.params == {"quarter": "2027-Q1", "current": "2026-Q4"}
    with pytest.raises(UsageError):
        await _report(uow_factory, clock, "2026-Q5")
    for bad in ("last quarter", "9999-Q4", "1999-Q4"):
        with pytest.raises(UsageError):
            await _report(uow_factory, clock, bad)


async def test_the_report_carries_the_survey_closed_in_the_quarter_and_the_announced_award(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    for user in ("cora", "ann", "bente", "dan"):
        await chat.say(user, "/chorus help")
    await chat.say("cora", "/chorus survey start")
    for user in ("cora", "ann", "bente"):
        await chat.form(user, "chorus survey answer 1", {"comfortable": "5"})
    await chat.say("cora", "/chorus survey close")
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        await uow.awards.open_window(workspace.id, "2026-Q4", clock.now())
        await uow.commit()
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")

    report = await _report(uow_factory, clock)

    assert report.quarter == "2026-Q4" and not report.empty
    assert report.survey is not None and report.survey.turnout.answered == 3
    assert [r.agreeing for r in report.survey.results if r.released] == []  # threshold 5
    assert report.winner == "Bente" and report.award is not None
    assert report.award.citation == CITATION


async def test_a_private_award_is_in_the_report_without_the_name(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    for user in ("cora", "bente"):
        await chat.say(user, "/chorus help")
    await chat.say("bente", "/chorus cheers private")
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        await uow.awards.open_window(workspace.id, "2026-Q4", clock.now())
        await uow.commit()
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    await chat.say("bente", "/chorus award private")
    report = await _report(uow_factory, clock)
    assert report.winner == "" and report.award is not None


async def test_an_empty_programme_gets_a_report_that_says_so(
    uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    async with uow_factory() as uow:
        await uow.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="Europe/Copenhagen"
        )
        await uow.commit()
    report = await _report(uow_factory, clock)
    assert report.empty and report.survey is None and report.award is None


def test_per_segment_figures_count_each_post_for_the_authors_segment_at_the_time() -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    moved = datetime(2026, 11, 15, tzinfo=UTC)
    net = Segment(1, 1, "networker", {"en": "networker"})
    lead = Segment(2, 1, "thought-leader", {"en": "thought leader"})
    gone = Segment(3, 1, "old", {"en": "old"}, removed=True)
    unused_gone = Segment(4, 1, "older", {"en": "older"}, removed=True)
    quiet = Segment(5, 1, "quiet", {"en": "quiet"})
    periods = [
        SegmentPeriod(10, 1, start, moved),  # member 10 moves from networker ...
        SegmentPeriod(10, 2, moved, None),  # ... to thought leader
        SegmentPeriod(11, 1, start, None),
        SegmentPeriod(13, 1, start, None),
        SegmentPeriod(14, 1, start, None),
        SegmentPeriod(12, 3, start, moved),
    ]
    contributions = {10: {Contribution.POST: 2}, 12: {Contribution.CHEER: 1}}
    posts = [
        PostFact(10, "linkedin", datetime(2026, 10, 20, tzinfo=UTC), 4),  # as networker
        PostFact(10, "linkedin", datetime(2026, 12, 1, tzinfo=UTC), 2),  # as thought leader
        PostFact(99, "linkedin", datetime(2026, 12, 1, tzinfo=UTC), 7),  # in no segment
    ]
    rows = by_segment([net, lead, gone, unused_gone, quiet], periods, contributions, posts)
    keyed = [
        (r.segment.key if r.segment else None, r.members, r.active, r.posts, r.answers)
        for r in rows
    ]
    # Thought leader (1), old (1) and quiet (0) are too small to show apart: one row, last.
    assert keyed == [("networker", 4, 1, 1, 4), (None, 2, 2, 1, 2)]
    assert rows[0].participation == 0.25 and rows[0].answers_per_post == 4
    assert by_segment([quiet], [], contributions, []) == []


async def test_the_report_carries_what_each_segment_did(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    for user in ("cora", "ann", "bente", "carl", "dan"):
        await chat.say(user, "/chorus help")
    for user in ("ann", "bente", "carl"):
        await chat.say("cora", f"/chorus segment set @{user} networker")
    await chat.say("cora", "/chorus segment set @dan role-model")
    clock.advance(hours=1)
    await chat.say("bente", "/posted https://www.linkedin.com/posts/bente-backups")
    await chat.say("dan", "/posted https://www.linkedin.com/posts/dan-leads")
    report = await _report(uow_factory, clock)
    [networker, small] = report.segments
    assert networker.segment is not None and networker.segment.key == "networker"
    assert (networker.members, networker.active, networker.posts) == (3, 1, 1)
    # Dan alone as role model: counted, but not in a row that is only him.
    assert small.segment is None and (small.members, small.active, small.posts) == (1, 1, 1)


async def test_the_report_names_only_the_runners_up_named_in_the_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    for user in ("cora", "ann", "bente", "dan"):
        await chat.say(user, "/chorus help")
    await chat.say("ann", "/chorus cheers private")
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        await uow.awards.open_window(workspace.id, "2026-Q4", clock.now())
        await uow.commit()
    await chat.say("cora", "/chorus award runner-up @dan for the support series")
    await chat.say("cora", "/chorus award runner-up @ann")
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    report = await _report(uow_factory, clock)
    assert report.winner == "Bente"
    assert report.runners_up == [("Dan", "for the support series")]  # Ann was only asked
