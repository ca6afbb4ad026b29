"""The words of `/book` and of `/chorus slot|cafe|bookings|calendar`, and the booking forms."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from bot.bookings.commands import (
    AddCafe,
    AddSlot,
    AddSlotSeries,
    AttachDraft,
    BookCafeSeat,
    BookSlot,
    CancelBooking,
    CancelCafe,
    CancelSeries,
    CancelSlot,
    ListBookables,
    ListMyBookings,
    ListSlots,
    OpenCafeForm,
    OpenDraftForm,
    ResetCalendarFeed,
    SetSlotCap,
    ShowBookings,
    ShowCalendarFeed,
)
from bot.bookings.ports import SERIES_WEEKS_DEFAULT, SLOT_MINUTES_DEFAULT, BookableKind
from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import NUMBER, LineParser, WordParser
from bot.i18n import N_
from bot.time.timeparse import parse_when, take_time_range, take_when, weekday_of

BOOKING_WORDS = ("slot", "slots", "cafe", "café", "cafes", "cafés", "bookings", "calendar")


_KINDS = {"slot": BookableKind.SLOT, "cafe": BookableKind.CAFE, "café": BookableKind.CAFE}


_KIND_NUMBER = re.compile(
    r"^(slot|cafe|café)\s+#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL | re.IGNORECASE
)


_NUMBER_NOTE = re.compile(r"^#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL)


_MINUTE_UNITS = frozenset({"m", "min", "mins", "minute", "minutes", "minut", "minutter", "minuten"})


_WEEK_UNITS = frozenset({"w", "wk", "week", "weeks", "uge", "uger", "weken"})


_SEAT_UNITS = frozenset(
    {"seat", "seats", "plads", "pladser", "plaats", "plaatsen", "plekken", "people", "personer"}
)


_AMOUNT = re.compile(r"^(\d{1,4})([a-zæøå]*)$")


_PLACE_PREFIXES = ("at ", "@ ", "på ", "op ")


BOOK_USAGE = N_(
    "Use /book to see the free slots and cafés, /book slot N or /book cafe N to book, /book cancel slot N to cancel, /book attach slot N to attach a draft, and /book mine for your bookings."
)


SLOT_ADD_EXAMPLE = N_(
    "Say when the slot starts, for example: /chorus slot add 2026-12-01 14:00 15 Room 4.12 (date, time, minutes, then a room or a meeting link; in the programme's time zone)."
)


SERIES_EXAMPLE = N_(
    "Describe the weekly slots like this: /chorus slot series tue 14:00-15:00 15 8 Room 4.12 (weekday, hours, minutes per slot, number of weeks, then a room or a meeting link)."
)


CAFE_EXAMPLE = N_(
    "Describe the café like this: /chorus cafe add 2026-12-03 15:00 90 8 Writing café | Room 4.12 | Your first post (when, minutes, seats, title | place | topic), or type /chorus cafe add alone for a form."
)


def _parse_book(rest: str) -> Command:
    """``/book``, ``/book slot 12``, ``/book cafe 3``, ``/book cancel slot 12``,
    ``/book attach slot 12 TEXT``, ``/book mine``, ``/book list 2``."""
    if not rest:
        return ListBookables()
    word, _, args = rest.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        args = more + " " + args
    sub = word.casefold()
    args = args.strip()
    if sub in ("list", "more", "page"):
        if not args:
            return ListBookables()
        if args.isdigit():
            return ListBookables(page=max(1, int(args)))
    if sub in ("mine", "my") and args.casefold() in ("", "bookings"):
        return ListMyBookings()
    if sub in _KINDS:
        match = NUMBER.match(args)
        if not match:
            raise UsageError(
                N_("Tell me which one by its number, for example: /book {kind} 3"), kind=sub
            )
        number = int(match.group(1))
        return BookSlot(number) if _KINDS[sub] is BookableKind.SLOT else BookCafeSeat(number)
    if sub == "cancel":
        kind, number, _ = _kind_number(args, example="/book cancel slot 12")
        return CancelBooking(kind, number)
    if sub in ("attach", "draft"):
        kind, number, text = _kind_number(args, example="/book attach slot 12")
        return AttachDraft(kind, number, text) if text else OpenDraftForm(kind, number)
    raise UsageError(BOOK_USAGE)


def _kind_number(args: str, *, example: str) -> tuple[BookableKind, int, str]:
    match = _KIND_NUMBER.match(args.strip())
    if not match:
        raise UsageError(
            N_("Say slot or cafe and its number, for example: {example}"), example=example
        )
    return _KINDS[match.group(1).casefold()], int(match.group(2)), (match.group(3) or "").strip()


def _parse_booking_admin(sub: str, args: str) -> Command:
    """``/chorus slot …``, ``/chorus cafe …``, ``/chorus bookings [DAY]``,
    ``/chorus calendar [reset]``."""
    word, _, rest = args.partition(" ")
    action = word.casefold()
    rest = rest.strip()
    if sub == "bookings":
        return ShowBookings(parse_when(args, need_time=False) if args else None)
    if sub == "calendar":
        if not args:
            return ShowCalendarFeed()
        if action in ("reset", "new", "revoke") and not rest:
            return ResetCalendarFeed()
        raise UsageError(N_("Use /chorus calendar, or /chorus calendar reset for a new link."))
    if sub in ("slot", "slots"):
        return _parse_slot(action, rest)
    return _parse_cafe(action, rest)


SLOT_CAP_EXAMPLE = N_(
    "Tell me how many slots one member may have booked in one week, for example: /chorus slot cap 2"
)


def _parse_slot(action: str, rest: str) -> Command:
    if action == "add":
        if not rest:
            raise UsageError(SLOT_ADD_EXAMPLE)
        when, after = take_when(rest)
        minutes, place = _minutes_and_place(after)
        return AddSlot(when, minutes, place)
    if action in ("cap", "limit"):
        if not rest:
            return SetSlotCap()
        if not rest.isdigit():
            raise UsageError(SLOT_CAP_EXAMPLE)
        return SetSlotCap(int(rest))
    if action == "series":
        first, _, more = rest.partition(" ")
        if first.casefold() == "cancel":
            return _numbered(CancelSeries, more, example="/chorus slot series cancel 2")
        return _parse_series(rest)
    if action == "cancel":
        first, _, more = rest.partition(" ")
        if first.casefold() == "series":
            return _numbered(CancelSeries, more, example="/chorus slot cancel series 2")
        return _numbered(CancelSlot, rest, example="/chorus slot cancel 12 Sorry, I'm ill today")
    if action in ("", "list"):
        if not rest:
            return ListSlots()
        if rest.isdigit():
            return ListSlots(page=max(1, int(rest)))
    raise UsageError(
        N_(
            "Use /chorus slot add YYYY-MM-DD HH:MM [MINUTES], /chorus slot series, /chorus slot list, /chorus slot cancel N or /chorus slot cap N."
        )
    )


def _parse_cafe(action: str, rest: str) -> Command:
    if action == "add":
        if not rest:
            return OpenCafeForm()
        when, after = take_when(rest)
        minutes, seats, text = _cafe_amounts(after)
        title, place, topic = ([*(part.strip() for part in text.split("|")), "", ""])[:3]
        if not title:
            raise UsageError(CAFE_EXAMPLE)
        return AddCafe(when, seats, title, minutes, place or None, topic or None)
    if action == "cancel":
        return _numbered(CancelCafe, rest, example="/chorus cafe cancel 3 Sorry, I'm ill today")
    raise UsageError(N_("Use /chorus cafe add (a form), or /chorus cafe cancel N."))


def _numbered(make: Callable[[int, str | None], Command], text: str, *, example: str) -> Command:
    match = _NUMBER_NOTE.match(text.strip())
    if not match:
        raise UsageError(
            N_("Tell me which one by its number, then an optional note, for example: {example}"),
            example=example,
        )
    note = (match.group(2) or "").strip()
    return make(int(match.group(1)), note or None)


def _amount(words: list[str], index: int) -> tuple[int, str, int] | None:
    """A number with an optional unit (``15``, ``15min``, ``15 min``, ``8 seats``)."""
    if index >= len(words):
        return None
    match = _AMOUNT.match(words[index].casefold())
    if not match:
        return None
    unit = match.group(2)
    used = 1
    following = words[index + 1].casefold() if index + 1 < len(words) else ""
    if not unit and following in _MINUTE_UNITS | _WEEK_UNITS | _SEAT_UNITS:
        unit, used = following, 2
    if unit and unit not in _MINUTE_UNITS | _WEEK_UNITS | _SEAT_UNITS:
        return None
    return int(match.group(1)), unit, index + used


def _place_text(words: list[str], index: int) -> str | None:
    place = " ".join(words[index:]).strip()
    for prefix in _PLACE_PREFIXES:
        if place.casefold().startswith(prefix):
            place = place[len(prefix) :].strip()
    return place or None


def _minutes_and_place(text: str) -> tuple[int | None, str | None]:
    words = text.split()
    found = _amount(words, 0)
    if found is None or (found[1] and found[1] not in _MINUTE_UNITS):
        return None, _place_text(words, 0)
    return found[0], _place_text(words, found[2])


def _parse_series(text: str) -> Command:
    words = text.split()
    if words and words[0].casefold() in ("every", "hver", "elke", "on"):
        words = words[1:]
    weekday = weekday_of(words[0]) if words else None
    if weekday is None:
        raise UsageError(SERIES_EXAMPLE)
    start, end, rest = take_time_range(" ".join(words[1:]))
    words = rest.split()
    minutes: int | None = None
    weeks: int | None = None
    index = 0
    while index < len(words):
        word = words[index].casefold()
        if word in ("every", "hver", "elke", "for", "i", "voor", "x"):
            following = _amount(words, index + 1)
            if following is None:
                break
            index += 1
            continue
        found = _amount(words, index)
        if found is None:
            break
        value, unit, index = found
        if unit in _WEEK_UNITS or (not unit and minutes is not None):
            if weeks is not None:
                raise UsageError(SERIES_EXAMPLE)
            weeks = value
        elif unit in _SEAT_UNITS:
            raise UsageError(SERIES_EXAMPLE)
        else:
            if minutes is not None:
                raise UsageError(SERIES_EXAMPLE)
            minutes = value
    return AddSlotSeries(
        weekday,
        start,
        end,
        SLOT_MINUTES_DEFAULT if minutes is None else minutes,
        SERIES_WEEKS_DEFAULT if weeks is None else weeks,
        _place_text(words, index),
    )


def _cafe_amounts(text: str) -> tuple[int | None, int, str]:
    """After a café's time: ``[MINUTES] SEATS`` (units make the order free), then the rest."""
    matches = list(re.finditer(r"\S+", text))
    words = [m.group(0) for m in matches]
    minutes: int | None = None
    seats: int | None = None
    bare: list[int] = []
    index = 0
    while index < len(words) and len(bare) + (minutes is not None) + (seats is not None) < 2:
        found = _amount(words, index)
        if found is None:
            break
        value, unit, index = found
        if unit in _SEAT_UNITS:
            seats = value
        elif unit in _MINUTE_UNITS:
            minutes = value
        elif unit:
            raise UsageError(CAFE_EXAMPLE)
        else:
            bare.append(value)
    if seats is None and bare:
        seats = bare.pop()
    if minutes is None and bare:
        minutes = bare.pop()
    if seats is None:
        raise UsageError(CAFE_EXAMPLE)
    rest = text[matches[index].start() :] if index < len(matches) else ""
    return minutes, seats, rest.strip()


