"""Dates and times as members type them, in English, Danish and Dutch."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale

from bot.errors import UsageError
from bot.i18n import N_

BAD_WHEN = N_(
    "I can't read “{text}” as a day and a time. Write it like 2026-12-01 14:00, tomorrow 14:00 or tue 2pm."
)


BAD_DAY = N_("I can't read “{text}” as a day. Write it like 2026-12-01, tomorrow or tue.")


NO_SUCH_DATE = N_("There is no date {text} in the calendar. Write it like 2026-12-01 14:00.")


BAD_RANGE = N_("I can't read “{text}” as a time range. Write it like 14:00-15:00.")


END_BEFORE_START = N_("The end ({end}) must be after the start ({start}).")


# Every weekday name and relative day in the three languages is understood whoever types
# it; only the order of day and month in ``1/12`` depends on how the programme writes dates.
_WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("monday", "mandag", "maandag"),
    1: ("tuesday", "tirsdag", "dinsdag"),
    2: ("wednesday", "onsdag", "woensdag"),
    3: ("thursday", "torsdag", "donderdag"),
    4: ("friday", "fredag", "vrijdag"),
    5: ("saturday", "lørdag", "zaterdag"),
    6: ("sunday", "søndag", "zondag"),
}


_RELATIVE_ONE_WORD = {
    "today": 0,
    "tomorrow": 1,
    "idag": 0,
    "imorgen": 1,
    "overmorgen": 2,
    "vandaag": 0,
    "morgen": 1,
}


_RELATIVE_TWO_WORDS = {("i", "dag"): 0, ("i", "morgen"): 1, ("i", "overmorgen"): 2}


_TIME_PREFIXES = frozenset({"at", "kl.", "kl", "om", "@", "klokken"})


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


_ISO_DATETIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[tT](\d{1,2}:\d{2})$")


_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{2}|\d{4}))?\.?$")


_DAY_NUMBER = re.compile(r"^(\d{1,2})\.?,?$")


_YEAR = re.compile(r"^(\d{4}),?$")


_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


_TWELVE_HOUR = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s?(am|pm|a\.m\.|p\.m\.)$")


_DUTCH_HOUR = re.compile(r"^(\d{1,2})u(\d{2})?$")


_BARE_HOUR = re.compile(r"^(\d{1,2})$")


_RANGE_SPLIT = re.compile(r"^(.+?)\s*[-–]\s*(.+)$")


_RANGE_WORDS = frozenset({"-", "–", "to", "til", "tot", "until"})


@dataclass(frozen=True)
class TimeOfDay:
    """A wall-clock time."""

    hour: int
    minute: int = 0

    def as_time(self) -> time:
        """As a :class:`datetime.time`."""
        return time(self.hour, self.minute)

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class IsoDate:
    """``2026-12-01``."""

    year: int
    month: int
    day: int


@dataclass(frozen=True)
class NumericDate:
    """``1/12`` or ``1.12.2026``. With dots or dashes the day comes first everywhere; with
    a slash the programme's way of writing dates decides (see :func:`reads_day_first`)."""

    first: int
    second: int
    year: int | None = None
    slash: bool = True


@dataclass(frozen=True)
class NamedMonthDate:
    """``1 dec``, ``dec 1``, ``1. december 2026``."""

    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True)
class RelativeDay:
    """``today`` (0), ``tomorrow`` (1), ``overmorgen`` (2)."""

    days: int


@dataclass(frozen=True)
class Weekday:
    """``tue``, ``tirsdag``, ``di``: the soonest such day that is still to come."""

    weekday: int  # Monday is 0


DaySpec = IsoDate | NumericDate | NamedMonthDate | RelativeDay | Weekday


@dataclass(frozen=True)
class When:
    """A day and (usually) a time as typed; :func:`resolve` makes it a moment."""

    day: DaySpec
    time: TimeOfDay | None
    text: str  # as the member typed it, for error messages
    until: TimeOfDay | None = None  # ``14:00-14:30``: the end, on the same day


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word.casefold())


@cache
def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in ("en", "da", "nl"):
        data = Locale.parse(locale)
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for number, name in data.months[context][width].items():
                    names[_fold(name).rstrip(".")] = int(number)
    names.update({"sept": 9, "mrt": 3, "maa": 3})
    return names


def weekday_of(word: str) -> int | None:
    """Monday=0 … Sunday=6 for a weekday name, abbreviation or plural in en/da/nl."""
    token = _fold(word).rstrip(".,")
    if len(token) < 2:
        return None
    found = {
        number
        for number, names in _WEEKDAYS.items()
        for name in names
        if name.startswith(token) or (token.startswith(name) and len(token) <= len(name) + 2)
    }
    return found.pop() if len(found) == 1 else None


