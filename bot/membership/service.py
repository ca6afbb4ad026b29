"""Joining and leaving the programme; accepting or declining an offered seat."""

from __future__ import annotations

from bot.context import Context
from bot.errors import Conflict, NotFound, StoreConflict
from bot.i18n import N_
from bot.membership.commands import AcceptSeat, DeclineSeat, Join, Leave
from bot.membership.ports import Enrolment, EnrolmentStatus
from bot.membership.seats import estimate, offer_next, position, seated
from bot.messages import Block, Note, Reply, Section


async def _already(ctx: Context, enrolment: Enrolment) -> Conflict:
    if enrolment.status is EnrolmentStatus.ACTIVE:
        return Conflict(N_("You are already in the programme. /chorus leave gives your seat back."))
    if enrolment.status is EnrolmentStatus.OFFERED:
        return Conflict(N_("A seat is waiting for you: accept it with /chorus join accept."))
    return Conflict(
        N_("You are already on the waiting list, number {place}."),
        place=await position(ctx, enrolment),
    )


async def _waiting_answer(ctx: Context, enrolment: Enrolment) -> list[Block]:
    tr = ctx.tr
    place = await position(ctx, enrolment)
    blocks: list[Block] = [
        Section(
            tr._t(
                "The programme is full, so you are on the waiting list: number {place}. When a seat is free, I will offer it to you privately.",
                place=place,
            )
        )
    ]
    expected = await estimate(ctx, place)
    if expected is not None:
        blocks.append(
            Note(
                tr._t(
                    "From how many members left in the last year, your turn may come around {date}.",
                    date=tr.date(expected),
                )
            )
        )
    else:
        blocks.append(Note(tr._t("Nobody has left in the last year, so I cannot estimate when.")))
    blocks.append(Note(tr._t("/chorus leave takes you off the list.")))
    return blocks


async def join(ctx: Context, _: Join) -> Reply:
    """Join with a free seat at once; otherwise join the waiting list."""
    member = ctx.member
    current = await ctx.uow.enrolments.current(member.id)
    if current is not None:
        raise await _already(ctx, current)
    seat = await ctx.uow.enrolments.take_seat(ctx.workspace.id, ctx.programme.capacity)
    status = EnrolmentStatus.ACTIVE if seat else EnrolmentStatus.WAITING
    try:
        enrolment = await ctx.uow.enrolments.add(ctx.workspace.id, member.id, status, ctx.now)
    except StoreConflict:  # the same member, twice at once
        raise Conflict(N_("You are already in the programme or on its waiting list.")) from None
    if not seat:
        return Reply.private(*await _waiting_answer(ctx, enrolment))
    blocks, notes = await seated(ctx, member)
    return Reply.private(*blocks).with_messages(notes)


async def leave(ctx: Context, _: Leave) -> Reply:
    """Leave the programme, freeing the seat for the next in line, or leave the list."""
    current = await ctx.uow.enrolments.current(ctx.member.id)
    if current is None:
        raise NotFound(
            N_("You are not in the programme or on its waiting list. /chorus join joins.")
        )
    if not await ctx.uow.enrolments.move(
        current.id, expect=current.status, status=EnrolmentStatus.LEFT, at=ctx.now
    ):
        raise Conflict(N_("Your place changed just now. Please try again."))
    if current.status is EnrolmentStatus.WAITING:
        return Reply.private(
            Section(ctx.tr._t("You are off the waiting list. /chorus join puts you back on it."))
        )
    pairing = await ctx.uow.mentors.of_mentee(ctx.member.id)
    if pairing is not None:
        await ctx.uow.mentors.end(pairing.id, ctx.now)
    notes = await offer_next(ctx)
    return Reply.private(
        Section(
            ctx.tr._t(
                "You have left the programme and your seat goes to the next in line. Thank you for taking part! /chorus join brings you back."
            )
        )
    ).with_messages(notes)


async def accept_seat(ctx: Context, _: AcceptSeat) -> Reply:
    """Take an offered seat before its deadline."""
    current = await ctx.uow.enrolments.current(ctx.member.id)
    if current is not None and current.status is EnrolmentStatus.ACTIVE:
        raise Conflict(N_("You are already in the programme."))
    if current is None or current.status is not EnrolmentStatus.OFFERED:
        raise Conflict(
            N_("This offer has expired or was passed on. /chorus join shows where you stand.")
        )
    accepted = await ctx.uow.enrolments.move(
        current.id,
        expect=EnrolmentStatus.OFFERED,
        status=EnrolmentStatus.ACTIVE,
        at=ctx.now,
        offer_valid_at=ctx.now,
    )
    if not accepted:
        again = await ctx.uow.enrolments.current(ctx.member.id)
        if again is not None and again.status is EnrolmentStatus.ACTIVE:  # a second press won
            raise Conflict(N_("You are already in the programme."))
        raise Conflict(
            N_("This offer has expired or was passed on. /chorus join shows where you stand.")
        )
    blocks, notes = await seated(ctx, ctx.member)
    return Reply.private(*blocks).with_messages(notes)


async def decline_seat(ctx: Context, _: DeclineSeat) -> Reply:
    """Let an offered seat go to the next in line; the member stays on the list, at its end."""
    current = await ctx.uow.enrolments.current(ctx.member.id)
    if current is None or current.status is not EnrolmentStatus.OFFERED:
        raise Conflict(
            N_("This offer has expired or was passed on. /chorus join shows where you stand.")
        )
    if not await ctx.uow.enrolments.move(
        current.id, expect=EnrolmentStatus.OFFERED, status=EnrolmentStatus.WAITING, at=ctx.now
    ):
        raise Conflict(
            N_("This offer has expired or was passed on. /chorus join shows where you stand.")
        )
    await ctx.uow.enrolments.to_back(current.id)
    notes = await offer_next(ctx, skip=current.id)
    return Reply.private(
        Section(
            ctx.tr._t(
                "The seat goes to the next in line. You stay on the waiting list, at its end; /chorus leave takes you off."
            )
        )
    ).with_messages(notes)
