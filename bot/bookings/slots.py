"""Coordinators publish and cancel drop-in feedback slots, one at a time or as a weekly series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.access import require_coordinator
from bot.bookings.clashes import clash_note, clashes
from bot.bookings.commands import (
    AddSlot,
    AddSlotSeries,
    CancelSeries,
    CancelSlot,
    ListSlots,
    SetSlotCap,
)
from bot.bookings.lookup import find_slot
from bot.bookings.ports import (
    CANCEL_NOTE_MAX_CHARS,
    PLACE_MAX_CHARS,
    SERIES_SLOTS_MAX,
    SERIES_WEEKS_MAX,
    SLOT_MINUTES_DEFAULT,
    SLOT_MINUTES_MAX,
    Booking,
    BookingStatus,
    NewSlot,
    OfferStatus,
    Slot,
    overlaps,
)
from bot.bookings.views import (
    day_name,
    day_text,
    programme_time_tr,
    slot_line,
    when_text,
    where_blocks,
    zone_note,
)
from bot.context import Context
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import N_, Count
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Header,
    Message,
    Note,
    Quote,
    Reply,
    Section,
    Text,
)
from bot.model import char_count
from bot.time.timeparse import (
    IsoDate,
    When,
    at_local,
    numeric_readings,
    reads_day_first,
    resolve,
    resolve_day,
)

SLOT_MINUTES_MIN = 5


TOO_LONG_PLACE = N_("A place can be at most {limit} characters; yours has {count}.")


TOO_LONG_TITLE = N_("A café title can be at most {limit} characters; yours has {count}.")


TOO_LONG_TOPIC = N_("A café topic can be at most {limit} characters; yours has {count}.")


TOO_LONG_NOTE = N_("A note can be at most {limit} characters; yours has {count}.")


def clean_text(text: str | None, limit: int, too_long: str, field: str | None = None) -> str | None:
    if text is None or not text.strip():
        return None
    text = text.strip()
    if char_count(text) > limit:
        raise UsageError(too_long, limit=Count(limit), count=Count(char_count(text)), field=field)
    return text


def time_range(
    ctx: Context, when: When, minutes: int | None, default: int, maximum: int
) -> tuple[datetime, datetime]:
    """Start and end of what a coordinator publishes: the day and time are read in the
    workspace's time zone."""
    zone = ZoneInfo(ctx.workspace.timezone)
    now = ctx.clock.now()
    start = resolve(when, locale=ctx.tr.locale, zone=zone, now=now, day_first_=_day_first(ctx))
    programme_tr = programme_time_tr(ctx)
    if when.until is not None:
        end = at_local(start.astimezone(zone).date(), when.until, zone)
        if end <= start:
            raise UsageError(
                N_("The end ({end}) must be after the start ({start})."),
                start=programme_tr.time(start),
                end=programme_tr.time(end),
            )
        if minutes is not None and end - start != timedelta(minutes=minutes):
            raise UsageError(N_("Give either an end time or a number of minutes, not both."))
    else:
        end = start + timedelta(minutes=default if minutes is None else minutes)
    length = int((end - start).total_seconds() // 60)
    if not SLOT_MINUTES_MIN <= length <= maximum:
        raise UsageError(
            N_("A length of {length} won't work; choose between {low} and {high} minutes."),
            length=ctx.tr._n("{n} minute", "{n} minutes", length),
            low=SLOT_MINUTES_MIN,
            high=maximum,
        )
    if start <= now:
        raise UsageError(
            N_(
                "{when} is in the past (it is {now} now, {zone}). Choose a time that is still to come."
            ),
            when=programme_tr.datetime(start),
            now=programme_tr.datetime(now),
            zone=ctx.workspace.timezone,
        )
    return start, end


def _day_first(ctx: Context) -> bool:
    """How this programme writes numeric dates: by its language and time zone, never by
    the language of whoever types (``1/12`` is the same day for everyone)."""
    return reads_day_first(ctx.programme.locale, ctx.workspace.timezone)


def iso_day(when: When) -> date:
    spec = when.day
    assert isinstance(spec, IsoDate)  # confirm_numeric_date hands over fixed days only
    return date(spec.year, spec.month, spec.day)


def when_line(when: When, day: date) -> str:
    """``when`` on ``day`` as a command line reads it: ``2026-12-01 14:00[-15:00]``."""
    line = f"{day.isoformat()} {when.time}" if when.time else day.isoformat()
    return f"{line}-{when.until}" if when.until else line


def confirm_numeric_date(
    ctx: Context, when: When, command: Callable[[When], str], publish: str
) -> Reply | None:
    """A numeric date (``1/12``) is echoed in words, with the reading used, before anything
    is published: one button publishes it on that day, and when the other order of day and
    month was possible too, another publishes it on that one. None for any other date."""
    day_first = _day_first(ctx)
    readings = numeric_readings(when, day_first_=day_first)
    if readings is None:
        return None
    read_day_first, ambiguous = readings
    zone = ZoneInfo(ctx.workspace.timezone)
    now = ctx.clock.now()
    day = resolve_day(when, locale=ctx.tr.locale, zone=zone, now=now, day_first_=read_day_first)
    tr = programme_time_tr(ctx)
    if not ambiguous and read_day_first and not day_first:
        reading = tr._("day first, as dates with dots or dashes always are")
    elif read_day_first:
        reading = tr._("day first, as this programme writes dates")
    else:
        reading = tr._("month first, as this programme writes dates")
    buttons = [
        Button(
            tr._(publish, date=tr.long_date(day)),
            command(replace(when, day=IsoDate(day.year, day.month, day.day))),
            ButtonStyle.PRIMARY,
        )
    ]
    if ambiguous:
        other = resolve_day(
            when, locale=ctx.tr.locale, zone=zone, now=now, day_first_=not read_day_first
        )
        buttons.append(
            Button(
                tr._("I meant {date}", date=tr.long_date(other)),
                command(replace(when, day=IsoDate(other.year, other.month, other.day))),
            )
        )
    return Reply.private(
        Section(
            tr._t(
                "I read “{typed}” as {date} ({reading}). Nothing is published yet.",
                typed=when.text,
                date=tr.long_date(day),
                reading=reading,
            )
        ),
        Actions(tuple(buttons)),
    )


async def _overlap_error(ctx: Context, clash: Slot) -> Conflict:
    programme_tr = programme_time_tr(ctx)
    return Conflict(
        N_(
            "That overlaps your slot #{number} ({when}). Cancel it first with /chorus slot cancel {number}, or choose another time."
        ),
        number=clash.number,
        when=when_text(programme_tr, clash.starts_at, clash.ends_at, ctx.clock.now()),
    )


async def add_slot(ctx: Context, cmd: AddSlot) -> Reply:
    """Coordinators publish one slot (times in the workspace's time zone)."""
    require_coordinator(ctx)
    asked = confirm_numeric_date(
        ctx,
        cmd.when,
        lambda when: " ".join(
            filter(
                None,
                (
                    "chorus slot add",
                    when_line(when, iso_day(when)),
                    str(cmd.minutes) if cmd.minutes is not None else None,
                    cmd.place,
                ),
            )
        ),
        N_("Publish it on {date}"),
    )
    if asked is not None:
        return asked
    start, end = time_range(ctx, cmd.when, cmd.minutes, SLOT_MINUTES_DEFAULT, SLOT_MINUTES_MAX)
    place = clean_text(cmd.place, PLACE_MAX_CHARS, TOO_LONG_PLACE)
    own = await ctx.uow.slots.overlapping(ctx.member.id, start, end)
    if own:
        raise await _overlap_error(ctx, own[0])
    overlap = await clashes(ctx, ctx.member.id, start, end)
    slot = await ctx.uow.slots.add(NewSlot(ctx.workspace.id, ctx.member.id, start, end, place))
    programme_tr = programme_time_tr(ctx)
    return Reply.private(
        Section(
            programme_tr._t(
                "Slot #{number} is published: {when} ({zone}). Ambassadors can book it with /book.",
                number=slot.number,
                when=when_text(programme_tr, start, end, ctx.clock.now()),
                zone=ctx.workspace.timezone,
            )
        ),
        *clash_note(programme_tr, overlap),
        *where_blocks(programme_tr, place),
        Actions(
            (
                Button(
                    programme_tr._("Cancel it"),
                    f"chorus slot cancel {slot.number}",
                    ButtonStyle.DANGER,
                ),
                Button(programme_tr._("Upcoming slots"), "chorus slot list"),
            )
        ),
    )


SLOT_CAP_MAX = 20


async def set_slot_cap(ctx: Context, cmd: SetSlotCap) -> Reply:
    """Coordinators: how many slots one member may hold booked in one week."""
    require_coordinator(ctx)
    tr = ctx.tr
    if cmd.per_week is None:
        return Reply.private(
            Section(
                tr._t(
                    "One member may have {cap} booked in one week. Change it with /chorus slot cap N.",
                    cap=tr._n("{n} slot", "{n} slots", ctx.workspace.slot_bookings_per_week),
                )
            )
        )
    if not 1 <= cmd.per_week <= SLOT_CAP_MAX:
        raise UsageError(N_("Choose between 1 and {high} slots a week."), high=SLOT_CAP_MAX)
    ctx.workspace.slot_bookings_per_week = cmd.per_week
    await ctx.uow.workspaces.save(ctx.workspace)
    return Reply.private(
        Section(
            tr._t(
                "Done: from now on one member may have {cap} booked in one week. Bookings made already stay.",
                cap=tr._n("{n} slot", "{n} slots", cmd.per_week),
            )
        )
    )


async def add_slot_series(ctx: Context, cmd: AddSlotSeries) -> Reply:
    """Coordinators publish weekly slots, e.g. Tuesdays 14:00-15:00 in 15-minute slots."""
    require_coordinator(ctx)
    programme_tr = programme_time_tr(ctx)
    if not SLOT_MINUTES_MIN <= cmd.minutes <= SLOT_MINUTES_MAX:
        raise UsageError(
            N_("A length of {length} won't work; choose between {low} and {high} minutes."),
            length=ctx.tr._n("{n} minute", "{n} minutes", cmd.minutes),
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
    place = clean_text(cmd.place, PLACE_MAX_CHARS, TOO_LONG_PLACE)
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
            programme_tr._t(
                "Series {series} is published: {count} of {minutes} minutes every {weekday}, {hours} ({zone}), from {first} to {last}. Ambassadors can book them with /book.",
                series=series.number,
                count=programme_tr._n("{n} slot", "{n} slots", len(ranges)),
                minutes=cmd.minutes,
                weekday=day_name(programme_tr, cmd.weekday),
                hours=f"{cmd.start}–{cmd.end}",
                zone=ctx.workspace.timezone,
                first=day_text(programme_tr, ranges[0][0], now),
                last=day_text(programme_tr, ranges[-1][0], now),
            )
        ),
        Note(
            programme_tr._t(
                "The slots are numbered #{first} to #{last}.", first=numbers[0], last=numbers[-1]
            )
        ),
        *where_blocks(programme_tr, place),
        Actions(
            (
                Button(
                    programme_tr._("Cancel the series"),
                    f"chorus slot cancel series {series.number}",
                    ButtonStyle.DANGER,
                ),
            )
        ),
    )


