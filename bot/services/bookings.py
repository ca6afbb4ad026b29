"""Drop-in feedback slots and writing cafés: publish, book, cancel, waitlists, calendar links
and the reminders the scheduler sends.

Who gets what is the database's decision: a slot booking is one insert that the
one-active-booking-per-slot index accepts or refuses, and a café seat is one conditional
update of the seat counter. This module only turns those answers into friendly replies.

Services here never commit: the core queues the private notes a change causes (a cancelled
slot's booker, a promoted waitlister) into the outbox and then commits once, so a change and
its notes are one transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, format_timedelta, get_day_names
from babel.lists import format_list

from bot import commands as c
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.i18n import N_, Translator
from bot.ics import CalendarEvent, calendar_file
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Form,
    Header,
    Input,
    Message,
    Quote,
    Reply,
    Section,
    Span,
    SpanKind,
    Text,
    mention,
)
from bot.messages import (
    Context as Small,
)
from bot.model import (
    BOOKING_DRAFT_MAX_CHARS,
    CAFE_CAPACITY_MAX,
    CAFE_MINUTES_DEFAULT,
    CAFE_TITLE_MAX_CHARS,
    CAFE_TOPIC_MAX_CHARS,
    CANCEL_NOTE_MAX_CHARS,
    PLACE_MAX_CHARS,
    SERIES_SLOTS_MAX,
    SERIES_WEEKS_MAX,
    SLOT_MINUTES_DEFAULT,
    SLOT_MINUTES_MAX,
    BookableKind,
    Booking,
    BookingDetail,
    BookingStatus,
    Cafe,
    Member,
    NewCafe,
    NewSlot,
    OfferStatus,
    Platform,
    Slot,
    char_count,
    overlaps,
)
from bot.ports import UnitOfWork
from bot.services.programme import require_coordinator
from bot.timeparse import TimeOfDay, When, at_local, resolve, resolve_day

SLOT_MINUTES_MIN = 5
FEED_HISTORY = timedelta(days=30)
BOOKINGS_AHEAD = timedelta(days=14)
BOOKINGS_SHOWN = 40
CAFES_LISTED = 25
BOOK_PAGE_MAX = 8  # four blocks an item keeps a page inside Slack's 50 blocks a message
DRAFT_EXCERPT_CHARS = 1500
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_MIDNIGHT = TimeOfDay(0, 0)

NameLookup = Callable[[int], Awaitable[str]]

SLOT_TAKEN = N_(
    "Sorry, slot #{number} was just taken by someone else. Here are the slots that are still free: /book"
)


# ---------------------------------------------------------------------------- formatting


def _day(tr: Translator, moment: datetime, now: datetime) -> str:
    local = moment.astimezone(tr.timezone)
    skeleton = "MMMEd" if local.year == now.astimezone(tr.timezone).year else "yMMMEd"
    return str(format_skeleton(skeleton, local, tzinfo=tr.timezone, locale=tr.locale))


def _hours(tr: Translator, start: datetime, end: datetime) -> str:
    return f"{tr.time(start)}–{tr.time(end)}"


def _when(tr: Translator, start: datetime, end: datetime, now: datetime) -> str:
    return f"{_day(tr, start, now)}, {_hours(tr, start, end)}"


def _is_link(place: str) -> bool:
    parts = urlsplit(place)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(ch.isspace() or ch in "<>|\"'" for ch in place)
    )


def _place(place: str) -> Text:
    if _is_link(place):
        return Text((Span(place, SpanKind.LINK, url=place),))
    return Text.user(place)


def _where(tr: Translator, place: str | None) -> list[Block]:
    if not place:
        return []
    return [Small(tr._t("Where: {place}", place=_place(place)))]


def _weekday_name(tr: Translator, weekday: int) -> str:
    return str(get_day_names("wide", locale=tr.locale)[weekday])


def _zone_note(tr: Translator) -> Small:
    return Small(
        tr._t(
            "Times are in {zone}. /chorus timezone changes yours.",
            zone=tr.timezone.key,
        )
    )


def _reminder_phrase(tr: Translator, offsets: Sequence[int]) -> str:
    parts = []
    for minutes in sorted(set(offsets), reverse=True):
        if minutes % 60 == 0:
            parts.append(tr._n("{n} hour", "{n} hours", minutes // 60))
        else:
            parts.append(tr._n("{n} minute", "{n} minutes", minutes))
    return str(format_list(parts, locale=tr.locale))


def _reminder_note(ctx: Context) -> list[Block]:
    offsets = [m for m in ctx.programme.reminder_minutes if m > 0]
    if not offsets:
        return []
    return [
        Small(
            ctx.tr._t(
                "I will remind you {times} before.",
                times=_reminder_phrase(ctx.tr, offsets),
            )
        )
    ]


def _workspace_tr(ctx: Context) -> Translator:
    """Coordinators type times in the programme's time zone, so that is how we show them."""
    return Translator(ctx.tr.locale, ctx.workspace.timezone)


# ---------------------------------------------------------------------------- calendar links


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def calendar_url(public_url: str, token: str) -> str:
    """The URL a calendar link token is served at."""
    return f"{public_url.rstrip('/')}/calendar/{token}.ics"


