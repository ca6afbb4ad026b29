"""Calendar files (.ics) for bookings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PRODUCT_ID = "-//Chorus//chorus-bot//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One event as a calendar shows it."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    description: str | None = None
    url: str | None = None
    cancelled: bool = False


def calendar_file(
    events: Sequence[CalendarEvent], *, name: str, zone: ZoneInfo, stamp: datetime
) -> bytes:
    """An ``.ics`` file with ``events`` shown in ``zone``; ``stamp`` is when it was made."""
    import icalendar  # only when a calendar is asked for: commands start faster without it

    calendar = icalendar.Calendar.new(prodid=PRODUCT_ID, name=name, method="PUBLISH")
    for event in events:
        calendar.add_component(
            icalendar.Event.new(
                uid=event.uid,
                summary=event.summary,
                start=_wall_clock(event.starts_at, zone),
                end=_wall_clock(event.ends_at, zone),
                stamp=stamp,
                location=event.location,
                description=event.description,
                url=event.url,
                status=icalendar.STATUS.CANCELLED
                if event.cancelled
                else icalendar.STATUS.CONFIRMED,
            )
        )
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _wall_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` on the clocks of ``zone`` — unless that wall-clock time happens twice (the
    night the clocks go back) and a calendar would read it as the first one: then UTC."""
    local = moment.astimezone(zone)
    if local.replace(fold=0).astimezone(UTC) != moment.astimezone(UTC):
        return moment.astimezone(UTC)
    return local
