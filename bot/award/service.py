"""Nominations and the ambassador of the quarter: chosen for authentic posts and help given to
others, never for clicks."""

from __future__ import annotations

from collections import defaultdict

from bot.access import find_member, require_coordinator
from bot.award import quarters, views
from bot.award.commands import (
    AddRunnerUp,
    AnswerAward,
    Nominate,
    PickWinner,
    RemoveRunnerUp,
    ShowAwardHistory,
    ShowCandidates,
)
from bot.award.ports import (
    CITATION_MAX_CHARS,
    REASON_MAX_CHARS,
    REASON_MIN_CHARS,
    RUNNER_UP_NOTE_MAX_CHARS,
    RUNNERS_UP_MAX,
    AwardQuarter,
    AwardStatus,
    Nomination,
    RunnersUpFull,
    RunnerUp,
    RunnerUpStatus,
)
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.i18n import N_
from bot.messages import Message, Reply, Section
from bot.model import Member, Role, char_count
from bot.segments.ports import Segment, SegmentPeriod


def _today_label(ctx: Context) -> str:
    return quarters.label(quarters.today_in(ctx.now, ctx.workspace.timezone))


async def nominate(ctx: Context, cmd: Nominate) -> Reply:
    """``/chorus nominate @x REASON``: one nomination per colleague per quarter, its reason
    editable by nominating again until the window closes."""
    reason = cmd.reason.strip()
    if char_count(reason) < REASON_MIN_CHARS:
        raise UsageError(
            N_(
                "Say in at least {limit} characters why they stand out, for example: /chorus nominate @bente her posts on our backup tests taught customers something new"
            ),
            limit=REASON_MIN_CHARS,
        )
    if char_count(reason) > REASON_MAX_CHARS:
        raise UsageError(
            N_("A nomination's reason can be at most {limit} characters; yours has {count}."),
            limit=REASON_MAX_CHARS,
            count=char_count(reason),
        )
    nominee = await find_member(ctx, cmd.member)
    if nominee.id == ctx.member.id:
        raise NotAllowed(
            N_("Nominations are for colleagues. Whose posts or help stood out to you?")
        )
    quarter = _today_label(ctx)
    award = await ctx.uow.awards.get(ctx.workspace.id, quarter)
    if award is None or award.status is not AwardStatus.OPEN:
        raise Conflict(
            N_(
                "Nominations are open in the last two weeks of each quarter, until the ambassador of the quarter is chosen. Chorus tells the channel when they open."
            )
        )
    new = await ctx.uow.awards.nominate(
        ctx.workspace.id, quarter, ctx.member.id, nominee.id, reason, ctx.now
    )
    who = await ctx.mention(nominee.id)
    last_day = ctx.tr.date(quarters.period(quarter).last)
    if new:
        answer = ctx.tr._t(
            "Thank you! Your nomination of {member} for {quarter} is in. Until {day} you can change your reason by nominating them again.",
            member=who,
            quarter=quarter,
            day=last_day,
        )
    else:
        answer = ctx.tr._t(
            "Your nomination of {member} for {quarter} now has your new reason.",
            member=who,
            quarter=quarter,
        )
    return Reply.private(Section(answer))


def _recent_winners(ctx: Context, history: list[AwardQuarter], quarter: str) -> dict[int, str]:
    """Winners barred by the once-in-N-quarters rule for ``quarter``: member id → when they
    won."""
    gap = ctx.programme.award_once_in_quarters
    barred = {quarters.shifted(quarter, -back) for back in range(1, gap)}
    return {
        award.winner_id: award.quarter
        for award in history
        if award.winner_id is not None
        and award.status is not AwardStatus.OPEN
        and award.quarter in barred
    }


async def _award_in_question(ctx: Context) -> AwardQuarter:
    award = await ctx.uow.awards.latest(ctx.workspace.id)
    if award is None:
        raise NotFound(
            N_(
                "No nominations yet: they open with the award reminder in the last two weeks of the quarter."
            )
        )
    return award