async def _issue_link(ctx: Context, booking_id: int | None, member_id: int | None = None) -> str:
    """A new calendar link (a member's feed, or one booking's event); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    await ctx.uow.calendar_tokens.add(
        _hash(token), member_id or ctx.member.id, booking_id, ctx.clock.now()
    )
    return calendar_url(ctx.programme.public_url, token)


def _calendar_line(tr: Translator, url: str) -> Section:
    label = tr._("calendar file (.ics)")
    return Section(
        tr._t("Add it to your calendar: {link}", link=Span(label, SpanKind.LINK, url=url))
    )


# ---------------------------------------------------------------------------- lookups


async def _slot(ctx: Context, number: int, *, lock: bool = False) -> Slot:
    slot = await ctx.uow.slots.by_number(ctx.workspace.id, number, lock=lock)
    if slot is None:
        raise NotFound(
            N_("There is no slot #{number}. /book shows the free slots and cafés."),
            number=number,
        )
    return slot


async def _cafe(ctx: Context, number: int, *, lock: bool = False) -> Cafe:
    cafe = await ctx.uow.cafes.by_number(ctx.workspace.id, number, lock=lock)
    if cafe is None:
        raise NotFound(
            N_("There is no writing café #{number}. /book shows the free slots and cafés."),
            number=number,
        )
    return cafe


def _require_bookable_slot(ctx: Context, slot: Slot) -> None:
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


def _require_bookable_cafe(ctx: Context, cafe: Cafe) -> None:
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


async def _my_cafe_booking(ctx: Context, cafe: Cafe) -> Booking | None:
    mine = await ctx.uow.bookings.for_cafe(
        cafe.id, [BookingStatus.ACTIVE, BookingStatus.WAITING], member_id=ctx.member.id
    )
    return mine[0] if mine else None


async def _waitlist_position(uow: UnitOfWork, cafe_id: int, booking_id: int) -> int:
    waiting = await uow.bookings.for_cafe(cafe_id, [BookingStatus.WAITING])
    return next((i for i, b in enumerate(waiting, 1) if b.id == booking_id), len(waiting))


# ---------------------------------------------------------------------------- ambassadors


def _slot_line(tr: Translator, slot: Slot, host: Span, now: datetime, *, day: bool = True) -> Text:
    return tr._t(
        "Feedback slot #{number} · {when} · with {host}",
        number=slot.number,
        when=_when(tr, slot.starts_at, slot.ends_at, now)
        if day
        else _hours(tr, slot.starts_at, slot.ends_at),
        host=host,
    )


def _cafe_line(tr: Translator, cafe: Cafe, host: Span, now: datetime, *, day: bool = True) -> Text:
    return tr._t(
        "Writing café #{number}: {title} · {when} · hosted by {host}",
        number=cafe.number,
        title=cafe.title,
        when=_when(tr, cafe.starts_at, cafe.ends_at, now)
        if day
        else _hours(tr, cafe.starts_at, cafe.ends_at),
        host=host,
    )


def seats_line(tr: Translator, cafe: Cafe) -> str:
    """How full a café is, in a few words."""
    if cafe.seats_left:
        return tr._(
            "Seats free: {free} of {capacity}", free=cafe.seats_left, capacity=cafe.capacity
        )
    if not cafe.waiting:
        return tr._("Full; the waitlist is open")
    return tr._("Full · on the waitlist: {waiting}", waiting=cafe.waiting)


async def list_bookables(ctx: Context, cmd: c.ListBookables) -> Reply:
    """Free slots and open cafés, soonest first, each with its Book button."""
    tr = ctx.tr
    now = ctx.clock.now()
    size = min(ctx.programme.page_size, BOOK_PAGE_MAX)
    offset = (cmd.page - 1) * size
    slots, slot_total = await ctx.uow.slots.upcoming(
        ctx.workspace.id, after=now, free_only=True, limit=offset + size
    )
    cafes = await ctx.uow.cafes.upcoming(ctx.workspace.id, after=now, limit=CAFES_LISTED)
    items: list[Slot | Cafe] = sorted(
        [*slots, *cafes], key=lambda item: (item.starts_at, isinstance(item, Cafe), item.number)
    )
    total = slot_total + len(cafes)
    page = items[offset : offset + size]
    mine = await ctx.uow.bookings.of_member(
        ctx.member.id, ends_after=now, statuses=[BookingStatus.ACTIVE, BookingStatus.WAITING]
    )
    blocks: list[Block] = [Header(tr._("Feedback slots and writing cafés"))]
    if mine and cmd.page == 1:
        blocks.append(
            Section(
                tr._t(
                    "You have {count}. /book mine shows them.",
                    count=tr._n("{n} booking", "{n} bookings", len(mine)),
                )
            )
        )
    if not page:
        if cmd.page > 1:
            blocks.append(Section(tr._t("There are no more free slots or cafés.")))
        else:
            blocks.append(
                Section(
                    tr._t(
                        "There are no free feedback slots or writing cafés right now. Coordinators publish them with /chorus slot add and /chorus cafe add."
                    )
                )
            )
        return Reply.private(*blocks)
    cafe_bookings = {d.booking.cafe_id: d.booking for d in mine if d.booking.cafe_id is not None}
    day_shown = ""
    for item in page:
        day = _day(tr, item.starts_at, now)
        if day != day_shown:
            blocks.append(Section(Text((Span(day, bold=True),))))
            day_shown = day
        if isinstance(item, Slot):
            host = await ctx.mention(item.coordinator_id)
            blocks.append(Section(_slot_line(tr, item, host, now, day=False)))
            blocks.extend(_where(tr, item.place))
            if item.coordinator_id != ctx.member.id:
                blocks.append(
                    Actions(
                        (
                            Button(
                                tr._("Book slot #{number}", number=item.number),
                                f"book slot {item.number}",
                                ButtonStyle.PRIMARY,
                            ),
                        )
                    )
                )
        else:
            host = await ctx.mention(item.host_id)
            blocks.append(Section(_cafe_line(tr, item, host, now, day=False)))
            if item.topic:
                blocks.append(Quote(item.topic))
            held = cafe_bookings.get(item.id)
            facts = Text.plain(seats_line(tr, item))
            if item.place:
                facts = (
                    tr._t("Where: {place}", place=_place(item.place)) + Text.plain(" · ") + facts
                )
            if held is not None:
                state = (
                    tr._("You have a seat.")
                    if held.status is BookingStatus.ACTIVE
                    else tr._("You are on the waitlist.")
                )
                blocks.append(Small(facts + Text.plain(" · " + state)))
            else:
                blocks.append(Small(facts))
                if item.host_id != ctx.member.id:
                    label = (
                        tr._("Take a seat at café #{number}", number=item.number)
                        if item.seats_left
                        else tr._("Join the waitlist for café #{number}", number=item.number)
                    )
                    blocks.append(
                        Actions((Button(label, f"book cafe {item.number}", ButtonStyle.PRIMARY),))
                    )
    blocks.append(_zone_note(tr))
    if offset + len(page) < total:
        blocks.append(Actions((Button(tr._("More"), f"book list {cmd.page + 1}"),)))
    return Reply.private(*blocks)


async def list_my_bookings(ctx: Context, _: c.ListMyBookings) -> Reply:
    """My upcoming bookings with their buttons."""
    tr = ctx.tr
    now = ctx.clock.now()
    mine = await ctx.uow.bookings.of_member(
        ctx.member.id, ends_after=now, statuses=[BookingStatus.ACTIVE, BookingStatus.WAITING]
    )
    if not mine:
        return Reply.private(
            Section(tr._t("You have no bookings. /book shows the free slots and cafés.")),
            Actions((Button(tr._("See free slots"), "book", ButtonStyle.PRIMARY),)),
        )
    blocks: list[Block] = [Header(tr._("Your bookings"))]
    for detail in mine:
        blocks.extend(await _booking_blocks(ctx, tr, detail, now))
        blocks.append(Divider())
    blocks.append(_zone_note(tr))
    return Reply.private(*blocks)


async def _booking_blocks(
    ctx: Context, tr: Translator, detail: BookingDetail, now: datetime
) -> list[Block]:
    booking = detail.booking
    kind = booking.kind.value
    blocks: list[Block] = []
    if detail.slot is not None:
        host = await ctx.mention(detail.slot.coordinator_id)
        blocks.append(Section(_slot_line(tr, detail.slot, host, now)))
    elif detail.cafe is not None:
        host = await ctx.mention(detail.cafe.host_id)
        blocks.append(Section(_cafe_line(tr, detail.cafe, host, now)))
        if booking.status is BookingStatus.WAITING:
            position = await _waitlist_position(ctx.uow, detail.cafe.id, booking.id)
            blocks.append(
                Small(tr._t("You are number {position} on the waitlist.", position=position))
            )
    blocks.extend(_where(tr, detail.place))
    if booking.draft:
        blocks.append(Small(tr._t("Your draft is attached.")))
    buttons = [
        Button(
            tr._("Replace the draft") if booking.draft else tr._("Attach a draft"),
            f"book attach {kind} {detail.number}",
        ),
        Button(
            tr._("Cancel"),
            f"book cancel {kind} {detail.number}",
            ButtonStyle.DANGER,
        ),
    ]
    if booking.status is BookingStatus.WAITING:
        buttons = [
            Button(tr._("Leave the waitlist"), f"book cancel {kind} {detail.number}"),
        ]
    blocks.append(Actions(tuple(buttons)))
    return blocks


async def book_slot(ctx: Context, cmd: c.BookSlot) -> Reply:
    """Book a slot: one insert that the database accepts for exactly one member."""
    tr = ctx.tr
    now = ctx.clock.now()
    slot = await _slot(ctx, cmd.number, lock=True)
    _require_bookable_slot(ctx, slot)
    if slot.coordinator_id == ctx.member.id:
        raise NotAllowed(
            N_("Slot #{number} is your own slot, so you can't book it."), number=slot.number
        )
    booking = await ctx.uow.bookings.add_for_slot(ctx.workspace.id, slot.id, ctx.member.id, now)
    if booking is None:
        holder = await ctx.uow.bookings.active_for_slot(slot.id)
        if holder is not None and holder.member_id == ctx.member.id:
            return Reply.private(
                Section(
                    tr._t(
                        "You have already booked slot #{number}. See you there!",
                        number=slot.number,
                    )
                ),
                Actions(
                    (
                        Button(tr._("Attach a draft"), f"book attach slot {slot.number}"),
                        Button(tr._("My bookings"), "book mine"),
                    )
                ),
            )
        raise Conflict(
            SLOT_TAKEN,
            number=slot.number,
            buttons=(Button(N_("See free slots"), "book", ButtonStyle.PRIMARY),),
        )
    link = await _issue_link(ctx, booking.id)
    host = await ctx.mention(slot.coordinator_id)
    return Reply.private(
        Section(
            tr._t(
                "You're booked: feedback slot #{number} with {host}, {when}.",
                number=slot.number,
                host=host,
                when=_when(tr, slot.starts_at, slot.ends_at, now),
            )
        ),
        *_where(tr, slot.place),
        _calendar_line(tr, link),
        Section(
            tr._t(
                "Attach the draft you want feedback on, so {host} can read it before you meet.",
                host=host,
            )
        ),
        *_reminder_note(ctx),
        Actions(
            (
                Button(
                    tr._("Attach a draft"), f"book attach slot {slot.number}", ButtonStyle.PRIMARY
                ),
                Button(
                    tr._("Cancel booking"), f"book cancel slot {slot.number}", ButtonStyle.DANGER
                ),
            )
        ),
        summary=tr._("Slot #{number} is booked", number=slot.number),
    )


async def book_cafe_seat(ctx: Context, cmd: c.BookCafeSeat) -> Reply:
    """Take a café seat if the counter allows it, otherwise join the waitlist."""
    tr = ctx.tr
    now = ctx.clock.now()
    cafe = await _cafe(ctx, cmd.number, lock=True)
    _require_bookable_cafe(ctx, cafe)
    if cafe.host_id == ctx.member.id:
        raise NotAllowed(
            N_("You host writing café #{number}, so your seat is already yours."),
            number=cafe.number,
        )
    held = await _my_cafe_booking(ctx, cafe)
    if held is not None:
        return Reply.private(await _already_at_cafe(ctx, cafe, held))
    seated = await ctx.uow.cafes.take_seat(cafe.id)
    status = BookingStatus.ACTIVE if seated else BookingStatus.WAITING
    booking = await ctx.uow.bookings.add_for_cafe(
        ctx.workspace.id, cafe.id, ctx.member.id, status, now
    )
    if booking is None:  # the same member's second click won a race with the first
        await ctx.uow.rollback()
        held = await _my_cafe_booking(ctx, cafe)
        if held is None:
            raise Conflict(N_("That didn't work, and nothing was saved. Please try again."))
        return Reply.private(await _already_at_cafe(ctx, cafe, held))
    host = await ctx.mention(cafe.host_id)
    when = _when(tr, cafe.starts_at, cafe.ends_at, now)
    if not seated:
        position = await _waitlist_position(ctx.uow, cafe.id, booking.id)
        return Reply.private(
            Section(
                tr._t(
                    "Writing café #{number} ({title}) is full. You are number {position} on the waitlist; I will tell you as soon as a seat is yours.",
                    number=cafe.number,
                    title=cafe.title,
                    position=position,
                )
            ),
            Small(tr._t("{when} · hosted by {host}", when=when, host=host)),
            Actions((Button(tr._("Leave the waitlist"), f"book cancel cafe {cafe.number}"),)),
            summary=tr._("On the waitlist for café #{number}", number=cafe.number),
        )
    link = await _issue_link(ctx, booking.id)
    fresh = await ctx.uow.cafes.get(cafe.id) or cafe
    return Reply.private(
        Section(
            tr._t(
                "You have a seat at writing café #{number}: {title}, {when}, hosted by {host}.",
                number=cafe.number,
                title=cafe.title,
                when=when,
                host=host,
            )
        ),
        *_where(tr, cafe.place),
        _calendar_line(tr, link),
        *_reminder_note(ctx),
        Actions(
            (
                Button(tr._("Attach a draft"), f"book attach cafe {cafe.number}"),
                Button(
                    tr._("Give my seat back"), f"book cancel cafe {cafe.number}", ButtonStyle.DANGER
                ),
            )
        ),
        summary=tr._("Seat at café #{number}", number=cafe.number),
    ).with_messages(await _cafe_channel_update(ctx, fresh))


async def _already_at_cafe(ctx: Context, cafe: Cafe, held: Booking) -> Section:
    if held.status is BookingStatus.ACTIVE:
        return Section(
            ctx.tr._t("You already have a seat at writing café #{number}.", number=cafe.number)
        )
    position = await _waitlist_position(ctx.uow, cafe.id, held.id)
    return Section(
        ctx.tr._t(
            "You are already number {position} on the waitlist for writing café #{number}.",
            position=position,
            number=cafe.number,
        )
    )


async def cancel_booking(ctx: Context, cmd: c.CancelBooking) -> Reply:
    """Give back my slot or café seat; a freed café seat goes to the first on the waitlist."""
    if cmd.kind is BookableKind.SLOT:
        return await _cancel_slot_booking(ctx, cmd.number)
    return await _cancel_cafe_booking(ctx, cmd.number)


async def _cancel_slot_booking(ctx: Context, number: int) -> Reply:
    tr = ctx.tr
    now = ctx.clock.now()
    slot = await _slot(ctx, number, lock=True)
    booking = await ctx.uow.bookings.active_for_slot(slot.id)
    if booking is None or booking.member_id != ctx.member.id:
        raise NotFound(
            N_("You have no booking for slot #{number}. /book mine shows your bookings."),
            number=number,
        )
    _require_bookable_slot(ctx, slot)
    if not await ctx.uow.bookings.set_status(
        booking.id, BookingStatus.CANCELLED, now, expected=BookingStatus.ACTIVE
    ):
        raise NotFound(
            N_("You have no booking for slot #{number}. /book mine shows your bookings."),
            number=number,
        )
    when = _when(tr, slot.starts_at, slot.ends_at, now)
    reply = Reply.private(
        Section(
            tr._t(
                "Your booking of slot #{number} ({when}) is cancelled; someone else can have it now.",
                number=slot.number,
                when=when,
            )
        ),
        Actions((Button(tr._("Book it again"), f"book slot {slot.number}"),)),
    )
    host = await ctx.uow.members.get(slot.coordinator_id)
    if host is None:
        return reply
    htr = ctx.translator_for(host)
    note = Message(
        (
            Section(
                htr._t(
                    "{member} cancelled their booking of your slot #{number} ({when}). It is free again.",
                    member=await ctx.mention(ctx.member.id),
                    number=slot.number,
                    when=_when(htr, slot.starts_at, slot.ends_at, now),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=host.external_id,
        summary=htr._("Slot #{number} was cancelled by its booker", number=slot.number),
    )
    return reply.with_messages([note])


async def _cancel_cafe_booking(ctx: Context, number: int) -> Reply:
    tr = ctx.tr
    now = ctx.clock.now()
    cafe = await _cafe(ctx, number, lock=True)
    held = await _my_cafe_booking(ctx, cafe)
    if held is None:
        raise NotFound(
            N_(
                "You have no seat or waitlist place at writing café #{number}. /book mine shows your bookings."
            ),
            number=number,
        )
    _require_bookable_cafe(ctx, cafe)
    await ctx.uow.bookings.set_status(held.id, BookingStatus.CANCELLED, now, expected=held.status)
    notes: list[Message] = []
    if held.status is BookingStatus.ACTIVE:
        notes = await _hand_seat_on(ctx, cafe, now)
    if held.status is BookingStatus.WAITING:
        answer = tr._t("You left the waitlist for writing café #{number}.", number=cafe.number)
    else:
        answer = tr._t(
            "You gave back your seat at writing café #{number}. Thank you for making room!",
            number=cafe.number,
        )
    fresh = await ctx.uow.cafes.get(cafe.id) or cafe
    return (
        Reply.private(Section(answer))
        .with_messages(notes)
        .with_messages(await _cafe_channel_update(ctx, fresh))
    )


async def _hand_seat_on(ctx: Context, cafe: Cafe, now: datetime) -> list[Message]:
    """A seat was freed: the first on the waitlist gets it (and is told), or it goes back to
    the counter. The café row is locked, so two cancellations can't promote the same
    member or lose a seat."""
    for waiting in await ctx.uow.bookings.for_cafe(cafe.id, [BookingStatus.WAITING]):
        if await ctx.uow.bookings.set_status(
            waiting.id, BookingStatus.ACTIVE, now, expected=BookingStatus.WAITING
        ):
            member = await ctx.uow.members.get(waiting.member_id)
            if member is None:
                return []
            link = await _issue_link(ctx, waiting.id, member.id)
            return [await _promotion_note(ctx, cafe, member, link, now)]
    await ctx.uow.cafes.release_seat(cafe.id)
    return []


async def _promotion_note(
    ctx: Context, cafe: Cafe, member: Member, link: str, now: datetime
) -> Message:
    mtr = ctx.translator_for(member)
    return Message(
        (
            Section(
                mtr._t(
                    "Good news: a seat at writing café #{number} ({title}) came free, and it is yours. {when}, hosted by {host}.",
                    number=cafe.number,
                    title=cafe.title,
                    when=_when(mtr, cafe.starts_at, cafe.ends_at, now),
                    host=await ctx.mention(cafe.host_id),
                )
            ),
            *_where(mtr, cafe.place),
            _calendar_line(mtr, link),
            Actions(
                (
                    Button(
                        mtr._("Give my seat back"),
                        f"book cancel cafe {cafe.number}",
                        ButtonStyle.DANGER,
                    ),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=member.external_id,
        summary=mtr._("You have a seat at café #{number}", number=cafe.number),
    )


async def _my_booking(ctx: Context, kind: BookableKind, number: int) -> Booking:
    if kind is BookableKind.SLOT:
        slot = await _slot(ctx, number)
        booking = await ctx.uow.bookings.active_for_slot(slot.id)
        if booking is not None and booking.member_id == ctx.member.id:
            _require_bookable_slot(ctx, slot)
            return booking
        raise NotFound(
            N_("You have no booking for slot #{number}. Book it first with /book slot {number}."),
            number=number,
        )
    cafe = await _cafe(ctx, number)
    held = await _my_cafe_booking(ctx, cafe)
    if held is None:
        raise NotFound(
            N_(
                "You have no seat at writing café #{number}. Take one first with /book cafe {number}."
            ),
            number=number,
        )
    _require_bookable_cafe(ctx, cafe)
    return held


async def open_draft_form(ctx: Context, cmd: c.OpenDraftForm) -> Reply:
    """The form for attaching a draft to my booking."""
    booking = await _my_booking(ctx, cmd.kind, cmd.number)
    tr = ctx.tr
    return Reply.private(
        Form(
            title=tr._("Attach a draft"),
            submit_label=tr._("Attach"),
            command=f"book attach {cmd.kind.value} {cmd.number}",
            inputs=(
                Input(
                    "draft",
                    tr._("Your draft, or a link to it"),
                    multiline=True,
                    initial=booking.draft or "",
                    max_length=BOOKING_DRAFT_MAX_CHARS,
                    placeholder=tr._(
                        "Paste the post you are working on, and what you'd like feedback on."
                    ),
                ),
            ),
        )
    )


async def attach_draft(ctx: Context, cmd: c.AttachDraft) -> Reply:
    """Attach what I want feedback on to my booking, for the host to read first."""
    text = cmd.text.strip()
    if not text:
        raise UsageError(
            N_(
                "Paste your draft after the command, for example: /book attach slot 12 My post about…"
            ),
            field="draft",
        )
    if char_count(text) > BOOKING_DRAFT_MAX_CHARS:
        raise UsageError(
            N_(
                "A draft can be at most {limit} characters; yours has {count}. A link to it works too."
            ),
            limit=f"{BOOKING_DRAFT_MAX_CHARS:,}",
            count=f"{char_count(text):,}",
            field="draft",
        )
    booking = await _my_booking(ctx, cmd.kind, cmd.number)
    await ctx.uow.bookings.set_draft(booking.id, text)
    tr = ctx.tr
    if cmd.kind is BookableKind.SLOT:
        answer = tr._t(
            "Your draft is attached to slot #{number}. The coordinator can read it before you meet.",
            number=cmd.number,
        )
    else:
        answer = tr._t(
            "Your draft is attached to your seat at writing café #{number}. The host can read it before the café.",
            number=cmd.number,
        )
    excerpt = text if len(text) <= DRAFT_EXCERPT_CHARS else text[: DRAFT_EXCERPT_CHARS - 1] + "…"
    return Reply.private(
        Section(answer),
        Quote(excerpt),
        Actions((Button(tr._("Replace the draft"), f"book attach {cmd.kind.value} {cmd.number}"),)),
    )


# ---------------------------------------------------------------------------- coordinators


TOO_LONG_PLACE = N_("A place can be at most {limit} characters; yours has {count}.")
TOO_LONG_TITLE = N_("A café title can be at most {limit} characters; yours has {count}.")
TOO_LONG_TOPIC = N_("A café topic can be at most {limit} characters; yours has {count}.")
TOO_LONG_NOTE = N_("A note can be at most {limit} characters; yours has {count}.")


def _clean(text: str | None, limit: int, too_long: str, field: str | None = None) -> str | None:
    if text is None or not text.strip():
        return None
    text = text.strip()
    if char_count(text) > limit:
        raise UsageError(too_long, limit=f"{limit:,}", count=f"{char_count(text):,}", field=field)
    return text


def _range(
    ctx: Context, when: When, minutes: int | None, default: int, maximum: int
) -> tuple[datetime, datetime]:
    """Start and end of what a coordinator publishes: the day and time are read in the
    workspace's time zone."""
    zone = ZoneInfo(ctx.workspace.timezone)
    now = ctx.clock.now()
    start = resolve(when, locale=ctx.tr.locale, zone=zone, now=now)
    wtr = _workspace_tr(ctx)
    if when.until is not None:
        end = at_local(start.astimezone(zone).date(), when.until, zone)
        if end <= start:
            raise UsageError(
                N_("The end ({end}) must be after the start ({start})."),
                start=wtr.time(start),
                end=wtr.time(end),
            )
        if minutes is not None and end - start != timedelta(minutes=minutes):
            raise UsageError(N_("Give either an end time or a number of minutes, not both."))
    else:
        end = start + timedelta(minutes=default if minutes is None else minutes)
    length = int((end - start).total_seconds() // 60)
    if not SLOT_MINUTES_MIN <= length <= maximum:
        raise UsageError(
            N_("A length of {minutes} minutes won't work; choose between {low} and {high}."),
            minutes=length,
            low=SLOT_MINUTES_MIN,
            high=maximum,
        )
    if start <= now:
        raise UsageError(
            N_(
                "{when} is in the past (it is {now} now, {zone}). Choose a time that is still to come."
            ),
            when=wtr.datetime(start),
            now=wtr.datetime(now),
            zone=ctx.workspace.timezone,
        )
    return start, end


async def _overlap_error(ctx: Context, clash: Slot) -> Conflict:
    wtr = _workspace_tr(ctx)
    return Conflict(
        N_(
            "That overlaps your slot #{number} ({when}). Cancel it first with /chorus slot cancel {number}, or choose another time."
        ),
        number=clash.number,
        when=_when(wtr, clash.starts_at, clash.ends_at, ctx.clock.now()),
    )


async def add_slot(ctx: Context, cmd: c.AddSlot) -> Reply:
    """Coordinators publish one slot (times in the workspace's time zone)."""
    require_coordinator(ctx)
    start, end = _range(ctx, cmd.when, cmd.minutes, SLOT_MINUTES_DEFAULT, SLOT_MINUTES_MAX)
    place = _clean(cmd.place, PLACE_MAX_CHARS, TOO_LONG_PLACE)
    clashes = await ctx.uow.slots.overlapping(ctx.member.id, start, end)
    if clashes:
        raise await _overlap_error(ctx, clashes[0])
    slot = await ctx.uow.slots.add(NewSlot(ctx.workspace.id, ctx.member.id, start, end, place))
    wtr = _workspace_tr(ctx)
    return Reply.private(
        Section(
            wtr._t(
                "Slot #{number} is published: {when} ({zone}). Ambassadors can book it with /book.",
                number=slot.number,
                when=_when(wtr, start, end, ctx.clock.now()),
                zone=ctx.workspace.timezone,
            )
        ),
        *_where(wtr, place),
        Actions(
            (
                Button(wtr._("Cancel it"), f"chorus slot cancel {slot.number}", ButtonStyle.DANGER),
                Button(wtr._("Upcoming slots"), "chorus slot list"),
            )
        ),
    )


async def add_slot_series(ctx: Context, cmd: c.AddSlotSeries) -> Reply:
    """Coordinators publish weekly slots, e.g. Tuesdays 14:00-15:00 in 15-minute slots."""
    require_coordinator(ctx)
    wtr = _workspace_tr(ctx)
    if not SLOT_MINUTES_MIN <= cmd.minutes <= SLOT_MINUTES_MAX:
        raise UsageError(
            N_("A length of {minutes} minutes won't work; choose between {low} and {high}."),
            minutes=cmd.minutes,
            low=SLOT_MINUTES_MIN,
            high=SLOT_MINUTES_MAX,
        )
    if not 1 <= cmd.weeks <= SERIES_WEEKS_MAX:
        raise UsageError(N_("A series can run for 1 to {high} weeks."), high=SERIES_WEEKS_MAX)
    start_minutes = cmd.start.hour * 60 + cmd.start.minute
    end_minutes = cmd.end.hour * 60 + cmd.end.minute
    if end_minutes <= start_minutes:
        raise UsageError(
            N_("The end ({end}) must be after the start ({start})."),
            start=str(cmd.start),
            end=str(cmd.end),
        )
    if end_minutes - start_minutes < cmd.minutes:
        raise UsageError(
            N_("A {minutes}-minute slot doesn't fit between {start} and {end}."),
            minutes=cmd.minutes,
            start=str(cmd.start),
            end=str(cmd.end),
        )
    place = _clean(cmd.place, PLACE_MAX_CHARS, TOO_LONG_PLACE)
    zone = ZoneInfo(ctx.workspace.timezone)
    now = ctx.clock.now()
    today = now.astimezone(zone).date()
    first_day = today + timedelta(days=(cmd.weekday - today.weekday()) % 7)
    ranges: list[tuple[datetime, datetime]] = []
    for week in range(cmd.weeks):
        day = first_day + timedelta(weeks=week)
        begin = at_local(day, cmd.start, zone)
        finish = at_local(day, cmd.end, zone)
        moment = begin
        while moment + timedelta(minutes=cmd.minutes) <= finish:
            if moment > now:
                ranges.append((moment, moment + timedelta(minutes=cmd.minutes)))
            moment += timedelta(minutes=cmd.minutes)
    if not ranges:
        raise UsageError(N_("None of those slots is still to come. Choose a later time."))
    if len(ranges) > SERIES_SLOTS_MAX:
        raise UsageError(
            N_(
                "That would be {count} slots; a series can have at most {limit}. Use fewer weeks or longer slots."
            ),
            count=len(ranges),
            limit=SERIES_SLOTS_MAX,
        )
    existing = await ctx.uow.slots.overlapping(ctx.member.id, ranges[0][0], ranges[-1][1])
    for start, end in ranges:
        clash = next((s for s in existing if overlaps(start, end, s.starts_at, s.ends_at)), None)
        if clash is not None:
            raise await _overlap_error(ctx, clash)
    series = await ctx.uow.slots.add_series(ctx.workspace.id, ctx.member.id, now)
    numbers = []
    for start, end in ranges:
        slot = await ctx.uow.slots.add(
            NewSlot(ctx.workspace.id, ctx.member.id, start, end, place, series.id)
        )
        numbers.append(slot.number)
    return Reply.private(
        Section(
            wtr._t(
                "Series {series} is published: {count} of {minutes} minutes every {weekday}, {hours} ({zone}), from {first} to {last}. Ambassadors can book them with /book.",
                series=series.number,
                count=wtr._n("{n} slot", "{n} slots", len(ranges)),
                minutes=cmd.minutes,
                weekday=_weekday_name(wtr, cmd.weekday),
                hours=f"{cmd.start}–{cmd.end}",
                zone=ctx.workspace.timezone,
                first=_day(wtr, ranges[0][0], now),
                last=_day(wtr, ranges[-1][0], now),
            )
        ),
        Small(
            wtr._t(
                "The slots are numbered #{first} to #{last}.", first=numbers[0], last=numbers[-1]
            )
        ),
        *_where(wtr, place),
        Actions(
            (
                Button(
                    wtr._("Cancel the series"),
                    f"chorus slot cancel series {series.number}",
                    ButtonStyle.DANGER,
                ),
            )
        ),
    )


async def list_slots(ctx: Context, cmd: c.ListSlots) -> Reply:
    """Coordinators: every upcoming slot, booked or free, with a Cancel button."""
    require_coordinator(ctx)
    tr = ctx.tr
    now = ctx.clock.now()
    size = ctx.programme.page_size
    slots, total = await ctx.uow.slots.upcoming(
        ctx.workspace.id, after=now, limit=size, offset=(cmd.page - 1) * size
    )
    if not slots:
        return Reply.private(
            Section(
                tr._t(
                    "There are no upcoming slots. Publish one with /chorus slot add 2026-12-01 14:00."
                )
                if cmd.page == 1
                else tr._t("There are no more slots.")
            )
        )
    blocks: list[Block] = [Header(tr._("Upcoming slots"))]
    for slot in slots:
        blocks.append(Section(_slot_line(tr, slot, await ctx.mention(slot.coordinator_id), now)))
        facts = (
            tr._t("Booked by {member}", member=await ctx.mention(slot.booked_by_id))
            if slot.booked_by_id
            else tr._t("Free")
        )
        if slot.series_number:
            facts += Text.plain(" · ") + tr._t("series {series}", series=slot.series_number)
        blocks.append(Small(facts))
        blocks.append(
            Actions(
                (
                    Button(
                        tr._("Cancel slot #{number}", number=slot.number),
                        f"chorus slot cancel {slot.number}",
                        ButtonStyle.DANGER,
                    ),
                )
            )
        )
    blocks.append(_zone_note(tr))
    if (cmd.page - 1) * size + len(slots) < total:
        blocks.append(Actions((Button(tr._("More"), f"chorus slot list {cmd.page + 1}"),)))
    return Reply.private(*blocks)


async def _cancellation_notes(
    ctx: Context, cancelled: Sequence[tuple[Slot, Booking]], note: str | None
) -> list[Message]:
    """One private note per booker, listing their cancelled slots, with the apology."""
    by_member: dict[int, list[Slot]] = defaultdict(list)
    for slot, booking in cancelled:
        by_member[booking.member_id].append(slot)
    now = ctx.clock.now()
    messages = []
    for member_id, slots in by_member.items():
        member = await ctx.uow.members.get(member_id)
        if member is None:
            continue
        mtr = ctx.translator_for(member)
        blocks: list[Block] = []
        for slot in slots:
            blocks.append(
                Section(
                    mtr._t(
                        "Sorry: your feedback slot #{number} with {host}, {when}, is cancelled.",
                        number=slot.number,
                        host=await ctx.mention(slot.coordinator_id),
                        when=_when(mtr, slot.starts_at, slot.ends_at, now),
                    )
                )
            )
        if note:
            blocks.append(Small(mtr._t("{member} wrote:", member=await ctx.mention(ctx.member.id))))
            blocks.append(Quote(note))
        blocks.append(Actions((Button(mtr._("Book another slot"), "book", ButtonStyle.PRIMARY),)))
        messages.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=mtr._n(
                    "Your feedback slot is cancelled",
                    "{n} of your feedback slots are cancelled",
                    len(slots),
                ),
            )
        )
    return messages


