"""Programme numbers: the daily headcount, the figures of a period, `/chorus stats` and
`/chorus me`. The web dashboard and the status note use the same functions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.access import require_coordinator
from bot.context import Context
from bot.errors import NotFound
from bot.i18n import N_
from bot.messages import Reply
from bot.model import Member, Role, Workspace
from bot.ports import UnitOfWork
from bot.programme.ports import theme_key
from bot.stats import views
from bot.stats.commands import ShowMyFigures, ShowStats
from bot.stats.groups import groups_of
from bot.stats.metrics import MIN_GROUP, Figures, PeriodFacts, figures, steps
from bot.stats.periods import Period, resolve
from bot.stats.ports import Contributions, Headcount, IdeaFunnels

# A programme's first snapshot is back-filled from the members' join days, at most this far.
BACKFILL_DAYS = 800


def _day_bounds(day: date, timezone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=timezone)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=timezone)


async def record_headcounts(uow: UnitOfWork, workspace: Workspace, now: datetime) -> None:
    """Bring the daily headcount up to today: days since the last snapshot are filled in
    from the members' join days; today's row is rewritten until the day is over, and earlier
    rows are never touched again (so a member who leaves or is erased later still counts in
    the past periods they were part of)."""
    timezone = ZoneInfo(workspace.timezone)
    today = now.astimezone(timezone).date()
    last = await uow.stats.last_headcount(workspace.id)
    if last is not None and last.day > today:
        return
    if last is None:
        day, before = today - timedelta(days=BACKFILL_DAYS), 0
    elif last.day == today:
        day, before = today, last.at_start
    else:
        day, before = last.day + timedelta(days=1), last.enrolled
    started = last is not None
    while day <= today:
        start, end = _day_bounds(day, timezone)
        enrolled, joined = await uow.stats.members_on(workspace.id, start, end)
        if started or enrolled:
            departed = max(0, before + joined - enrolled)
            await uow.stats.save_headcount(
                workspace.id, Headcount(day, enrolled, joined, departed), now
            )
            started = True
        before = enrolled
        day += timedelta(days=1)


async def period_figures(
    uow: UnitOfWork,
    workspace: Workspace,
    period: Period,
    *,
    theme: str | None = None,
    contributions: tuple[Contributions, Contributions] | None = None,
    funnel: bool = True,
    posts: bool = True,
) -> Figures:
    """Every figure of ``period`` (ideas and the funnel only for ``theme`` when given).
    ``contributions`` are the period's and the previous period's, when the caller has them
    already; ``funnel=False`` leaves the idea funnel and themes empty, for a period that is
    only compared with; ``posts=False`` counts the posts and their answers without
    breaking them down by network and time."""
    timezone = ZoneInfo(workspace.timezone)
    start, end = period.bounds(timezone)
    ws = workspace.id
    key = theme_key(theme) if theme is not None else None
    funnels = (
        await uow.stats.funnels(ws, start, end, min_authors=MIN_GROUP, theme=key)
        if funnel
        else IdeaFunnels(steps(()), {})
    )
    if contributions is None:
        previous_start, previous_end = period.previous().bounds(timezone)
        contributions = (
            await uow.stats.contributions(ws, start, end),
            await uow.stats.contributions(ws, previous_start, previous_end),
        )
    facts = PeriodFacts(
        period=period,
        headcounts=await uow.stats.headcounts(ws, period.first, period.last),
        contributions=contributions[0],
        previous_contributions=contributions[1],
        first_posters=await uow.stats.first_posters(ws, start, end),
        posts=await uow.stats.posts(ws, start, end) if posts else (),
        post_totals=None if posts else await uow.stats.post_totals(ws, start, end),
        ideas=(),
        support=await uow.stats.support(ws, start, end),
        funnels=funnels,
    )
    return figures(facts, timezone)


async def compared_figures(
    uow: UnitOfWork,
    workspace: Workspace,
    period: Period,
    *,
    theme: str | None = None,
    funnel: bool = True,
    posts: bool = True,
) -> tuple[Figures, Figures]:
    """The figures of ``period`` and of the period before, which is only compared with (its
    funnel stays empty, its posts are only counted); each of the three periods'
    contributions is counted once. ``funnel=False`` leaves the period's idea funnel and
    themes empty too, and ``posts=False`` only counts its posts."""
    timezone = ZoneInfo(workspace.timezone)
    periods = (period, period.previous(), period.previous().previous())
    counted = await uow.stats.contributions_each(
        workspace.id, [p.bounds(timezone) for p in periods]
    )
    current = await period_figures(
        uow,
        workspace,
        period,
        theme=theme,
        contributions=(counted[0], counted[1]),
        funnel=funnel,
        posts=posts,
    )
    before = await period_figures(
        uow,
        workspace,
        periods[1],
        theme=theme,
        contributions=(counted[1], counted[2]),
        funnel=False,
        posts=False,
    )
    return current, before


def today_in(workspace: Workspace, now: datetime) -> date:
    """The programme's calendar day at ``now``."""
    return now.astimezone(ZoneInfo(workspace.timezone)).date()