async def show_candidates(ctx: Context, cmd: ShowCandidates) -> Reply:
    """The quarter's candidates with their evidence pack, in alphabetical order: the
    coordinators judge, Chorus does not rank."""
    require_coordinator(ctx)
    award = await _award_in_question(ctx)
    nominations = await ctx.uow.awards.nominations(ctx.workspace.id, award.quarter)
    by_nominee: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in nominations:
        by_nominee[nomination.nominee_id].append(nomination)
    start, end = quarters.period(award.quarter).bounds(ctx.tr.timezone)
    barred = _recent_winners(ctx, await ctx.uow.awards.quarters(ctx.workspace.id), award.quarter)
    segments = {s.id: s for s in await ctx.uow.segments.all(ctx.workspace.id, removed=True)}
    periods = await ctx.uow.segments.periods(ctx.workspace.id, start, end)
    candidates: list[views.Candidate] = []
    for nominee_id, theirs in by_nominee.items():
        member = await ctx.uow.members.get(nominee_id)
        if member is None:
            continue
        candidates.append(
            views.Candidate(
                member,
                tuple(theirs),
                await ctx.uow.awards.evidence(ctx.workspace.id, nominee_id, start, end),
                barred.get(nominee_id),
                _segments_then(ctx, segments, periods, nominee_id),
            )
        )
    candidates.sort(key=lambda c: (c.member.display_name.casefold(), c.member.id))
    runners_up = await ctx.uow.awards.runners_up(ctx.workspace.id, award.quarter)
    return Reply.private(
        *await views.candidates(ctx, award, candidates, runners_up, clicks=cmd.clicks)
    )


def _segments_then(
    ctx: Context, segments: dict[int, Segment], periods: list[SegmentPeriod], member_id: int
) -> tuple[str, ...]:
    """The segments the member was in during the quarter, in order, by name."""
    names: list[str] = []
    for period in periods:
        segment = segments.get(period.segment_id)
        if period.member_id == member_id and segment is not None:
            name = segment.name(ctx.tr.locale)
            if name not in names:
                names.append(name)
    return tuple(names)


async def show_history(ctx: Context, cmd: ShowAwardHistory) -> Reply:
    """Every ambassador of the quarter so far, newest first."""
    require_coordinator(ctx)
    decided = [
        (a, await ctx.uow.awards.runners_up(ctx.workspace.id, a.quarter))
        for a in await ctx.uow.awards.quarters(ctx.workspace.id)
        if a.status is not AwardStatus.OPEN
    ]
    return Reply.private(*await views.history(ctx, decided))


async def _open_award(ctx: Context) -> AwardQuarter:
    """The quarter in question, while its winner is still to be picked."""
    award = await _award_in_question(ctx)
    if award.status is not AwardStatus.OPEN:
        raise Conflict(
            N_(
                "{quarter} has its ambassador already. Runners-up are named before the pick, so they are announced together."
            ),
            quarter=award.quarter,
        )
    return award


async def add_runner_up(ctx: Context, cmd: AddRunnerUp) -> Reply:
    """Mention a runner-up, with an optional note, to be named with the winner."""
    require_coordinator(ctx)
    note = cmd.note.strip()
    if char_count(note) > RUNNER_UP_NOTE_MAX_CHARS:
        raise UsageError(
            N_("A runner-up's note can be at most {limit} characters; yours has {count}."),
            limit=RUNNER_UP_NOTE_MAX_CHARS,
            count=char_count(note),
        )
    award = await _open_award(ctx)
    member = await find_member(ctx, cmd.member)
    try:
        await ctx.uow.awards.add_runner_up(
            ctx.workspace.id, award.quarter, member.id, note, ctx.now, at_most=RUNNERS_UP_MAX
        )
    except RunnersUpFull:
        raise Conflict(
            N_(
                "There are {n} runners-up already, the most there can be: a mention, not a ranking. Remove one with /chorus award runner-up remove @name."
            ),
            n=RUNNERS_UP_MAX,
        ) from None
    return Reply.private(
        Section(
            ctx.tr._t(
                "{member} is a runner-up for {quarter}, named with the winner when you pick one with /chorus award pick @name CITATION.",
                member=await ctx.mention(member.id),
                quarter=award.quarter,
            )
        )
    )