async def cancel_slot(ctx: Context, cmd: c.CancelSlot) -> Reply:
    """Coordinators cancel a slot; whoever booked it is told, with the note."""
    require_coordinator(ctx)
    tr = ctx.tr
    note = _clean(cmd.note, CANCEL_NOTE_MAX_CHARS, TOO_LONG_NOTE)
    slot = await _slot(ctx, cmd.number)
    if slot.status is OfferStatus.CANCELLED:
        return Reply.private(
            Section(tr._t("Slot #{number} is already cancelled.", number=slot.number))
        )
    now = ctx.clock.now()
    if slot.starts_at <= now:
        raise Conflict(
            N_("Slot #{number} has already started, so it can't be cancelled."),
            number=slot.number,
        )
    if not await ctx.uow.slots.cancel(slot.id, note, now):
        return Reply.private(
            Section(tr._t("Slot #{number} is already cancelled.", number=slot.number))
        )
    booking = await ctx.uow.bookings.active_for_slot(slot.id)
    cancelled: list[tuple[Slot, Booking]] = []
    if booking is not None and await ctx.uow.bookings.set_status(
        booking.id, BookingStatus.CANCELLED, now, expected=BookingStatus.ACTIVE
    ):
        cancelled.append((slot, booking))
    notes = await _cancellation_notes(ctx, cancelled, note)
    if cancelled:
        told = tr._t(
            "{member} had booked it and has been told.",
            member=await ctx.mention(cancelled[0][1].member_id),
        )
    else:
        told = tr._t("Nobody had booked it.")
    return Reply.private(
        Section(tr._t("Slot #{number} is cancelled.", number=slot.number) + Text.plain(" ") + told)
    ).with_messages(notes)