def _form_number(values: Mapping[str, str], name: str, message: str) -> int | None:
    text = values.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise UsageError(message, field=name)
    return int(text)


def parse_booking_form(command: str, values: Mapping[str, str]) -> Command | None:
    """The café form and the draft form; None for any other form."""
    if command == "chorus cafe add":
        try:
            when = parse_when(values.get("when", ""))
        except UsageError as error:
            error.field = "when"
            raise
        seats = _form_number(values, "seats", N_("Write the number of seats, for example 8."))
        if seats is None:
            raise UsageError(N_("Write the number of seats, for example 8."), field="seats")
        return AddCafe(
            when,
            seats,
            values.get("title", "").strip(),
            _form_number(values, "minutes", N_("Write the length in minutes, for example 90.")),
            values.get("place", "").strip() or None,
            values.get("topic", "").strip() or None,
        )
    match = re.fullmatch(r"book attach (slot|cafe) (\d{1,9})", command)
    if match:
        return AttachDraft(
            _KINDS[match.group(1)], int(match.group(2)), values.get("draft", "").strip()
        )
    return None


WORDS: dict[str, LineParser] = {"book": _parse_book}
CHORUS_WORDS: dict[str, WordParser] = dict.fromkeys(BOOKING_WORDS, _parse_booking_admin)