def quiet_members(members: list[Member], current: Figures, before: Figures) -> list[Member]:
    """Ambassadors with no contribution in the period nor in the one before: people a
    coordinator could check in with (never a ranking)."""
    return [
        m
        for m in members
        if m.role is Role.AMBASSADOR
        and m.display_name
        and m.id not in current.contributions
        and m.id not in before.contributions
    ]


async def show_stats(ctx: Context, cmd: ShowStats) -> Reply:
    """``/chorus stats``: the key figures against the previous period, the funnel, themes,
    best times, support and the members who could use a hand; coordinators only."""
    require_coordinator(ctx)
    today = today_in(ctx.workspace, ctx.now)
    period = resolve(cmd.period, today).until(today)
    theme = None
    if cmd.theme is not None:
        themes = await ctx.uow.themes.list(ctx.workspace.id)
        match = next((t for t in themes if theme_key(t.name) == theme_key(cmd.theme)), None)
        if match is None:
            raise NotFound(
                N_("There is no theme #{theme}. The themes are: {themes}"),
                theme=cmd.theme,
                themes=", ".join(f"#{t.name}" for t in themes) or "—",
            )
        theme = match.name
    await record_headcounts(ctx.uow, ctx.workspace, ctx.now)
    current, previous = await compared_figures(ctx.uow, ctx.workspace, period, theme=theme)
    quiet = quiet_members(await ctx.uow.members.all(ctx.workspace.id), current, previous)
    groups = await groups_of(ctx.uow, ctx.workspace, current)
    running = period.last >= today
    return Reply.private(
        *views.stats_blocks(
            ctx.tr,
            current,
            previous,
            quiet,
            theme=theme,
            running=running,
            groups=groups,
            target=ctx.programme.company_share_percent,
        )
    )


async def show_my_figures(ctx: Context, cmd: ShowMyFigures) -> Reply:
    """``/chorus me``: my own contributions and the cheers I got, against my previous
    period; nobody else's figures appear."""
    today = today_in(ctx.workspace, ctx.now)
    period = resolve(cmd.period, today).until(today)
    timezone = ZoneInfo(ctx.workspace.timezone)
    start, end = period.bounds(timezone)
    previous_start, previous_end = period.previous().bounds(timezone)
    me = ctx.member.id
    ws = ctx.workspace.id
    mine = (await ctx.uow.stats.contributions(ws, start, end, member_id=me)).get(me, {})
    before = (
        await ctx.uow.stats.contributions(ws, previous_start, previous_end, member_id=me)
    ).get(me, {})
    cheered = await ctx.uow.stats.cheers_received(ws, me, start, end)
    first_post = me in await ctx.uow.stats.first_posters(ws, start, end)
    return Reply.private(
        *views.my_blocks(
            ctx.tr, period, mine, before, cheered, first_post, running=period.last >= today
        )
    )