async def cancel_series(ctx: Context, cmd: c.CancelSeries) -> Reply:
    """Coordinators cancel every slot still to come in a series; bookers are told."""
    require_coordinator(ctx)
    tr = ctx.tr
    note = _clean(cmd.note, CANCEL_NOTE_MAX_CHARS, TOO_LONG_NOTE)
    series = await ctx.uow.slots.series_by_number(ctx.workspace.id, cmd.number)
    if series is None:
        raise NotFound(
            N_("There is no series {number}. /chorus slot list shows the slots and their series."),
            number=cmd.number,
        )
    now = ctx.clock.now()
    slots, _ = await ctx.uow.slots.upcoming(
        ctx.workspace.id, after=now, series_id=series.id, limit=SERIES_SLOTS_MAX
    )
    if not slots:
        return Reply.private(
            Section(tr._t("Series {number} has no slots left to cancel.", number=series.number))
        )
    cancelled: list[tuple[Slot, Booking]] = []
    count = 0
    for slot in slots:
        if not await ctx.uow.slots.cancel(slot.id, note, now):
            continue
        count += 1
        booking = await ctx.uow.bookings.active_for_slot(slot.id)
        if booking is not None and await ctx.uow.bookings.set_status(
            booking.id, BookingStatus.CANCELLED, now, expected=BookingStatus.ACTIVE
        ):
            cancelled.append((slot, booking))
    notes = await _cancellation_notes(ctx, cancelled, note)
    return Reply.private(
        Section(
            tr._t(
                "Series {number} is cancelled: {slots}. {told}",
                number=series.number,
                slots=tr._n("{n} slot", "{n} slots", count),
                told=tr._n(
                    "{n} booking was cancelled and its booker told.",
                    "{n} bookings were cancelled and their bookers told.",
                    len(cancelled),
                )
                if cancelled
                else tr._("Nobody had booked them."),
            )
        )
    ).with_messages(notes)


