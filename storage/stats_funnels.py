"""The idea funnels of a period — ideas → claimed → drafted → published, all together and
per theme — added up in SQL in one statement, built once per dialect.

A quarter holds a few thousand ideas; reading them one by one and grouping them in Python
cost more than every other figure together. The database counts each step per theme group
(a theme with too few authors is counted under ``""`` with the untagged ideas, as
``bot.stats.metrics.theme_groups`` does) and lists each wait as whole microseconds, so the
medians come out exactly as Python computes them from the ideas."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    String,
    Text,
    bindparam,
    case,
    cast,
    distinct,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.stats.metrics import OTHER
from bot.stats.ports import IdeaFunnels, IdeaSteps
from storage.models import DraftRow, IdeaRow, IdeaThemeRow, PostRow, ThemeRow, UtcDateTime


def _microseconds(dialect: str, start: Any, end: Any) -> ColumnElement[int]:
    """Whole microseconds from ``start`` to ``end``, with no float on the way (SQLite's
    julianday keeps milliseconds only), so medians come out as Python's would."""
    if dialect == "postgresql":
        epoch = extract("epoch", end) - extract("epoch", start)
        return cast(epoch * 1_000_000, BigInteger)

    # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff' on SQLite; strftime would round the
    # fraction to milliseconds, and .9995 up to the next second.
    def seconds(moment: Any) -> ColumnElement[int]:
        return cast(func.strftime("%s", func.substr(moment, 1, 19)), BigInteger)

    def micro(moment: Any) -> ColumnElement[int]:
        return cast(func.substr(moment, 21, 6), BigInteger)

    return (seconds(end) - seconds(start)) * 1_000_000 + micro(end) - micro(start)


def _listed(dialect: str, value: ColumnElement[int]) -> ColumnElement[str]:
    """The group's non-null integers, comma-separated."""
    if dialect == "postgresql":
        return func.string_agg(cast(value, Text), ",")
    return func.group_concat(value)


