"""The dashboard's sign-in and what its pages show, computed here and only formatted by the
web adapter's templates.

``/chorus dashboard`` DMs a coordinator a link that works once, for ten minutes, for them
alone. Opening it shows a button; pressing it (a POST, so link previews cannot spend the
link) starts a session of at most eight hours. Only SHA-256 fingerprints of links and
sessions are stored, and the coordinator role is checked again on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from bot.access import require_coordinator
from bot.context import Context
from bot.i18n import Translator
from bot.messages import Audience, Message, Note, Reply, Section, Span, SpanKind
from bot.model import Member, Workspace
from bot.ports import UnitOfWork
from bot.stats.commands import OpenDashboard
from bot.stats.groups import Groups, groups_of
from bot.stats.metrics import Figures, enrolled_during, share
from bot.stats.periods import Period, PeriodSpec, resolve, week_of
from bot.stats.service import compared_figures, quiet_members, record_headcounts, today_in

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=8)
TREND_WEEKS = 12
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def fingerprint(token: str) -> str:
    """What is stored of a link or session token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def csrf_token(session_token: str) -> str:
    """The token a signed-in page's forms carry: derived from the session, so a page of
    another site cannot know it."""
    return hmac.new(session_token.encode("ascii"), b"chorus-csrf", hashlib.sha256).hexdigest()


def csrf_matches(session_token: str, candidate: str) -> bool:
    """Whether a submitted form carries this session's CSRF token."""
    return hmac.compare_digest(csrf_token(session_token), candidate)


def sign_in_url(public_url: str, token: str) -> str:
    """Where a sign-in link points."""
    return f"{public_url.rstrip('/')}/dashboard/signin/{token}"


