"""Scheduled jobs: each a small function from the programme's state to the messages it
posts. ``run_fire`` runs one fire exactly once: the claim, the job's reads and the
messages it queues commit together or not at all."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot.config import Programme
from bot.i18n import N_, Translator
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Context,
    Fields,
    Header,
    Message,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
    mention,
)
from bot.model import Cafe, IdeaStatus, Member, OfferStatus, Post, Role, Workspace
from bot.outbox import enqueue
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.roundup import roundup
from bot.schedule import Schedule
from bot.services.bookings import due_reminders, seats_line

log = logging.getLogger(__name__)


@dataclass
class JobRun:
    """What a job body gets: the workspace, an open unit of work and the fire's time."""

    uow: UnitOfWork
    workspace: Workspace
    programme: Programme
    fire_time: datetime

    @property
    def tr(self) -> Translator:
        """The channel's language and time zone."""
        return Translator(self.workspace.locale, self.workspace.timezone)

    def tr_for(self, member: Member) -> Translator:
        """A member's language and time zone, for private notes."""
        return Translator(
            member.locale or self.workspace.locale, member.timezone or self.workspace.timezone
        )


@dataclass(frozen=True)
class Stable:
    """A message whose dedupe key outlives one fire: a booking reminder that the next fire
    finds due again is still delivered once."""

    key: str
    message: Message


JobBody = Callable[[JobRun], Awaitable[Sequence[Message | Stable]]]

# Post types from real programmes; the prompt rotates through them week by week.
POST_TYPES = (
    N_(
        "Share something you know from your daily work that people in your field would find useful: a method, a mistake you learned from, a question customers keep asking."
    ),
    N_(
        "Been to an event, a course or a conference lately? Share one lesson you took home and what you will do differently."
    ),
    N_(
        "Show what working here is really like: a colleague who helped you, a team ritual, a small win from this week."
    ),
    N_(
        "Is there an opinion about your field you would like to voice? Say it, say why, and invite people to disagree."
    ),
)

BUILT_IN_TIPS = (
    N_(
        'The first two lines decide whether people click "see more": open with a question, a number or a short story.'
    ),
    N_("Three to five hashtags are plenty. Pick the ones people in your field actually follow."),
    N_(
        "Comment on a colleague's post with what you learned or a question. It helps them more than a like."
    ),
    N_("Posts with a personal angle beat company news. Tell what you did, saw or learned."),
    N_("Early morning works best: most people read LinkedIn before 9."),
)


def channel_post(blocks: list[Block], summary: str) -> Message:
    """A message for the ambassador channel."""
    return Message(tuple(blocks), Audience.CHANNEL, summary=summary)


def _engagement(post: Post) -> int:
    """Likes, comments and shares together."""
    total = 0
    for count in post.counts.values():
        total += count
    return total


async def _mention(run: JobRun, member_id: int) -> Span:
    member = await run.uow.members.get(member_id)
    return mention(member.external_id, member.display_name) if member else Span("…")


