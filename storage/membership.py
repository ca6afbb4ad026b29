"""Enrolments, the waiting list and the seat count on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StoreConflict
from bot.membership.ports import Enrolment, EnrolmentStatus
from storage.models import EnrolmentRow, ProgrammeSeatsRow
from storage.repositories import insert_ignoring_duplicates

_LINE = (EnrolmentStatus.WAITING.value, EnrolmentStatus.OFFERED.value)


def _enrolment(row: EnrolmentRow) -> Enrolment:
    return Enrolment(
        id=row.id,
        workspace_id=row.workspace_id,
        member_id=row.member_id,
        status=EnrolmentStatus(row.status),
        requested_at=row.requested_at,
        rank=row.rank,
        joined_at=row.joined_at,
        left_at=row.left_at,
        offer_expires_at=row.offer_expires_at,
        onboarding_step=row.onboarding_step,
        onboarding_done=row.onboarding_done,
    )


class SqlEnrolmentRepository:
    """Implements ``bot.membership.ports.EnrolmentRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, member_id: int) -> Enrolment | None:
        """The member's enrolment that has not ended."""
        row = (
            await self._session.execute(
                select(EnrolmentRow).where(
                    EnrolmentRow.member_id == member_id,
                    EnrolmentRow.status != EnrolmentStatus.LEFT.value,
                )
            )
        ).scalar_one_or_none()
        return _enrolment(row) if row else None

    async def add(
        self, workspace_id: int, member_id: int, status: EnrolmentStatus, at: datetime
    ) -> Enrolment:
        """A new enrolment; a waiting one goes to the end of the list."""
        last = (
            await self._session.execute(
                select(func.max(EnrolmentRow.rank)).where(
                    EnrolmentRow.workspace_id == workspace_id, EnrolmentRow.status.in_(_LINE)
                )
            )
        ).scalar_one_or_none()
        row = EnrolmentRow(
            workspace_id=workspace_id,
            member_id=member_id,
            status=status.value,
            rank=(last or 0) + 1 if status is EnrolmentStatus.WAITING else 0,
            requested_at=at,
            joined_at=at if status is EnrolmentStatus.ACTIVE else None,
            onboarding_step=0,
            onboarding_done=False,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            raise StoreConflict(str(member_id)) from None
        return _enrolment(row)

    async def _seats_row(self, workspace_id: int) -> None:
        await self._session.execute(
            insert_ignoring_duplicates(self._session, ProgrammeSeatsRow).values(
                workspace_id=workspace_id, taken=0
            )
        )

    async def take_seat(self, workspace_id: int, capacity: int | None) -> bool:
        """``UPDATE … SET taken = taken + 1 WHERE taken < capacity``: the database decides."""
        await self._seats_row(workspace_id)
        query = update(ProgrammeSeatsRow).where(ProgrammeSeatsRow.workspace_id == workspace_id)
        if capacity is not None:
            query = query.where(ProgrammeSeatsRow.taken < capacity)
        result: Any = await self._session.execute(query.values(taken=ProgrammeSeatsRow.taken + 1))
        return bool(result.rowcount)

    async def force_seat(self, workspace_id: int) -> None:
        """One more seat taken, whatever the capacity."""
        await self.take_seat(workspace_id, None)

    async def free_seat(self, workspace_id: int) -> None:
        """One seat less taken (never below zero)."""
        await self._seats_row(workspace_id)
        await self._session.execute(
            update(ProgrammeSeatsRow)
            .where(ProgrammeSeatsRow.workspace_id == workspace_id, ProgrammeSeatsRow.taken > 0)
            .values(taken=ProgrammeSeatsRow.taken - 1)
        )

    async def seats_taken(self, workspace_id: int) -> int:
        """Seats taken or held for an offer."""
        taken = await self._session.get(ProgrammeSeatsRow, workspace_id)
        return taken.taken if taken else 0

    async def move(
        self,
        enrolment_id: int,
        *,
        expect: EnrolmentStatus,
        status: EnrolmentStatus,
        at: datetime,
        offer_expires_at: datetime | None = None,
        offer_valid_at: datetime | None = None,
    ) -> bool:
        """A conditional update: only from ``expect`` (and an offer still valid)."""
        values: dict[str, Any] = {"status": status.value, "offer_expires_at": offer_expires_at}
        if status is EnrolmentStatus.ACTIVE:
            values["joined_at"] = at
        if status is EnrolmentStatus.LEFT:
            values["left_at"] = at
        query = update(EnrolmentRow).where(
            EnrolmentRow.id == enrolment_id, EnrolmentRow.status == expect.value
        )
        if offer_valid_at is not None:
            query = query.where(EnrolmentRow.offer_expires_at > offer_valid_at)
        result: Any = await self._session.execute(query.values(**values))
        return bool(result.rowcount)

    async def waiting(self, workspace_id: int) -> list[Enrolment]:
        """The list, first in line first."""
        rows = (
            await self._session.execute(
                select(EnrolmentRow)
                .where(EnrolmentRow.workspace_id == workspace_id, EnrolmentRow.status.in_(_LINE))
                .order_by(EnrolmentRow.rank, EnrolmentRow.id)
            )
        ).scalars()
        return [_enrolment(r) for r in rows]

    async def set_rank(self, enrolment_id: int, rank: int) -> None:
        """A new place in line."""
        await self._session.execute(
            update(EnrolmentRow).where(EnrolmentRow.id == enrolment_id).values(rank=rank)
        )

    async def to_back(self, enrolment_id: int) -> None:
        """To the end of the list."""
        row = await self._session.get(EnrolmentRow, enrolment_id)
        if row is None:
            return
        last = (
            await self._session.execute(
                select(func.max(EnrolmentRow.rank)).where(
                    EnrolmentRow.workspace_id == row.workspace_id, EnrolmentRow.status.in_(_LINE)
                )
            )
        ).scalar_one_or_none()
        await self.set_rank(enrolment_id, (last or 0) + 1)

    async def active(self, workspace_id: int) -> list[Enrolment]:
        """Members with a seat."""
        rows = (
            await self._session.execute(
                select(EnrolmentRow)
                .where(
                    EnrolmentRow.workspace_id == workspace_id,
                    EnrolmentRow.status == EnrolmentStatus.ACTIVE.value,
                )
                .order_by(EnrolmentRow.joined_at, EnrolmentRow.id)
            )
        ).scalars()
        return [_enrolment(r) for r in rows]

    async def expired_offers(self, workspace_id: int, now: datetime) -> list[Enrolment]:
        """Offers whose deadline has passed."""
        rows = (
            await self._session.execute(
                select(EnrolmentRow)
                .where(
                    EnrolmentRow.workspace_id == workspace_id,
                    EnrolmentRow.status == EnrolmentStatus.OFFERED.value,
                    EnrolmentRow.offer_expires_at <= now,
                )
                .order_by(EnrolmentRow.rank, EnrolmentRow.id)
            )
        ).scalars()
        return [_enrolment(r) for r in rows]

    async def save_onboarding(self, enrolment_id: int, step: int, done: bool) -> None:
        """Onboarding progress."""
        await self._session.execute(
            update(EnrolmentRow)
            .where(EnrolmentRow.id == enrolment_id)
            .values(onboarding_step=step, onboarding_done=done)
        )

    async def left_between(self, workspace_id: int, start: datetime, end: datetime) -> int:
        """Members with a seat who left in ``[start, end)``."""
        result = await self._session.execute(
            select(func.count())
            .select_from(EnrolmentRow)
            .where(
                EnrolmentRow.workspace_id == workspace_id,
                EnrolmentRow.status == EnrolmentStatus.LEFT.value,
                EnrolmentRow.joined_at.is_not(None),
                EnrolmentRow.left_at >= start,
                EnrolmentRow.left_at < end,
            )
        )
        return int(result.scalar_one())

    async def periods(self, workspace_id: int, start: datetime, end: datetime) -> list[Enrolment]:
        """Enrolments that held a seat at some time in ``[start, end)``."""
        rows = (
            await self._session.execute(
                select(EnrolmentRow)
                .where(
                    EnrolmentRow.workspace_id == workspace_id,
                    EnrolmentRow.joined_at.is_not(None),
                    EnrolmentRow.joined_at < end,
                    or_(EnrolmentRow.left_at.is_(None), EnrolmentRow.left_at > start),
                )
                .order_by(EnrolmentRow.joined_at, EnrolmentRow.id)
            )
        ).scalars()
        return [_enrolment(r) for r in rows]
