"""Mentors and pairings: coordinators' commands, a newcomer's request for another mentor,
and the answer to "did you meet?"."""

from __future__ import annotations

from datetime import timedelta

from bot.access import find_member, require_coordinator
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound
from bot.i18n import N_
from bot.mentors.commands import (
    AddMentor,
    AskAnotherMentor,
    EndPairing,
    ListMentors,
    RecordMeeting,
    RemoveMentor,
    SwapMentor,
)
from bot.mentors.pairing import (
    introduce,
    loads,
    meeting_buttons,
    pair_newcomer,
    tell_coordinators,
)
from bot.mentors.ports import MentorFull
from bot.messages import Audience, Block, Header, Message, Note, Reply, Section, Text
from bot.notes import told_recently

CHECKIN_AFTER = timedelta(days=14)
ANOTHER_MENTOR = "mentor:another"  # what the notes ledger calls an ask for another mentor
ANOTHER_MENTOR_EVERY = timedelta(days=1)


async def add_mentor(ctx: Context, cmd: AddMentor) -> Reply:
    """Make a member a mentor (or change their capacity)."""
    require_coordinator(ctx)
    target = await find_member(ctx, cmd.member)
    await ctx.uow.mentors.set(ctx.workspace.id, target.id, cmd.capacity)
    current = (await loads(ctx))[target.id]
    blocks: list[Block] = [
        Section(
            ctx.tr._nt(
                "{member} mentors up to {capacity} newcomer at a time.",
                "{member} mentors up to {capacity} newcomers at a time.",
                cmd.capacity,
                member=Text((await ctx.mention(target.id),)),
                capacity=cmd.capacity,
            )
        )
    ]
    if current > cmd.capacity:
        blocks.append(
            Note(
                ctx.tr._t(
                    "They mentor {count} now; their pairings go on, and they get no new ones until below capacity.",
                    count=current,
                )
            )
        )
    return Reply.private(*blocks)


async def remove_mentor(ctx: Context, cmd: RemoveMentor) -> Reply:
    """A member takes no new mentees; current pairings go on."""
    require_coordinator(ctx)
    target = await find_member(ctx, cmd.member)
    if not any(m.member_id == target.id for m in await ctx.uow.mentors.all(ctx.workspace.id)):
        raise NotFound(
            N_("{member} is not a mentor."), member=Text((await ctx.mention(target.id),))
        )
    await ctx.uow.mentors.remove(target.id)
    return Reply.private(
        Section(
            ctx.tr._t(
                "{member} takes no new mentees. Their current pairings go on.",
                member=Text((await ctx.mention(target.id),)),
            )
        )
    )


async def list_mentors(ctx: Context, _: ListMentors) -> Reply:
    """Mentors with their load, and every pairing."""
    require_coordinator(ctx)
    tr = ctx.tr
    mentors = await ctx.uow.mentors.all(ctx.workspace.id)
    load = await loads(ctx)
    blocks: list[Block] = [Header(tr._("Mentors"))]
    if not mentors:
        blocks.append(Section(tr._t("No mentors yet. Add one with /chorus mentor add @name 2.")))
    for mentor in mentors:
        blocks.append(
            Section(
                tr._t(
                    "{member}: {count} of {capacity}",
                    member=await ctx.mention(mentor.member_id),
                    count=load[mentor.member_id],
                    capacity=mentor.capacity,
                )
            )
        )
    pairings = await ctx.uow.mentors.open(ctx.workspace.id)
    if pairings:
        blocks.append(Header(tr._("Pairings")))
    for pairing in pairings:
        met = {
            None: tr._("not asked yet") if pairing.checkin_at is None else tr._("no answer yet"),
            True: tr._("they met"),
            False: tr._("not met yet"),
        }[pairing.met]
        blocks.append(
            Section(
                tr._t(
                    "{mentee} with {mentor} since {date} ({met})",
                    mentee=await ctx.mention(pairing.mentee_id),
                    mentor=await ctx.mention(pairing.mentor_id),
                    date=tr.date(pairing.started_at.astimezone(tr.timezone).date()),
                    met=Text.plain(met),
                )
            )
        )
    blocks.append(
        Note(
            tr._t(
                "/chorus mentor swap @newcomer @mentor changes a pairing; /chorus mentor end @newcomer ends one."
            )
        )
    )
    return Reply.private(*blocks)


