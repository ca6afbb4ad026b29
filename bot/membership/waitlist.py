"""The coordinators' view of the waiting list: see it, reorder it, admit someone."""

from __future__ import annotations

from bot.access import find_member, require_coordinator
from bot.context import Context
from bot.errors import Conflict, NotFound
from bot.i18n import N_
from bot.membership.commands import Admit, MoveOnWaitlist, ShowWaitlist
from bot.membership.ports import Enrolment, EnrolmentStatus
from bot.membership.seats import seated
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Header,
    Message,
    Note,
    Reply,
    Section,
    Text,
)
from bot.model import Member


async def show_waitlist(ctx: Context, _: ShowWaitlist) -> Reply:
    """Seats taken, and the waiting list in order, with any open offer."""
    require_coordinator(ctx)
    tr = ctx.tr
    taken = await ctx.uow.enrolments.seats_taken(ctx.workspace.id)
    capacity = ctx.programme.capacity
    line = await ctx.uow.enrolments.waiting(ctx.workspace.id)
    blocks: list[Block] = [Header(tr._("Waiting list"))]
    if capacity is None:
        blocks.append(
            Section(tr._t("{taken} seats taken; the programme has no limit.", taken=taken))
        )
    else:
        blocks.append(
            Section(tr._t("{taken} of {capacity} seats taken.", taken=taken, capacity=capacity))
        )
    if not line:
        blocks.append(Section(tr._t("Nobody is waiting.")))
    for place, enrolment in enumerate(line, 1):
        who = await ctx.mention(enrolment.member_id)
        if enrolment.status is EnrolmentStatus.OFFERED and enrolment.offer_expires_at:
            text = tr._t(
                "{place}. {member} — offered a seat, until {deadline}",
                place=place,
                member=who,
                deadline=tr.datetime(enrolment.offer_expires_at),
            )
        else:
            text = tr._t(
                "{place}. {member} — waiting since {date}",
                place=place,
                member=who,
                date=tr.date(enrolment.requested_at.astimezone(tr.timezone).date()),
            )
        blocks.append(Section(text))
    blocks.append(
        Note(
            tr._t(
                "/chorus waitlist move @name N reorders; /chorus waitlist admit @name gives a seat."
            )
        )
    )
    return Reply.private(*blocks)


async def _on_list(ctx: Context, member: Member) -> Enrolment:
    current = await ctx.uow.enrolments.current(member.id)
    if current is None or current.status not in (EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED):
        raise NotFound(
            N_("{member} is not on the waiting list."), member=Text((await ctx.mention(member.id),))
        )
    return current


async def move_on_waitlist(ctx: Context, cmd: MoveOnWaitlist) -> Reply:
    """Put a waiting member at place N (the others keep their order)."""
    require_coordinator(ctx)
    target = await find_member(ctx, cmd.member)
    enrolment = await _on_list(ctx, target)
    line = [e for e in await ctx.uow.enrolments.waiting(ctx.workspace.id) if e.id != enrolment.id]
    place = min(cmd.position, len(line) + 1)
    line.insert(place - 1, enrolment)
    for rank, entry in enumerate(line, 1):
        await ctx.uow.enrolments.set_rank(entry.id, rank)
    return Reply.private(
        Section(
            ctx.tr._t(
                "{member} is number {place} on the waiting list now.",
                member=await ctx.mention(target.id),
                place=place,
            )
        )
    )


async def admit(ctx: Context, cmd: Admit) -> Reply:
    """Give a waiting member a seat; past capacity only after a confirmation."""
    require_coordinator(ctx)
    target = await find_member(ctx, cmd.member)
    enrolment = await _on_list(ctx, target)
    who = await ctx.mention(target.id)
    # An offered member holds a seat already; a waiting one needs a free one, or a yes.
    waiting = enrolment.status is EnrolmentStatus.WAITING
    if waiting and not await ctx.uow.enrolments.take_seat(ctx.workspace.id, ctx.programme.capacity):
        if not cmd.confirmed:
            return Reply.private(
                Section(
                    ctx.tr._t(
                        "Every seat is taken ({capacity}). Admit {member} anyway, one over capacity?",
                        capacity=ctx.programme.capacity or 0,
                        member=who,
                    )
                ),
                Actions(
                    (
                        Button(
                            ctx.tr._("Admit anyway"),
                            f"chorus waitlist admit <@{target.external_id}> confirm",
                            ButtonStyle.DANGER,
                        ),
                    )
                ),
            )
        await ctx.uow.enrolments.force_seat(ctx.workspace.id)
    if not await ctx.uow.enrolments.move(
        enrolment.id, expect=enrolment.status, status=EnrolmentStatus.ACTIVE, at=ctx.now
    ):
        raise Conflict(N_("Their place changed just now. Please try again."))
    blocks, notes = await seated(ctx, target)
    tr = ctx.translator_for(target)
    note = Message(
        (Section(tr._t("A coordinator gave you a seat in the ambassador programme.")), *blocks),
        Audience.MEMBER,
        recipient_id=target.external_id,
        summary=tr._("Welcome to the ambassador programme"),
    )
    return Reply.private(
        Section(ctx.tr._t("{member} has a seat now and is told privately.", member=who))
    ).with_messages([note, *notes])
