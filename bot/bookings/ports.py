"""Slots, cafés, bookings and calendar links, and where they are kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

SLOT_MINUTES_DEFAULT = 15


SLOT_MINUTES_MAX = 240


CAFE_MINUTES_DEFAULT = 60


SERIES_WEEKS_DEFAULT = 8


SERIES_WEEKS_MAX = 52


SERIES_SLOTS_MAX = 200


CAFE_CAPACITY_MAX = 500


CAFE_TITLE_MAX_CHARS = 120


CAFE_TOPIC_MAX_CHARS = 500


PLACE_MAX_CHARS = 300


CANCEL_NOTE_MAX_CHARS = 500


BOOKING_DRAFT_MAX_CHARS = 10_000


class BookableKind(Enum):
    """What a member can book: a 1:1 drop-in feedback slot or a seat at a writing café."""

    SLOT = "slot"
    CAFE = "cafe"


class OfferStatus(Enum):
    """Whether a slot or café can still be booked."""

    OPEN = "open"
    CANCELLED = "cancelled"


class BookingStatus(Enum):
    """A booking holds its slot or café seat, waits for a café seat, or is gone."""

    ACTIVE = "active"
    WAITING = "waiting"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class SlotSeries:
    """Recurring drop-in slots published together, so they can be cancelled together."""

    id: int
    workspace_id: int
    number: int
    coordinator_id: int
    created_at: datetime


@dataclass(frozen=True)
class Slot:
    """A drop-in feedback slot: one coordinator, one booking at most."""

    id: int
    workspace_id: int
    number: int
    coordinator_id: int
    starts_at: datetime
    ends_at: datetime
    status: OfferStatus
    place: str | None = None  # a room, or an online meeting link
    series_id: int | None = None
    series_number: int | None = None
    cancel_note: str | None = None
    booked_by_id: int | None = None  # the member holding the active booking, if any
    booked_at: datetime | None = None  # when that booking was made


@dataclass(frozen=True)
class NewSlot:
    """A slot about to be stored."""

    workspace_id: int
    coordinator_id: int
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    series_id: int | None = None


@dataclass(frozen=True)
class Cafe:
    """A writing café: a hosted session with ``capacity`` seats and a waitlist."""

    id: int
    workspace_id: int
    number: int
    host_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: OfferStatus
    place: str | None = None
    topic: str | None = None
    seats_taken: int = 0
    waiting: int = 0
    cancel_note: str | None = None

    @property
    def seats_left(self) -> int:
        """Free seats right now."""
        return max(0, self.capacity - self.seats_taken)


@dataclass(frozen=True)
class NewCafe:
    """A café about to be stored."""

    workspace_id: int
    host_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    place: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Booking:
    """A member's booking of a slot or a café seat (or their place on its waitlist)."""

    id: int
    workspace_id: int
    member_id: int
    status: BookingStatus
    created_at: datetime
    slot_id: int | None = None
    cafe_id: int | None = None
    draft: str | None = None  # what the member wants feedback on, for the host to read first

    @property
    def kind(self) -> BookableKind:
        """Whether this is a slot booking or a café seat."""
        return BookableKind.SLOT if self.slot_id is not None else BookableKind.CAFE


@dataclass(frozen=True)
class BookingDetail:
    """A booking with the slot or café it is for."""

    booking: Booking
    slot: Slot | None = None
    cafe: Cafe | None = None

    @property
    def starts_at(self) -> datetime:
        """When the slot or café starts."""
        return self.slot.starts_at if self.slot else self._cafe.starts_at

    @property
    def ends_at(self) -> datetime:
        """When it ends."""
        return self.slot.ends_at if self.slot else self._cafe.ends_at

    @property
    def host_id(self) -> int:
        """The coordinator who gives the feedback or hosts the café."""
        return self.slot.coordinator_id if self.slot else self._cafe.host_id

    @property
    def number(self) -> int:
        """The slot's or café's number, as members type it."""
        return self.slot.number if self.slot else self._cafe.number

    @property
    def place(self) -> str | None:
        """Room or link."""
        return self.slot.place if self.slot else self._cafe.place

    @property
    def _cafe(self) -> Cafe:
        assert self.cafe is not None, "a booking is for a slot or a café"
        return self.cafe