def _tokens(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S+", text))


def _take_day(words: list[str], index: int) -> tuple[DaySpec, int] | None:
    if index >= len(words):
        return None
    word = words[index].rstrip(",")
    if index + 1 < len(words) and (word, words[index + 1].rstrip(",")) in _RELATIVE_TWO_WORDS:
        return RelativeDay(_RELATIVE_TWO_WORDS[(word, words[index + 1].rstrip(","))]), index + 2
    if word in _RELATIVE_ONE_WORD:
        return RelativeDay(_RELATIVE_ONE_WORD[word]), index + 1
    if match := _ISO_DATE.match(word):
        return IsoDate(*(int(g) for g in match.groups())), index + 1
    if match := _NUMERIC_DATE.match(word):
        first, separator, second, year_text = match.groups()
        return NumericDate(int(first), int(second), _year(year_text), separator == "/"), index + 1
    named = _take_named_month(words, index)
    if named is not None:
        return named
    weekday = weekday_of(word)
    if weekday is not None:
        return Weekday(weekday), index + 1
    return None


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return 2000 + int(text) if len(text) == 2 else int(text)


def _take_named_month(words: list[str], index: int) -> tuple[DaySpec, int] | None:
    months = _month_names()
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else ""
    day_match = _DAY_NUMBER.match(word)
    month: int | None
    if day_match and following.rstrip(".,") in months:
        day, month, used = int(day_match.group(1)), months[following.rstrip(".,")], 2
    else:
        month = months.get(word.rstrip(".,"))
        day_match = _DAY_NUMBER.match(following)
        if month is None or not day_match:
            return None
        day, used = int(day_match.group(1)), 2
    year: int | None = None
    if index + used < len(words) and (year_match := _YEAR.match(words[index + used])):
        year, used = int(year_match.group(1)), used + 1
    return NamedMonthDate(month, day, year), index + used


def _time_token(word: str, *, bare_hour: bool) -> TimeOfDay | None:
    hour: int
    minute: int
    if match := _CLOCK.match(word):
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := _TWELVE_HOUR.match(word):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3).startswith("p") else 0)
    elif match := _DUTCH_HOUR.match(word):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    elif bare_hour and (match := _BARE_HOUR.match(word)):
        hour, minute = int(match.group(1)), 0
    else:
        return None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return TimeOfDay(hour, minute)


def _take_time(words: list[str], index: int) -> tuple[TimeOfDay, TimeOfDay | None, int] | None:
    """A time (or a time range) at ``index``: ``14:00``, ``2pm``, ``2 pm``, ``kl. 14``,
    ``14u30``, ``14:00-14:30``."""
    prefixed = index < len(words) and words[index] in _TIME_PREFIXES
    start = index + 1 if prefixed else index
    if start >= len(words):
        return None
    pair = _range_from(words, start)
    if pair is not None:
        first, until, end = pair
        return first, until, end
    word = words[start]
    if start + 1 < len(words) and words[start + 1] in ("am", "pm", "a.m.", "p.m."):
        word, start = f"{word}{words[start + 1]}", start + 1
    single = _time_token(word, bare_hour=prefixed)
    if single is not None:
        return single, None, start + 1
    return None


def _range_from(words: list[str], index: int) -> tuple[TimeOfDay, TimeOfDay, int] | None:
    word = words[index]
    if match := _RANGE_SPLIT.match(word):
        first = _time_token(match.group(1), bare_hour=True)
        second = _time_token(match.group(2), bare_hour=True)
        if first and second:
            return first, second, index + 1
    if index + 2 < len(words) and words[index + 1] in _RANGE_WORDS:
        first = _time_token(word, bare_hour=True)
        second = _time_token(words[index + 2], bare_hour=True)
        if first and second:
            return first, second, index + 3
    return None


def _split_iso_datetime(text: str) -> str:
    # ``2026-12-01T14:00`` is one token on the wire and two for us.
    return " ".join(
        (f"{m.group(1)} {m.group(2)}" if (m := _ISO_DATETIME.match(token)) else token)
        for token in text.split(" ")
    )


def take_when(text: str, *, need_time: bool = True) -> tuple[When, str]:
    """Read a day and time from the start of ``text``; return it and the rest of the text.

    Raises :class:`UsageError` with an example when the start is not a day (and time)."""
    text = _split_iso_datetime(text.strip())
    matches = _tokens(text)
    words = [_fold(m.group(0)) for m in matches]
    example = BAD_WHEN if need_time else BAD_DAY
    day = _take_day(words, 0)
    if day is None:
        raise UsageError(example, text=_shown(text))
    spec, index = day
    found = _take_time(words, index)
    if found is None:
        if need_time:
            raise UsageError(BAD_WHEN, text=_shown(text))
        at: TimeOfDay | None = None
        until: TimeOfDay | None = None
    else:
        at, until, index = found
    typed = text[: matches[index - 1].end()] if index else ""
    rest = text[matches[index].start() :] if index < len(matches) else ""
    return When(spec, at, typed, until), rest.strip()