async def remove_runner_up(ctx: Context, cmd: RemoveRunnerUp) -> Reply:
    """Take a runner-up mention back, before the pick."""
    require_coordinator(ctx)
    award = await _open_award(ctx)
    member = await find_member(ctx, cmd.member)
    who = await ctx.mention(member.id)
    if not await ctx.uow.awards.remove_runner_up(ctx.workspace.id, award.quarter, member.id):
        raise NotFound(
            N_("{member} is not a runner-up for {quarter}."), member=who, quarter=award.quarter
        )
    return Reply.private(
        Section(
            ctx.tr._t(
                "{member} is no longer a runner-up for {quarter}.",
                member=who,
                quarter=award.quarter,
            )
        )
    )


async def _settle_runners_up(
    ctx: Context, quarter: str, winner_id: int, channel: bool
) -> list[RunnerUp]:
    """At the pick: the winner is no runner-up; the others may be named in the channel,
    unless they keep cheers private (then they are asked first) or there is no channel."""
    settled = []
    for runner in await ctx.uow.awards.runners_up(ctx.workspace.id, quarter):
        if runner.member_id == winner_id:
            await ctx.uow.awards.remove_runner_up(ctx.workspace.id, quarter, winner_id)
            continue
        if not channel:
            status = RunnerUpStatus.PRIVATE
        elif await ctx.uow.cheers.is_public(runner.member_id):
            status = RunnerUpStatus.NAMED
        else:
            status = RunnerUpStatus.ASKED
        await ctx.uow.awards.set_runner_up_status(
            ctx.workspace.id, quarter, runner.member_id, status
        )
        settled.append(RunnerUp(runner.member_id, runner.note, status, runner.added_at))
    return settled


def _named(runners_up: list[RunnerUp]) -> list[RunnerUp]:
    return [r for r in runners_up if r.status is RunnerUpStatus.NAMED]


async def pick_winner(ctx: Context, cmd: PickWinner) -> Reply:
    """Choose the quarter's ambassador with a citation. Announced in the channel, unless the
    winner keeps cheers private: then they are asked first."""
    require_coordinator(ctx)
    citation = cmd.citation.strip()
    if not citation:
        raise UsageError(
            N_("Say why they won, for example: {example}"),
            example="/chorus award pick @bente for posts that explained our work in her own voice",
        )
    if char_count(citation) > CITATION_MAX_CHARS:
        raise UsageError(
            N_("A citation can be at most {limit} characters; yours has {count}."),
            limit=CITATION_MAX_CHARS,
            count=char_count(citation),
        )
    award = await _award_in_question(ctx)
    if award.status is not AwardStatus.OPEN:
        raise Conflict(
            N_(
                "{quarter} has its ambassador already: {member}. /chorus award history shows every quarter."
            ),
            quarter=award.quarter,
            member=await views.winner_span(ctx, award),
        )
    winner = await find_member(ctx, cmd.member)
    barred = _recent_winners(ctx, await ctx.uow.awards.quarters(ctx.workspace.id), award.quarter)
    if winner.id in barred:
        raise Conflict(
            N_(
                "{member} was ambassador of {won} already. To give others their turn, nobody wins twice within {n} quarters."
            ),
            member=winner.display_name or "…",
            won=barred[winner.id],
            n=ctx.programme.award_once_in_quarters,
        )
    public = await ctx.uow.cheers.is_public(winner.id)
    if not ctx.workspace.channel_id:
        status = AwardStatus.PRIVATE
    elif public:
        status = AwardStatus.ANNOUNCED
    else:
        status = AwardStatus.ASKED
    if not await ctx.uow.awards.decide(
        ctx.workspace.id, award.quarter, winner.id, citation, status, ctx.now
    ):
        raise Conflict(
            N_("Another coordinator chose the ambassador of {quarter} a moment ago."),
            quarter=award.quarter,
        )
    runners_up = await _settle_runners_up(
        ctx, award.quarter, winner.id, channel=bool(ctx.workspace.channel_id)
    )
    who = await ctx.mention(winner.id)
    tr = ctx.tr
    messages: list[Message] = []
    if status is AwardStatus.ANNOUNCED:
        messages.append(
            await views.announcement(ctx, award.quarter, winner, citation, _named(runners_up))
        )
        messages.append(views.winner_note(ctx, winner, award.quarter, citation, ask=False))
        answer = tr._t(
            "{member} is ambassador of {quarter}: the channel has your citation, and they have a note from Chorus.",
            member=who,
            quarter=award.quarter,
        )
    elif status is AwardStatus.ASKED:
        messages.append(views.winner_note(ctx, winner, award.quarter, citation, ask=True))
        answer = tr._t(
            "{member} is ambassador of {quarter}. They keep cheers private, so I asked them before anything goes to the channel; you will hear their answer.",
            member=who,
            quarter=award.quarter,
        )
    else:
        messages.append(views.winner_note(ctx, winner, award.quarter, citation, ask=False))
        answer = tr._t(
            "{member} is ambassador of {quarter} and was told privately: there is no ambassador channel yet (/chorus channel).",
            member=who,
            quarter=award.quarter,
        )
    for runner in runners_up:
        member = await ctx.uow.members.get(runner.member_id)
        if member is not None:
            messages.append(views.runner_up_note(ctx, member, award.quarter, runner))
    blocks = [Section(answer)]
    if runners_up:
        blocks.append(await views.runners_up_line(ctx, runners_up))
    return Reply.private(*blocks).with_messages(messages)