async def swap_mentor(ctx: Context, cmd: SwapMentor) -> Reply:
    """Give a newcomer another mentor, who must have room."""
    require_coordinator(ctx)
    mentee = await find_member(ctx, cmd.mentee)
    mentor = await find_member(ctx, cmd.mentor)
    who = Text((await ctx.mention(mentor.id),))
    record = next(
        (m for m in await ctx.uow.mentors.all(ctx.workspace.id) if m.member_id == mentor.id), None
    )
    if record is None:
        raise NotFound(
            N_("{member} is not a mentor. Add them with /chorus mentor add @name N."), member=who
        )
    if mentor.id == mentee.id:
        raise Conflict(N_("Nobody can mentor themselves."))
    current = await ctx.uow.mentors.of_mentee(mentee.id)
    if current is not None and current.mentor_id == mentor.id:
        raise Conflict(N_("{member} already mentors them."), member=who)
    if current is not None:
        await ctx.uow.mentors.end(current.id, ctx.now)
    try:  # the store decides whether there is room, under a lock (the swap rolls back)
        await ctx.uow.mentors.pair(ctx.workspace.id, mentor.id, mentee.id, ctx.now)
    except MentorFull:
        raise Conflict(
            N_(
                "{member} has no room for another newcomer (capacity {capacity}). Raise it with /chorus mentor add @name N."
            ),
            member=who,
            capacity=record.capacity,
        ) from None
    notes = await introduce(ctx, mentor, mentee)
    return Reply.private(
        Section(
            ctx.tr._t(
                "{mentee} is now mentored by {mentor}; both are told.",
                mentee=await ctx.mention(mentee.id),
                mentor=await ctx.mention(mentor.id),
            )
        )
    ).with_messages(notes)


async def end_pairing(ctx: Context, cmd: EndPairing) -> Reply:
    """End a newcomer's pairing."""
    require_coordinator(ctx)
    mentee = await find_member(ctx, cmd.mentee)
    current = await ctx.uow.mentors.of_mentee(mentee.id)
    if current is None:
        raise NotFound(N_("{member} has no mentor."), member=Text((await ctx.mention(mentee.id),)))
    await ctx.uow.mentors.end(current.id, ctx.now)
    return Reply.private(
        Section(ctx.tr._t("Ended the pairing of {member}.", member=await ctx.mention(mentee.id)))
    )


async def ask_another_mentor(ctx: Context, _: AskAnotherMentor) -> Reply:
    """A newcomer asks privately for another mentor; the coordinators are told, the
    mentor is not."""
    current = await ctx.uow.mentors.of_mentee(ctx.member.id)
    if current is None:
        raise NotFound(N_("You have no mentor at the moment."))
    if await told_recently(ctx, ANOTHER_MENTOR, ANOTHER_MENTOR_EVERY):
        # Each ask introduces a new mentor and tells every coordinator: once a day is plenty.
        raise Conflict(
            N_(
                "You asked for another mentor less than a day ago, and the coordinators know. If it cannot wait, write to one of them."
            )
        )
    await ctx.uow.mentors.end(current.id, ctx.now)
    notes = await pair_newcomer(ctx, ctx.member, exclude=current.mentor_id)
    notes += await tell_coordinators(
        ctx,
        ctx.member,
        N_("{member} asked for another mentor. /chorus mentor list shows the pairings."),
    )
    # Counted like every note sent on a member's behalf (the hourly cap), and remembered
    # for the once-a-day rule above.
    await ctx.uow.notes.record(
        ctx.workspace.id, ctx.member.id, len(notes), ctx.now, about=ANOTHER_MENTOR
    )
    return Reply.private(
        Section(
            ctx.tr._t(
                "Done: your pairing has ended. I am looking for someone else and will tell you privately."
            )
        )
    ).with_messages(notes)


async def record_meeting(ctx: Context, cmd: RecordMeeting) -> Reply:
    """Record whether a mentor and newcomer met."""
    pairing = await ctx.uow.mentors.get(cmd.pairing_id)
    if pairing is None or pairing.workspace_id != ctx.workspace.id:
        raise NotFound(N_("This check-in is out of date."))
    if ctx.member.id not in (pairing.mentor_id, pairing.mentee_id):
        raise NotAllowed(N_("Only the mentor and the newcomer can answer this check-in."))
    await ctx.uow.mentors.record_met(pairing.id, cmd.met)
    if cmd.met:
        return Reply.private(Section(ctx.tr._t("Great, noted that you met. Thank you!")))
    return Reply.private(
        Section(ctx.tr._t("Noted. There is still time: a short call is enough to get started."))
    )


async def checkin(ctx: Context) -> list[Message]:
    """Two weeks after a pairing began, ask both "did you meet?" and record that it was asked."""
    notes: list[Message] = []
    due = await ctx.uow.mentors.checkin_due(ctx.workspace.id, ctx.now - CHECKIN_AFTER)
    for pairing in due:
        mentor = await ctx.uow.members.get(pairing.mentor_id)
        mentee = await ctx.uow.members.get(pairing.mentee_id)
        await ctx.uow.mentors.mark_checkin(pairing.id, ctx.now)
        if mentor is None or mentee is None:
            continue
        for me, other in ((mentee, mentor), (mentor, mentee)):
            tr = ctx.translator_for(me)
            notes.append(
                Message(
                    (
                        Section(
                            tr._t(
                                "Two weeks ago you were paired with {other}. Did you meet?",
                                other=await ctx.mention(other.id),
                            )
                        ),
                        meeting_buttons(ctx, pairing, me),
                    ),
                    Audience.MEMBER,
                    recipient_id=me.external_id,
                    summary=tr._("Did you meet?"),
                )
            )
    return notes
