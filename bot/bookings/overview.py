"""The coordinators' overview of upcoming bookings per day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.access import require_coordinator
from bot.bookings.commands import ShowBookings
from bot.bookings.ports import (
    BookingDetail,
    BookingStatus,
    Cafe,
)
from bot.bookings.views import MIDNIGHT, day_text, draft_blocks, hours_text, where_blocks, zone_note
from bot.context import Context
from bot.i18n import Translator
from bot.messages import (
    Block,
    Header,
    Note,
    Reply,
    Section,
    Span,
    Text,
)
from bot.time.timeparse import at_local, reads_day_first, resolve_day

BOOKINGS_AHEAD = timedelta(days=14)


BOOKINGS_SHOWN = 40


async def show_bookings(ctx: Context, cmd: ShowBookings) -> Reply:
    """Coordinators: upcoming bookings per day, with the drafts attached."""
    require_coordinator(ctx)
    tr = ctx.tr
    now = ctx.clock.now()
    if cmd.day is not None:
        day = resolve_day(
            cmd.day,
            locale=tr.locale,
            zone=tr.timezone,
            now=now,
            day_first_=reads_day_first(ctx.programme.locale, ctx.workspace.timezone),
        )
        start = at_local(day, MIDNIGHT, tr.timezone)
        end = at_local(day + timedelta(days=1), MIDNIGHT, tr.timezone)
    else:
        start, end = now, now + BOOKINGS_AHEAD
    details = await ctx.uow.bookings.starting_between(
        start, end, statuses=[BookingStatus.ACTIVE], workspace_id=ctx.workspace.id
    )
    if not details:
        if cmd.day is not None:
            text = tr._t("No bookings on {day}.", day=day_text(tr, start, now))
        else:
            text = tr._t("No bookings in the next {days} days.", days=BOOKINGS_AHEAD.days)
        return Reply.private(Section(text))
    blocks: list[Block] = [Header(tr._("Bookings"))]
    shown_day = ""
    cafes_done: set[int] = set()
    shown = 0
    for detail in details:
        if shown >= BOOKINGS_SHOWN:
            blocks.append(
                Note(
                    tr._t(
                        "There are more. /chorus bookings DAY shows one day, for example /chorus bookings tomorrow."
                    )
                )
            )
            break
        day_label = day_text(tr, detail.starts_at, now)
        if day_label != shown_day:
            blocks.append(Section(Text((Span(day_label, bold=True),))))
            shown_day = day_label
        if detail.slot is not None:
            shown += 1
            blocks.append(
                Section(
                    tr._t(
                        "{hours} · slot #{number} · {member} with {host}",
                        hours=hours_text(tr, detail.starts_at, detail.ends_at),
                        number=detail.slot.number,
                        member=await ctx.mention(detail.booking.member_id),
                        host=await ctx.mention(detail.slot.coordinator_id),
                    )
                )
            )
            blocks.extend(where_blocks(tr, detail.place))
            blocks.extend(draft_blocks(tr, detail.booking))
        elif detail.cafe is not None and detail.cafe.id not in cafes_done:
            shown += 1
            cafes_done.add(detail.cafe.id)
            blocks.extend(await _cafe_bookings(ctx, tr, detail.cafe, details))
    blocks.append(zone_note(tr))
    return Reply.private(*blocks)


async def _cafe_bookings(
    ctx: Context, tr: Translator, cafe: Cafe, details: Sequence[BookingDetail]
) -> list[Block]:
    seated = [d.booking for d in details if d.cafe is not None and d.cafe.id == cafe.id]
    names: list[Span] = []
    for booking in seated:
        if names:
            names.append(Span(", "))
        names.append(await ctx.mention(booking.member_id))
    blocks: list[Block] = [
        Section(
            tr._t(
                "{hours} · writing café #{number}: {title} · {seats} taken, {waiting} waiting",
                hours=hours_text(tr, cafe.starts_at, cafe.ends_at),
                number=cafe.number,
                title=cafe.title,
                seats=f"{cafe.seats_taken}/{cafe.capacity}",
                waiting=cafe.waiting,
            )
        ),
        Note(Text(tuple(names))),
    ]
    for booking in seated:
        if booking.draft:
            blocks.append(
                Note(tr._t("{member}'s draft:", member=await ctx.mention(booking.member_id)))
            )
            blocks.extend(draft_blocks(tr, booking))
    return blocks