async def open_cafe_form(ctx: Context, _: c.OpenCafeForm) -> Reply:
    """Coordinators: the writing-café form."""
    require_coordinator(ctx)
    tr = ctx.tr
    return Reply.private(
        Form(
            title=tr._("New writing café"),
            submit_label=tr._("Publish"),
            command="chorus cafe add",
            inputs=(
                Input(
                    "title",
                    tr._("Title"),
                    max_length=CAFE_TITLE_MAX_CHARS,
                    placeholder=tr._("For example: Writing café: your first post"),
                ),
                Input(
                    "when",
                    tr._("When"),
                    placeholder="2026-12-03 15:00",
                    hint=tr._(
                        "Date and time in the programme's time zone ({zone}).",
                        zone=ctx.workspace.timezone,
                    ),
                ),
                Input("minutes", tr._("Minutes"), optional=True, initial=str(CAFE_MINUTES_DEFAULT)),
                Input("seats", tr._("Seats"), placeholder="8"),
                Input(
                    "place", tr._("Room or meeting link"), optional=True, max_length=PLACE_MAX_CHARS
                ),
                Input(
                    "topic",
                    tr._("Topic"),
                    optional=True,
                    multiline=True,
                    max_length=CAFE_TOPIC_MAX_CHARS,
                ),
            ),
        )
    )