async def weekly_prompt(run: JobRun) -> list[Message]:
    """The writing prompt of the week: a post type crossed with a programme theme."""
    tr = run.tr
    week = run.fire_time.astimezone(tr.timezone).isocalendar().week
    themes = await run.uow.themes.list(run.workspace.id)
    blocks: list[Block] = [
        Header(tr._("✍️ Writing prompt of the week")),
        Section(tr._t(POST_TYPES[week % len(POST_TYPES)])),
    ]
    if themes:
        theme = themes[(week // len(POST_TYPES)) % len(themes)]
        blocks.append(
            Section(
                tr._t("This week's theme: #{theme}. Any angle on it is welcome.", theme=theme.name)
            )
        )
    blocks.append(
        Context(
            tr._t(
                "Not sure yet? Park the idea first: a colleague may want to write it, or vote for it."
            )
        )
    )
    blocks.append(
        Actions(
            (
                Button(tr._("I have an idea"), "idea form", ButtonStyle.PRIMARY),
                Button(tr._("Ideas waiting for a writer"), "idea list open"),
            )
        )
    )
    return [channel_post(blocks, tr._("Writing prompt of the week"))]


async def digest(run: JobRun) -> list[Message]:
    """The weekly status: ideas waiting for a writer, what happened this week, one tip."""
    tr = run.tr
    since = run.fire_time - timedelta(days=7)
    ws = run.workspace.id
    _, new_ideas = await run.uow.ideas.list(
        ws, statuses=list(IdeaStatus), created_after=since, limit=1
    )
    waiting, waiting_total = await run.uow.ideas.list(ws, statuses=[IdeaStatus.OPEN], limit=3)
    posts = await run.uow.posts.published_between(ws, since, run.fire_time)
    cheers = await run.uow.cheers.count_since(ws, since)
    blocks: list[Block] = [
        Header(tr._("📬 The week in the ambassador programme")),
        Fields(
            (
                (tr._("New ideas this week"), Text.plain(str(new_ideas))),
                (tr._("Ideas waiting for a writer"), Text.plain(str(waiting_total))),
                (tr._("Posts published"), Text.plain(str(len(posts)))),
                (tr._("Cheers given"), Text.plain(str(cheers))),
            )
        ),
    ]
    engaged = max(posts, key=lambda p: (_engagement(p), p.number), default=None)
    if engaged is not None and _engagement(engaged):
        blocks.append(
            Section(
                tr._t(
                    "🌟 Most engaged this week: post #{number} by {author} ({reactions}).",
                    number=engaged.number,
                    author=await _mention(run, engaged.author_id),
                    reactions=tr._n(
                        "{n} like, comment or share",
                        "{n} likes, comments and shares",
                        _engagement(engaged),
                    ),
                )
            )
        )
        blocks.append(Section(Text((Span(engaged.url, SpanKind.LINK, url=engaged.url),))))
    if waiting:
        blocks.append(Section(tr._t("Waiting for a writer — could one of these be yours?")))
        for idea in waiting:
            blocks.append(Quote(f"#{idea.number} {idea.text[:200]}"))
        blocks.append(Actions((Button(tr._("See the open ideas"), "idea list open"),)))
    tips = [text for _, text in await run.uow.tips.list(ws)]
    week = run.fire_time.isocalendar().week
    if tips:
        tip = Text.user(tips[week % len(tips)])
    else:
        tip = tr._t(BUILT_IN_TIPS[week % len(BUILT_IN_TIPS)])
    blocks.append(Section(tr._t("💡 Tip of the week: {tip}", tip=tip)))
    return [channel_post(blocks, tr._("The week in the ambassador programme"))]


async def nudge(run: JobRun) -> list[Message]:
    """A gentle private note to ambassadors who have been quiet, with one concrete step."""
    weeks = run.programme.nudge_after_weeks
    quiet_since = run.fire_time - timedelta(weeks=weeks)
    today = run.fire_time.astimezone(run.tr.timezone).date()
    open_ideas, _ = await run.uow.ideas.list(run.workspace.id, statuses=[IdeaStatus.OPEN], limit=1)
    notes: list[Message] = []
    for member in await run.uow.members.all(run.workspace.id):
        if member.role is not Role.AMBASSADOR or member.nudges_off:
            continue
        if member.away_until is not None and member.away_until >= today:
            continue
        if member.last_active_at is None or member.last_active_at > quiet_since:
            continue
        if member.last_nudged_at is not None and member.last_nudged_at > quiet_since:
            continue
        tr = run.tr_for(member)
        blocks: list[Block] = [
            Section(
                tr._t(
                    "Hi {name}! It has been a few weeks since we heard from you — no pressure, just one small step if you feel like it:",
                    name=member.display_name,
                )
            ),
        ]
        buttons = [Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY)]
        if open_ideas:
            idea = open_ideas[0]
            blocks.append(
                Section(tr._t("Idea #{number} is waiting for a writer:", number=idea.number))
            )
            blocks.append(Quote(idea.text[:300]))
            buttons.insert(
                0, Button(tr._("I'll write it"), f"idea claim {idea.number}", ButtonStyle.PRIMARY)
            )
        blocks.append(Actions(tuple(buttons)))
        blocks.append(
            Context(
                tr._t(
                    "Away for a while? /chorus away until 2026-12-31 pauses these notes; /chorus nudges off stops them."
                )
            )
        )
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=tr._("A small step for this week"),
            )
        )
        member.last_nudged_at = run.fire_time
        await run.uow.members.save(member)
    return notes


async def award_reminder(run: JobRun) -> list[Message]:
    """Tells coordinators that the quarter is ending: time to choose the ambassador of the
    quarter, for quality rather than clicks."""
    notes = []
    for coordinator in await run.uow.members.with_role(run.workspace.id, Role.COORDINATOR):
        tr = run.tr_for(coordinator)
        blocks: list[Block] = [
            Header(tr._("🏆 Ambassador of the quarter")),
            Section(
                tr._t(
                    "The quarter is nearly over. Time to choose the ambassador of the quarter: for the quality of their posts and how they helped others, not for clicks."
                )
            ),
            Context(
                tr._t(
                    "Thank them in the channel when you have chosen: recognition keeps the programme alive."
                )
            ),
        ]
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=coordinator.external_id,
                summary=tr._("Ambassador of the quarter"),
            )
        )
    return notes


