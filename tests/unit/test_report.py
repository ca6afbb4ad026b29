"""The quarterly evaluation report's contents, on the core with in-memory fakes."""

from __future__ import annotations

import pytest

from bot.config import Programme
from bot.errors import UsageError
from bot.model import Platform
from bot.report.build import QuarterReport, quarterly_report
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
