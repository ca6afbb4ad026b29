"""The monthly contribution summary on SQL (SQLite, and PostgreSQL when
CHORUS_TEST_DATABASE_URL points at one): its triggers keep it equal to the daily summary
added up per month through inserts, moves and deletions, migration 0022 adds up the days
that were there before it, and contributions over random spans across month boundaries —
read from months, days and the facts at the spans' ends — are the facts counted one by one."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.stats.ports import Contribution
from storage.database import session_factory
from storage.models import (
    CheerRow,
    ContributionDayRow,
    ContributionMonthRow,
    IdeaRow,
    MemberRow,
)
from storage.stats import SqlStatsRepository, _by_month
from tests.storage.seeding import programme
from tests.storage.test_stats_days import _migration

START = datetime(2025, 11, 1, tzinfo=UTC)
COUNTS = ("ideas", "drafts", "feedback", "posts", "answers", "cheers", "bookings")


def _moment(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.random() * 200 * 86400)


async def _seed(engine: AsyncEngine, rng: random.Random) -> tuple[int, list[int]]:
    """Ideas and cheers at random moments over half a year; some moved, some deleted."""
    async with engine.begin() as c:
        ws, members = await programme(c, 6, START)
        ideas = [
            dict(workspace_id=ws, number=n, author_id=rng.choice(members), text="…",
                 status="open", created_at=_moment(rng), updated_at=START)
            for n in range(1, 401)
        ]  # fmt: skip
        await c.execute(insert(IdeaRow), ideas)
        cheers = [
            dict(workspace_id=ws, giver_id=rng.choice(members), receiver_id=members[0],
                 reason="Thanks", created_at=_moment(rng))
            for _ in range(400)
        ]  # fmt: skip
        await c.execute(insert(CheerRow), cheers)
        for _ in range(60):
            number = rng.randrange(1, 401)
            await c.execute(
                update(IdeaRow)
                .where(IdeaRow.workspace_id == ws, IdeaRow.number == number)
                .values(created_at=_moment(rng), author_id=rng.choice(members))
            )
        gone = rng.sample(range(1, 401), 80)
        await c.execute(delete(CheerRow).where(CheerRow.id.in_(select(CheerRow.id).limit(70))))
        await c.execute(delete(IdeaRow).where(IdeaRow.number.in_(gone)))
    return int(ws), members


async def _months_from_days(engine: AsyncEngine) -> dict[tuple[int, date, int], tuple[int, ...]]:
    async with engine.connect() as connection:
        days = await connection.execute(select(ContributionDayRow))
        added: dict[tuple[int, date, int], list[int]] = {}
        for row in days.mappings():
            key = (row["workspace_id"], row["day"].replace(day=1), row["member_id"])
            sums = added.setdefault(key, [0] * len(COUNTS))
            for index, column in enumerate(COUNTS):
                sums[index] += row[column]
        return {key: tuple(sums) for key, sums in added.items() if any(sums)}


async def _months(engine: AsyncEngine) -> dict[tuple[int, date, int], tuple[int, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(ContributionMonthRow))
        found = {}
        for row in rows.mappings():
            counts = tuple(row[column] for column in COUNTS)
            if any(counts):
                found[(row["workspace_id"], row["month"], row["member_id"])] = counts
        return found


async def test_the_monthly_summary_is_the_daily_one_added_up(engine: AsyncEngine) -> None:
    _, members = await _seed(engine, random.Random(22))
    months = await _months(engine)
    assert len({month for _, month, _ in months}) >= 6
    assert months == await _months_from_days(engine)
    # A member who goes takes their months with them.
    async with engine.begin() as c:
        await c.execute(delete(MemberRow).where(MemberRow.id == members[1]))
    assert await _months(engine) == await _months_from_days(engine)
    assert all(member != members[1] for _, _, member in await _months(engine))


async def test_the_migration_adds_up_the_days_recorded_before_it(engine: AsyncEngine) -> None:
    await _seed(engine, random.Random(5))
    expected = await _months(engine)
    migration = _migration("0022_stats_speed.py")
    async with engine.begin() as connection:
        await connection.execute(text(f"DELETE FROM {migration.TABLE}"))
        await connection.execute(text(migration.backfill(engine.dialect.name)))
    assert await _months(engine) == expected


async def test_contributions_across_months_are_the_facts_counted(engine: AsyncEngine) -> None:
    ws, members = await _seed(engine, random.Random(14))
    rng = random.Random(15)
    async with session_factory(engine)() as session:
        stats = SqlStatsRepository(session)
        for _ in range(30):
            start = START - timedelta(days=10) + timedelta(minutes=rng.randrange(200 * 1440))
            spans: list[tuple[datetime, datetime]] = []
            for _ in range(rng.randint(1, 3)):
                days = rng.choice((0, 1, 6, 27, 31, 45, 92, 150))
                end = start + timedelta(days=days, minutes=rng.randrange(1, 1440))
                spans.append((start, end))
                start = end + timedelta(minutes=rng.randrange(3 * 1440))
            rng.shuffle(spans)
            member = rng.choice((None, None, *members))
            counted = await stats.contributions_each(ws, spans, member_id=member)
            for (a, b), found in zip(spans, counted, strict=True):
                assert found == await stats.contributions_from_facts(ws, a, b, member_id=member)
            activity = await stats.activity_each(ws, spans)
            every = await stats.contributions_each(ws, spans)
            assert activity == [
                (
                    sum(1 for kinds in found.values() if sum(kinds.values())),
                    sum(kinds.get(Contribution.POST, 0) for kinds in found.values()),
                )
                for found in every
            ]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 10, 1), date(2026, 12, 31)),  # a quarter's whole UTC days
        (date(2026, 10, 1), date(2026, 11, 29)),  # a running quarter
        (date(2026, 10, 3), date(2026, 11, 27)),
        (date(2026, 10, 20), date(2026, 10, 25)),  # inside one month
        (date(2026, 10, 20), date(2026, 11, 12)),
        (date(2026, 1, 30), date(2026, 3, 2)),
    ],
)
def test_spans_become_months_and_days_that_add_up_to_them(first: date, last: date) -> None:
    days, months = _by_month([(0, first, last)])
    counted: dict[date, int] = {}

    def add(a: date, b: date, sign: int) -> None:
        while a < b:
            counted[a] = counted.get(a, 0) + sign
            a += timedelta(days=1)

    for _, a, b, sign in days:
        add(a, b, sign)
    for _, a, b, sign in months:
        assert a.day == 1 and b.day == 1 and sign == 1
        add(a, b, sign)
    covered = {day for day, n in counted.items() if n}
    assert all(n in (0, 1) for n in counted.values())
    assert covered == {first + timedelta(days=n) for n in range((last - first).days)}
    assert sum((b - a).days for _, a, b, _ in days) <= 31