async def add_cafe(ctx: Context, cmd: c.AddCafe) -> Reply:
    """Coordinators publish a writing café; the channel hears about it with a seat button."""
    require_coordinator(ctx)
    start, end = _range(ctx, cmd.when, cmd.minutes, CAFE_MINUTES_DEFAULT, SLOT_MINUTES_MAX)
    title = _clean(cmd.title, CAFE_TITLE_MAX_CHARS, TOO_LONG_TITLE, "title")
    if title is None:
        raise UsageError(N_("Give the café a title."), field="title")
    if not 1 <= cmd.capacity <= CAFE_CAPACITY_MAX:
        raise UsageError(
            N_("A café can have 1 to {limit} seats."), limit=CAFE_CAPACITY_MAX, field="seats"
        )
    place = _clean(cmd.place, PLACE_MAX_CHARS, TOO_LONG_PLACE, "place")
    topic = _clean(cmd.topic, CAFE_TOPIC_MAX_CHARS, TOO_LONG_TOPIC, "topic")
    cafe = await ctx.uow.cafes.add(
        NewCafe(ctx.workspace.id, ctx.member.id, title, start, end, cmd.capacity, place, topic)
    )
    wtr = _workspace_tr(ctx)
    return Reply.private(
        Section(
            wtr._t(
                "Writing café #{number} is published: {title}, {when} ({zone}), {seats}. Ambassadors take a seat with /book.",
                number=cafe.number,
                title=title,
                when=_when(wtr, start, end, ctx.clock.now()),
                zone=ctx.workspace.timezone,
                seats=wtr._n("{n} seat", "{n} seats", cafe.capacity),
            )
        ),
        *_where(wtr, place),
        Actions(
            (Button(wtr._("Cancel it"), f"chorus cafe cancel {cafe.number}", ButtonStyle.DANGER),)
        ),
    ).with_messages(await _cafe_channel_update(ctx, cafe))


async def cafe_post(ctx: Context, cafe: Cafe) -> Message:
    """The café's card in the ambassador channel (posted once, then updated in place)."""
    tr = ctx.channel_tr
    now = ctx.clock.now()
    host = await ctx.mention(cafe.host_id)
    blocks: list[Block] = [
        Section(
            tr._t(
                "☕ Writing café #{number}: {title}",
                number=cafe.number,
                title=cafe.title,
            )
        ),
        Small(
            tr._t(
                "{when} · hosted by {host}",
                when=_when(tr, cafe.starts_at, cafe.ends_at, now),
                host=host,
            )
        ),
    ]
    if cafe.topic:
        blocks.append(Quote(cafe.topic))
    blocks.extend(_where(tr, cafe.place))
    if cafe.status is OfferStatus.CANCELLED:
        blocks.append(Small(tr._t("Cancelled")))
    else:
        blocks.append(Small(Text.plain(seats_line(tr, cafe))))
        label = tr._("Take a seat") if cafe.seats_left else tr._("Join the waitlist")
        blocks.append(Actions((Button(label, f"book cafe {cafe.number}", ButtonStyle.PRIMARY),)))
    return Message(
        tuple(blocks),
        Audience.CHANNEL,
        key=f"cafe:{cafe.number}",
        summary=tr._("Writing café #{number}", number=cafe.number),
    )


