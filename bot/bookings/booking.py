"""Members book: the list of what is free, booking, cancelling and handing seats on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.bookings.cafes import cafe_channel_update
from bot.bookings.calendar import issue_link
from bot.bookings.clashes import clash_note, clashes
from bot.bookings.commands import (
    BookCafeSeat,
    BookSlot,
    CancelBooking,
    ListBookables,
    ListMyBookings,
)
from bot.bookings.lookup import (
    find_cafe,
    find_slot,
    my_cafe_booking,
    require_bookable_cafe,
    require_bookable_slot,
    waitlist_position,
)
from bot.bookings.ports import (
    BookableKind,
    Booking,
    BookingDetail,
    BookingStatus,
    Cafe,
    Slot,
)
from bot.bookings.views import (
    SLOT_TAKEN,
    cafe_line,
    calendar_line,
    day_text,
    place_text,
    reminder_note,
    seats_line,
    slot_line,
    when_text,
    where_blocks,
    zone_note,
)
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound
from bot.i18n import N_, Translator
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Header,
    Message,
    Note,
    Quote,
    Reply,
    Section,
    Span,
    Text,
)
from bot.model import Member
from bot.notes import on_behalf

CAFES_LISTED = 25

# A slot booked this recently was "just taken"; an older booking is simply "already taken".
JUST_TAKEN = timedelta(minutes=10)

SLOT_ALREADY_TAKEN = N_(
    "Sorry, slot #{number} is already booked by someone else. Here are the slots that are still free: /book"
)


BOOK_PAGE_MAX = 8  # four blocks an item keeps a page inside Slack's 50 blocks a message


async def list_bookables(ctx: Context, cmd: ListBookables) -> Reply:
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
        day = day_text(tr, item.starts_at, now)
        if day != day_shown:
            blocks.append(Section(Text((Span(day, bold=True),))))
            day_shown = day
        if isinstance(item, Slot):
            host = await ctx.mention(item.coordinator_id)
            blocks.append(Section(slot_line(tr, item, host, now, day=False)))
            blocks.extend(where_blocks(tr, item.place))
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
            blocks.append(Section(cafe_line(tr, item, host, now, day=False)))
            if item.topic:
                blocks.append(Quote(item.topic))
            held = cafe_bookings.get(item.id)
            facts = Text.plain(seats_line(tr, item))
            if item.place:
                facts = (
                    tr._t("Where: {place}", place=place_text(item.place))
                    + Text.plain(" · ")
                    + facts
                )
            if held is not None:
                state = (
                    tr._("You have a seat.")
                    if held.status is BookingStatus.ACTIVE
                    else tr._("You are on the waitlist.")
                )
                blocks.append(Note(facts + Text.plain(" · " + state)))
            else:
                blocks.append(Note(facts))
                if item.host_id != ctx.member.id:
                    label = (
                        tr._("Take a seat at café #{number}", number=item.number)
                        if item.seats_left
                        else tr._("Join the waitlist for café #{number}", number=item.number)
                    )
                    blocks.append(
                        Actions((Button(label, f"book cafe {item.number}", ButtonStyle.PRIMARY),))
                    )
    blocks.append(zone_note(tr))
    if offset + len(page) < total:
        blocks.append(Actions((Button(tr._("More"), f"book list {cmd.page + 1}"),)))
    return Reply.private(*blocks)


async def list_my_bookings(ctx: Context, _: ListMyBookings) -> Reply:
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
    blocks.append(zone_note(tr))
    return Reply.private(*blocks)


async def _booking_blocks(
    ctx: Context, tr: Translator, detail: BookingDetail, now: datetime
) -> list[Block]:
    booking = detail.booking
    kind = booking.kind.value
    blocks: list[Block] = []
    if detail.slot is not None:
        host = await ctx.mention(detail.slot.coordinator_id)
        blocks.append(Section(slot_line(tr, detail.slot, host, now)))
    elif detail.cafe is not None:
        host = await ctx.mention(detail.cafe.host_id)
        blocks.append(Section(cafe_line(tr, detail.cafe, host, now)))
        if booking.status is BookingStatus.WAITING:
            position = await waitlist_position(ctx.uow, detail.cafe.id, booking.id)
            blocks.append(
                Note(tr._t("You are number {position} on the waitlist.", position=position))
            )
    blocks.extend(where_blocks(tr, detail.place))
    if booking.draft:
        blocks.append(Note(tr._t("Your draft is attached.")))
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


async def book_slot(ctx: Context, cmd: BookSlot) -> Reply:
    """Book a slot: one insert that the database accepts for exactly one member. A slot
    already seen taken is refused before the member's own checks, so the many who lose a
    race for one slot are answered after two reads."""
    tr = ctx.tr
    now = ctx.clock.now()
    slot = await find_slot(ctx, cmd.number, lock=True)
    require_bookable_slot(ctx, slot)
    if slot.coordinator_id == ctx.member.id:
        raise NotAllowed(
            N_("Slot #{number} is your own slot, so you can't book it."), number=slot.number
        )
    if slot.booked_by_id is not None:
        return await _slot_taken(ctx, slot, now)
    mine = await ctx.uow.bookings.of_member(
        ctx.member.id, ends_after=now, statuses=[BookingStatus.ACTIVE, BookingStatus.WAITING]
    )
    _require_room_in_week(ctx, slot, mine)
    overlap = await clashes(ctx, ctx.member.id, slot.starts_at, slot.ends_at, mine=mine)
    booking = await ctx.uow.bookings.add_for_slot(ctx.workspace.id, slot.id, ctx.member.id, now)
    if booking is None:  # somebody else's insert won the race
        return await _slot_taken(ctx, slot, now)
    link = await issue_link(ctx, booking.id)
    host = await ctx.mention(slot.coordinator_id)
    return Reply.private(
        Section(
            tr._t(
                "You're booked: feedback slot #{number} with {host}, {when}.",
                number=slot.number,
                host=host,
                when=when_text(tr, slot.starts_at, slot.ends_at, now),
            )
        ),
        *clash_note(tr, overlap),
        *where_blocks(tr, slot.place),
        calendar_line(tr, link),
        Section(
            tr._t(
                "Attach the draft you want feedback on, so {host} can read it before you meet.",
                host=host,
            )
        ),
        *reminder_note(ctx),
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


async def _slot_taken(ctx: Context, slot: Slot, now: datetime) -> Reply:
    """The answer to booking a slot that has its booking: "it is yours already", or a
    refusal that says whether it was taken just now. ``slot`` as read before a refused
    insert does not know its holder yet; then the holder is read."""
    holder_id, booked_at = slot.booked_by_id, slot.booked_at
    if holder_id is None:
        holder = await ctx.uow.bookings.active_for_slot(slot.id)
        if holder is not None:
            holder_id, booked_at = holder.member_id, holder.created_at
    if holder_id is not None and holder_id == ctx.member.id:
        tr = ctx.tr
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
    recently = booked_at is not None and now - booked_at <= JUST_TAKEN
    raise Conflict(
        SLOT_TAKEN if recently else SLOT_ALREADY_TAKEN,
        number=slot.number,
        buttons=(Button(N_("See free slots"), "book", ButtonStyle.PRIMARY),),
    )


def _require_room_in_week(ctx: Context, slot: Slot, mine: Sequence[BookingDetail]) -> None:
    """A member holds at most the programme's number of booked slots in one week (Monday
    to Sunday in the programme's time zone), so slots stay free for others. ``mine`` are
    the member's upcoming bookings."""
    cap = ctx.workspace.slot_bookings_per_week
    zone = ZoneInfo(ctx.workspace.timezone)
    week = slot.starts_at.astimezone(zone).isocalendar()[:2]
    same_week = [
        d
        for d in mine
        if d.slot is not None
        and d.booking.status is BookingStatus.ACTIVE
        and d.slot.id != slot.id  # booking it again is answered as "already yours"
        and d.slot.starts_at.astimezone(zone).isocalendar()[:2] == week
    ]
    if len(same_week) >= cap:
        raise Conflict(
            N_(
                "You already have {booked} that week, and the programme keeps it at {cap} a week so there are slots for everyone. Give one back with /book cancel slot N, or ask a coordinator."
            ),
            booked=ctx.tr._n("{n} slot booked", "{n} slots booked", len(same_week)),
            cap=cap,
            buttons=(Button(N_("My bookings"), "book mine"),),
        )


