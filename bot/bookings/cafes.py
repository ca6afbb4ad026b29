"""Coordinators publish and cancel writing cafés."""

from __future__ import annotations

from bot.access import require_coordinator
from bot.bookings.clashes import clash_note, clashes
from bot.bookings.commands import AddCafe, CancelCafe, OpenCafeForm
from bot.bookings.lookup import find_cafe
from bot.bookings.ports import (
    CAFE_CAPACITY_MAX,
    CAFE_MINUTES_DEFAULT,
    CAFE_TITLE_MAX_CHARS,
    CAFE_TOPIC_MAX_CHARS,
    CANCEL_NOTE_MAX_CHARS,
    PLACE_MAX_CHARS,
    SLOT_MINUTES_MAX,
    BookingStatus,
    Cafe,
    NewCafe,
    OfferStatus,
)
from bot.bookings.slots import (
    TOO_LONG_NOTE,
    TOO_LONG_PLACE,
    TOO_LONG_TITLE,
    TOO_LONG_TOPIC,
    clean_text,
    confirm_numeric_date,
    iso_day,
    time_range,
    when_line,
)
from bot.bookings.views import programme_time_tr, seats_line, when_text, where_blocks
from bot.context import Context
from bot.errors import Conflict, UsageError
from bot.i18n import N_
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Form,
    Input,
    Message,
    Note,
    Quote,
    Reply,
    Section,
    Text,
)


async def open_cafe_form(ctx: Context, _: OpenCafeForm) -> Reply:
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


async def add_cafe(ctx: Context, cmd: AddCafe) -> Reply:
    """Coordinators publish a writing café; the channel hears about it with a seat button."""
    require_coordinator(ctx)
    asked = confirm_numeric_date(
        ctx,
        cmd.when,
        lambda when: (
            f"chorus cafe add {when_line(when, iso_day(when))}"
            + (f" {cmd.minutes} min" if cmd.minutes is not None else "")
            + f" {cmd.capacity} seats {cmd.title} | {cmd.place or ''} | {cmd.topic or ''}"
        ).rstrip(" |"),
        N_("Publish it on {date}"),
    )
    if asked is not None:
        return asked
    start, end = time_range(ctx, cmd.when, cmd.minutes, CAFE_MINUTES_DEFAULT, SLOT_MINUTES_MAX)
    title = clean_text(cmd.title, CAFE_TITLE_MAX_CHARS, TOO_LONG_TITLE, "title")
    if title is None:
        raise UsageError(N_("Give the café a title."), field="title")
    if not 1 <= cmd.capacity <= CAFE_CAPACITY_MAX:
        raise UsageError(
            N_("A café can have 1 to {limit} seats."), limit=CAFE_CAPACITY_MAX, field="seats"
        )
    place = clean_text(cmd.place, PLACE_MAX_CHARS, TOO_LONG_PLACE, "place")
    topic = clean_text(cmd.topic, CAFE_TOPIC_MAX_CHARS, TOO_LONG_TOPIC, "topic")
    overlap = await clashes(ctx, ctx.member.id, start, end)
    cafe = await ctx.uow.cafes.add(
        NewCafe(ctx.workspace.id, ctx.member.id, title, start, end, cmd.capacity, place, topic)
    )
    programme_tr = programme_time_tr(ctx)
    return Reply.private(
        Section(
            programme_tr._t(
                "Writing café #{number} is published: {title}, {when} ({zone}), {seats}. Ambassadors take a seat with /book.",
                number=cafe.number,
                title=title,
                when=when_text(programme_tr, start, end, ctx.clock.now()),
                zone=ctx.workspace.timezone,
                seats=programme_tr._n("{n} seat", "{n} seats", cafe.capacity),
            )
        ),
        *clash_note(programme_tr, overlap),
        *where_blocks(programme_tr, place),
        Actions(
            (
                Button(
                    programme_tr._("Cancel it"),
                    f"chorus cafe cancel {cafe.number}",
                    ButtonStyle.DANGER,
                ),
            )
        ),
    ).with_messages(await cafe_channel_update(ctx, cafe))


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
        Note(
            tr._t(
                "{when} · hosted by {host}",
                when=when_text(tr, cafe.starts_at, cafe.ends_at, now),
                host=host,
            )
        ),
    ]
    if cafe.topic:
        blocks.append(Quote(cafe.topic))
    blocks.extend(where_blocks(tr, cafe.place))
    if cafe.status is OfferStatus.CANCELLED:
        blocks.append(Note(tr._t("Cancelled")))
    else:
        blocks.append(Note(Text.plain(seats_line(tr, cafe))))
        label = tr._("Take a seat") if cafe.seats_left else tr._("Join the waitlist")
        blocks.append(Actions((Button(label, f"book cafe {cafe.number}", ButtonStyle.PRIMARY),)))
    return Message(
        tuple(blocks),
        Audience.CHANNEL,
        key=f"cafe:{cafe.number}",
        summary=tr._("Writing café #{number}", number=cafe.number),
    )


async def cafe_channel_update(ctx: Context, cafe: Cafe) -> list[Message]:
    return [await cafe_post(ctx, cafe)] if ctx.workspace.channel_id else []


async def cancel_cafe(ctx: Context, cmd: CancelCafe) -> Reply:
    """Coordinators cancel a café; everyone with a seat or on the waitlist is told."""
    require_coordinator(ctx)
    tr = ctx.tr
    note = clean_text(cmd.note, CANCEL_NOTE_MAX_CHARS, TOO_LONG_NOTE)
    cafe = await find_cafe(ctx, cmd.number, lock=True)
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
        member_tr = ctx.translator_for(member)
        blocks: list[Block] = [
            Section(
                member_tr._t(
                    "Sorry: writing café #{number} ({title}), {when}, is cancelled.",
                    number=cafe.number,
                    title=cafe.title,
                    when=when_text(member_tr, cafe.starts_at, cafe.ends_at, now),
                )
            )
        ]
        if note:
            blocks.append(
                Note(member_tr._t("{member} wrote:", member=await ctx.mention(ctx.member.id)))
            )
            blocks.append(Quote(note))
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=member_tr._("Writing café #{number} is cancelled", number=cafe.number),
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
        .with_messages(await cafe_channel_update(ctx, fresh))
    )
