"""Seats and the waiting list: giving a member a seat, offering a freed one to the next in
line, and a waiting member's place and estimated date."""

from __future__ import annotations

import math
from datetime import date, timedelta

from bot.context import Context
from bot.membership.ports import Enrolment, EnrolmentStatus
from bot.membership.welcome import welcome_blocks
from bot.mentors.pairing import pair_newcomer
from bot.messages import Actions, Audience, Block, Button, ButtonStyle, Message, Note, Section
from bot.model import Member
from bot.segments.service import place_newcomer

TURNOVER_WINDOW = timedelta(days=365)


async def seated(ctx: Context, member: Member) -> tuple[list[Block], list[Message]]:
    """What follows a member getting a seat: their joining segment, their onboarding step
    of day 0 (the welcome) and a mentor. Returns the welcome and the notes to others."""
    enrolment = await ctx.uow.enrolments.current(member.id)
    if enrolment is not None:
        await ctx.uow.enrolments.save_onboarding(enrolment.id, 1, False)
    await place_newcomer(ctx, member.id)
    blocks = await welcome_blocks(ctx, ctx.translator_for(member))
    return blocks, await pair_newcomer(ctx, member)


async def position(ctx: Context, enrolment: Enrolment) -> int:
    """A waiting member's place in line, from 1."""
    line = await ctx.uow.enrolments.waiting(ctx.workspace.id)
    return next((i for i, e in enumerate(line, 1) if e.id == enrolment.id), len(line))


async def estimate(ctx: Context, place: int) -> date | None:
    """When place ``place`` may get a seat, from how many members left in the last year;
    None when nobody left (no basis for a guess)."""
    left = await ctx.uow.enrolments.left_between(
        ctx.workspace.id, ctx.now - TURNOVER_WINDOW, ctx.now
    )
    if left == 0:
        return None
    days = math.ceil(place * TURNOVER_WINDOW.days / left)
    return (ctx.now + timedelta(days=days)).astimezone(ctx.tr.timezone).date()


async def offer_next(ctx: Context, *, skip: int | None = None) -> list[Message]:
    """Offer a seat that became free to the first who waits (the seat stays held for the
    offer), passing over ``skip`` (who just let it go); with nobody else waiting, the seat
    is free again."""
    for candidate in await ctx.uow.enrolments.waiting(ctx.workspace.id):
        if candidate.status is not EnrolmentStatus.WAITING or candidate.id == skip:
            continue
        member = await ctx.uow.members.get(candidate.member_id)
        if member is None:
            continue
        deadline = ctx.now + timedelta(days=ctx.programme.offer_days)
        moved = await ctx.uow.enrolments.move(
            candidate.id,
            expect=EnrolmentStatus.WAITING,
            status=EnrolmentStatus.OFFERED,
            at=ctx.now,
            offer_expires_at=deadline,
        )
        if not moved:
            continue
        tr = ctx.translator_for(member)
        return [
            Message(
                (
                    Section(
                        tr._t(
                            "Good news: a seat in the ambassador programme is free, and it is yours if you want it. Accept by {deadline}; after that it goes to the next in line.",
                            deadline=tr.datetime(deadline),
                        )
                    ),
                    Actions(
                        (
                            Button(tr._("Accept"), "chorus join accept", ButtonStyle.PRIMARY),
                            Button(tr._("Decline"), "chorus join decline"),
                        )
                    ),
                ),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=tr._("A seat in the ambassador programme is yours"),
            )
        ]
    await ctx.uow.enrolments.free_seat(ctx.workspace.id)
    return []


async def pass_on_expired(ctx: Context) -> list[Message]:
    """Offers past their deadline: the member goes back to the end of the list and is told;
    the seat is offered to the next."""
    notes: list[Message] = []
    for offer in await ctx.uow.enrolments.expired_offers(ctx.workspace.id, ctx.now):
        moved = await ctx.uow.enrolments.move(
            offer.id, expect=EnrolmentStatus.OFFERED, status=EnrolmentStatus.WAITING, at=ctx.now
        )
        if not moved:
            continue
        await ctx.uow.enrolments.to_back(offer.id)
        member = await ctx.uow.members.get(offer.member_id)
        if member is not None:
            tr = ctx.translator_for(member)
            notes.append(
                Message(
                    (
                        Section(
                            tr._t(
                                "The seat we offered you has gone to the next in line, as you did not accept it in time. You are back on the waiting list."
                            )
                        ),
                        Note(tr._t("/chorus leave takes you off the list.")),
                    ),
                    Audience.MEMBER,
                    recipient_id=member.external_id,
                    summary=tr._("Your offer expired"),
                )
            )
        notes += await offer_next(ctx, skip=offer.id)
    return notes