async def answer_award(ctx: Context, cmd: AnswerAward) -> Reply:
    """A winner or runner-up who keeps cheers private says whether their name may go to the
    channel."""
    awards = await ctx.uow.awards.quarters(ctx.workspace.id)
    if cmd.quarter is not None:
        awards = [a for a in awards if a.quarter == cmd.quarter]
    waiting = [a for a in awards if a.status is AwardStatus.ASKED and a.winner_id == ctx.member.id]
    if not waiting:
        return await _answer_as_runner_up(ctx, cmd, awards)
    award = waiting[0]
    assert award.citation is not None
    coordinators = await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR)
    who = await ctx.mention(ctx.member.id)
    messages: list[Message] = []
    if cmd.announce:
        await ctx.uow.awards.set_status(ctx.workspace.id, award.quarter, AwardStatus.ANNOUNCED)
        named = _named(await ctx.uow.awards.runners_up(ctx.workspace.id, award.quarter))
        messages.append(
            await views.announcement(ctx, award.quarter, ctx.member, award.citation, named)
        )
        answer = ctx.tr._t("Congratulations again! The channel has the news.")
    else:
        await ctx.uow.awards.set_status(ctx.workspace.id, award.quarter, AwardStatus.PRIVATE)
        answer = ctx.tr._t("It stays between you and the coordinators. Congratulations again!")
    messages += [
        views.coordinator_note(ctx, c, who, award.quarter, announced=cmd.announce)
        for c in coordinators
        if not _same(c, ctx.member)
    ]
    return Reply.private(Section(answer)).with_messages(messages)


async def _answer_as_runner_up(ctx: Context, cmd: AnswerAward, awards: list[AwardQuarter]) -> Reply:
    """A runner-up's answer. Named after the announcement went out, they get a mention of
    their own in the channel; before it, they are in it; an award kept private names nobody."""
    found = [
        (award, runner)
        for award in awards
        for runner in await ctx.uow.awards.runners_up(ctx.workspace.id, award.quarter)
        if runner.member_id == ctx.member.id and runner.status is RunnerUpStatus.ASKED
    ]
    if not found:
        raise NotFound(N_("Nothing is waiting for your answer."))
    award, mine = found[0]
    tr = ctx.tr
    if not cmd.announce:
        await ctx.uow.awards.set_runner_up_status(
            ctx.workspace.id, award.quarter, ctx.member.id, RunnerUpStatus.PRIVATE
        )
        return Reply.private(
            Section(tr._t("Your mention stays between you and the coordinators. Well done!"))
        )
    await ctx.uow.awards.set_runner_up_status(
        ctx.workspace.id, award.quarter, ctx.member.id, RunnerUpStatus.NAMED
    )
    if award.status is AwardStatus.ANNOUNCED:
        message = await views.runner_up_mention(ctx, award.quarter, ctx.member, mine.note)
        return Reply.private(
            Section(tr._t("Thank you! The channel has your mention."))
        ).with_messages([message])
    if award.status is AwardStatus.ASKED:
        answer = tr._t("Thank you! You will be named when the award is announced.")
    else:
        answer = tr._t(
            "Thank you. The award was not announced in the channel, so nothing goes there."
        )
    return Reply.private(Section(answer))


def _same(a: Member, b: Member) -> bool:
    return a.id == b.id
