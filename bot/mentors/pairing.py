"""Pairing a newcomer with a mentor: the most free capacity first, then the same time zone
(within three hours) and a different segment; never a mentor who is away, and never the
same two people twice within twelve months."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.i18n import N_
from bot.mentors.ports import Mentor, MentorFull, Pairing
from bot.messages import Actions, Audience, Block, Button, ButtonStyle, Message, Note, Section
from bot.model import Member, Role

NO_REPEAT = timedelta(days=365)
CLOSE_HOURS = 3


def _offset_hours(ctx: Context, member: Member, at: datetime) -> float:
    zone = ZoneInfo(member.timezone or ctx.workspace.timezone)
    offset = at.astimezone(zone).utcoffset() or timedelta()
    return offset.total_seconds() / 3600


def is_away(ctx: Context, member: Member) -> bool:
    """Whether the member said they are away today."""
    today = ctx.now.astimezone(ctx.tr.timezone).date()
    return member.away_until is not None and member.away_until >= today


async def loads(ctx: Context) -> Counter[int]:
    """Mentor id → how many newcomers they mentor now."""
    return Counter(p.mentor_id for p in await ctx.uow.mentors.open(ctx.workspace.id))


async def choose_mentor(
    ctx: Context, mentee: Member, *, exclude: Collection[int] = ()
) -> Member | None:
    """The mentor a newcomer gets (none of ``exclude``), or None when nobody is free."""
    load = await loads(ctx)
    mentee_segment = await ctx.uow.segments.current(mentee.id)
    mentee_offset = _offset_hours(ctx, mentee, ctx.now)
    ranked: list[tuple[tuple[int, bool, bool, int], Member]] = []
    mentor: Mentor
    for mentor in await ctx.uow.mentors.all(ctx.workspace.id):
        if mentor.member_id == mentee.id or mentor.member_id in exclude:
            continue
        free = mentor.capacity - load[mentor.member_id]
        person = await ctx.uow.members.get(mentor.member_id)
        if free <= 0 or person is None or is_away(ctx, person):
            continue
        if await ctx.uow.mentors.paired_since(person.id, mentee.id, ctx.now - NO_REPEAT):
            continue
        far = abs(_offset_hours(ctx, person, ctx.now) - mentee_offset) > CLOSE_HOURS
        same_segment = (
            mentee_segment is not None
            and await ctx.uow.segments.current(person.id) == mentee_segment
        )
        ranked.append(((-free, far, same_segment, person.id), person))
    return min(ranked, key=lambda item: item[0])[1] if ranked else None


async def introduce(ctx: Context, mentor: Member, mentee: Member) -> list[Message]:
    """Introduction notes to both."""
    notes = []
    for me, other, msgid in (
        (
            mentee,
            mentor,
            N_(
                "Meet your mentor, {other}! They have been part of the programme for a while and are glad to help with your first posts. Say hello and find half an hour in the next two weeks."
            ),
        ),
        (
            mentor,
            mentee,
            N_(
                "You are the mentor of {other}, who just joined the programme. Say hello and find half an hour in the next two weeks: the first post is easier with someone beside you."
            ),
        ),
    ):
        tr = ctx.translator_for(me)
        blocks: list[Block] = [Section(tr._t(msgid, other=await ctx.mention(other.id)))]
        if me is mentee:
            blocks.append(
                Note(
                    tr._t(
                        "Not the right match? /chorus mentor another asks, privately, for someone else."
                    )
                )
            )
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=me.external_id,
                summary=tr._("Your mentor"),
            )
        )
    return notes


async def tell_coordinators(ctx: Context, mentee: Member, msgid: str) -> list[Message]:
    """A private note to every coordinator about a newcomer's mentor."""
    notes = []
    for coordinator in await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR):
        tr = ctx.translator_for(coordinator)
        notes.append(
            Message(
                (
                    Section(tr._t(msgid, member=await ctx.mention(mentee.id))),
                    Actions((Button(tr._("Mentors"), "chorus mentor list"),)),
                ),
                Audience.MEMBER,
                recipient_id=coordinator.external_id,
                summary=tr._("Mentors"),
            )
        )
    return notes


async def pair_newcomer(
    ctx: Context, mentee: Member, *, exclude: int | None = None
) -> list[Message]:
    """Pair a newcomer with the best free mentor and introduce them; when nobody is free,
    the newcomer and the coordinators are told, so nobody waits silently."""
    if await ctx.uow.mentors.of_mentee(mentee.id) is not None:
        return []
    skipped = {exclude} if exclude is not None else set()
    while (mentor := await choose_mentor(ctx, mentee, exclude=skipped)) is not None:
        try:
            await ctx.uow.mentors.pair(ctx.workspace.id, mentor.id, mentee.id, ctx.now)
        except MentorFull:  # another newcomer took the last place a moment ago
            skipped.add(mentor.id)
            continue
        return await introduce(ctx, mentor, mentee)
    tr = ctx.translator_for(mentee)
    waiting = Message(
        (
            Section(
                tr._t(
                    "Every mentor is busy right now, so you have no mentor yet. The coordinators know and will find you one."
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=mentee.external_id,
        summary=tr._("Your mentor"),
    )
    return [
        waiting,
        *await tell_coordinators(
            ctx,
            mentee,
            N_(
                "{member} needs a mentor, but every mentor is full or away. Add one with /chorus mentor add @name N."
            ),
        ),
    ]


def meeting_buttons(ctx: Context, pairing: Pairing, member: Member) -> Actions:
    """ "We met" / "Not yet" for the check-in."""
    tr = ctx.translator_for(member)
    return Actions(
        (
            Button(tr._("We met"), f"chorus mentor met {pairing.id} yes", ButtonStyle.PRIMARY),
            Button(tr._("Not yet"), f"chorus mentor met {pairing.id} no"),
        )
    )
