"""What the quarterly evaluation report holds, computed here; the web adapter only formats it
(HTML, PDF, CSV)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.award import quarters
from bot.award.ports import AwardQuarter, AwardStatus, RunnerUpStatus
from bot.config import Programme
from bot.errors import UsageError
from bot.i18n import N_
from bot.model import Workspace
from bot.ports import UnitOfWork
from bot.segments.ports import Segment, SegmentPeriod
from bot.stats.dashboard import Dashboard, dashboard
from bot.stats.metrics import MIN_GROUP, active_members, share
from bot.stats.periods import PeriodSpec
from bot.stats.ports import Contributions, PostFact
from bot.surveys.figures import QuestionResult, summarise
from bot.surveys.ports import Survey, Turnout
from bot.surveys.templates import Template, survey_template

_QUARTER = re.compile(r"^\d{4}-[Qq][1-4]$")
QUARTER_USAGE = N_("Name a quarter like 2026-Q4.")


@dataclass(frozen=True)
class SurveySummary:
    """The newest survey closed in the quarter, with the one before of its kind."""

    survey: Survey
    template: Template
    turnout: Turnout
    results: list[QuestionResult]
    previous: list[QuestionResult] | None


@dataclass(frozen=True)
class SegmentRow:
    """What one segment did in the quarter: its members (everyone in it at some time in the
    quarter; one who moved counts in both), how many of them took part, and the posts its
    members announced while in it with the answers they got."""

    segment: Segment | None  # None: the segments with fewer than MIN_GROUP members, together
    members: int
    active: int
    posts: int
    answers: int

    @property
    def participation(self) -> float | None:
        """Active ÷ members of the segment."""
        return share(self.active, self.members)

    @property
    def answers_per_post(self) -> float | None:
        """Likes, comments and shares per post of the segment."""
        return share(self.answers, self.posts)


def _segment_at(periods: Sequence[SegmentPeriod], member_id: int, moment: datetime) -> int | None:
    for period in periods:
        if (
            period.member_id == member_id
            and period.started_at <= moment
            and (period.ended_at is None or moment < period.ended_at)
        ):
            return period.segment_id
    return None


def by_segment(
    segments: Sequence[Segment],
    periods: Sequence[SegmentPeriod],
    contributions: Contributions,
    posts: Sequence[PostFact],
) -> list[SegmentRow]:
    """Per segment, in the programme's order: members, active members, posts and answers. A
    post counts for the segment its author was in when it was announced; posts of members in
    no segment are in no row. Removed segments appear only if someone was in them. Segments
    with fewer than MIN_GROUP members are one row together, last (segment None), so no row
    tells what one or two people did — as on the dashboard."""
    members: dict[int, set[int]] = defaultdict(set)
    for period in periods:
        members[period.segment_id].add(period.member_id)
    active = active_members(contributions)
    posted: dict[int, list[PostFact]] = defaultdict(list)
    for post in posts:
        segment_id = _segment_at(periods, post.author_id, post.created_at)
        if segment_id is not None:
            posted[segment_id].append(post)

    def row(segment: Segment | None, who: set[int], sent: list[PostFact]) -> SegmentRow:
        return SegmentRow(
            segment, len(who), len(who & active), len(sent), sum(p.answers for p in sent)
        )

    shown = [s for s in segments if not s.removed or members[s.id]]
    small = [s for s in shown if len(members[s.id]) < MIN_GROUP]
    rows = [row(s, members[s.id], posted[s.id]) for s in shown if s not in small]
    folded = set().union(*(members[s.id] for s in small))
    if folded:
        rows.append(row(None, folded, [p for s in small for p in posted[s.id]]))
    return rows


@dataclass(frozen=True)
class QuarterReport:
    """Everything the report shows. ``winner`` is the announced ambassador's name (empty
    when the award was kept private or is still waiting for the winner's answer);
    ``runners_up`` are the (name, note) of those named with it in the channel."""

    workspace: Workspace
    board: Dashboard
    survey: SurveySummary | None
    award: AwardQuarter | None
    winner: str
    segments: list[SegmentRow] = field(default_factory=list)
    runners_up: list[tuple[str, str]] = field(default_factory=list)

    @property
    def quarter(self) -> str:
        """``2026-Q4``."""
        period = self.board.now.period
        return f"{period.first.year}-Q{(period.first.month - 1) // 3 + 1}"

    @property
    def empty(self) -> bool:
        """Nobody was enrolled in the quarter: the report says so."""
        return self.board.now.enrolled == 0


async def _survey(
    uow: UnitOfWork, programme: Programme, workspace: Workspace, report_board: Dashboard
) -> SurveySummary | None:
    start, end = report_board.now.period.bounds(ZoneInfo(workspace.timezone))
    candidate = await uow.surveys.latest_closed(workspace.id)
    while candidate is not None and candidate.closed_at is not None:
        if start <= candidate.closed_at < end:
            break
        candidate = await uow.surveys.latest_closed(workspace.id, before=candidate.number)
    if candidate is None or candidate.closed_at is None:
        return None
    template = survey_template(programme, candidate.template, candidate.questions)
    results = summarise(template, await uow.surveys.answers(candidate.id), candidate.threshold)
    earlier = await uow.surveys.latest_closed(
        workspace.id, template=candidate.template, before=candidate.number
    )
    previous = (
        summarise(template, await uow.surveys.answers(earlier.id), earlier.threshold)
        if earlier is not None
        else None
    )
    return SurveySummary(
        candidate, template, await uow.surveys.turnout(candidate.id), results, previous
    )


async def quarterly_report(
    uow: UnitOfWork, workspace: Workspace, quarter: str, now: datetime, *, programme: Programme
) -> QuarterReport:
    """The report of ``quarter`` (``2026-Q4``); a malformed quarter or one that has not
    started raises :class:`UsageError`."""
    if not _QUARTER.match(quarter.strip()) or not 2000 <= int(quarter.strip()[:4]) <= 9998:
        raise UsageError(QUARTER_USAGE)
    wanted = quarters.period(quarter.strip().upper())
    today = now.astimezone(ZoneInfo(workspace.timezone)).date()
    if wanted.first > today:
        raise UsageError(
            N_("{quarter} has not started yet, so there is nothing to report. Try {current}."),
            quarter=quarter.strip().upper(),
            current=quarters.label(today),
        )
    board = await dashboard(uow, workspace, PeriodSpec(quarter.strip()), now)
    survey = await _survey(uow, programme, workspace, board)
    period = board.now.period
    label = f"{period.first.year}-Q{(period.first.month - 1) // 3 + 1}"
    award = await uow.awards.get(workspace.id, label)
    winner = ""
    runners_up: list[tuple[str, str]] = []
    if award is not None and award.status is AwardStatus.ANNOUNCED and award.winner_id:
        member = await uow.members.get(award.winner_id)
        winner = member.display_name if member is not None else ""
        for runner in await uow.awards.runners_up(workspace.id, label):
            named = await uow.members.get(runner.member_id)
            if runner.status is RunnerUpStatus.NAMED and named is not None:
                runners_up.append((named.display_name or "…", runner.note))
    start, end = period.bounds(ZoneInfo(workspace.timezone))
    segments = by_segment(
        await uow.segments.all(workspace.id, removed=True),
        await uow.segments.periods(workspace.id, start, end),
        board.now.contributions,
        await uow.stats.posts(workspace.id, start, end),
    )
    return QuarterReport(workspace, board, survey, award, winner, segments, runners_up)
