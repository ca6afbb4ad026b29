"""A member leaves the workspace or is erased: what happens to their bookings."""

from __future__ import annotations

from datetime import datetime

from bot.bookings.booking import hand_seat_on
from bot.bookings.ports import BookingStatus, Slot
from bot.bookings.views import when_text
from bot.context import Context
from bot.messages import Audience, Message, Section
from bot.model import Member


async def give_back_bookings(ctx: Context, member: Member, *, erased: bool) -> list[Message]:
    """A member leaves or is erased: their upcoming bookings are cancelled, each café seat
    they held goes to the first on its waitlist (who is told) or back to the counter, and
    the host of each freed slot gets one note listing their freed slots (naming the member
    only when they left; an erased member is named nowhere)."""
    now = ctx.clock.now()
    notes: list[Message] = []
    freed: dict[int, list[Slot]] = {}
    held = (BookingStatus.ACTIVE, BookingStatus.WAITING)
    for detail in await ctx.uow.bookings.of_member(member.id, ends_after=now, statuses=held):
        booking = detail.booking
        if detail.starts_at <= now:
            continue  # under way: it stays as it happened
        seat = booking.cafe_id is not None and booking.status is BookingStatus.ACTIVE
        cafe = (
            await ctx.uow.cafes.by_number(ctx.workspace.id, detail.number, lock=True)
            if seat
            else None
        )
        if not await ctx.uow.bookings.set_status(
            booking.id, BookingStatus.CANCELLED, now, expected=booking.status
        ):
            continue
        if cafe is not None:
            notes += await hand_seat_on(ctx, cafe, now)
        if detail.slot is not None and booking.status is BookingStatus.ACTIVE:
            freed.setdefault(detail.slot.coordinator_id, []).append(detail.slot)
    for host_id, slots in freed.items():
        host = await ctx.uow.members.get(host_id)
        if host is not None and host.id != member.id:
            notes.append(await _freed_slots_note(ctx, host, member, slots, erased=erased, now=now))
    return notes


async def _freed_slots_note(
    ctx: Context, host: Member, member: Member, slots: list[Slot], *, erased: bool, now: datetime
) -> Message:
    """One note to a host: the slots a member who left (or was erased) no longer holds."""
    htr = ctx.translator_for(host)
    if erased:
        heading = htr._nt(
            "A member's data was erased, so their booking of your feedback slot is cancelled and the slot is free again:",
            "A member's data was erased, so their bookings of {n} of your feedback slots are cancelled and the slots are free again:",
            len(slots),
        )
    else:
        heading = htr._nt(
            "{member} left the workspace, so their booking of your feedback slot is cancelled and the slot is free again:",
            "{member} left the workspace, so their bookings of {n} of your feedback slots are cancelled and the slots are free again:",
            len(slots),
            member=await ctx.mention(member.id),
        )
    lines = [
        Section(
            htr._t(
                "Slot #{number}, {when}",
                number=slot.number,
                when=when_text(htr, slot.starts_at, slot.ends_at, now),
            )
        )
        for slot in sorted(slots, key=lambda s: s.starts_at)
    ]
    return Message(
        (Section(heading), *lines),
        Audience.MEMBER,
        recipient_id=host.external_id,
        summary=htr._n(
            "A slot of yours is free again", "Slots of yours are free again", len(slots)
        ),
    )
