"""Coordinators steer the rhythm: schedules, tips; members: away and nudges."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.access import require_coordinator
from bot.context import Context
from bot.errors import NotFound, UsageError
from bot.i18n import N_, Count, Translator
from bot.jobs.runner import FireOutcome, effective_schedule
from bot.messages import Actions, Block, Button, Header, Note, Reply, Section, Text
from bot.outbox import Queue
from bot.rhythm.commands import (
    AddTip,
    ListSchedules,
    ListTips,
    ListUndelivered,
    PauseJob,
    RemoveTip,
    SetAway,
    SetNudges,
    SetSchedule,
    SkipNextFire,
)

TIP_MAX_CHARS = 500


def _job(ctx: Context, name: str) -> str:
    if name not in ctx.jobs:
        raise NotFound(
            N_("There is no job called {job}. The jobs are: {jobs}."),
            job=name,
            jobs=", ".join(ctx.jobs),
        )
    return name


async def list_schedules(ctx: Context, _: ListSchedules) -> Reply:
    """Every job: when it runs next (in the member's time), paused or not, recent misses."""
    tr = ctx.tr
    now = ctx.clock.now()
    blocks: list[Block] = [Header(tr._("The programme's rhythm"))]
    for job, description in ctx.jobs.items():
        schedule = await effective_schedule(ctx.uow, ctx.programme, ctx.workspace, job)
        if schedule.paused:
            when = tr._t("paused")
        else:
            fire = schedule.next_fire(now)
            when = (
                tr._t("next: {moment}", moment=tr.datetime(fire))
                if fire
                else tr._t("no fire ahead")
            )
        line = tr._t("{job} — {description}", job=job, description=tr._(description))
        blocks.append(
            Section(line + Text.plain(" · ") + when + Text.plain(" · ") + Text.user(schedule.cron))
        )
    recent = await ctx.uow.jobs.fires_since(ctx.workspace.id, now - timedelta(days=30))
    missed = [(job, fire) for job, fire, status in recent if status in ("missed", "failed")]
    if missed:
        text = tr._t(
            "Missed while Chorus was down (or failed) in the last 30 days: {fires}",
            fires=", ".join(f"{job} {tr.datetime(fire)}" for job, fire in missed[:10]),
        )
        blocks.append(Section(text))
    if ctx.member.is_coordinator:
        blocks.append(
            Note(
                tr._t(
                    "Change with /chorus schedule set NAME DAYS HH:MM, pause NAME, resume NAME or skip NAME."
                )
            )
        )
    return Reply.private(*blocks)


async def set_schedule(ctx: Context, cmd: SetSchedule) -> Reply:
    """Coordinators change when a job runs here."""
    require_coordinator(ctx)
    job = _job(ctx, cmd.job)
    changed = await ctx.uow.jobs.schedule(ctx.workspace.id, job)
    paused = changed[1] if changed else False
    before = await effective_schedule(ctx.uow, ctx.programme, ctx.workspace, job)
    await ctx.uow.jobs.set_schedule(ctx.workspace.id, job, cmd.cron, paused)
    after = await effective_schedule(ctx.uow, ctx.programme, ctx.workspace, job)
    fire = after.next_fire(ctx.clock.now())
    tr = ctx.tr
    return Reply.private(
        Section(
            tr._t(
                "{job} now runs on {cron}; next: {moment}.",
                job=job,
                cron=cmd.cron,
                moment=tr.datetime(fire) if fire else "—",
            )
        ),
        Actions((Button(tr._("Undo"), f"chorus schedule set {job} {_cron_words(before.cron)}"),))
        if _cron_words(before.cron)
        else Actions(()),
    )


def _cron_words(cron: str) -> str:
    """A simple cron line back as the words ``set`` takes (``"mon 09:00"``), or ""."""
    parts = cron.split()
    if (
        len(parts) != 5
        or parts[2] != "*"
        or parts[3] != "*"
        or not parts[0].isdigit()
        or not parts[1].isdigit()
    ):
        return ""
    return f"{parts[4]} {int(parts[1]):02d}:{int(parts[0]):02d}"


async def pause_job(ctx: Context, cmd: PauseJob) -> Reply:
    """Coordinators pause or resume a job here; paused fires are recorded as skipped."""
    require_coordinator(ctx)
    job = _job(ctx, cmd.job)
    changed = await ctx.uow.jobs.schedule(ctx.workspace.id, job)
    await ctx.uow.jobs.set_schedule(
        ctx.workspace.id, job, changed[0] if changed else None, cmd.paused
    )
    tr = ctx.tr
    if cmd.paused:
        return Reply.private(
            Section(tr._t("{job} is paused until you resume it.", job=job)),
            Actions((Button(tr._("Resume"), f"chorus schedule resume {job}"),)),
        )
    return Reply.private(Section(tr._t("{job} runs again.", job=job)))


async def skip_next(ctx: Context, cmd: SkipNextFire) -> Reply:
    """Coordinators skip only the next fire (a holiday week, say)."""
    require_coordinator(ctx)
    job = _job(ctx, cmd.job)
    schedule = await effective_schedule(ctx.uow, ctx.programme, ctx.workspace, job)
    fire = schedule.next_fire(ctx.clock.now())
    if fire is None or not await ctx.uow.jobs.claim(
        job, ctx.workspace.id, fire, FireOutcome.SKIPPED.value, "skipped by a coordinator"
    ):
        raise UsageError(N_("{job} has no fire ahead to skip."), job=job)
    return Reply.private(
        Section(
            ctx.tr._t(
                "The {job} of {moment} will be skipped.", job=job, moment=ctx.tr.datetime(fire)
            )
        )
    )


async def list_tips(ctx: Context, _: ListTips) -> Reply:
    """The digest's tips (the built-in ones while coordinators have added none)."""
    tr = ctx.tr
    tips = await ctx.uow.tips.list(ctx.workspace.id)
    if not tips:
        return Reply.private(
            Section(
                tr._t(
                    "No tips of your own yet, so the digest uses the built-in ones. Coordinators add tips with /chorus tip add TEXT."
                )
            )
        )
    blocks: list[Block] = [Header(tr._("Digest tips"))]
    blocks.extend(
        Section(tr._t("{number}. {tip}", number=n, tip=text))
        for n, (_, text) in enumerate(tips, start=1)
    )
    return Reply.private(*blocks)


async def add_tip(ctx: Context, cmd: AddTip) -> Reply:
    """Coordinators add a tip for the digest."""
    require_coordinator(ctx)
    text = cmd.text.strip()
    if len(text) > TIP_MAX_CHARS:
        raise UsageError(
            N_("A tip can be at most {limit} characters; yours has {count}."),
            limit=TIP_MAX_CHARS,
            count=len(text),
        )
    await ctx.uow.tips.add(ctx.workspace.id, text)
    number = len(await ctx.uow.tips.list(ctx.workspace.id))
    return Reply.private(
        Section(ctx.tr._t("Tip {number} added; the digest shows one tip a week.", number=number)),
        Actions((Button(ctx.tr._("Undo"), f"chorus tip remove {number}"),)),
    )


async def remove_tip(ctx: Context, cmd: RemoveTip) -> Reply:
    """Coordinators remove a tip by its number in the list."""
    require_coordinator(ctx)
    tips = await ctx.uow.tips.list(ctx.workspace.id)
    if not 1 <= cmd.number <= len(tips):
        raise NotFound(
            N_("There is no tip {number}. /chorus tip list shows them."), number=cmd.number
        )
    tip_id, text = tips[cmd.number - 1]
    await ctx.uow.tips.remove(ctx.workspace.id, tip_id)
    return Reply.private(
        Section(ctx.tr._t("Removed tip {number}.", number=cmd.number)),
        Actions((Button(ctx.tr._("Undo"), f"chorus tip add {text}"),)),
    )


AWAY_EXAMPLE_DAYS = 14


def away_example(today: date) -> str:
    """A date to show in ``/chorus away until …`` examples: two weeks ahead, never stale."""
    return (today + timedelta(days=AWAY_EXAMPLE_DAYS)).isoformat()


async def set_away(ctx: Context, cmd: SetAway) -> Reply:
    """No nudges until a date."""
    tr = ctx.tr
    today = ctx.clock.now().astimezone(tr.timezone).date()
    if cmd.unreadable is not None:
        raise UsageError(
            N_(
                "Tell me until when, for example: /chorus away until {example} (or /chorus away off)."
            ),
            example=away_example(today),
        )
    if cmd.until is not None and cmd.until < today:
        raise UsageError(
            N_("That date has passed. For example: /chorus away until {example}"),
            example=away_example(today),
        )
    ctx.member.away_until = cmd.until
    await ctx.uow.members.save(ctx.member)
    if cmd.until is None:
        return Reply.private(Section(tr._t("Welcome back! Gentle reminders are on again.")))
    return Reply.private(
        Section(tr._t("Enjoy! No reminders from me until {day}.", day=tr.date(cmd.until))),
        Actions((Button(tr._("Undo"), "chorus away off"),)),
    )


async def set_nudges(ctx: Context, cmd: SetNudges) -> Reply:
    """Turn my gentle reminders on or off."""
    ctx.member.nudges_off = not cmd.on
    await ctx.uow.members.save(ctx.member)
    tr = ctx.tr
    if cmd.on:
        return Reply.private(Section(tr._t("Gentle reminders are on.")))
    return Reply.private(
        Section(tr._t("No more gentle reminders. /chorus nudges on brings them back."))
    )


LIMITS_SHOWN = timedelta(hours=1)  # /chorus deliveries counts the 429s of the last hour
QUEUES_SHOWN = 10  # channels listed; the rest are summed up in one line


async def list_undelivered(ctx: Context, _: ListUndelivered) -> Reply:
    """Coordinators: what waits to be delivered, per channel (DMs together) — urgent and
    bulk, the oldest, the next send, the last hour's rate limits — and what could not be
    delivered after every retry."""
    require_coordinator(ctx)
    tr: Translator = ctx.tr
    now = ctx.now
    overview = await ctx.uow.outbox.overview(ctx.workspace.id, limited_since=now - LIMITS_SHOWN)
    blocks: list[Block] = [Header(tr._("Deliveries"))]
    if not overview.queues and not overview.limited:
        blocks.append(Section(tr._t("Nothing is waiting to be delivered.")))
    for queue in overview.queues[:QUEUES_SHOWN]:
        blocks.extend(_queue_blocks(ctx, queue, now))
    hidden = overview.queues[QUEUES_SHOWN:]
    if hidden:
        waiting = sum(q.urgent + q.bulk for q in hidden)
        blocks.append(
            Note(
                tr._nt(
                    "and {n} more channel with {waiting} messages waiting",
                    "and {n} more channels with {waiting} messages waiting",
                    len(hidden),
                    waiting=Count(waiting),
                )
            )
        )
    if overview.limited:
        last = overview.last_limited
        blocks.append(
            Note(
                tr._nt(
                    "The workspace's budget: {n} rate limit in the last hour, the last at {time}.",
                    "The workspace's budget: {n} rate limits in the last hour, the last at {time}.",
                    overview.limited,
                    time=tr.time(last) if last else "?",
                )
            )
        )
    dead = await ctx.uow.outbox.undelivered(ctx.workspace.id, limit=20)
    if not dead:
        blocks.append(Section(tr._t("Every message was delivered.")))
        return Reply.private(*blocks)
    blocks.append(Header(tr._("Messages I could not deliver")))
    for target, error, queued in dead:
        blocks.append(
            Section(
                tr._t(
                    "{moment} to {target}: {error}",
                    moment=tr.datetime(queued),
                    target=target,
                    error=error[:200],
                )
            )
        )
    return Reply.private(*blocks)


def _queue_blocks(ctx: Context, queue: Queue, now: datetime) -> list[Block]:
    """One channel's queue (or the DMs'): what waits, since when, when the next goes, and
    the rate limits it met."""
    tr = ctx.tr
    if queue.channel is None:
        title = tr._nt(
            "Direct messages to {n} member", "Direct messages to {n} members", queue.recipients
        )
    elif queue.channel == ctx.workspace.channel_id:
        title = tr._t("The ambassador channel")
    else:
        title = tr._t("Channel {channel}", channel=queue.channel)
    lines: list[Block] = [Section(title)]
    if queue.urgent or queue.bulk:
        if queue.next_send is None or queue.next_send <= now:
            upcoming = tr._("now")
        else:
            upcoming = tr.time(queue.next_send)
        age = tr.duration(now - queue.oldest) if queue.oldest else "?"
        lines.append(
            Note(
                tr._t(
                    "{urgent} urgent and {bulk} bulk waiting; the oldest for {age}; next send: "
                    "{upcoming}",
                    urgent=Count(queue.urgent),
                    bulk=Count(queue.bulk),
                    age=age,
                    upcoming=upcoming,
                )
            )
        )
    else:
        lines.append(Note(tr._t("Nothing waiting.")))
    if queue.limited:
        last = queue.last_limited
        lines.append(
            Note(
                tr._nt(
                    "{n} rate limit (429) in the last hour, the last at {time}",
                    "{n} rate limits (429) in the last hour, the last at {time}",
                    queue.limited,
                    time=tr.time(last) if last else "?",
                )
            )
        )
    return lines
