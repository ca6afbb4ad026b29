"""The daily contribution summary on SQL (SQLite, and PostgreSQL when
CHORUS_TEST_DATABASE_URL points at one): its triggers exist on every fact table, it agrees
with counting the facts one by one after a random month of writes, take-backs and deletions,
and migration 0019 counts the facts that were there before it."""

from __future__ import annotations

import importlib.util
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Programme, Retention
from bot.core import Core
from bot.stats.ports import Contribution
from storage.database import session_factory
from storage.models import ContributionDayRow
from storage.stats import SqlStatsRepository
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.helpers import Chat

START = datetime(2026, 10, 1, 6, 0, tzinfo=UTC)
FACT_TABLES = (
    "ideas",
    "draft_versions",
    "draft_feedback",
    "posts",
    "post_engagements",
    "cheers",
    "bookings",
)
PEOPLE = ("cora", "ann", "bente", "carl", "dora")


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def now(self) -> datetime:
        return self.moment


async def _triggers(
    engine: AsyncEngine, summary: str = "contribution_days"
) -> set[tuple[str, str]]:
    """(table, trigger) of every trigger that keeps the summary (its table's name ends in
    ``summary``)."""
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = await connection.execute(
                text("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            )
        else:
            rows = await connection.execute(
                text(
                    "SELECT c.relname, t.tgname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                )
            )
        return {(table, name) for table, name in rows if summary in name}


async def test_every_fact_table_keeps_the_summary_up_to_date(engine: AsyncEngine) -> None:
    found = await _triggers(engine)
    tables = {table for table, _ in found}
    # A migration that recreates one of these tables must create its trigger again.
    assert tables == {*FACT_TABLES, "drafts"}
    if engine.dialect.name == "sqlite":
        for table in FACT_TABLES:
            events = {name.rsplit("_", 1)[1] for t, name in found if t == table}
            expected = {"insert", "update"} | ({"delete"} if table != "draft_versions" else set())
            assert events == expected, table


async def _random_month(chat: Chat, clock: Clock, rng: random.Random) -> None:
    """A month of chat: ideas, drafts, feedback, posts, likes and take-backs, cheers,
    bookings and discarded drafts, at random hours."""
    for name in PEOPLE:
        await chat.say(name, "/chorus help")
    posts = drafts = 0
    for day in range(30):
        if day % 7 == 0:
            slot = (START + timedelta(days=day + 2)).strftime("%Y-%m-%d")
            await chat.say("cora", f"/chorus slot add {slot} 14:00 30")
        for _ in range(rng.randint(1, 6)):
            clock.moment = START + timedelta(days=day, minutes=rng.randrange(24 * 60))
            who = rng.choice(PEOPLE[1:])
            action = rng.choice(("idea", "draft", "post", "like", "undo", "cheer", "book"))
            if action == "idea":
                await chat.say(who, f"/idea Something worth sharing on day {day}")
            elif action == "draft":
                await chat.say(who, f"/draft A first go at day {day}")
                drafts += 1
                if rng.random() < 0.3:
                    await chat.say(who, f"/draft discard {drafts}")
            elif action == "post":
                posts += 1
                await chat.say(who, f"/posted https://www.linkedin.com/posts/{who}-{posts}")
            elif action in ("like", "undo") and posts:
                prefix = "posted" if action == "like" else "posted undo"
                await chat.say(who, f"{prefix} like {rng.randint(1, posts)}")
            elif action == "cheer":
                await chat.say(who, f"/cheer @{rng.choice(PEOPLE)} for day {day}")
            elif action == "book":
                await chat.say(who, f"/book slot {day // 7 + 1}")
            if drafts and rng.random() < 0.2:
                await chat.say("cora", f"/draft review {rng.randint(1, drafts)} Lovely.")


async def _disagreements(engine: AsyncEngine, rng: random.Random) -> list[object]:
    """Windows where the summary and the facts count differently."""
    found: list[object] = []
    async with session_factory(engine)() as session:
        stats = SqlStatsRepository(session)
        [workspace_id] = (await session.execute(text("SELECT id FROM workspaces"))).scalars()
        for _ in range(40):
            start = START + timedelta(minutes=rng.randrange(35 * 24 * 60))
            end = start + timedelta(minutes=rng.randrange(1, 20 * 24 * 60))
            summary = await stats.contributions(workspace_id, start, end)
            facts = await stats.contributions_from_facts(workspace_id, start, end)
            if summary != facts:
                found.append((start, end, summary, facts))
    return found


@pytest.fixture
def chat(engine: AsyncEngine) -> tuple[Chat, Clock]:
    clock = Clock()
    programme = Programme(admins=frozenset({"cora"}), channel_id="C1", timezone="UTC")
    return Chat(Core(SqlUnitOfWorkFactory(session_factory(engine)), programme, clock)), clock


async def test_the_summary_agrees_with_the_facts_after_a_random_month(
    engine: AsyncEngine, chat: tuple[Chat, Clock]
) -> None:
    rng = random.Random(19)
    talk, clock = chat
    await _random_month(talk, clock, rng)
    async with engine.connect() as connection:
        days = await connection.scalar(select(func.count()).select_from(ContributionDayRow))
    assert days and days > 20
    async with session_factory(engine)() as session:
        month = await SqlStatsRepository(session).contributions(
            1, START, START + timedelta(days=31)
        )
    assert {kind for kinds in month.values() for kind in kinds} == set(Contribution)
    assert await _disagreements(engine, rng) == []
    # Housekeeping deletes drafts discarded long ago, with their versions and feedback.
    async with SqlUnitOfWorkFactory(session_factory(engine))() as uow:
        gone = await uow.privacy.forget_expired(1, Retention(), START + timedelta(days=90))
        await uow.commit()
    assert gone
    assert await _disagreements(engine, rng) == []


async def test_the_migration_counts_the_facts_recorded_before_it(
    engine: AsyncEngine, chat: tuple[Chat, Clock]
) -> None:
    # Facts recorded, then the summary emptied as before the migration: its backfill (run
    # as the migration runs it) must count them all. Only this revision's own SQL runs, so
    # later migrations never have to be undone for the test.
    talk, clock = chat
    await _random_month(talk, clock, random.Random(3))
    migration = _migration("0019_stats_daily.py")
    await refill(engine, migration.TABLE, migration._backfill(migration.DAY[engine.dialect.name]))
    assert await _disagreements(engine, random.Random(4)) == []


async def refill(engine: AsyncEngine, table: str, backfill: str) -> None:
    """Empty a summary and fill it again with its migration's ``backfill``."""
    async with engine.begin() as connection:
        await connection.execute(text(f"DELETE FROM {table}"))
        await connection.execute(text(backfill))


def _migration(filename: str) -> ModuleType:
    """A migration module, loaded from its file (``migrations/versions`` is no package)."""
    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / filename
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
