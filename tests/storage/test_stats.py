"""Programme figures on SQL — SQLite, and PostgreSQL when CHORUS_TEST_DATABASE_URL points at
one: every kind of contribution counts, the daily headcount keeps past periods' members, and
dashboard links work once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme
from bot.core import Core
from bot.model import Platform, Role
from bot.stats.dashboard import sign_in, viewer
from bot.stats.periods import PeriodSpec, resolve
from bot.stats.ports import Contribution, Headcount
from bot.stats.service import period_figures, record_headcounts
from storage.database import session_factory
from storage.models import MemberRow
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat, answer

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
URL = "https://www.linkedin.com/posts/ann_backups-activity-1"


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def chat(uow_factory: SqlUnitOfWorkFactory, clock: Clock) -> Chat:
    programme = Programme(
        admins=frozenset({"cora"}),
        channel_id="C1",
        timezone="Europe/Copenhagen",
        themes=("engineering", "culture"),
    )
    return Chat(Core(uow_factory, programme, clock))


async def _join_days(engine: AsyncEngine, days: dict[str, datetime]) -> None:
    """Members are stamped with the wall clock when they join; tests set the day."""
    async with engine.begin() as connection:
        for external_id, moment in days.items():
            await connection.execute(
                update(MemberRow)
                .where(MemberRow.external_id == external_id)
                .values(created_at=moment)
            )


async def test_every_kind_of_contribution_counts_on_sql(
    chat: Chat, clock: Clock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus slot add 2026-11-26 14:00 30")
    await chat.say("bente", "/idea Lessons from our cloud migration #engineering")
    await chat.say("ann", "/idea claim 1")
    await chat.say("ann", "/idea draft 1")
    await chat.say("ann", "/draft feedback 1")
    clock.moment += timedelta(hours=5)
    assert "Thank you!" in answer(await chat.say("cora", "/draft review 1 Lovely."))
    await chat.say("ann", f"/posted {URL} 1")
    await chat.say("bente", "posted like 1")
    await chat.say("bente", "/cheer @ann for a great post")
    await chat.say("bente", "/book slot 1")

    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        start = MONDAY - timedelta(days=1)
        found = await uow.stats.contributions(workspace.id, start, start + timedelta(days=7))
        members = {m.external_id: m.id for m in await uow.members.all(workspace.id)}
        figures = await period_figures(
            uow, workspace, resolve(PeriodSpec("week"), date(2026, 11, 23))
        )
    assert found[members["ann"]] == {
        Contribution.DRAFT: 1,
        Contribution.POST: 1,
    }
    assert found[members["bente"]] == {
        Contribution.IDEA: 1,
        Contribution.ANSWER: 1,
        Contribution.CHEER: 1,
        Contribution.BOOKING: 1,
    }
    assert found[members["cora"]] == {Contribution.FEEDBACK: 1}
    f = figures.funnel
    assert (f.ideas, f.claimed, f.drafted, f.published) == (1, 1, 1, 1)
    assert figures.first_posts == 1
    assert (figures.posts, figures.answers) == (1, 1)
    assert figures.support.feedback_hours == pytest.approx(5)
    assert (figures.support.slots_offered, figures.support.slots_booked) == (1, 1)
    assert [(c.weekday, c.hour) for c in figures.best_times] == [(0, 15)]
    async with uow_factory() as uow:
        counted = await period_figures(
            uow, workspace, resolve(PeriodSpec("week"), date(2026, 11, 23)), posts=False
        )
        week = (start, start + timedelta(days=7))
        assert await uow.stats.post_totals(workspace.id, *week) == (1, 1)
        assert await uow.stats.post_totals(workspace.id, start - timedelta(days=7), start) == (
            0,
            0,
        )
    # Counted in the database, the posts give the same figures, broken down by nothing.
    assert (counted.posts, counted.answers, counted.first_posts) == (1, 1, 1)
    assert counted.best_times == [] and counted.networks == []

    me = answer(await chat.say("ann", "/chorus me week"))
    assert "Posts announced: 1 (+1)" in me
    assert "Cheers you received: 1" in me
    assert "first post ever" in me


async def test_a_past_period_keeps_the_headcount_it_had_after_a_member_is_erased(
    chat: Chat, clock: Clock, engine: AsyncEngine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    for name in ("cora", "ann", "bente", "carl"):
        await chat.say(name, "/chorus help")
    await _join_days(
        engine,
        {
            "cora": datetime(2026, 11, 2, 8, tzinfo=UTC),
            "ann": datetime(2026, 11, 2, 9, tzinfo=UTC),
            "bente": datetime(2026, 11, 10, 9, tzinfo=UTC),  # joined in the second week
            "carl": datetime(2026, 11, 20, 9, tzinfo=UTC),
        },
    )
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        await record_headcounts(uow, workspace, MONDAY)
        await uow.commit()
    async with engine.begin() as connection:  # bente is erased later on
        await connection.execute(delete(MemberRow).where(MemberRow.external_id == "bente"))
    clock.moment = MONDAY + timedelta(days=1)

    async with uow_factory() as uow:
        await record_headcounts(uow, workspace, clock.moment)
        await uow.commit()
        second_week = await uow.stats.headcounts(
            workspace.id, date(2026, 11, 9), date(2026, 11, 15)
        )
        today = await uow.stats.headcounts(workspace.id, date(2026, 11, 24), date(2026, 11, 24))
        before_start = await uow.stats.headcounts(
            workspace.id, date(2026, 10, 1), date(2026, 11, 1)
        )
        week = resolve(PeriodSpec("2026-11-09..2026-11-15"), date(2026, 11, 24))
        figures = await period_figures(uow, workspace, week)
    assert second_week[0] == Headcount(date(2026, 11, 9), enrolled=2, joined=0)
    assert second_week[1] == Headcount(date(2026, 11, 10), enrolled=3, joined=1)
    assert figures.enrolled == 3  # 2 at the start of the week + bente, although she is gone
    assert today == [Headcount(date(2026, 11, 24), enrolled=3, joined=0, departed=1)]
    assert before_start == []  # nothing is written before the programme's first member


async def test_a_period_before_anyone_joined_says_there_are_no_members_yet(
    chat: Chat, engine: AsyncEngine
) -> None:
    await chat.say("cora", "/chorus help")
    await _join_days(engine, {"cora": datetime(2026, 11, 20, 9, tzinfo=UTC)})
    text = answer(await chat.say("cora", "/chorus stats 2026-10-01..2026-10-31"))
    assert "No members yet" in text


async def test_a_sign_in_link_works_once_and_a_demoted_coordinator_is_refused(
    chat: Chat, clock: Clock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    outcome = await chat.say("cora", "/chorus dashboard")
    [note] = [m for m in outcome.reply.messages if m.recipient_id == "cora"]
    token = note.text.split("/dashboard/signin/")[1].split()[0]

    async with uow_factory() as uow:
        session = await sign_in(uow, token, clock.now())
        again = await sign_in(uow, token, clock.now())
        await uow.commit()
    assert session is not None
    assert again is None
    async with uow_factory() as uow:
        who = await viewer(uow, session, clock.now())
        assert who is not None and who.member.external_id == "cora"
        assert await viewer(uow, session, clock.now() + timedelta(hours=9)) is None

    expired = await chat.say("cora", "/chorus dashboard")
    late = expired.reply.messages[1].text.split("/dashboard/signin/")[1].split()[0]
    async with uow_factory() as uow:
        assert await sign_in(uow, late, clock.now() + timedelta(minutes=11)) is None
        cora = await uow.members.by_external_id((await uow.workspaces.all())[0].id, "cora")
        assert cora is not None
        cora.role = Role.AMBASSADOR
        await uow.members.save(cora)
        await uow.commit()
    async with uow_factory() as uow:
        assert await viewer(uow, session, clock.now()) is None


async def test_a_programme_without_members_has_no_participation_figure(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.TEAMS, "tenant", locale="en", timezone="Europe/Copenhagen"
        )
        await record_headcounts(uow, workspace, MONDAY)
        figures = await period_figures(
            uow, workspace, resolve(PeriodSpec("quarter"), date(2026, 11, 23))
        )
    assert figures.enrolled == 0
    assert figures.participation is None