async def _cafe_channel_update(ctx: Context, cafe: Cafe) -> list[Message]:
    return [await cafe_post(ctx, cafe)] if ctx.workspace.channel_id else []


async def cancel_cafe(ctx: Context, cmd: c.CancelCafe) -> Reply:
    """Coordinators cancel a café; everyone with a seat or on the waitlist is told."""
    require_coordinator(ctx)
    tr = ctx.tr
    note = _clean(cmd.note, CANCEL_NOTE_MAX_CHARS, TOO_LONG_NOTE)
    cafe = await _cafe(ctx, cmd.number, lock=True)
    now = ctx.clock.now()
    if cafe.status is OfferStatus.CANCELLED:
        return Reply.private(
            Section(tr._t("Writing café #{number} is already cancelled.", number=cafe.number))
        )
    if cafe.starts_at <= now:
        raise Conflict(
            N_("Writing café #{number} has already started, so it can't be cancelled."),
            number=cafe.number,
        )
    await ctx.uow.cafes.cancel(cafe.id, note, now)
    held = await ctx.uow.bookings.for_cafe(cafe.id, [BookingStatus.ACTIVE, BookingStatus.WAITING])
    notes: list[Message] = []
    for booking in held:
        await ctx.uow.bookings.set_status(
            booking.id, BookingStatus.CANCELLED, now, expected=booking.status
        )
        member = await ctx.uow.members.get(booking.member_id)
        if member is None:
            continue
        mtr = ctx.translator_for(member)
        blocks: list[Block] = [
            Section(
                mtr._t(
                    "Sorry: writing café #{number} ({title}), {when}, is cancelled.",
                    number=cafe.number,
                    title=cafe.title,
                    when=_when(mtr, cafe.starts_at, cafe.ends_at, now),
                )
            )
        ]
        if note:
            blocks.append(Small(mtr._t("{member} wrote:", member=await ctx.mention(ctx.member.id))))
            blocks.append(Quote(note))
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=mtr._("Writing café #{number} is cancelled", number=cafe.number),
            )
        )
    fresh = await ctx.uow.cafes.get(cafe.id) or cafe
    return (
        Reply.private(
            Section(
                tr._t(
                    "Writing café #{number} is cancelled. {told}",
                    number=cafe.number,
                    told=tr._n(
                        "{n} member with a seat or on the waitlist has been told.",
                        "{n} members with a seat or on the waitlist have been told.",
                        len(notes),
                    ),
                )
            )
        )
        .with_messages(notes)
        .with_messages(await _cafe_channel_update(ctx, fresh))
    )


async def show_bookings(ctx: Context, cmd: c.ShowBookings) -> Reply:
    """Coordinators: upcoming bookings per day, with the drafts attached."""
    require_coordinator(ctx)
    tr = ctx.tr
    now = ctx.clock.now()
    if cmd.day is not None:
        day = resolve_day(cmd.day, locale=tr.locale, zone=tr.timezone, now=now)
        start = at_local(day, _MIDNIGHT, tr.timezone)
        end = at_local(day + timedelta(days=1), _MIDNIGHT, tr.timezone)
    else:
        start, end = now, now + BOOKINGS_AHEAD
    details = await ctx.uow.bookings.starting_between(
        start, end, statuses=[BookingStatus.ACTIVE], workspace_id=ctx.workspace.id
    )
    if not details:
        if cmd.day is not None:
            text = tr._t("No bookings on {day}.", day=_day(tr, start, now))
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
                Small(
                    tr._t(
                        "There are more. /chorus bookings DAY shows one day, for example /chorus bookings tomorrow."
                    )
                )
            )
            break
        day_label = _day(tr, detail.starts_at, now)
        if day_label != shown_day:
            blocks.append(Section(Text((Span(day_label, bold=True),))))
            shown_day = day_label
        if detail.slot is not None:
            shown += 1
            blocks.append(
                Section(
                    tr._t(
                        "{hours} · slot #{number} · {member} with {host}",
                        hours=_hours(tr, detail.starts_at, detail.ends_at),
                        number=detail.slot.number,
                        member=await ctx.mention(detail.booking.member_id),
                        host=await ctx.mention(detail.slot.coordinator_id),
                    )
                )
            )
            blocks.extend(_where(tr, detail.place))
            blocks.extend(_draft_blocks(tr, detail.booking))
        elif detail.cafe is not None and detail.cafe.id not in cafes_done:
            shown += 1
            cafes_done.add(detail.cafe.id)
            blocks.extend(await _cafe_bookings(ctx, tr, detail.cafe, details))
    blocks.append(_zone_note(tr))
    return Reply.private(*blocks)


def _draft_blocks(tr: Translator, booking: Booking) -> list[Block]:
    if not booking.draft:
        return [Small(tr._t("No draft attached yet."))]
    draft = booking.draft
    if len(draft) > DRAFT_EXCERPT_CHARS:
        draft = draft[: DRAFT_EXCERPT_CHARS - 1] + "…"
    return [Quote(draft)]


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
                hours=_hours(tr, cafe.starts_at, cafe.ends_at),
                number=cafe.number,
                title=cafe.title,
                seats=f"{cafe.seats_taken}/{cafe.capacity}",
                waiting=cafe.waiting,
            )
        ),
        Small(Text(tuple(names))),
    ]
    for booking in seated:
        if booking.draft:
            blocks.append(
                Small(tr._t("{member}'s draft:", member=await ctx.mention(booking.member_id)))
            )
            blocks.extend(_draft_blocks(tr, booking))
    return blocks


# ---------------------------------------------------------------------------- calendar feed


async def show_calendar_feed(ctx: Context, _: c.ShowCalendarFeed) -> Reply:
    """My private calendar feed: issued on first use, shown once (only its hash is kept)."""
    tr = ctx.tr
    issued = await ctx.uow.calendar_tokens.feed_issued_at(ctx.member.id)
    if issued is not None:
        return Reply.private(
            Section(
                tr._t(
                    "You already have a calendar feed (since {date}). I keep only a fingerprint of its link, so nobody, not even I, can show it again. Lost it? Get a new link; the old one stops working.",
                    date=tr.date(issued.astimezone(tr.timezone).date()),
                )
            ),
            Actions((Button(tr._("New link"), "chorus calendar reset", ButtonStyle.DANGER),)),
        )
    link = await _issue_link(ctx, None)
    return Reply.private(*_feed_blocks(tr, link))


async def reset_calendar_feed(ctx: Context, _: c.ResetCalendarFeed) -> Reply:
    """Revoke all my calendar links and issue a new feed."""
    revoked = await ctx.uow.calendar_tokens.revoke_all(ctx.member.id)
    link = await _issue_link(ctx, None)
    tr = ctx.tr
    blocks: list[Block] = []
    if revoked:
        blocks.append(Section(tr._t("Your old calendar links no longer work.")))
    return Reply.private(*blocks, *_feed_blocks(tr, link))


def _feed_blocks(tr: Translator, link: str) -> list[Block]:
    return [
        Section(
            tr._t(
                "Your private calendar feed: {link}",
                link=Span(link, SpanKind.LINK, url=link),
            )
        ),
        Small(
            tr._t(
                "Subscribe to it in Outlook, Google Calendar or Apple Calendar and your bookings appear there. Keep it to yourself: anyone with the link can see your bookings. /chorus calendar reset replaces it."
            )
        ),
    ]


