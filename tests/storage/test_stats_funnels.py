"""The idea funnels added up in SQL (SQLite, and PostgreSQL when CHORUS_TEST_DATABASE_URL
points at one) agree to the last bit with the funnels computed in Python from the ideas one
by one, on random ideas, drafts, posts and themes, for random periods, themes and group
sizes — waits with microseconds just below a whole second included."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.programme.ports import theme_key
from bot.stats.metrics import (
    funnel,
    funnel_by_theme,
    funnel_of,
    funnels_of,
    idea_funnels,
    theme_groups,
)
from bot.stats.ports import IdeaFunnels, IdeaSteps
from storage.database import session_factory
from storage.models import (
    DraftRow,
    IdeaRow,
    IdeaThemeRow,
    PostRow,
    ThemeRow,
)
from storage.stats import SqlStatsRepository
from tests.storage.seeding import programme

START = datetime(2026, 1, 1, tzinfo=UTC)
THEMES = ("Engineering", "Culture", "Bæredygtighed", "Careers")


def _moment(rng: random.Random, after: datetime, days: float) -> datetime:
    at = after + timedelta(seconds=rng.random() * days * 86400)
    # Some fractions round up to the next second when kept in milliseconds.
    micro = rng.choice((0, 999_999, 999_600, 500, rng.randrange(1_000_000)))
    return at.replace(microsecond=micro)


async def _seed(engine: AsyncEngine, rng: random.Random) -> int:
    async with engine.begin() as c:
        ws, members = await programme(c, 8, START)
        themes = list(
            (
                await c.execute(
                    insert(ThemeRow).returning(ThemeRow.id),
                    [dict(workspace_id=ws, name=t, name_key=theme_key(t)) for t in THEMES],
                )
            ).scalars()
        )
        ideas: list[dict[str, Any]] = []
        for number in range(1, 301):
            status = rng.choice(("open", "claimed", "drafted", "published", "archived"))
            created = _moment(rng, START, 120)
            claimer = rng.choice(members) if rng.random() < 0.3 else None
            ideas.append(
                dict(workspace_id=ws, number=number, author_id=rng.choice(members[:6]),
                     text="…", status=status, claimed_by_id=claimer, created_at=created,
                     updated_at=created)
            )  # fmt: skip
        rows = list(
            (
                await c.execute(insert(IdeaRow).returning(IdeaRow.id, IdeaRow.created_at), ideas)
            ).all()
        )
        tags: list[dict[str, Any]] = []
        drafts: list[dict[str, Any]] = []
        for idea_id, created in rows:
            for theme in rng.sample(themes, rng.choice((0, 1, 1, 2, 3))):
                tags.append(dict(idea_id=idea_id, theme_id=theme))
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                at = _moment(rng, created.replace(tzinfo=UTC), 9)
                drafts.append(
                    dict(workspace_id=ws, number=len(drafts) + 1, author_id=members[0],
                         idea_id=idea_id, status="active", created_at=at, updated_at=at)
                )  # fmt: skip
        if tags:
            await c.execute(insert(IdeaThemeRow), tags)
        made = (
            await c.execute(insert(DraftRow).returning(DraftRow.id, DraftRow.created_at), drafts)
        ).all()
        posts: list[dict[str, Any]] = []
        for draft_id, drafted in made:
            for _ in range(rng.choice((0, 1, 1, 2))):
                url = f"https://example.com/{len(posts)}"
                posts.append(
                    dict(workspace_id=ws, number=len(posts) + 1, author_id=members[0], url=url,
                         url_key=url, network="linkedin", draft_id=draft_id,
                         created_at=_moment(rng, drafted.replace(tzinfo=UTC), 5))
                )  # fmt: skip
        if posts:
            await c.execute(insert(PostRow), posts)
    return int(ws)


def _sorted(funnels: IdeaFunnels) -> IdeaFunnels:
    """The same funnels with each list of waits in order (SQL lists them in any order)."""

    def ordered(steps: IdeaSteps) -> IdeaSteps:
        return replace(
            steps, to_draft=tuple(sorted(steps.to_draft)), to_post=tuple(sorted(steps.to_post))
        )

    return IdeaFunnels(ordered(funnels.every), {k: ordered(v) for k, v in funnels.themes.items()})


async def test_funnels_counted_in_sql_match_the_funnels_of_the_ideas(engine: AsyncEngine) -> None:
    rng = random.Random(14)
    ws = await _seed(engine, rng)
    compared = 0
    async with session_factory(engine)() as session:
        stats = SqlStatsRepository(session)
        for _ in range(25):
            start = _moment(rng, START - timedelta(days=5), 100)
            end = start + timedelta(days=rng.choice((1, 7, 30, 91, 200)))
            theme = rng.choice((None, None, *(theme_key(t) for t in THEMES), "unknown"))
            min_authors = rng.choice((1, 3, 5))
            counted = await stats.funnels(ws, start, end, min_authors=min_authors, theme=theme)
            ideas = await stats.ideas(ws, start, end)
            if theme is not None:
                ideas = [i for i in ideas if theme in {theme_key(t) for t in i.themes}]
            assert _sorted(counted) == _sorted(idea_funnels(ideas, min_authors))
            assert counted.every.ideas == len(ideas)
            assert funnel_of(counted.every) == funnel(ideas)
            groups = theme_groups(ideas, min_authors)
            assert set(counted.themes) == set(groups)
            for name, group in groups.items():
                assert funnel_of(counted.themes[name]) == funnel(group), name
            if min_authors == 3:
                assert funnels_of(counted.themes) == funnel_by_theme(ideas)
                assert list(funnels_of(counted.themes)) == list(funnel_by_theme(ideas))
            compared += len(ideas)
    assert compared > 500