@dataclass(frozen=True)
class CalendarToken:
    """A stored calendar token (only its SHA-256 is kept): a member's whole feed, or one
    booking's event."""

    member_id: int
    created_at: datetime
    booking_id: int | None = None


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Whether two half-open time ranges share a moment."""
    return start < other_end and other_start < end


class SlotRepository(Protocol):
    """Drop-in feedback slots and the series they were published in."""

    async def add_series(
        self, workspace_id: int, coordinator_id: int, created_at: datetime
    ) -> SlotSeries:
        """Store a series under the workspace's next series number."""
        ...

    async def series_by_number(self, workspace_id: int, number: int) -> SlotSeries | None: ...

    async def add(self, slot: NewSlot) -> Slot:
        """Store a slot under the workspace's next slot number."""
        ...

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Slot | None:
        """A slot by the number members see. ``lock`` holds it (shared) until the end of the
        transaction, so it cannot be cancelled while a booking for it is being made."""
        ...

    async def get(self, slot_id: int) -> Slot | None: ...

    async def overlapping(
        self, coordinator_id: int, starts_at: datetime, ends_at: datetime
    ) -> list[Slot]:
        """The coordinator's open slots that share a moment with the range."""
        ...

    async def upcoming(
        self,
        workspace_id: int,
        *,
        after: datetime,
        free_only: bool = False,
        series_id: int | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[Slot], int]:
        """Open slots starting after ``after``, soonest first, and how many match."""
        ...

    async def cancel(self, slot_id: int, note: str | None, at: datetime) -> bool:
        """Cancel an open slot; False if it was already cancelled."""
        ...


class CafeRepository(Protocol):
    """Writing cafés and their seat counters."""

    async def add(self, cafe: NewCafe) -> Cafe:
        """Store a café under the workspace's next café number."""
        ...

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Cafe | None:
        """A café by number. ``lock`` holds its row until the end of the transaction, so
        seat changes at one café happen one after another."""
        ...

    async def get(self, cafe_id: int) -> Cafe | None: ...

    async def upcoming(self, workspace_id: int, *, after: datetime, limit: int) -> list[Cafe]:
        """Open cafés starting after ``after``, soonest first."""
        ...

    async def take_seat(self, cafe_id: int) -> bool:
        """Take one seat if one is free (a conditional update, never beyond capacity)."""
        ...

    async def release_seat(self, cafe_id: int) -> None:
        """Give one seat back."""
        ...

    async def cancel(self, cafe_id: int, note: str | None, at: datetime) -> bool:
        """Cancel an open café; False if it was already cancelled."""
        ...


class BookingRepository(Protocol):
    """Bookings of slots and café seats. The database allows one active booking per slot
    and one active or waiting booking per member and café."""

    async def add_for_slot(
        self, workspace_id: int, slot_id: int, member_id: int, at: datetime
    ) -> Booking | None:
        """Book the slot; None if it already has an active booking (someone was quicker)."""
        ...

    async def add_for_cafe(
        self,
        workspace_id: int,
        cafe_id: int,
        member_id: int,
        status: BookingStatus,
        at: datetime,
    ) -> Booking | None:
        """A seat (ACTIVE) or a waitlist place (WAITING); None if the member already has one."""
        ...

    async def get(self, booking_id: int) -> Booking | None: ...

    async def active_for_slot(self, slot_id: int) -> Booking | None: ...

    async def for_cafe(
        self, cafe_id: int, statuses: Sequence[BookingStatus], *, member_id: int | None = None
    ) -> list[Booking]:
        """A café's bookings in these statuses, first come first."""
        ...

    async def set_status(
        self, booking_id: int, status: BookingStatus, at: datetime, *, expected: BookingStatus
    ) -> bool:
        """Move a booking on, only from ``expected``; False if it had moved already."""
        ...

    async def set_draft(self, booking_id: int, draft: str | None) -> None: ...

    async def of_member(
        self, member_id: int, *, ends_after: datetime, statuses: Sequence[BookingStatus]
    ) -> list[BookingDetail]:
        """A member's bookings that have not ended, soonest first."""
        ...

    async def starting_between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: Sequence[BookingStatus],
        workspace_id: int | None = None,
    ) -> list[BookingDetail]:
        """Bookings whose slot or café starts in ``[start, end)``, soonest first."""
        ...

    async def hosted_by(self, host_id: int, *, ends_after: datetime) -> list[BookingDetail]:
        """Active bookings of the slots and cafés a coordinator hosts, soonest first."""
        ...


class CalendarTokenRepository(Protocol):
    """Calendar links. Only a SHA-256 of each token is stored, so a copy of the database
    opens nobody's calendar."""

    async def add(
        self, token_hash: str, member_id: int, booking_id: int | None, created_at: datetime
    ) -> None: ...

    async def find(self, token_hash: str) -> CalendarToken | None: ...

    async def feed_issued_at(self, member_id: int) -> datetime | None:
        """When the member's current feed link was issued, if they have one."""
        ...

    async def revoke_all(self, member_id: int) -> int:
        """Forget every calendar link of the member; returns how many there were."""
        ...
