"""In-memory fakes of the booking ports (slots, cafés, bookings, calendar links), keeping the
same promises as the SQL repositories: one active booking per slot, one held booking per
member and café, and a café seat counter that never passes its capacity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.bookings.ports import (
    Booking,
    BookingDetail,
    BookingStatus,
    Cafe,
    CalendarToken,
    NewCafe,
    NewSlot,
    OfferStatus,
    Slot,
    SlotSeries,
)

_HELD = (BookingStatus.ACTIVE, BookingStatus.WAITING)


@dataclass
class FakeBookingState:
    """Everything booking-related committed so far (part of ``FakeState``)."""

    counters: dict[tuple[int, str], int] = field(default_factory=dict)
    series: dict[int, SlotSeries] = field(default_factory=dict)
    slots: dict[int, Slot] = field(default_factory=dict)
    cafes: dict[int, Cafe] = field(default_factory=dict)
    bookings: dict[int, Booking] = field(default_factory=dict)
    tokens: dict[str, CalendarToken] = field(default_factory=dict)
    next_id: int = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def next_number(self, workspace_id: int, kind: str) -> int:
        number = self.counters.get((workspace_id, kind), 0) + 1
        self.counters[(workspace_id, kind)] = number
        return number

    def slot_view(self, slot: Slot) -> Slot:
        holder = next(
            (
                b
                for b in self.bookings.values()
                if b.slot_id == slot.id and b.status is BookingStatus.ACTIVE
            ),
            None,
        )
        series = self.series.get(slot.series_id) if slot.series_id is not None else None
        return replace(
            slot,
            booked_by_id=holder.member_id if holder else None,
            booked_at=holder.created_at if holder else None,
            series_number=series.number if series else None,
        )

    def cafe_view(self, cafe: Cafe) -> Cafe:
        waiting = sum(
            1
            for b in self.bookings.values()
            if b.cafe_id == cafe.id and b.status is BookingStatus.WAITING
        )
        return replace(cafe, waiting=waiting)

    def detail(self, booking: Booking) -> BookingDetail:
        slot = self.slots.get(booking.slot_id) if booking.slot_id is not None else None
        cafe = self.cafes.get(booking.cafe_id) if booking.cafe_id is not None else None
        return BookingDetail(
            booking,
            self.slot_view(slot) if slot else None,
            self.cafe_view(cafe) if cafe else None,
        )


class FakeSlots:
    def __init__(self, state: FakeBookingState) -> None:
        self.s = state

    async def add_series(
        self, workspace_id: int, coordinator_id: int, created_at: datetime
    ) -> SlotSeries:
        series = SlotSeries(
            self.s.new_id(),
            workspace_id,
            self.s.next_number(workspace_id, "series"),
            coordinator_id,
            created_at,
        )
        self.s.series[series.id] = series
        return series

    async def series_by_number(self, workspace_id: int, number: int) -> SlotSeries | None:
        return next(
            (
                s
                for s in self.s.series.values()
                if s.workspace_id == workspace_id and s.number == number
            ),
            None,
        )

    async def add(self, slot: NewSlot) -> Slot:
        assert slot.ends_at > slot.starts_at, "the database's check constraint"
        stored = Slot(
            self.s.new_id(),
            slot.workspace_id,
            self.s.next_number(slot.workspace_id, "slot"),
            slot.coordinator_id,
            slot.starts_at,
            slot.ends_at,
            OfferStatus.OPEN,
            slot.place,
            slot.series_id,
        )
        self.s.slots[stored.id] = stored
        return self.s.slot_view(stored)

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Slot | None:
        return next(
            (
                self.s.slot_view(s)
                for s in self.s.slots.values()
                if s.workspace_id == workspace_id and s.number == number
            ),
            None,
        )

    async def get(self, slot_id: int) -> Slot | None:
        slot = self.s.slots.get(slot_id)
        return self.s.slot_view(slot) if slot else None

    async def overlapping(
        self, coordinator_id: int, starts_at: datetime, ends_at: datetime
    ) -> list[Slot]:
        return sorted(
            (
                self.s.slot_view(s)
                for s in self.s.slots.values()
                if s.coordinator_id == coordinator_id
                and s.status is OfferStatus.OPEN
                and s.starts_at < ends_at
                and s.ends_at > starts_at
            ),
            key=lambda s: s.starts_at,
        )

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
        found = sorted(
            (
                view
                for view in map(self.s.slot_view, self.s.slots.values())
                if view.workspace_id == workspace_id
                and view.status is OfferStatus.OPEN
                and view.starts_at > after
                and (not free_only or view.booked_by_id is None)
                and (series_id is None or view.series_id == series_id)
            ),
            key=lambda s: (s.starts_at, s.number),
        )
        return found[offset : offset + limit], len(found)

    async def cancel(self, slot_id: int, note: str | None, at: datetime) -> bool:
        slot = self.s.slots[slot_id]
        if slot.status is not OfferStatus.OPEN:
            return False
        self.s.slots[slot_id] = replace(slot, status=OfferStatus.CANCELLED, cancel_note=note)
        return True


class FakeCafes:
    def __init__(self, state: FakeBookingState) -> None:
        self.s = state

    async def add(self, cafe: NewCafe) -> Cafe:
        stored = Cafe(
            self.s.new_id(),
            cafe.workspace_id,
            self.s.next_number(cafe.workspace_id, "cafe"),
            cafe.host_id,
            cafe.title,
            cafe.starts_at,
            cafe.ends_at,
            cafe.capacity,
            OfferStatus.OPEN,
            cafe.place,
            cafe.topic,
        )
        self.s.cafes[stored.id] = stored
        return self.s.cafe_view(stored)

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Cafe | None:
        return next(
            (
                self.s.cafe_view(c)
                for c in self.s.cafes.values()
                if c.workspace_id == workspace_id and c.number == number
            ),
            None,
        )

    async def get(self, cafe_id: int) -> Cafe | None:
        cafe = self.s.cafes.get(cafe_id)
        return self.s.cafe_view(cafe) if cafe else None

    async def upcoming(self, workspace_id: int, *, after: datetime, limit: int) -> list[Cafe]:
        return sorted(
            (
                self.s.cafe_view(c)
                for c in self.s.cafes.values()
                if c.workspace_id == workspace_id
                and c.status is OfferStatus.OPEN
                and c.starts_at > after
            ),
            key=lambda c: (c.starts_at, c.number),
        )[:limit]

    async def take_seat(self, cafe_id: int) -> bool:
        cafe = self.s.cafes[cafe_id]
        if cafe.status is not OfferStatus.OPEN or cafe.seats_taken >= cafe.capacity:
            return False
        self.s.cafes[cafe_id] = replace(cafe, seats_taken=cafe.seats_taken + 1)
        return True

    async def release_seat(self, cafe_id: int) -> None:
        cafe = self.s.cafes[cafe_id]
        self.s.cafes[cafe_id] = replace(cafe, seats_taken=max(0, cafe.seats_taken - 1))

    async def cancel(self, cafe_id: int, note: str | None, at: datetime) -> bool:
        cafe = self.s.cafes[cafe_id]
        if cafe.status is not OfferStatus.OPEN:
            return False
        self.s.cafes[cafe_id] = replace(cafe, status=OfferStatus.CANCELLED, cancel_note=note)
        return True


class FakeBookings:
    def __init__(self, state: FakeBookingState) -> None:
        self.s = state

    def _store(self, booking: Booking) -> Booking:
        self.s.bookings[booking.id] = booking
        return booking

    async def add_for_slot(
        self, workspace_id: int, slot_id: int, member_id: int, at: datetime
    ) -> Booking | None:
        if await self.active_for_slot(slot_id) is not None:
            return None
        return self._store(
            Booking(
                self.s.new_id(), workspace_id, member_id, BookingStatus.ACTIVE, at, slot_id=slot_id
            )
        )

    async def add_for_cafe(
        self,
        workspace_id: int,
        cafe_id: int,
        member_id: int,
        status: BookingStatus,
        at: datetime,
    ) -> Booking | None:
        if await self.for_cafe(cafe_id, _HELD, member_id=member_id):
            return None
        return self._store(
            Booking(self.s.new_id(), workspace_id, member_id, status, at, cafe_id=cafe_id)
        )

    async def get(self, booking_id: int) -> Booking | None:
        return self.s.bookings.get(booking_id)

    async def active_for_slot(self, slot_id: int) -> Booking | None:
        return next(
            (
                b
                for b in self.s.bookings.values()
                if b.slot_id == slot_id and b.status is BookingStatus.ACTIVE
            ),
            None,
        )

    async def for_cafe(
        self, cafe_id: int, statuses: Sequence[BookingStatus], *, member_id: int | None = None
    ) -> list[Booking]:
        return sorted(
            (
                b
                for b in self.s.bookings.values()
                if b.cafe_id == cafe_id
                and b.status in statuses
                and (member_id is None or b.member_id == member_id)
            ),
            key=lambda b: (b.created_at, b.id),
        )

    async def set_status(
        self, booking_id: int, status: BookingStatus, at: datetime, *, expected: BookingStatus
    ) -> bool:
        booking = self.s.bookings[booking_id]
        if booking.status is not expected:
            return False
        self.s.bookings[booking_id] = replace(booking, status=status)
        return True

    async def set_draft(self, booking_id: int, draft: str | None) -> None:
        self.s.bookings[booking_id] = replace(self.s.bookings[booking_id], draft=draft)

    def _sorted(self, details: list[BookingDetail]) -> list[BookingDetail]:
        return sorted(details, key=lambda d: (d.starts_at, d.booking.id))

    async def of_member(
        self, member_id: int, *, ends_after: datetime, statuses: Sequence[BookingStatus]
    ) -> list[BookingDetail]:
        return self._sorted(
            [
                detail
                for detail in map(self.s.detail, self.s.bookings.values())
                if detail.booking.member_id == member_id
                and detail.booking.status in statuses
                and detail.ends_at > ends_after
            ]
        )

    async def starting_between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: Sequence[BookingStatus],
        workspace_id: int | None = None,
    ) -> list[BookingDetail]:
        return self._sorted(
            [
                detail
                for detail in map(self.s.detail, self.s.bookings.values())
                if detail.booking.status in statuses
                and start <= detail.starts_at < end
                and (workspace_id is None or detail.booking.workspace_id == workspace_id)
                and _open(detail)
            ]
        )

    async def hosted_by(self, host_id: int, *, ends_after: datetime) -> list[BookingDetail]:
        return self._sorted(
            [
                detail
                for detail in map(self.s.detail, self.s.bookings.values())
                if detail.booking.status is BookingStatus.ACTIVE
                and detail.host_id == host_id
                and detail.ends_at > ends_after
                and _open(detail)
            ]
        )


def _open(detail: BookingDetail) -> bool:
    offer = detail.slot or detail.cafe
    return offer is not None and offer.status is OfferStatus.OPEN


class FakeCalendarTokens:
    def __init__(self, state: FakeBookingState) -> None:
        self.s = state

    async def add(
        self, token_hash: str, member_id: int, booking_id: int | None, created_at: datetime
    ) -> None:
        assert token_hash not in self.s.tokens, "the primary key"
        self.s.tokens[token_hash] = CalendarToken(member_id, created_at, booking_id)

    async def find(self, token_hash: str) -> CalendarToken | None:
        return self.s.tokens.get(token_hash)

    async def feed_issued_at(self, member_id: int) -> datetime | None:
        issued = [
            t.created_at
            for t in self.s.tokens.values()
            if t.member_id == member_id and t.booking_id is None
        ]
        return max(issued) if issued else None

    async def revoke_all(self, member_id: int) -> int:
        mine = [h for h, t in self.s.tokens.items() if t.member_id == member_id]
        for token_hash in mine:
            del self.s.tokens[token_hash]
        return len(mine)
