"""Booking feedback slots and writing-café seats, and publishing them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bookings.ports import SERIES_WEEKS_DEFAULT, SLOT_MINUTES_DEFAULT, BookableKind
from bot.commands import Command
from bot.time.timeparse import TimeOfDay, When


@dataclass(frozen=True)
class ListBookables(Command):
    """``/book``: free drop-in slots and writing cafés, soonest first, with Book buttons."""

    page: int = 1


@dataclass(frozen=True)
class ListMyBookings(Command):
    """My upcoming bookings and waitlist places."""


@dataclass(frozen=True)
class BookSlot(Command):
    """Book a drop-in feedback slot."""

    number: int


@dataclass(frozen=True)
class BookCafeSeat(Command):
    """Take a seat at a writing café, or a place on its waitlist when it is full."""

    number: int


@dataclass(frozen=True)
class CancelBooking(Command):
    """Give back my slot or café seat (or leave the waitlist)."""

    kind: BookableKind
    number: int


@dataclass(frozen=True)
class AttachDraft(Command):
    """Attach what I want feedback on to my booking, for the host to read first."""

    kind: BookableKind
    number: int
    text: str


@dataclass(frozen=True)
class OpenDraftForm(Command):
    """Show the form for attaching a draft to my booking."""

    kind: BookableKind
    number: int


@dataclass(frozen=True)
class AddSlot(Command):
    """Coordinators: publish one drop-in slot (in the workspace's time zone)."""

    when: When
    minutes: int | None = None  # None: the default length, or the end given in ``when``
    place: str | None = None


@dataclass(frozen=True)
class AddSlotSeries(Command):
    """Coordinators: publish weekly slots, e.g. Tuesdays 14:00-15:00 in 15-minute slots."""

    weekday: int  # Monday is 0
    start: TimeOfDay
    end: TimeOfDay
    minutes: int = SLOT_MINUTES_DEFAULT
    weeks: int = SERIES_WEEKS_DEFAULT
    place: str | None = None


@dataclass(frozen=True)
class SetSlotCap(Command):
    """Coordinators: how many slots one member may hold booked in one week (None: show it)."""

    per_week: int | None = None


@dataclass(frozen=True)
class ListSlots(Command):
    """Coordinators: the upcoming slots, booked or free, with Cancel buttons."""

    page: int = 1


@dataclass(frozen=True)
class CancelSlot(Command):
    """Coordinators: cancel a slot; its booker is told, with the note as an apology."""

    number: int
    note: str | None = None


@dataclass(frozen=True)
class CancelSeries(Command):
    """Coordinators: cancel every slot still to come in a series."""

    number: int
    note: str | None = None


@dataclass(frozen=True)
class AddCafe(Command):
    """Coordinators: publish a writing café."""

    when: When
    capacity: int
    title: str
    minutes: int | None = None
    place: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class OpenCafeForm(Command):
    """Coordinators: show the writing-café form."""


@dataclass(frozen=True)
class CancelCafe(Command):
    """Coordinators: cancel a café; everyone with a seat or on the waitlist is told."""

    number: int
    note: str | None = None


@dataclass(frozen=True)
class ShowBookings(Command):
    """Coordinators: upcoming bookings per day, with the drafts attached."""

    day: When | None = None


@dataclass(frozen=True)
class ShowCalendarFeed(Command):
    """My private calendar feed URL (issued on first use)."""


@dataclass(frozen=True)
class ResetCalendarFeed(Command):
    """Revoke my calendar links and issue a new feed URL."""