async def open_dashboard(ctx: Context, _: OpenDashboard) -> Reply:
    """``/chorus dashboard``: a one-time sign-in link, by direct message."""
    require_coordinator(ctx)
    token = secrets.token_urlsafe(32)
    await ctx.uow.stats.add_token(
        fingerprint(token),
        "link",
        ctx.workspace.id,
        ctx.member.id,
        now=ctx.now,
        expires_at=ctx.now + LINK_LIFETIME,
    )
    link = sign_in_url(ctx.programme.public_url, token)
    tr = ctx.tr
    note = Message(
        (
            Section(
                tr._t(
                    "Your sign-in link for the programme dashboard: {link}",
                    link=Span(link, SpanKind.LINK, url=link),
                )
            ),
            Note(
                tr._t(
                    "It works once, for the next 10 minutes, and only for you. Type /chorus dashboard again for a new one."
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=ctx.member.external_id,
        summary=tr._("Your dashboard sign-in link"),
    )
    return Reply.private(
        Section(tr._t("I sent you a sign-in link for the dashboard in a direct message."))
    ).with_messages([note])


def _well_formed(token: str) -> bool:
    return bool(_TOKEN_SHAPE.match(token))


async def link_is_open(uow: UnitOfWork, token: str, now: datetime) -> bool:
    """Whether a sign-in link can still be used (shown before the button is pressed)."""
    if not _well_formed(token):
        return False
    return await uow.stats.link_is_open(fingerprint(token), now)


async def sign_in(uow: UnitOfWork, token: str, now: datetime) -> str | None:
    """Spend a sign-in link and start a session; its token, or None when the link is
    unknown, used, expired, or its member is no longer a coordinator."""
    if not _well_formed(token):
        return None
    spent = await uow.stats.use_link(fingerprint(token), now)
    if spent is None:
        return None
    workspace_id, member_id = spent
    member = await uow.members.get(member_id)
    if member is None or not member.is_coordinator:
        return None
    session = secrets.token_urlsafe(32)
    await uow.stats.add_token(
        fingerprint(session),
        "session",
        workspace_id,
        member_id,
        now=now,
        expires_at=now + SESSION_LIFETIME,
    )
    return session


@dataclass(frozen=True)
class Viewer:
    """The signed-in coordinator and their programme."""

    workspace: Workspace
    member: Member

    @property
    def tr(self) -> Translator:
        """The coordinator's language and time zone."""
        return Translator(
            self.member.locale or self.workspace.locale,
            self.member.timezone or self.workspace.timezone,
        )


async def viewer(uow: UnitOfWork, session: str, now: datetime) -> Viewer | None:
    """Who a session belongs to, if it is live and they are still a coordinator."""
    if not _well_formed(session):
        return None
    found = await uow.stats.session(fingerprint(session), now)
    if found is None:
        return None
    workspace = await uow.workspaces.get(found[0])
    member = await uow.members.get(found[1])
    if workspace is None or member is None or not member.is_coordinator:
        return None
    return Viewer(workspace, member)


async def sign_out(uow: UnitOfWork, session: str) -> None:
    """End a session."""
    if _well_formed(session):
        await uow.stats.end_session(fingerprint(session))


class Part(Enum):
    """What a dashboard page shows besides the key figures of the period and of the one
    before (which every page has): each page computes only its own parts."""

    TREND = "trend"  # the participation of the last twelve weeks
    FUNNEL = "funnel"  # the idea funnel and the themes
    PEOPLE = "people"  # every member's contributions
    GROUPS = "groups"  # the figures per segment and per network
    POSTS = "posts"  # the period's posts by network and by weekday × hour


EVERY_PART = frozenset(Part)
PAGE_PARTS: Mapping[str, frozenset[Part]] = {
    "overview": frozenset({Part.TREND}),
    "funnel": frozenset({Part.FUNNEL}),
    "themes": frozenset({Part.FUNNEL, Part.GROUPS, Part.POSTS}),
    "times": frozenset({Part.POSTS}),
    "people": frozenset({Part.PEOPLE}),
}
# What each CSV download needs (its table's rows).
TABLE_PARTS: Mapping[str, frozenset[Part]] = {
    "figures": frozenset(),
    "trend": frozenset({Part.TREND}),
    "funnel": frozenset({Part.FUNNEL}),
    "themes": frozenset({Part.FUNNEL}),
    "networks": frozenset({Part.POSTS}),
    "segments": frozenset({Part.GROUPS}),
    "network_members": frozenset({Part.GROUPS}),
    "times": frozenset({Part.POSTS}),
    "people": frozenset({Part.PEOPLE}),
}


@dataclass(frozen=True)
class TrendPoint:
    """One week of the participation trend."""

    period: Period
    participation: float | None
    active: int
    enrolled: int
    posts: int


@dataclass(frozen=True)
class PersonRow:
    """One member's contributions in the period, for the people page (listed by name)."""

    name: str
    role: str
    contributions: int
    quiet: bool


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard pages show for one period."""

    now: Figures
    before: Figures
    trend: list[TrendPoint]
    people: list[PersonRow]
    running: bool
    groups: Groups


async def dashboard(
    uow: UnitOfWork,
    workspace: Workspace,
    spec: PeriodSpec,
    now: datetime,
    *,
    parts: frozenset[Part] = EVERY_PART,
) -> Dashboard:
    """The figures of a period for the dashboard (raises UsageError for a bad period): the
    key figures always, and of the rest only ``parts`` (the others stay empty)."""
    today = today_in(workspace, now)
    period = resolve(spec, today).until(today)
    await record_headcounts(uow, workspace, now)
    current, before = await compared_figures(
        uow, workspace, period, funnel=Part.FUNNEL in parts, posts=Part.POSTS in parts
    )
    trend = await _trend(uow, workspace, today) if Part.TREND in parts else []
    people = await _people(uow, workspace, current, before) if Part.PEOPLE in parts else []
    groups = (
        await groups_of(uow, workspace, current) if Part.GROUPS in parts else Groups([], [], ())
    )
    return Dashboard(current, before, trend, people, period.last >= today, groups)


async def _trend(uow: UnitOfWork, workspace: Workspace, today: date) -> list[TrendPoint]:
    """Participation in each of the last TREND_WEEKS weeks, this one so far included."""
    trend = []
    week = week_of(today)
    timezone = ZoneInfo(workspace.timezone)
    weeks = [week]
    for _ in range(TREND_WEEKS - 1):
        weeks.insert(0, weeks[0].previous())
    clipped_weeks = [item.until(today) for item in weeks]
    # The twelve weeks' contributions and headcounts are asked for at once.
    activity = await uow.stats.activity_each(
        workspace.id, [clipped.bounds(timezone) for clipped in clipped_weeks]
    )
    every_day = await uow.stats.headcounts(workspace.id, weeks[0].first, today)
    for clipped, (active, posts) in zip(clipped_weeks, activity, strict=True):
        headcounts = [h for h in every_day if clipped.first <= h.day <= clipped.last]
        enrolled = enrolled_during(headcounts)
        trend.append(TrendPoint(clipped, share(active, enrolled), active, enrolled, posts))
    return trend


async def _people(
    uow: UnitOfWork, workspace: Workspace, current: Figures, before: Figures
) -> list[PersonRow]:
    """Every member's contributions in the period, by name, the quiet ones marked."""
    members = await uow.members.all(workspace.id)
    quiet = {m.id for m in quiet_members(members, current, before)}
    return [
        PersonRow(
            m.display_name or "…",
            m.role.value,
            sum(current.contributions.get(m.id, {}).values()),
            m.id in quiet,
        )
        for m in sorted(members, key=lambda m: m.display_name.casefold())
    ]