async def calendar_document(
    uow: UnitOfWork, token: str, *, now: datetime, public_url: str
) -> bytes | None:
    """The ``.ics`` behind a calendar link: a member's feed or one booking's event; None for
    a token that is malformed, unknown or revoked."""
    if not _TOKEN_SHAPE.fullmatch(token):
        return None
    found = await uow.calendar_tokens.find(_hash(token))
    if found is None:
        return None
    member = await uow.members.get(found.member_id)
    if member is None:
        return None
    workspace = await uow.workspaces.get(member.workspace_id)
    if workspace is None:
        return None
    tr = Translator(member.locale or workspace.locale, member.timezone or workspace.timezone)
    domain = urlsplit(public_url).hostname or "chorus"
    names: dict[int, str] = {}

    async def name(member_id: int) -> str:
        if member_id not in names:
            other = await uow.members.get(member_id)
            names[member_id] = other.display_name if other else "…"
        return names[member_id]

    events: list[CalendarEvent] = []
    if found.booking_id is not None:
        booking = await uow.bookings.get(found.booking_id)
        if booking is None or booking.member_id != member.id:
            return None
        slot = await uow.slots.get(booking.slot_id) if booking.slot_id is not None else None
        cafe = await uow.cafes.get(booking.cafe_id) if booking.cafe_id is not None else None
        detail = BookingDetail(booking, slot, cafe)
        events.append(await _event(tr, detail, domain, name, as_host=False))
    else:
        mine = await uow.bookings.of_member(
            member.id, ends_after=now - FEED_HISTORY, statuses=[BookingStatus.ACTIVE]
        )
        events.extend([await _event(tr, d, domain, name, as_host=False) for d in mine])
        if member.is_coordinator:
            hosted = await uow.bookings.hosted_by(member.id, ends_after=now - FEED_HISTORY)
            seen_cafes: set[int] = set()
            for detail in hosted:
                if detail.cafe is not None:
                    if detail.cafe.id in seen_cafes:
                        continue
                    seen_cafes.add(detail.cafe.id)
                events.append(await _event(tr, detail, domain, name, as_host=True))
    return calendar_file(events, name=tr._("Chorus bookings"), zone=tr.timezone, stamp=now)


async def _event(
    tr: Translator,
    detail: BookingDetail,
    domain: str,
    name: NameLookup,
    *,
    as_host: bool,
) -> CalendarEvent:
    booking = detail.booking
    place = detail.place
    if detail.slot is not None:
        slot = detail.slot
        summary = (
            tr._(
                "Feedback slot #{number} with {name}",
                number=slot.number,
                name=await name(booking.member_id),
            )
            if as_host
            else tr._("Feedback with {name}", name=await name(slot.coordinator_id))
        )
        uid = f"chorus-slot-{slot.id}@{domain}"
        description = tr._("Booked with Chorus. /book mine shows your bookings.")
        if as_host and booking.draft:
            description = tr._("A draft is attached: /chorus bookings shows it.")
        cancelled = slot.status is OfferStatus.CANCELLED
    else:
        assert detail.cafe is not None
        cafe = detail.cafe
        summary = tr._("Writing café: {title}", title=cafe.title)
        uid = f"chorus-cafe-{cafe.id}@{domain}"
        description = cafe.topic or tr._("Booked with Chorus. /book mine shows your bookings.")
        cancelled = cafe.status is OfferStatus.CANCELLED
    return CalendarEvent(
        uid=uid,
        summary=summary,
        starts_at=detail.starts_at,
        ends_at=detail.ends_at,
        location=place,
        description=description,
        url=place if place and _is_link(place) else None,
        cancelled=cancelled or booking.status is BookingStatus.CANCELLED,
    )


# ---------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class Reminder:
    """A reminder due now for one booking. ``key`` is stable, so enqueueing it into the
    outbox on every scheduler run still delivers it once."""

    key: str
    workspace_id: int
    platform: Platform
    booking_id: int
    minutes_before: int
    message: Message  # Audience.MEMBER, to the booker


async def due_reminders(
    uow: UnitOfWork,
    now: datetime,
    offsets: Sequence[int],
    *,
    workspace_id: int | None = None,
) -> list[Reminder]:
    """Reminders due at ``now`` for bookings of slots and café seats that have not started.

    ``offsets`` are minutes before the start (e.g. ``(1440, 15)``). For each booking only the
    nearest offset already reached counts (a late run sends one reminder, not two), and an
    offset that had passed when the member booked is skipped: the confirmation said it all.
    """
    wanted = sorted({o for o in offsets if o > 0})
    if not wanted:
        return []
    details = await uow.bookings.starting_between(
        now,
        now + timedelta(minutes=wanted[-1]),
        statuses=[BookingStatus.ACTIVE],
        workspace_id=workspace_id,
    )
    reminders: list[Reminder] = []
    workspaces: dict[int, tuple[str, str, Platform] | None] = {}
    for detail in details:
        if detail.starts_at <= now:
            continue
        booking = detail.booking
        due = [
            o
            for o in wanted
            if detail.starts_at - timedelta(minutes=o) <= now
            and booking.created_at <= detail.starts_at - timedelta(minutes=o)
        ]
        if not due:
            continue
        member = await uow.members.get(booking.member_id)
        if member is None:
            continue
        if booking.workspace_id not in workspaces:
            workspace = await uow.workspaces.get(booking.workspace_id)
            workspaces[booking.workspace_id] = (
                (workspace.locale, workspace.timezone, workspace.platform) if workspace else None
            )
        found = workspaces[booking.workspace_id]
        if found is None:
            continue
        locale, zone, platform = found
        tr = Translator(member.locale or locale, member.timezone or zone)
        minutes = due[0]
        reminders.append(
            Reminder(
                key=f"booking:{booking.id}:reminder:{minutes}",
                workspace_id=booking.workspace_id,
                platform=platform,
                booking_id=booking.id,
                minutes_before=minutes,
                message=await _reminder_message(uow, tr, detail, member, now),
            )
        )
    return reminders


async def _reminder_message(
    uow: UnitOfWork, tr: Translator, detail: BookingDetail, member: Member, now: datetime
) -> Message:
    host = await uow.members.get(detail.host_id)
    host_span = mention_of(host)
    relative = str(format_timedelta(detail.starts_at - now, add_direction=True, locale=tr.locale))
    when = _when(tr, detail.starts_at, detail.ends_at, now)
    kind = detail.booking.kind.value
    blocks: list[Block]
    if detail.slot is not None:
        blocks = [
            Section(
                tr._t(
                    "⏰ Your feedback slot #{number} with {host} starts {relative}: {when}.",
                    number=detail.slot.number,
                    host=host_span,
                    relative=relative,
                    when=when,
                )
            )
        ]
    else:
        assert detail.cafe is not None
        blocks = [
            Section(
                tr._t(
                    "⏰ Writing café #{number} ({title}) starts {relative}: {when}.",
                    number=detail.cafe.number,
                    title=detail.cafe.title,
                    relative=relative,
                    when=when,
                )
            )
        ]
    blocks.extend(_where(tr, detail.place))
    buttons = [Button(tr._("Cancel"), f"book cancel {kind} {detail.number}", ButtonStyle.DANGER)]
    if detail.slot is not None and not detail.booking.draft:
        blocks.append(
            Small(tr._t("Attach your draft so {host} can read it first.", host=host_span))
        )
        buttons.insert(
            0,
            Button(
                tr._("Attach a draft"), f"book attach {kind} {detail.number}", ButtonStyle.PRIMARY
            ),
        )
    blocks.append(Actions(tuple(buttons)))
    return Message(
        tuple(blocks),
        Audience.MEMBER,
        recipient_id=member.external_id,
        summary=tr._("Reminder: {when}", when=when),
    )


def mention_of(member: Member | None) -> Span:
    """A mention of a member, or an ellipsis for one who was erased."""
    if member is None:
        return Span("…")
    return mention(member.external_id, member.display_name)
