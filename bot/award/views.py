"""What the award looks like: the evidence pack, the history, the announcement and the notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.award.ports import (
    RUNNERS_UP_MAX,
    AwardQuarter,
    AwardStatus,
    Evidence,
    Nomination,
    RunnerUp,
    RunnerUpStatus,
)
from bot.context import Context
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Fields,
    Header,
    Message,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.model import Member


@dataclass(frozen=True)
class Candidate:
    """A nominated member, the nominations, their segment then and what they did in the
    quarter; ``won`` is the recent quarter that bars them under the once-in-N-quarters rule."""

    member: Member
    nominations: tuple[Nomination, ...]
    evidence: Evidence
    won: str | None = None
    segments: tuple[str, ...] = ()  # the segments they were in during the quarter, in order


async def candidates(
    ctx: Context,
    award: AwardQuarter,
    found: Sequence[Candidate],
    runners_up: Sequence[RunnerUp] = (),
    *,
    clicks: bool,
) -> list[Block]:
    """The candidates with their evidence, and the runners-up noted so far; click counts
    only when asked for."""
    tr = ctx.tr
    blocks: list[Block] = [
        Header(tr._("🏆 Ambassador of {quarter}: the candidates", quarter=award.quarter))
    ]
    if award.status is not AwardStatus.OPEN:
        blocks.append(
            Section(
                tr._t(
                    "Chosen: {member}. /chorus award history shows every quarter.",
                    member=await winner_span(ctx, award),
                )
            )
        )
    if not found:
        blocks.append(
            Section(
                tr._t(
                    "Nobody has been nominated yet. Members nominate with /chorus nominate @name REASON."
                )
            )
        )
        if runners_up:
            blocks.append(await runners_up_line(ctx, runners_up))
        return blocks
    for candidate in found:
        blocks.append(Divider())
        blocks.append(
            Section(
                tr._nt(
                    "{member}: {n} nomination",
                    "{member}: {n} nominations",
                    len(candidate.nominations),
                    member=Span(candidate.member.display_name or "…", bold=True),
                )
            )
        )
        for nomination in candidate.nominations:
            by = await ctx.mention(nomination.nominator_id)
            blocks.append(Quote(nomination.reason))
            blocks.append(Note(tr._t("— {member}", member=by)))
        evidence = candidate.evidence
        items: list[tuple[str, Text]] = [
            (
                tr._("Segment in the quarter"),
                Text.plain(" → ".join(candidate.segments) or tr._("none")),
            ),
            (tr._("Posts announced"), Text.plain(tr.number(len(evidence.posts), 0))),
            (
                tr._("Drafts revised after feedback"),
                Text.plain(tr.number(evidence.revised_drafts, 0)),
            ),
            (tr._("Feedback given"), Text.plain(tr.number(evidence.feedback_given, 0))),
            (tr._("Cheers received"), Text.plain(tr.number(evidence.cheers_received, 0))),
            (tr._("Newcomers mentored"), _mentoring(ctx, evidence)),
        ]
        if clicks:
            items.append(
                (
                    tr._("Likes, comments and shares"),
                    Text.plain(tr.number(evidence.answers, 0)),
                )
            )
        blocks.append(Fields(tuple(items)))
        for post in evidence.posts:
            blocks.append(Section(Text((Span(post.url, SpanKind.LINK, url=post.url),))))
        if candidate.won is not None:
            blocks.append(
                Note(
                    tr._t(
                        "Ambassador of {won}: nobody wins twice within {n} quarters.",
                        won=candidate.won,
                        n=ctx.programme.award_once_in_quarters,
                    )
                )
            )
    if award.status is AwardStatus.OPEN:
        if runners_up:
            blocks.append(await runners_up_line(ctx, runners_up))
        blocks.append(
            Note(
                tr._t(
                    "Choose with /chorus award pick @name CITATION. Judge by the quality of their posts and the help they gave, not by clicks."
                )
            )
        )
        blocks.append(
            Note(
                tr._t(
                    "Mention up to {n} runners-up first, if you like: /chorus award runner-up @name NOTE.",
                    n=RUNNERS_UP_MAX,
                )
            )
        )
    if not clicks:
        blocks.append(
            Note(tr._t("Like and comment counts stay hidden; /chorus award clicks shows them."))
        )
    return blocks


def _mentoring(ctx: Context, evidence: Evidence) -> Text:
    """How many newcomers they mentored, and with how many they confirmed meeting."""
    if not evidence.mentees:
        return Text.plain(ctx.tr.number(0, 0))
    return Text.plain(
        ctx.tr._(
            "{n}, {met} of them confirmed meeting",
            n=ctx.tr.number(evidence.mentees, 0),
            met=ctx.tr.number(evidence.mentees_met, 0),
        )
    )


AWARD_KEY_PREFIX = "award:"  # channel posts: "award:2026-Q4", "award:2026-Q4:runner-up:7"


async def winner_span(ctx: Context, award: AwardQuarter) -> Span:
    """The winner's mention, or "a former member" once they were erased."""
    if award.winner_id is None:
        return Span(ctx.tr._("a former member"))
    return await ctx.mention(award.winner_id)


