"""Slots, cafés, bookings and calendar links on SQLAlchemy.

The booking rules are the database's: a partial unique index allows one active booking per
slot and one active or waiting booking per member and café, and a café's seat counter only
moves by conditional updates inside a check constraint. Python never counts and then writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

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
from storage.models import (
    BookingCounterRow,
    BookingRow,
    CafeRow,
    CalendarTokenRow,
    SlotRow,
    SlotSeriesRow,
)
from storage.repositories import insert_ignoring_duplicates

_ACTIVE = BookingStatus.ACTIVE.value
_WAITING = BookingStatus.WAITING.value
_OPEN = OfferStatus.OPEN.value


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def _next_number(session: AsyncSession, workspace_id: int, kind: str) -> int:
    """The workspace's next number for ``kind``: one UPDATE … RETURNING, so two writers
    never get the same number (the row lock queues them)."""
    await session.execute(
        insert_ignoring_duplicates(session, BookingCounterRow).values(
            workspace_id=workspace_id, kind=kind, value=0
        )
    )
    return int(
        (
            await session.execute(
                update(BookingCounterRow)
                .where(
                    BookingCounterRow.workspace_id == workspace_id,
                    BookingCounterRow.kind == kind,
                )
                .values(value=BookingCounterRow.value + 1)
                .returning(BookingCounterRow.value)
            )
        ).scalar_one()
    )


_HOLDER = aliased(BookingRow, name="holder")


def _slot_select() -> Select[SlotRow, int, int, datetime]:
    return (
        select(
            SlotRow,
            _HOLDER.member_id.label("holder_id"),
            SlotSeriesRow.number.label("series_number"),
            _HOLDER.created_at.label("booked_at"),
        )
        .outerjoin(_HOLDER, (_HOLDER.slot_id == SlotRow.id) & (_HOLDER.status == _ACTIVE))
        .outerjoin(SlotSeriesRow, SlotSeriesRow.id == SlotRow.series_id)
    )


# The statements of booking a slot, built once (see storage.repositories): the lock is
# on the slot's row only, as the outer-joined holder may be absent.
_SLOT_BY_NUMBER = _slot_select().where(
    SlotRow.workspace_id == bindparam("workspace_id"), SlotRow.number == bindparam("number")
)
_SLOT_BY_NUMBER_LOCKED = _SLOT_BY_NUMBER.with_for_update(read=True, of=SlotRow)
_ACTIVE_FOR_SLOT = select(BookingRow).where(
    BookingRow.slot_id == bindparam("slot_id"), BookingRow.status == _ACTIVE
)


def _slot(
    row: SlotRow, holder: int | None, series_number: int | None, booked_at: datetime | None
) -> Slot:
    return Slot(
        id=row.id,
        workspace_id=row.workspace_id,
        number=row.number,
        coordinator_id=row.coordinator_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        status=OfferStatus(row.status),
        place=row.place,
        series_id=row.series_id,
        series_number=series_number,
        cancel_note=row.cancel_note,
        booked_by_id=holder,
        booked_at=booked_at,
    )


_WAITING_COUNT = (
    select(func.count())
    .where(BookingRow.cafe_id == CafeRow.id, BookingRow.status == _WAITING)
    .correlate(CafeRow)
    .scalar_subquery()
)


def _cafe_select() -> Select[CafeRow, int]:
    return select(CafeRow, _WAITING_COUNT.label("waiting"))


def _cafe(row: CafeRow, waiting: int) -> Cafe:
    return Cafe(
        id=row.id,
        workspace_id=row.workspace_id,
        number=row.number,
        host_id=row.host_id,
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        capacity=row.capacity,
        status=OfferStatus(row.status),
        place=row.place,
        topic=row.topic,
        seats_taken=row.seats_taken,
        waiting=waiting,
        cancel_note=row.cancel_note,
    )


def _booking(row: BookingRow) -> Booking:
    return Booking(
        id=row.id,
        workspace_id=row.workspace_id,
        member_id=row.member_id,
        status=BookingStatus(row.status),
        created_at=row.created_at,
        slot_id=row.slot_id,
        cafe_id=row.cafe_id,
        draft=row.draft,
    )


class SqlSlotRepository:
    """Implements ``bot.ports.SlotRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_series(
        self, workspace_id: int, coordinator_id: int, created_at: datetime
    ) -> SlotSeries:
        """Store a series under the next series number."""
        number = await _next_number(self._session, workspace_id, "series")
        row = SlotSeriesRow(
            workspace_id=workspace_id,
            number=number,
            coordinator_id=coordinator_id,
            created_at=_utc(created_at),
        )
        self._session.add(row)
        await self._session.flush()
        return SlotSeries(row.id, workspace_id, number, coordinator_id, created_at)

    async def series_by_number(self, workspace_id: int, number: int) -> SlotSeries | None:
        """A series by number."""
        row = (
            await self._session.execute(
                select(SlotSeriesRow).where(
                    SlotSeriesRow.workspace_id == workspace_id, SlotSeriesRow.number == number
                )
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        return SlotSeries(row.id, row.workspace_id, row.number, row.coordinator_id, row.created_at)

    async def add(self, slot: NewSlot) -> Slot:
        """Store a slot under the next slot number."""
        number = await _next_number(self._session, slot.workspace_id, "slot")
        now = datetime.now(UTC)
        row = SlotRow(
            workspace_id=slot.workspace_id,
            number=number,
            coordinator_id=slot.coordinator_id,
            series_id=slot.series_id,
            starts_at=_utc(slot.starts_at),
            ends_at=_utc(slot.ends_at),
            place=slot.place,
            status=_OPEN,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        found = await self.get(row.id)
        assert found is not None
        return found

    async def get(self, slot_id: int) -> Slot | None:
        """A slot by id."""
        found = (await self._session.execute(_slot_select().where(SlotRow.id == slot_id))).first()
        return _slot(*found) if found else None

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Slot | None:
        """A slot by number; ``lock`` takes a shared row lock (PostgreSQL) so a concurrent
        cancellation waits for this transaction. SQLite's writers queue anyway."""
        query = _SLOT_BY_NUMBER_LOCKED if lock else _SLOT_BY_NUMBER
        key = {"workspace_id": workspace_id, "number": number}
        found = (await self._session.execute(query, key)).first()
        return _slot(*found) if found else None

    async def overlapping(
        self, coordinator_id: int, starts_at: datetime, ends_at: datetime
    ) -> list[Slot]:
        """Open slots of the coordinator sharing a moment with ``[starts_at, ends_at)``."""
        rows = (
            await self._session.execute(
                _slot_select()
                .where(
                    SlotRow.coordinator_id == coordinator_id,
                    SlotRow.status == _OPEN,
                    SlotRow.starts_at < _utc(ends_at),
                    SlotRow.ends_at > _utc(starts_at),
                )
                .order_by(SlotRow.starts_at)
            )
        ).all()
        return [_slot(*r) for r in rows]

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
        """Open slots starting after ``after``, soonest first, and the total."""
        conditions = [
            SlotRow.workspace_id == workspace_id,
            SlotRow.status == _OPEN,
            SlotRow.starts_at > _utc(after),
        ]
        if free_only:
            conditions.append(_HOLDER.id.is_(None))
        if series_id is not None:
            conditions.append(SlotRow.series_id == series_id)
        query = _slot_select().where(*conditions)
        total = (
            await self._session.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = (
            await self._session.execute(
                query.order_by(SlotRow.starts_at, SlotRow.number).limit(limit).offset(offset)
            )
        ).all()
        return [_slot(*r) for r in rows], int(total)

    async def cancel(self, slot_id: int, note: str | None, at: datetime) -> bool:
        """Cancel an open slot."""
        result = await self._session.execute(
            update(SlotRow)
            .where(SlotRow.id == slot_id, SlotRow.status == _OPEN)
            .values(status=OfferStatus.CANCELLED.value, cancel_note=note, cancelled_at=_utc(at))
        )
        return _rowcount(result) == 1


class SqlCafeRepository:
    """Implements ``bot.ports.CafeRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, cafe: NewCafe) -> Cafe:
        """Store a café under the next café number."""
        number = await _next_number(self._session, cafe.workspace_id, "cafe")
        row = CafeRow(
            workspace_id=cafe.workspace_id,
            number=number,
            host_id=cafe.host_id,
            title=cafe.title,
            topic=cafe.topic,
            place=cafe.place,
            starts_at=_utc(cafe.starts_at),
            ends_at=_utc(cafe.ends_at),
            capacity=cafe.capacity,
            seats_taken=0,
            status=_OPEN,
            created_at=datetime.now(UTC),
        )
        self._session.add(row)
        await self._session.flush()
        found = await self.get(row.id)
        assert found is not None
        return found

    async def get(self, cafe_id: int) -> Cafe | None:
        """A café by id."""
        found = (await self._session.execute(_cafe_select().where(CafeRow.id == cafe_id))).first()
        return _cafe(found[0], found[1]) if found else None

    async def by_number(self, workspace_id: int, number: int, *, lock: bool = False) -> Cafe | None:
        """A café by number; ``lock`` holds its row (PostgreSQL ``FOR UPDATE``) so seat
        changes at one café queue behind each other."""
        if lock:
            await self._session.execute(
                select(CafeRow.id)
                .where(CafeRow.workspace_id == workspace_id, CafeRow.number == number)
                .with_for_update()
            )
        found = (
            await self._session.execute(
                _cafe_select().where(CafeRow.workspace_id == workspace_id, CafeRow.number == number)
            )
        ).first()
        return _cafe(found[0], found[1]) if found else None

    async def upcoming(self, workspace_id: int, *, after: datetime, limit: int) -> list[Cafe]:
        """Open cafés starting after ``after``, soonest first."""
        rows = (
            await self._session.execute(
                _cafe_select()
                .where(
                    CafeRow.workspace_id == workspace_id,
                    CafeRow.status == _OPEN,
                    CafeRow.starts_at > _utc(after),
                )
                .order_by(CafeRow.starts_at, CafeRow.number)
                .limit(limit)
            )
        ).all()
        return [_cafe(r[0], r[1]) for r in rows]

    async def take_seat(self, cafe_id: int) -> bool:
        """``UPDATE … SET seats_taken = seats_taken + 1 WHERE seats_taken < capacity``."""
        result = await self._session.execute(
            update(CafeRow)
            .where(
                CafeRow.id == cafe_id,
                CafeRow.status == _OPEN,
                CafeRow.seats_taken < CafeRow.capacity,
            )
            .values(seats_taken=CafeRow.seats_taken + 1)
        )
        return _rowcount(result) == 1

    async def release_seat(self, cafe_id: int) -> None:
        """Give one seat back."""
        await self._session.execute(
            update(CafeRow)
            .where(CafeRow.id == cafe_id, CafeRow.seats_taken > 0)
            .values(seats_taken=CafeRow.seats_taken - 1)
        )

    async def cancel(self, cafe_id: int, note: str | None, at: datetime) -> bool:
        """Cancel an open café."""
        result = await self._session.execute(
            update(CafeRow)
            .where(CafeRow.id == cafe_id, CafeRow.status == _OPEN)
            .values(status=OfferStatus.CANCELLED.value, cancel_note=note, cancelled_at=_utc(at))
        )
        return _rowcount(result) == 1


_STARTS = func.coalesce(SlotRow.starts_at, CafeRow.starts_at)
_ENDS = func.coalesce(SlotRow.ends_at, CafeRow.ends_at)


class SqlBookingRepository:
    """Implements ``bot.ports.BookingRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _insert(self, values: dict[str, Any]) -> Booking | None:
        booking_id = (
            await self._session.execute(
                insert_ignoring_duplicates(self._session, BookingRow)
                .values(**values)
                .returning(BookingRow.id)
            )
        ).scalar_one_or_none()
        return None if booking_id is None else await self.get(booking_id)

    async def add_for_slot(
        self, workspace_id: int, slot_id: int, member_id: int, at: datetime
    ) -> Booking | None:
        """``INSERT … ON CONFLICT DO NOTHING`` against the one-active-booking-per-slot
        index: of many concurrent bookers exactly one gets a row back."""
        return await self._insert(
            {
                "workspace_id": workspace_id,
                "slot_id": slot_id,
                "member_id": member_id,
                "status": _ACTIVE,
                "created_at": _utc(at),
                "updated_at": _utc(at),
            }
        )

    async def add_for_cafe(
        self,
        workspace_id: int,
        cafe_id: int,
        member_id: int,
        status: BookingStatus,
        at: datetime,
    ) -> Booking | None:
        """A seat or waitlist place; the member-per-café index refuses a second one."""
        return await self._insert(
            {
                "workspace_id": workspace_id,
                "cafe_id": cafe_id,
                "member_id": member_id,
                "status": status.value,
                "created_at": _utc(at),
                "updated_at": _utc(at),
            }
        )

    async def get(self, booking_id: int) -> Booking | None:
        """A booking by id."""
        row = await self._session.get(BookingRow, booking_id, populate_existing=True)
        return _booking(row) if row else None

    async def active_for_slot(self, slot_id: int) -> Booking | None:
        """The slot's active booking."""
        row = (
            await self._session.execute(_ACTIVE_FOR_SLOT, {"slot_id": slot_id})
        ).scalar_one_or_none()
        return _booking(row) if row else None

    async def for_cafe(
        self, cafe_id: int, statuses: Sequence[BookingStatus], *, member_id: int | None = None
    ) -> list[Booking]:
        """First come, first served."""
        query = select(BookingRow).where(
            BookingRow.cafe_id == cafe_id, BookingRow.status.in_([s.value for s in statuses])
        )
        if member_id is not None:
            query = query.where(BookingRow.member_id == member_id)
        rows = (
            await self._session.execute(query.order_by(BookingRow.created_at, BookingRow.id))
        ).scalars()
        return [_booking(r) for r in rows]

    async def set_status(
        self, booking_id: int, status: BookingStatus, at: datetime, *, expected: BookingStatus
    ) -> bool:
        """Conditional: only from ``expected``, so a double click moves it once."""
        result = await self._session.execute(
            update(BookingRow)
            .where(BookingRow.id == booking_id, BookingRow.status == expected.value)
            .values(status=status.value, updated_at=_utc(at))
        )
        return _rowcount(result) == 1

    async def set_draft(self, booking_id: int, draft: str | None) -> None:
        """Attach (or replace) the draft."""
        await self._session.execute(
            update(BookingRow).where(BookingRow.id == booking_id).values(draft=draft)
        )

    async def _details(self, query: Select[BookingRow]) -> list[BookingDetail]:
        bookings = [_booking(r) for r in (await self._session.execute(query)).scalars()]
        slot_ids = {b.slot_id for b in bookings if b.slot_id is not None}
        cafe_ids = {b.cafe_id for b in bookings if b.cafe_id is not None}
        slots = await self._slots(slot_ids)
        cafes = await self._cafes(cafe_ids)
        return [
            BookingDetail(
                b,
                slots.get(b.slot_id) if b.slot_id is not None else None,
                cafes.get(b.cafe_id) if b.cafe_id is not None else None,
            )
            for b in bookings
        ]

    async def _slots(self, ids: Iterable[int]) -> dict[int, Slot]:
        wanted = list(ids)
        if not wanted:
            return {}
        rows = (await self._session.execute(_slot_select().where(SlotRow.id.in_(wanted)))).all()
        return {row[0].id: _slot(*row) for row in rows}

    async def _cafes(self, ids: Iterable[int]) -> dict[int, Cafe]:
        wanted = list(ids)
        if not wanted:
            return {}
        rows = (await self._session.execute(_cafe_select().where(CafeRow.id.in_(wanted)))).all()
        return {row[0].id: _cafe(row[0], row[1]) for row in rows}

    @staticmethod
    def _joined() -> Select[BookingRow]:
        return (
            select(BookingRow)
            .outerjoin(SlotRow, SlotRow.id == BookingRow.slot_id)
            .outerjoin(CafeRow, CafeRow.id == BookingRow.cafe_id)
        )

    async def of_member(
        self, member_id: int, *, ends_after: datetime, statuses: Sequence[BookingStatus]
    ) -> list[BookingDetail]:
        """A member's bookings that have not ended, soonest first."""
        return await self._details(
            self._joined()
            .where(
                BookingRow.member_id == member_id,
                BookingRow.status.in_([s.value for s in statuses]),
                _utc(ends_after) < _ENDS,
            )
            .order_by(_STARTS, BookingRow.id)
        )

    async def starting_between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: Sequence[BookingStatus],
        workspace_id: int | None = None,
    ) -> list[BookingDetail]:
        """Bookings of open slots and cafés that start in ``[start, end)``."""
        query = self._joined().where(
            BookingRow.status.in_([s.value for s in statuses]),
            _utc(start) <= _STARTS,
            _utc(end) > _STARTS,
            func.coalesce(SlotRow.status, CafeRow.status) == _OPEN,
        )
        if workspace_id is not None:
            query = query.where(BookingRow.workspace_id == workspace_id)
        return await self._details(query.order_by(_STARTS, BookingRow.id))

    async def hosted_by(self, host_id: int, *, ends_after: datetime) -> list[BookingDetail]:
        """Active bookings of what the coordinator hosts."""
        return await self._details(
            self._joined()
            .where(
                BookingRow.status == _ACTIVE,
                or_(SlotRow.coordinator_id == host_id, CafeRow.host_id == host_id),
                func.coalesce(SlotRow.status, CafeRow.status) == _OPEN,
                _utc(ends_after) < _ENDS,
            )
            .order_by(_STARTS, BookingRow.id)
        )


class SqlCalendarTokenRepository:
    """Implements ``bot.ports.CalendarTokenRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, token_hash: str, member_id: int, booking_id: int | None, created_at: datetime
    ) -> None:
        """Store a token's hash."""
        self._session.add(
            CalendarTokenRow(
                token_hash=token_hash,
                member_id=member_id,
                booking_id=booking_id,
                created_at=_utc(created_at),
            )
        )
        await self._session.flush()

    async def find(self, token_hash: str) -> CalendarToken | None:
        """The token with this hash."""
        row = await self._session.get(CalendarTokenRow, token_hash)
        if row is None:
            return None
        return CalendarToken(row.member_id, row.created_at, row.booking_id)

    async def feed_issued_at(self, member_id: int) -> datetime | None:
        """When the member's feed link was issued."""
        moment = (
            await self._session.execute(
                select(func.max(CalendarTokenRow.created_at)).where(
                    CalendarTokenRow.member_id == member_id, CalendarTokenRow.booking_id.is_(None)
                )
            )
        ).scalar_one_or_none()
        return moment

    async def revoke_all(self, member_id: int) -> int:
        """Delete every link of the member."""
        result = await self._session.execute(
            delete(CalendarTokenRow).where(CalendarTokenRow.member_id == member_id)
        )
        return _rowcount(result)