async def cafe_reminder(run: JobRun) -> list[Stable]:
    """Announces tomorrow's writing cafés in the channel (once, a day ahead, with the RSVP
    button), and reminds members of their drop-in slots and café seats before they start
    (24 hours and 15 minutes by default); each message goes out once."""
    announcements = [
        Stable(f"cafe:{cafe.id}:announce", _cafe_announcement(run.tr, cafe))
        for cafe in await run.uow.cafes.upcoming(run.workspace.id, after=run.fire_time, limit=20)
        if cafe.status is OfferStatus.OPEN
        and ANNOUNCE_AHEAD - ANNOUNCE_WINDOW < cafe.starts_at - run.fire_time <= ANNOUNCE_AHEAD
    ]
    reminders = await due_reminders(
        run.uow, run.fire_time, run.programme.reminder_minutes, workspace_id=run.workspace.id
    )
    return announcements + [Stable(r.key, r.message) for r in reminders]


# A café is announced again a day before it starts; one created later than that was just
# announced when it was published, so the window keeps the channel from hearing it twice.
ANNOUNCE_AHEAD = timedelta(hours=24)
ANNOUNCE_WINDOW = timedelta(hours=1)


def _cafe_announcement(tr: Translator, cafe: Cafe) -> Message:
    blocks: list[Block] = [
        Section(
            tr._t(
                "☕ Tomorrow: writing café #{number}, {title} — {moment}.",
                number=cafe.number,
                title=cafe.title,
                moment=tr.datetime(cafe.starts_at),
            )
        ),
        Context(Text.plain(seats_line(tr, cafe))),
        Actions(
            (
                Button(
                    tr._("Take a seat") if cafe.seats_left else tr._("Join the waitlist"),
                    f"book cafe {cafe.number}",
                    ButtonStyle.PRIMARY,
                ),
            )
        ),
    ]
    return channel_post(blocks, tr._("Writing café #{number}", number=cafe.number))


JOBS: dict[str, JobBody] = {
    "weekly-prompt": weekly_prompt,
    "cafe-reminder": cafe_reminder,
    "roundup": roundup,
    "digest": digest,
    "nudge": nudge,
    "award-reminder": award_reminder,
}
JOB_NAMES = tuple(JOBS)


class FireOutcome(Enum):
    """What became of one fire."""

    RAN = "ran"
    ALREADY = "already"  # another scheduler, replica or `chorus jobs run` had it
    MISSED = "missed"
    SKIPPED = "skipped"  # paused, or skipped by a coordinator
    FAILED = "failed"


@dataclass(frozen=True)
class FireResult:
    """A fire's outcome and how many messages it queued."""

    outcome: FireOutcome
    queued: int = 0


async def effective_schedule(
    uow: UnitOfWork, programme: Programme, workspace: Workspace, job: str
) -> Schedule:
    """The job's schedule in this workspace: a coordinator's change, else the programme's."""
    default = programme.schedules[job]
    changed = await uow.jobs.schedule(workspace.id, job)
    cron, paused = changed if changed else (None, False)
    return Schedule(cron or default.cron, workspace.timezone, paused)


async def run_fire(
    uow_factory: UnitOfWorkFactory,
    programme: Programme,
    job: str,
    workspace_id: int,
    fire_time: datetime,
) -> FireResult:
    """Run one fire of ``job`` for one workspace, exactly once."""
    async with uow_factory() as uow:
        workspace = await uow.workspaces.get(workspace_id)
        if workspace is None:
            return FireResult(FireOutcome.SKIPPED)
        if not await uow.jobs.claim(job, workspace_id, fire_time, "done"):
            return FireResult(FireOutcome.ALREADY)
        output = await JOBS[job](JobRun(uow, workspace, programme, fire_time))
        messages = [item.message if isinstance(item, Stable) else item for item in output]
        keys = [item.key if isinstance(item, Stable) else None for item in output]
        prefix = f"job:{job}:{workspace_id}:{fire_time.isoformat()}"
        queued = await enqueue(uow, workspace, messages, dedupe_prefix=prefix, dedupe_keys=keys)
        await uow.commit()
        return FireResult(FireOutcome.RAN, queued)


async def record_fire(
    uow_factory: UnitOfWorkFactory,
    job: str,
    workspace_id: int,
    fire_time: datetime,
    outcome: FireOutcome,
    detail: str | None = None,
) -> bool:
    """Record a fire that will not run (missed, skipped); False if it was recorded before."""
    async with uow_factory() as uow:
        recorded = await uow.jobs.claim(job, workspace_id, fire_time, outcome.value, detail)
        await uow.commit()
        return recorded