async def runners_up_line(ctx: Context, runners_up: Sequence[RunnerUp]) -> Section:
    """``Runners-up: @a, @b`` (for coordinators: everyone, named in the channel or not)."""
    spans: list[Span] = []
    for runner in runners_up:
        if spans:
            spans.append(Span(", "))
        spans.append(await ctx.mention(runner.member_id))
    return Section(ctx.tr._t("Runners-up: {members}", members=Text(tuple(spans))))


async def history(
    ctx: Context, decided: Sequence[tuple[AwardQuarter, Sequence[RunnerUp]]]
) -> list[Block]:
    """Every ambassador of the quarter, newest first, with the citation and the runners-up
    (marked where they were not named in the channel)."""
    tr = ctx.tr
    blocks: list[Block] = [Header(tr._("🏆 Ambassadors of the quarter"))]
    if not decided:
        blocks.append(
            Section(
                tr._t("No ambassador of the quarter has been chosen yet. /chorus award starts.")
            )
        )
        return blocks
    for award, runners_up in decided:
        line = tr._t(
            "{quarter}: {member}", quarter=award.quarter, member=await winner_span(ctx, award)
        )
        blocks.append(Section(line))
        if award.citation:
            blocks.append(Quote(award.citation))
        if award.status is AwardStatus.ASKED:
            blocks.append(Note(tr._t("Waiting for their answer before it is announced.")))
        elif award.status is AwardStatus.PRIVATE:
            blocks.append(Note(tr._t("Not announced in the channel.")))
        for runner in runners_up:
            mention = tr._t("Runner-up: {member}", member=await ctx.mention(runner.member_id))
            blocks.append(Section(mention))
            if runner.note:
                blocks.append(Quote(runner.note))
            if runner.status is RunnerUpStatus.ASKED:
                blocks.append(Note(tr._t("Waiting for their answer before they are named.")))
            elif runner.status is RunnerUpStatus.PRIVATE or (
                award.status is not AwardStatus.ANNOUNCED
            ):
                blocks.append(Note(tr._t("Not named in the channel.")))
    return blocks


async def announcement(
    ctx: Context,
    quarter: str,
    winner: Member,
    citation: str,
    runners_up: Sequence[RunnerUp] = (),
) -> Message:
    """The channel's news, with the coordinators' citation and the runners-up who may be
    named."""
    ctr = ctx.channel_tr
    blocks: list[Block] = [
        Header(ctr._("🏆 Ambassador of {quarter}", quarter=quarter)),
        Section(
            ctr._t(
                "Our ambassador of {quarter} is {member}. In the coordinators' words:",
                quarter=quarter,
                member=await ctx.mention(winner.id),
            )
        ),
        Quote(citation),
    ]
    if runners_up:
        blocks.append(Section(ctr._t("The coordinators also mention:")))
        for runner in runners_up:
            who = await ctx.mention(runner.member_id)
            if runner.note:
                blocks.append(Section(ctr._t("🏅 {member}: {note}", member=who, note=runner.note)))
            else:
                blocks.append(Section(ctr._t("🏅 {member}", member=who)))
    return Message(
        tuple(blocks),
        Audience.CHANNEL,
        key=f"{AWARD_KEY_PREFIX}{quarter}",
        summary=ctr._("Ambassador of {quarter}", quarter=quarter),
    )


