"""Job schedules: cron expressions, friendly day-and-time words, durations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.errors import UsageError
from bot.i18n import N_

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


_DAY_ALIASES = {
    # English, Danish, Dutch, each with short forms
    **{d: d for d in DAYS},
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "man": "mon",
    "tir": "tue",
    "ons": "wed",
    "tor": "thu",
    "fre": "fri",
    "lør": "sat",
    "søn": "sun",
    "mandag": "mon",
    "tirsdag": "tue",
    "onsdag": "wed",
    "torsdag": "thu",
    "fredag": "fri",
    "lørdag": "sat",
    "søndag": "sun",
    "ma": "mon",
    "di": "tue",
    "wo": "wed",
    "do": "thu",
    "vr": "fri",
    "za": "sat",
    "zo": "sun",
    "maandag": "mon",
    "dinsdag": "tue",
    "woensdag": "wed",
    "donderdag": "thu",
    "vrijdag": "fri",
    "zaterdag": "sat",
    "zondag": "sun",
    "weekdays": "mon-fri",
    "hverdage": "mon-fri",
    "werkdagen": "mon-fri",
    "daily": "*",
    "dagligt": "*",
    "dagelijks": "*",
}


_DURATION = re.compile(r"^(\d+)\s*(m|min|h|d|w)$")


_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def trigger(cron: str, timezone: str) -> CronTrigger:
    """A cron trigger (minute hour day month weekday) in ``timezone``; ValueError if bad."""
    return CronTrigger.from_crontab(cron, timezone=ZoneInfo(timezone))


def parse_duration(text: str) -> timedelta:
    """``"6h"``, ``"30m"``, ``"1d"``, ``"2w"`` → a timedelta; ValueError otherwise."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise ValueError(f"not a duration: {text!r} (use 30m, 6h, 1d or 2w)")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def friendly_cron(days: str, time: str) -> str:
    """``("mon,thu", "09:30")`` → ``"30 9 * * mon,thu"``; UsageError with an example."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", time.strip())
    parts = [p for p in re.split(r"[,\s]+", days.strip().casefold()) if p]
    mapped = [_DAY_ALIASES.get(p) for p in parts]
    if (
        not match
        or not parts
        or None in mapped
        or int(match.group(1)) > 23
        or int(match.group(2)) > 59
    ):
        raise UsageError(
            N_(
                "Give days and a time, for example: /chorus schedule set weekly-prompt mon 09:00 (or weekdays 08:30)."
            )
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    day_field = "*" if "*" in mapped else ",".join(m for m in mapped if m)
    return f"{minute} {hour} * * {day_field}"


@dataclass(frozen=True)
class Schedule:
    """A job's schedule in one workspace."""

    cron: str
    timezone: str
    paused: bool = False

    @property
    def zone(self) -> ZoneInfo:
        """The workspace's time zone."""
        return ZoneInfo(self.timezone)

    def fires(self, after: datetime, until: datetime, *, limit: int = 10_000) -> list[datetime]:
        """Fire times in ``(after, until]``, oldest first, each instant once.

        Cron is a wall-clock rule, so the arithmetic runs on wall-clock times (with UTC
        standing in as a zone without DST) and only then meets the real zone: a wall time
        that happens twice when clocks go back fires once (the first time); one that never
        happens when clocks go forward fires an hour later, unless that instant already
        fires."""
        zone = ZoneInfo(self.timezone)
        wall_cron = CronTrigger.from_crontab(self.cron, timezone=UTC)
        wall = _as_wall(after, zone) - timedelta(hours=2)
        end = _as_wall(until, zone) + timedelta(hours=2)
        found: set[datetime] = set()
        for _ in range(limit):
            nxt = wall_cron.get_next_fire_time(None, wall + timedelta(seconds=1))
            if nxt is None or nxt > end:
                break
            real = nxt.replace(tzinfo=zone, fold=0).astimezone(UTC)
            if after < real <= until:
                found.add(real)
            wall = nxt
        return sorted(found)

    def next_fire(self, after: datetime) -> datetime | None:
        """The first fire strictly after ``after``."""
        for horizon in (timedelta(days=8), timedelta(days=400)):
            fires = self.fires(after, after + horizon, limit=100_000)
            if fires:
                return fires[0]
        return None


def _as_wall(moment: datetime, zone: ZoneInfo) -> datetime:
    """The wall-clock reading at ``moment`` in ``zone``, labelled UTC for arithmetic."""
    return moment.astimezone(zone).replace(tzinfo=UTC)