@cache
def _statement(dialect: str, themed: bool) -> CompoundSelect[Any]:
    """The funnels' statement, with the parameters ``workspace_id``, ``start``, ``end``,
    ``min_authors`` and (when ``themed``) ``theme``: a row of counts and waits for all the
    ideas (its group NULL) and one for each theme group."""
    workspace_id: Any = bindparam("workspace_id")
    period = [
        IdeaRow.workspace_id == workspace_id,
        IdeaRow.created_at >= bindparam("start", type_=UtcDateTime()),
        IdeaRow.created_at < bindparam("end", type_=UtcDateTime()),
    ]
    if themed:
        period.append(
            IdeaRow.id.in_(
                select(IdeaThemeRow.idea_id)
                .join(ThemeRow, ThemeRow.id == IdeaThemeRow.theme_id)
                .where(
                    ThemeRow.workspace_id == workspace_id,
                    ThemeRow.name_key == bindparam("theme"),
                )
            )
        )
    # Each idea's first draft and post, looked up by its key: PostgreSQL would otherwise
    # hash every programme's drafts and posts.
    drafted = (
        select(func.min(DraftRow.created_at))
        .where(DraftRow.idea_id == IdeaRow.id)
        .correlate(IdeaRow)
        .scalar_subquery()
    )
    published = (
        select(func.min(PostRow.created_at))
        .join(DraftRow, DraftRow.id == PostRow.draft_id)
        .where(DraftRow.idea_id == IdeaRow.id)
        .correlate(IdeaRow)
        .scalar_subquery()
    )
    facts = (
        select(
            IdeaRow.id,
            IdeaRow.author_id,
            IdeaRow.created_at,
            IdeaRow.claimed_by_id,
            IdeaRow.status,
            drafted.label("drafted"),
            published.label("published"),
        )
        .where(*period)
        .cte("facts")
        # Looked up once per idea, not once for each use of the dates below.
        .prefix_with("MATERIALIZED")
    )
    got_further = or_(
        facts.c.claimed_by_id.is_not(None),
        facts.c.status.in_(("claimed", "drafted", "published")),
        facts.c.drafted.is_not(None),
        facts.c.published.is_not(None),
    )
    ideas = select(
        facts.c.id,
        facts.c.author_id.label("author"),
        case((got_further, 1), else_=0).label("claimed"),
        facts.c.drafted,
        facts.c.published,
        case(
            (
                facts.c.drafted.is_not(None),
                _microseconds(dialect, facts.c.created_at, facts.c.drafted),
            )
        ).label("to_draft"),
        case(
            (
                facts.c.published.is_not(None),
                _microseconds(dialect, facts.c.drafted, facts.c.published),
            )
        ).label("to_post"),
    ).cte("period_ideas")
    # Each (idea, theme) with the idea's counts and waits, so a theme's funnel is one
    # GROUP BY (theme names are unique in a programme: no idea counts twice in one).
    tags = (
        select(IdeaThemeRow.theme_id, *ideas.c)
        .join(ideas, ideas.c.id == IdeaThemeRow.idea_id)
        .cte("tags")
        .prefix_with("MATERIALIZED")
    )
    shown = (
        select(tags.c.theme_id)
        .join(ThemeRow, ThemeRow.id == tags.c.theme_id)
        .where(ThemeRow.name != OTHER)
        .group_by(tags.c.theme_id)
        .having(func.count(distinct(tags.c.author)) >= bindparam("min_authors"))
        .cte("shown")
        .prefix_with("MATERIALIZED")
    )
    # An idea is in each of its shown themes, and once in OTHER when it has a theme that is
    # not shown, or none.
    in_other = union(
        select(tags.c.id).where(tags.c.theme_id.not_in(select(shown.c.theme_id))),
        select(ideas.c.id).where(~exists().where(IdeaThemeRow.idea_id == ideas.c.id)),
    )

    def counted(key: ColumnElement[Any], rows: Any) -> Any:
        return select(
            key,
            func.count(),
            func.coalesce(func.sum(rows.c.claimed), 0),
            func.count(rows.c.drafted),
            func.count(rows.c.published),
            _listed(dialect, rows.c.to_draft),
            _listed(dialect, rows.c.to_post),
        ).select_from(rows)

    every = counted(literal(None, String).label("grp"), ideas)
    name = select(ThemeRow.name).where(ThemeRow.id == tags.c.theme_id).scalar_subquery()
    themes = (
        counted(name, tags)
        .where(tags.c.theme_id.in_(select(shown.c.theme_id)))
        .group_by(tags.c.theme_id)
    )
    other = (
        counted(literal(OTHER, String), ideas)
        .where(ideas.c.id.in_(in_other))
        .having(func.count() > 0)
    )
    return union_all(every, themes, other)


def _integers(listed: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in listed.split(",")) if listed else ()


async def funnels(
    session: AsyncSession,
    workspace_id: int,
    start: datetime,
    end: datetime,
    *,
    min_authors: int,
    theme: str | None,
) -> IdeaFunnels:
    """The funnels of the ideas parked in ``[start, end)`` (only those tagged with the theme
    of key ``theme``, when given), all together and per theme group."""
    statement = _statement(session.get_bind().dialect.name, theme is not None)
    parameters: dict[str, Any] = dict(
        workspace_id=workspace_id, start=start, end=end, min_authors=min_authors
    )
    if theme is not None:
        parameters["theme"] = theme
    found: dict[str | None, IdeaSteps] = {}
    for name, n, claimed, drafted, published, to_draft, to_post in await session.execute(
        statement, parameters
    ):
        found[name] = IdeaSteps(
            int(n),
            int(claimed),
            int(drafted),
            int(published),
            _integers(to_draft),
            _integers(to_post),
        )
    every = found.pop(None)
    return IdeaFunnels(every, {str(name): steps for name, steps in found.items()})