def parse_when(text: str, *, need_time: bool = True) -> When:
    """The whole of ``text`` as a day and time (nothing may follow)."""
    when, rest = take_when(text, need_time=need_time)
    if rest:
        raise UsageError(BAD_WHEN if need_time else BAD_DAY, text=_shown(text))
    return when


def take_time_range(text: str) -> tuple[TimeOfDay, TimeOfDay, str]:
    """``14:00-15:00`` (or ``14-15``, ``2pm - 3pm``, ``14:00 til 15:00``) at the start of
    ``text``; returns the start, the end and the rest. The end must be after the start."""
    matches = _tokens(text)
    words = [_fold(m.group(0)) for m in matches]
    pair = _range_from(words, 0) if words else None
    if pair is None:
        raise UsageError(BAD_RANGE, text=_shown(" ".join(w for w in words[:3])))
    start, end, index = pair
    if (end.hour, end.minute) <= (start.hour, start.minute):
        raise UsageError(END_BEFORE_START, start=str(start), end=str(end))
    rest = text[matches[index].start() :] if index < len(matches) else ""
    return start, end, rest.strip()


def _shown(text: str) -> str:
    return text.strip()[:60] or "…"


def day_first(locale: str) -> bool:
    """Whether the locale writes the day before the month (``1/12`` = 1 December)."""
    pattern = str(Locale.parse(locale).date_formats["short"].pattern)
    return pattern.lstrip("'").casefold().startswith("d")


# Zones where month-first dates (12/1 = December 1) are the custom; elsewhere English
# writes the day first too, as most of Europe does.
_MONTH_FIRST_ZONES = ("America/", "US/", "Canada/", "Pacific/Honolulu")


def reads_day_first(locale: str, timezone: str) -> bool:
    """Whether a programme of ``locale`` in ``timezone`` writes ``1/12`` for 1 December:
    Danish and Dutch always do; English does unless the programme is in North America."""
    if day_first(locale):
        return True
    return not timezone.startswith(_MONTH_FIRST_ZONES)


def numeric_readings(when: When, *, day_first_: bool) -> tuple[bool, bool] | None:
    """For a numeric date (``1/12``): whether it is read day first, and whether the other
    reading was possible too; None for any other kind of day."""
    spec = when.day
    if not isinstance(spec, NumericDate):
        return None
    first = day_first_ or not spec.slash
    ambiguous = spec.slash and spec.first != spec.second and max(spec.first, spec.second) <= 12
    return first, ambiguous


def resolve_day(
    when: When, *, locale: str, zone: ZoneInfo, now: datetime, day_first_: bool | None = None
) -> date:
    """The calendar day ``when`` names, for a member of ``locale`` in ``zone``;
    ``day_first_`` overrides the locale's order of day and month in ``1/12``."""
    today = now.astimezone(zone).date()
    spec = when.day
    try:
        match spec:
            case IsoDate(year=year, month=month, day=day):
                return date(year, month, day)
            case NumericDate(first=first, second=second, year=year, slash=slash):
                reading = day_first(locale) if day_first_ is None else day_first_
                day_comes_first = reading or not slash
                day, month = (first, second) if day_comes_first else (second, first)
                return _upcoming(today, month, day, year)
            case NamedMonthDate(month=month, day=day, year=year):
                return _upcoming(today, month, day, year)
            case RelativeDay(days=days):
                return today + timedelta(days=days)
            case Weekday(weekday=weekday):
                ahead = (weekday - today.weekday()) % 7
                candidate = today + timedelta(days=ahead)
                if ahead == 0 and when.time is not None:
                    local_now = now.astimezone(zone)
                    if when.time.as_time() <= local_now.time().replace(tzinfo=None):
                        candidate += timedelta(days=7)
                return candidate
    except ValueError:
        raise UsageError(NO_SUCH_DATE, text=_shown(when.text)) from None
    raise UsageError(BAD_DAY, text=_shown(when.text))


def _upcoming(today: date, month: int, day: int, year: int | None) -> date:
    if year is not None:
        return date(year, month, day)
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def resolve(
    when: When, *, locale: str, zone: ZoneInfo, now: datetime, day_first_: bool | None = None
) -> datetime:
    """The moment ``when`` names (UTC), read in ``zone`` the way ``locale`` writes dates
    (or day first / month first as ``day_first_`` says)."""
    if when.time is None:
        raise UsageError(BAD_WHEN, text=_shown(when.text))
    day = resolve_day(when, locale=locale, zone=zone, now=now, day_first_=day_first_)
    return at_local(day, when.time, zone)


def at_local(day: date, moment: TimeOfDay, zone: ZoneInfo) -> datetime:
    """``moment`` on ``day`` on the wall clocks of ``zone``, as a UTC datetime."""
    return datetime.combine(day, moment.as_time(), tzinfo=zone).astimezone(UTC)