async def runner_up_mention(ctx: Context, quarter: str, member: Member, note: str) -> Message:
    """The channel's mention of a runner-up who said yes after the announcement went out."""
    ctr = ctx.channel_tr
    who = await ctx.mention(member.id)
    line = (
        ctr._t(
            "🏅 The coordinators also mention {member} for {quarter}: {note}",
            member=who,
            quarter=quarter,
            note=note,
        )
        if note
        else ctr._t(
            "🏅 The coordinators also mention {member} for {quarter}.", member=who, quarter=quarter
        )
    )
    return Message(
        (Section(line),),
        Audience.CHANNEL,
        key=f"{AWARD_KEY_PREFIX}{quarter}:runner-up:{member.id}",
        summary=ctr._("Ambassador of {quarter}", quarter=quarter),
    )


def runner_up_note(ctx: Context, member: Member, quarter: str, runner: RunnerUp) -> Message:
    """A runner-up's private note; one who keeps cheers private is asked before their name
    goes to the channel."""
    tr = ctx.translator_for(member)
    blocks: list[Block] = [
        Header(tr._("🏅 Ambassador of {quarter}", quarter=quarter)),
        Section(
            tr._t(
                "Well done: the coordinators mention you as a runner-up for ambassador of {quarter}.",
                quarter=quarter,
            )
        ),
    ]
    if runner.note:
        blocks.append(Quote(runner.note))
    if runner.status is RunnerUpStatus.ASKED:
        blocks.append(
            Section(
                tr._t(
                    "You keep cheers private, so your name goes to the channel only if you say so. May we name you?"
                )
            )
        )
        blocks.append(
            Actions(
                (
                    Button(
                        tr._("Name me"), f"/chorus award announce {quarter}", ButtonStyle.PRIMARY
                    ),
                    Button(tr._("Keep it private"), f"/chorus award private {quarter}"),
                )
            )
        )
    return Message(
        tuple(blocks),
        Audience.MEMBER,
        recipient_id=member.external_id,
        summary=tr._("Ambassador of {quarter}", quarter=quarter),
    )


def winner_note(ctx: Context, winner: Member, quarter: str, citation: str, *, ask: bool) -> Message:
    """The winner's private note; one who keeps cheers private is asked before the channel
    hears of it."""
    tr = ctx.translator_for(winner)
    blocks: list[Block] = [
        Header(tr._("🏆 Ambassador of {quarter}", quarter=quarter)),
        Section(
            tr._t(
                "Congratulations: the coordinators chose you as ambassador of {quarter}. Their words:",
                quarter=quarter,
            )
        ),
        Quote(citation),
    ]
    if ask:
        blocks.append(
            Section(
                tr._t(
                    "You keep cheers private, so nothing goes to the channel unless you say so. May we announce it?"
                )
            )
        )
        blocks.append(
            Actions(
                (
                    Button(tr._("Announce it"), "/chorus award announce", ButtonStyle.PRIMARY),
                    Button(tr._("Keep it private"), "/chorus award private"),
                )
            )
        )
    return Message(
        tuple(blocks),
        Audience.MEMBER,
        recipient_id=winner.external_id,
        summary=tr._("Ambassador of {quarter}", quarter=quarter),
    )


def coordinator_note(
    ctx: Context, coordinator: Member, winner: Span, quarter: str, *, announced: bool
) -> Message:
    """Tells a coordinator what the winner answered."""
    tr = ctx.translator_for(coordinator)
    if announced:
        text = tr._t(
            "{member} is happy for the channel to know: their award for {quarter} is announced.",
            member=winner,
            quarter=quarter,
        )
    else:
        text = tr._t(
            "{member} would rather keep their award for {quarter} private; it is in the history, not in the channel.",
            member=winner,
            quarter=quarter,
        )
    return Message(
        (Section(text),),
        Audience.MEMBER,
        recipient_id=coordinator.external_id,
        summary=tr._("Ambassador of {quarter}", quarter=quarter),
    )
