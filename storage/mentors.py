"""Mentors and pairings on SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StoreConflict
from bot.mentors.ports import Mentor, MentorFull, Pairing
from storage.models import MentorPairingRow, MentorRow


def _pairing(row: MentorPairingRow) -> Pairing:
    return Pairing(
        id=row.id,
        workspace_id=row.workspace_id,
        mentor_id=row.mentor_id,
        mentee_id=row.mentee_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        checkin_at=row.checkin_at,
        met=row.met,
    )


class SqlMentorRepository:
    """Implements ``bot.mentors.ports.MentorRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def set(self, workspace_id: int, member_id: int, capacity: int) -> None:
        """Make a mentor, or change the capacity."""
        row = await self._session.get(MentorRow, member_id)
        if row is None:
            self._session.add(
                MentorRow(
                    member_id=member_id,
                    workspace_id=workspace_id,
                    capacity=capacity,
                    created_at=datetime.now(UTC),
                )
            )
        else:
            row.capacity = capacity
        await self._session.flush()

    async def remove(self, member_id: int) -> None:
        """No longer a mentor."""
        await self._session.execute(delete(MentorRow).where(MentorRow.member_id == member_id))

    async def all(self, workspace_id: int) -> list[Mentor]:
        """Mentors, longest-standing first."""
        rows = (
            await self._session.execute(
                select(MentorRow)
                .where(MentorRow.workspace_id == workspace_id)
                .order_by(MentorRow.created_at, MentorRow.member_id)
            )
        ).scalars()
        return [Mentor(r.member_id, r.workspace_id, r.capacity) for r in rows]

    async def pair(
        self, workspace_id: int, mentor_id: int, mentee_id: int, at: datetime
    ) -> Pairing:
        """Start a pairing; the open-pairing index refuses a second one for a mentee, and
        the mentor's row, locked (``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN
        IMMEDIATE`` already serialises writers), keeps two pairers from both taking the
        last place."""
        capacity = await self._session.scalar(
            select(MentorRow.capacity).where(MentorRow.member_id == mentor_id).with_for_update()
        )
        taken = await self._session.scalar(
            select(func.count())
            .select_from(MentorPairingRow)
            .where(MentorPairingRow.mentor_id == mentor_id, MentorPairingRow.ended_at.is_(None))
        )
        if capacity is None or (taken or 0) >= capacity:
            raise MentorFull(str(mentor_id))
        row = MentorPairingRow(
            workspace_id=workspace_id, mentor_id=mentor_id, mentee_id=mentee_id, started_at=at
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            raise StoreConflict(str(mentee_id)) from None
        return _pairing(row)

    async def end(self, pairing_id: int, at: datetime) -> None:
        """End a pairing."""
        await self._session.execute(
            update(MentorPairingRow)
            .where(MentorPairingRow.id == pairing_id, MentorPairingRow.ended_at.is_(None))
            .values(ended_at=at)
        )

    async def open(self, workspace_id: int) -> list[Pairing]:
        """Open pairings, oldest first."""
        rows = (
            await self._session.execute(
                select(MentorPairingRow)
                .where(
                    MentorPairingRow.workspace_id == workspace_id,
                    MentorPairingRow.ended_at.is_(None),
                )
                .order_by(MentorPairingRow.started_at, MentorPairingRow.id)
            )
        ).scalars()
        return [_pairing(r) for r in rows]

    async def of_mentee(self, mentee_id: int) -> Pairing | None:
        """The mentee's open pairing."""
        row = (
            await self._session.execute(
                select(MentorPairingRow).where(
                    MentorPairingRow.mentee_id == mentee_id, MentorPairingRow.ended_at.is_(None)
                )
            )
        ).scalar_one_or_none()
        return _pairing(row) if row else None

    async def get(self, pairing_id: int) -> Pairing | None:
        """One pairing."""
        row = await self._session.get(MentorPairingRow, pairing_id)
        return _pairing(row) if row else None

    async def paired_since(self, mentor_id: int, mentee_id: int, since: datetime) -> bool:
        """Whether the two were paired at any time from ``since`` on."""
        found = await self._session.execute(
            select(MentorPairingRow.id)
            .where(
                MentorPairingRow.mentor_id == mentor_id,
                MentorPairingRow.mentee_id == mentee_id,
                or_(MentorPairingRow.ended_at.is_(None), MentorPairingRow.ended_at >= since),
            )
            .limit(1)
        )
        return found.scalar_one_or_none() is not None

    async def checkin_due(self, workspace_id: int, started_before: datetime) -> list[Pairing]:
        """Open pairings old enough and not yet asked."""
        rows = (
            await self._session.execute(
                select(MentorPairingRow)
                .where(
                    MentorPairingRow.workspace_id == workspace_id,
                    MentorPairingRow.ended_at.is_(None),
                    MentorPairingRow.checkin_at.is_(None),
                    MentorPairingRow.started_at <= started_before,
                )
                .order_by(MentorPairingRow.started_at, MentorPairingRow.id)
            )
        ).scalars()
        return [_pairing(r) for r in rows]

    async def mark_checkin(self, pairing_id: int, at: datetime) -> None:
        """Asked "did you meet?"."""
        await self._session.execute(
            update(MentorPairingRow).where(MentorPairingRow.id == pairing_id).values(checkin_at=at)
        )

    async def record_met(self, pairing_id: int, met: bool) -> None:
        """The answer."""
        await self._session.execute(
            update(MentorPairingRow).where(MentorPairingRow.id == pairing_id).values(met=met)
        )
