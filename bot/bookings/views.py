"""How slots, cafés and bookings look: times, places, lines and notes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from babel.dates import format_skeleton, get_day_names
from babel.lists import format_list

from bot.bookings.ports import (
    Booking,
    Cafe,
    Slot,
)
from bot.context import Context
from bot.i18n import N_, Translator
from bot.messages import (
    Block,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.time.timeparse import TimeOfDay

# A member's display name by internal id (the calendar feed names hosts and members).
NameLookup = Callable[[int], Awaitable[str]]

DRAFT_EXCERPT_CHARS = 1500


MIDNIGHT = TimeOfDay(0, 0)


SLOT_TAKEN = N_(
    "Sorry, slot #{number} was just taken by someone else. Here are the slots that are still free: /book"
)


def day_text(tr: Translator, moment: datetime, now: datetime) -> str:
    local = moment.astimezone(tr.timezone)
    skeleton = "MMMEd" if local.year == now.astimezone(tr.timezone).year else "yMMMEd"
    return str(format_skeleton(skeleton, local, tzinfo=tr.timezone, locale=tr.locale))


def hours_text(tr: Translator, start: datetime, end: datetime) -> str:
    return f"{tr.time(start)}–{tr.time(end)}"


def when_text(tr: Translator, start: datetime, end: datetime, now: datetime) -> str:
    return f"{day_text(tr, start, now)}, {hours_text(tr, start, end)}"


def is_link(place: str) -> bool:
    parts = urlsplit(place)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(ch.isspace() or ch in "<>|\"'" for ch in place)
    )


def place_text(place: str) -> Text:
    if is_link(place):
        return Text((Span(place, SpanKind.LINK, url=place),))
    return Text.user(place)


def where_blocks(tr: Translator, place: str | None) -> list[Block]:
    if not place:
        return []
    return [Note(tr._t("Where: {place}", place=place_text(place)))]


def day_name(tr: Translator, weekday: int) -> str:
    return str(get_day_names("wide", locale=tr.locale)[weekday])


def zone_note(tr: Translator) -> Note:
    return Note(
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


def reminder_note(ctx: Context) -> list[Block]:
    offsets = [m for m in ctx.programme.reminder_minutes if m > 0]
    if not offsets:
        return []
    return [
        Note(
            ctx.tr._t(
                "I will remind you {times} before.",
                times=_reminder_phrase(ctx.tr, offsets),
            )
        )
    ]


def programme_time_tr(ctx: Context) -> Translator:
    """Coordinators type times in the programme's time zone, so that is how we show them."""
    return Translator(ctx.tr.locale, ctx.workspace.timezone)


def calendar_line(tr: Translator, url: str) -> Section:
    label = tr._("calendar file (.ics)")
    return Section(
        tr._t("Add it to your calendar: {link}", link=Span(label, SpanKind.LINK, url=url))
    )


def slot_line(tr: Translator, slot: Slot, host: Span, now: datetime, *, day: bool = True) -> Text:
    return tr._t(
        "Feedback slot #{number} · {when} · with {host}",
        number=slot.number,
        when=when_text(tr, slot.starts_at, slot.ends_at, now)
        if day
        else hours_text(tr, slot.starts_at, slot.ends_at),
        host=host,
    )


def cafe_line(tr: Translator, cafe: Cafe, host: Span, now: datetime, *, day: bool = True) -> Text:
    return tr._t(
        "Writing café #{number}: {title} · {when} · hosted by {host}",
        number=cafe.number,
        title=cafe.title,
        when=when_text(tr, cafe.starts_at, cafe.ends_at, now)
        if day
        else hours_text(tr, cafe.starts_at, cafe.ends_at),
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


def draft_blocks(tr: Translator, booking: Booking) -> list[Block]:
    if not booking.draft:
        return [Note(tr._t("No draft attached yet."))]
    draft = booking.draft
    if len(draft) > DRAFT_EXCERPT_CHARS:
        draft = draft[: DRAFT_EXCERPT_CHARS - 1] + "…"
    return [Quote(draft)]


def feed_blocks(tr: Translator, link: str) -> list[Block]:
    return [
        Section(
            tr._t(
                "Your private calendar feed: {link}",
                link=Span(link, SpanKind.LINK, url=link),
            )
        ),
        Note(
            tr._t(
                "Subscribe to it in Outlook, Google Calendar or Apple Calendar and your bookings appear there. Keep it to yourself: anyone with the link can see your bookings. /chorus calendar reset replaces it."
            )
        ),
    ]