async def book_cafe_seat(ctx: Context, cmd: BookCafeSeat) -> Reply:
    """Take a café seat if the counter allows it, otherwise join the waitlist."""
    tr = ctx.tr
    now = ctx.clock.now()
    cafe = await find_cafe(ctx, cmd.number, lock=True)
    require_bookable_cafe(ctx, cafe)
    if cafe.host_id == ctx.member.id:
        raise NotAllowed(
            N_("You host writing café #{number}, so your seat is already yours."),
            number=cafe.number,
        )
    held = await my_cafe_booking(ctx, cafe)
    if held is not None:
        raise await _already_at_cafe(ctx, cafe, held)
    overlap = await clashes(ctx, ctx.member.id, cafe.starts_at, cafe.ends_at)
    seated = await ctx.uow.cafes.take_seat(cafe.id)
    status = BookingStatus.ACTIVE if seated else BookingStatus.WAITING
    booking = await ctx.uow.bookings.add_for_cafe(
        ctx.workspace.id, cafe.id, ctx.member.id, status, now
    )
    if booking is None:  # the same member's other click won: the core undoes our seat
        held = await my_cafe_booking(ctx, cafe)
        if held is None:
            raise Conflict(N_("That didn't work, and nothing was saved. Please try again."))
        raise await _already_at_cafe(ctx, cafe, held)
    host = await ctx.mention(cafe.host_id)
    when = when_text(tr, cafe.starts_at, cafe.ends_at, now)
    if not seated:
        position = await waitlist_position(ctx.uow, cafe.id, booking.id)
        return Reply.private(
            Section(
                tr._t(
                    "Writing café #{number} ({title}) is full. You are number {position} on the waitlist; I will tell you as soon as a seat is yours.",
                    number=cafe.number,
                    title=cafe.title,
                    position=position,
                )
            ),
            Note(tr._t("{when} · hosted by {host}", when=when, host=host)),
            *clash_note(tr, overlap),
            Actions((Button(tr._("Leave the waitlist"), f"book cancel cafe {cafe.number}"),)),
            summary=tr._("On the waitlist for café #{number}", number=cafe.number),
        )
    link = await issue_link(ctx, booking.id)
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
        *clash_note(tr, overlap),
        *where_blocks(tr, cafe.place),
        calendar_line(tr, link),
        *reminder_note(ctx),
        Actions(
            (
                Button(tr._("Attach a draft"), f"book attach cafe {cafe.number}"),
                Button(
                    tr._("Give my seat back"), f"book cancel cafe {cafe.number}", ButtonStyle.DANGER
                ),
            )
        ),
        summary=tr._("Seat at café #{number}", number=cafe.number),
    ).with_messages(await cafe_channel_update(ctx, fresh))


