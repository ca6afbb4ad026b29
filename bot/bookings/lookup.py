"""Finding the slot, café or booking a command names, and checking it can be booked."""

from __future__ import annotations

from bot.bookings.ports import (
    BookableKind,
    Booking,
    BookingStatus,
    Cafe,
    OfferStatus,
    Slot,
)
from bot.context import Context
from bot.errors import Conflict, NotFound
from bot.i18n import N_
from bot.ports import UnitOfWork


async def find_slot(ctx: Context, number: int, *, lock: bool = False) -> Slot:
    slot = await ctx.uow.slots.by_number(ctx.workspace.id, number, lock=lock)
    if slot is None:
        raise NotFound(
            N_("There is no slot #{number}. /book shows the free slots and cafés."),
            number=number,
        )
    return slot


async def find_cafe(ctx: Context, number: int, *, lock: bool = False) -> Cafe:
    cafe = await ctx.uow.cafes.by_number(ctx.workspace.id, number, lock=lock)
    if cafe is None:
        raise NotFound(
            N_("There is no writing café #{number}. /book shows the free slots and cafés."),
            number=number,
        )
    return cafe


def require_bookable_slot(ctx: Context, slot: Slot) -> None:
    if slot.status is OfferStatus.CANCELLED:
        raise Conflict(
            N_("Slot #{number} was cancelled. /book shows the slots that are still free."),
            number=slot.number,
        )
    if slot.starts_at <= ctx.clock.now():
        raise Conflict(
            N_(
                "Slot #{number} has already started, so it can't be booked or changed any more. /book shows the slots that are still free."
            ),
            number=slot.number,
        )


def require_bookable_cafe(ctx: Context, cafe: Cafe) -> None:
    if cafe.status is OfferStatus.CANCELLED:
        raise Conflict(
            N_("Writing café #{number} was cancelled. /book shows what is still open."),
            number=cafe.number,
        )
    if cafe.starts_at <= ctx.clock.now():
        raise Conflict(
            N_(
                "Writing café #{number} has already started, so seats can't be booked or changed any more."
            ),
            number=cafe.number,
        )


async def my_cafe_booking(ctx: Context, cafe: Cafe) -> Booking | None:
    mine = await ctx.uow.bookings.for_cafe(
        cafe.id, [BookingStatus.ACTIVE, BookingStatus.WAITING], member_id=ctx.member.id
    )
    return mine[0] if mine else None


async def waitlist_position(uow: UnitOfWork, cafe_id: int, booking_id: int) -> int:
    waiting = await uow.bookings.for_cafe(cafe_id, [BookingStatus.WAITING])
    return next((i for i, b in enumerate(waiting, 1) if b.id == booking_id), len(waiting))


async def my_booking(ctx: Context, kind: BookableKind, number: int) -> Booking:
    if kind is BookableKind.SLOT:
        slot = await find_slot(ctx, number)
        booking = await ctx.uow.bookings.active_for_slot(slot.id)
        if booking is not None and booking.member_id == ctx.member.id:
            require_bookable_slot(ctx, slot)
            return booking
        raise NotFound(
            N_("You have no booking for slot #{number}. Book it first with /book slot {number}."),
            number=number,
        )
    cafe = await find_cafe(ctx, number)
    held = await my_cafe_booking(ctx, cafe)
    if held is None:
        raise NotFound(
            N_(
                "You have no seat at writing café #{number}. Take one first with /book cafe {number}."
            ),
            number=number,
        )
    require_bookable_cafe(ctx, cafe)
    return held
