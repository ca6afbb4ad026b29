"""Overlaps across kinds: a member's bookings, the slots and cafés they host. Chorus warns
about every one, so nobody is in two places at once without knowing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.bookings.ports import BookingDetail, BookingStatus, overlaps
from bot.bookings.views import when_text
from bot.context import Context
from bot.i18n import Translator
from bot.messages import Block, Note, Text

CAFES_SCANNED = 100


async def clashes(
    ctx: Context,
    member_id: int,
    start: datetime,
    end: datetime,
    *,
    mine: Sequence[BookingDetail] | None = None,
) -> list[Text]:
    """What else the member has in ``[start, end)``: bookings (seats and waitlist places
    included), and slots and cafés they host. ``mine`` are the member's upcoming active
    and waiting bookings when the caller has read them already."""
    tr = ctx.tr
    now = ctx.clock.now()
    found: list[tuple[datetime, Text]] = []
    if mine is None:
        mine = await ctx.uow.bookings.of_member(
            member_id, ends_after=now, statuses=[BookingStatus.ACTIVE, BookingStatus.WAITING]
        )
    for detail in mine:
        if not overlaps(start, end, detail.starts_at, detail.ends_at):
            continue
        when = when_text(tr, detail.starts_at, detail.ends_at, now)
        if detail.slot is not None:
            line = tr._t(
                "your booking of feedback slot #{number} ({when})", number=detail.number, when=when
            )
        elif detail.booking.status is BookingStatus.WAITING:
            line = tr._t(
                "your waitlist place at writing café #{number} ({when})",
                number=detail.number,
                when=when,
            )
        else:
            line = tr._t(
                "your seat at writing café #{number} ({when})", number=detail.number, when=when
            )
        found.append((detail.starts_at, line))
    for slot in await ctx.uow.slots.overlapping(member_id, start, end):
        booked = await ctx.uow.bookings.active_for_slot(slot.id)
        when = when_text(tr, slot.starts_at, slot.ends_at, now)
        line = (
            tr._t(
                "feedback slot #{number} that you host and {member} booked ({when})",
                number=slot.number,
                member=await ctx.mention(booked.member_id),
                when=when,
            )
            if booked is not None
            else tr._t(
                "feedback slot #{number} that you host ({when})", number=slot.number, when=when
            )
        )
        found.append((slot.starts_at, line))
    for cafe in await ctx.uow.cafes.upcoming(ctx.workspace.id, after=now, limit=CAFES_SCANNED):
        if cafe.host_id == member_id and overlaps(start, end, cafe.starts_at, cafe.ends_at):
            when = when_text(tr, cafe.starts_at, cafe.ends_at, now)
            found.append(
                (
                    cafe.starts_at,
                    tr._t(
                        "writing café #{number} that you host ({when})",
                        number=cafe.number,
                        when=when,
                    ),
                )
            )
    return [line for _, line in sorted(found, key=lambda item: item[0])]


def clash_note(tr: Translator, lines: list[Text]) -> list[Block]:
    """The warning under an answer: what the new time overlaps."""
    if not lines:
        return []
    return [
        Note(tr._t("⚠️ Mind the overlap: at that time you also have")),
        *(Note(Text.plain("• ") + line) for line in lines),
    ]