async def _already_at_cafe(ctx: Context, cafe: Cafe, held: Booking) -> Conflict:
    """What a member who already has a seat, or a place on the waitlist, is told."""
    if held.status is BookingStatus.ACTIVE:
        return Conflict(
            N_("You already have a seat at writing café #{number}."), number=cafe.number
        )
    return Conflict(
        N_("You are already number {position} on the waitlist for writing café #{number}."),
        position=await waitlist_position(ctx.uow, cafe.id, held.id),
        number=cafe.number,
    )


async def cancel_booking(ctx: Context, cmd: CancelBooking) -> Reply:
    """Give back my slot or café seat; a freed café seat goes to the first on the waitlist."""
    if cmd.kind is BookableKind.SLOT:
        return await _cancel_slot_booking(ctx, cmd.number)
    return await _cancel_cafe_booking(ctx, cmd.number)


async def _cancel_slot_booking(ctx: Context, number: int) -> Reply:
    tr = ctx.tr
    now = ctx.clock.now()
    slot = await find_slot(ctx, number, lock=True)
    booking = await ctx.uow.bookings.active_for_slot(slot.id)
    if booking is None or booking.member_id != ctx.member.id:
        raise NotFound(
            N_("You have no booking for slot #{number}. /book mine shows your bookings."),
            number=number,
        )
    require_bookable_slot(ctx, slot)
    if not await ctx.uow.bookings.set_status(
        booking.id, BookingStatus.CANCELLED, now, expected=BookingStatus.ACTIVE
    ):
        raise NotFound(
            N_("You have no booking for slot #{number}. /book mine shows your bookings."),
            number=number,
        )
    when = when_text(tr, slot.starts_at, slot.ends_at, now)
    answer = Section(
        tr._t(
            "Your booking of slot #{number} ({when}) is cancelled; someone else can have it now.",
            number=slot.number,
            when=when,
        )
    )
    again = Actions((Button(tr._("Book it again"), f"book slot {slot.number}"),))
    host = await ctx.uow.members.get(slot.coordinator_id)
    if host is None:
        return Reply.private(answer, again)
    host_tr = ctx.translator_for(host)
    note = Message(
        (
            Section(
                host_tr._t(
                    "{member} cancelled their booking of your slot #{number} ({when}). It is free again.",
                    member=await ctx.mention(ctx.member.id),
                    number=slot.number,
                    when=when_text(host_tr, slot.starts_at, slot.ends_at, now),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=host.external_id,
        summary=host_tr._("Slot #{number} was cancelled by its booker", number=slot.number),
    )
    # The cancellation stands either way: the host's /book list shows the slot free.
    notes, held = await on_behalf(ctx, [note])
    return Reply.private(answer, *held, again).with_messages(notes)


async def _cancel_cafe_booking(ctx: Context, number: int) -> Reply:
    tr = ctx.tr
    now = ctx.clock.now()
    cafe = await find_cafe(ctx, number, lock=True)
    held = await my_cafe_booking(ctx, cafe)
    if held is None:
        raise NotFound(
            N_(
                "You have no seat or waitlist place at writing café #{number}. /book mine shows your bookings."
            ),
            number=number,
        )
    require_bookable_cafe(ctx, cafe)
    await ctx.uow.bookings.set_status(held.id, BookingStatus.CANCELLED, now, expected=held.status)
    notes: list[Message] = []
    if held.status is BookingStatus.ACTIVE:
        notes = await hand_seat_on(ctx, cafe, now)
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
        .with_messages(await cafe_channel_update(ctx, fresh))
    )


async def hand_seat_on(ctx: Context, cafe: Cafe, now: datetime) -> list[Message]:
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
            link = await issue_link(ctx, waiting.id, member.id)
            return [await _promotion_note(ctx, cafe, member, link, now)]
    await ctx.uow.cafes.release_seat(cafe.id)
    return []


async def _promotion_note(
    ctx: Context, cafe: Cafe, member: Member, link: str, now: datetime
) -> Message:
    member_tr = ctx.translator_for(member)
    return Message(
        (
            Section(
                member_tr._t(
                    "Good news: a seat at writing café #{number} ({title}) came free, and it is yours. {when}, hosted by {host}.",
                    number=cafe.number,
                    title=cafe.title,
                    when=when_text(member_tr, cafe.starts_at, cafe.ends_at, now),
                    host=await ctx.mention(cafe.host_id),
                )
            ),
            *where_blocks(member_tr, cafe.place),
            calendar_line(member_tr, link),
            Actions(
                (
                    Button(
                        member_tr._("Give my seat back"),
                        f"book cancel cafe {cafe.number}",
                        ButtonStyle.DANGER,
                    ),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=member.external_id,
        summary=member_tr._("You have a seat at café #{number}", number=cafe.number),
    )