async def list_slots(ctx: Context, cmd: ListSlots) -> Reply:
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
        blocks.append(Section(slot_line(tr, slot, await ctx.mention(slot.coordinator_id), now)))
        facts = (
            tr._t("Booked by {member}", member=await ctx.mention(slot.booked_by_id))
            if slot.booked_by_id
            else tr._t("Free")
        )
        if slot.series_number:
            facts += Text.plain(" · ") + tr._t("series {series}", series=slot.series_number)
        blocks.append(Note(facts))
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
    blocks.append(zone_note(tr))
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
        member_tr = ctx.translator_for(member)
        blocks: list[Block] = []
        for slot in slots:
            blocks.append(
                Section(
                    member_tr._t(
                        "Sorry: your feedback slot #{number} with {host}, {when}, is cancelled.",
                        number=slot.number,
                        host=await ctx.mention(slot.coordinator_id),
                        when=when_text(member_tr, slot.starts_at, slot.ends_at, now),
                    )
                )
            )
        if note:
            blocks.append(
                Note(member_tr._t("{member} wrote:", member=await ctx.mention(ctx.member.id)))
            )
            blocks.append(Quote(note))
        blocks.append(
            Actions((Button(member_tr._("Book another slot"), "book", ButtonStyle.PRIMARY),))
        )
        messages.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=member_tr._n(
                    "Your feedback slot is cancelled",
                    "{n} of your feedback slots are cancelled",
                    len(slots),
                ),
            )
        )
    return messages


async def cancel_slot(ctx: Context, cmd: CancelSlot) -> Reply:
    """Coordinators cancel a slot; whoever booked it is told, with the note."""
    require_coordinator(ctx)
    tr = ctx.tr
    note = clean_text(cmd.note, CANCEL_NOTE_MAX_CHARS, TOO_LONG_NOTE)
    slot = await find_slot(ctx, cmd.number)
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


async def cancel_series(ctx: Context, cmd: CancelSeries) -> Reply:
    """Coordinators cancel every slot still to come in a series; bookers are told."""
    require_coordinator(ctx)
    tr = ctx.tr
    note = clean_text(cmd.note, CANCEL_NOTE_MAX_CHARS, TOO_LONG_NOTE)
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
