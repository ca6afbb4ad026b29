"""The hourly contribution summary on SQL (SQLite, and PostgreSQL when
CHORUS_TEST_DATABASE_URL points at one): its triggers exist on every fact table, every hour's
counts agree with counting that hour's facts one by one after a random month of writes,
take-backs, discarded drafts, housekeeping deletions and an erasure, a member who goes takes
their hours along, and migration 0024 counts the facts that were there before it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.config import Retention
from bot.stats.ports import Contribution, Contributions
from storage.database import session_factory
from storage.models import ContributionHourRow, MemberRow
from storage.stats import SqlStatsRepository
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat
from tests.storage.test_stats_days import (
    FACT_TABLES,
    START,
    Clock,
    _migration,
    _random_month,
    _triggers,
    refill,
)
from tests.storage.test_stats_days import chat as talking

chat = talking  # the same fixture: a chat with its clock, in UTC

KINDS = {
    "ideas": Contribution.IDEA,
    "drafts": Contribution.DRAFT,
    "feedback": Contribution.FEEDBACK,
    "posts": Contribution.POST,
    "answers": Contribution.ANSWER,
    "cheers": Contribution.CHEER,
    "bookings": Contribution.BOOKING,
}


async def _summary(engine: AsyncEngine, start: datetime, end: datetime) -> Contributions:
    """The hourly summary's rows of the hours in ``[start, end)``, added up per member."""
    async with session_factory(engine)() as session:
        return await _summed(session, start, end)


async def _summed(session: AsyncSession, start: datetime, end: datetime) -> Contributions:
    found: Contributions = {}
    rows = await session.execute(
        select(*ContributionHourRow.__table__.c).where(
            ContributionHourRow.hour >= start, ContributionHourRow.hour < end
        )
    )
    for row in rows.mappings():
        mine = found.setdefault(row["member_id"], {})
        for column, kind in KINDS.items():
            if row[column]:
                mine[kind] = mine.get(kind, 0) + row[column]
    return {member: kinds for member, kinds in found.items() if kinds}


async def _hours(engine: AsyncEngine) -> set[datetime]:
    """The hours the summary has a row for."""
    async with engine.connect() as connection:
        return set((await connection.execute(select(ContributionHourRow.hour))).scalars())


async def _disagreements(engine: AsyncEngine, rng: random.Random) -> list[object]:
    """Stretches of whole hours where the hourly summary and the facts count differently."""
    found: list[object] = []
    async with session_factory(engine)() as session:
        stats = SqlStatsRepository(session)
        [workspace_id] = (await session.execute(text("SELECT id FROM workspaces"))).scalars()
        for hours in range(35 * 24):
            start = START + timedelta(hours=hours)
            end = start + timedelta(hours=rng.choice((1, 1, 1, 2, 5)))
            summary = await _summed(session, start, end)
            facts = await stats.contributions_from_facts(workspace_id, start, end)
            if summary != facts:
                found.append((start, end, summary, facts))
    return found


async def test_every_fact_table_keeps_the_hourly_summary_up_to_date(engine: AsyncEngine) -> None:
    # A migration that recreates one of these tables must create its trigger again.
    found = await _triggers(engine, "contribution_hours")
    assert {table for table, _ in found} == {*FACT_TABLES, "drafts"}


async def test_the_hourly_summary_agrees_with_the_facts_after_a_random_month(
    engine: AsyncEngine, chat: tuple[Chat, Clock]
) -> None:
    rng = random.Random(24)
    await _random_month(*chat, rng)
    month = await _summary(engine, START, START + timedelta(days=35))
    # Every kind is there, spread over many hours.
    assert {kind for kinds in month.values() for kind in kinds} == set(Contribution)
    assert len(await _hours(engine)) > 40
    assert await _disagreements(engine, rng) == []
    # Housekeeping deletes drafts discarded long ago, with their versions and feedback; an
    # erased member's own facts go (what they gave others stays, as a former member's).
    async with SqlUnitOfWorkFactory(session_factory(engine))() as uow:
        gone = await uow.privacy.forget_expired(1, Retention(), START + timedelta(days=90))
        erased = await uow.members.by_external_id(1, "bente")
        assert erased is not None
        await uow.privacy.erase(erased.id, now=START + timedelta(days=91))
        await uow.commit()
    assert gone
    assert await _disagreements(engine, rng) == []
    # A member who goes takes their hours with them.
    async with engine.begin() as c:
        leaving = await c.scalar(select(MemberRow.id).where(MemberRow.external_id == "carl"))
        await c.execute(delete(MemberRow).where(MemberRow.id == leaving))
    async with engine.connect() as connection:
        left = await connection.scalar(
            select(func.count())
            .select_from(ContributionHourRow)
            .where(ContributionHourRow.member_id == leaving)
        )
    assert left == 0
    assert await _disagreements(engine, rng) == []


async def test_migration_0024_counts_every_hour_of_the_facts_before_it(
    engine: AsyncEngine, chat: tuple[Chat, Clock]
) -> None:
    month = (START, START + timedelta(days=35))
    await _random_month(*chat, random.Random(5))
    expected = await _summary(engine, *month)
    # The summary emptied, as before the migration, and filled as the migration fills it.
    migration = _migration("0024_stats_fast.py")
    await refill(engine, migration.TABLE, migration.backfill(engine.dialect.name))
    assert await _summary(engine, *month) == expected
    assert await _disagreements(engine, random.Random(6)) == []
