"""Segments, dated segment membership and members' networks on SQLAlchemy."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StoreConflict
from bot.segments.ports import Segment, SegmentPeriod
from storage.models import MemberNetworkRow, SegmentMembershipRow, SegmentRow


def _segment(row: SegmentRow) -> Segment:
    return Segment(
        id=row.id,
        workspace_id=row.workspace_id,
        key=row.key,
        names=json.loads(row.names),
        removed=row.removed_at is not None,
    )


class SqlSegmentRepository:
    """Implements ``bot.segments.ports.SegmentRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self, workspace_id: int, *, removed: bool = False) -> list[Segment]:
        """The segments, in the order added."""
        query = select(SegmentRow).where(SegmentRow.workspace_id == workspace_id)
        if not removed:
            query = query.where(SegmentRow.removed_at.is_(None))
        rows = (await self._session.execute(query.order_by(SegmentRow.id))).scalars()
        return [_segment(row) for row in rows]

    async def add(self, workspace_id: int, key: str, names: Mapping[str, str]) -> Segment:
        """Add a segment or bring a removed one back."""
        row = (
            await self._session.execute(
                select(SegmentRow).where(
                    SegmentRow.workspace_id == workspace_id, SegmentRow.key == key
                )
            )
        ).scalar_one_or_none()
        if row is not None:
            if row.removed_at is None:
                raise StoreConflict(key)
            row.removed_at = None
            row.names = json.dumps(dict(names), ensure_ascii=False)
            await self._session.flush()
            return _segment(row)
        row = SegmentRow(
            workspace_id=workspace_id,
            key=key,
            names=json.dumps(dict(names), ensure_ascii=False),
            created_at=datetime.now(UTC),
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            raise StoreConflict(key) from None
        return _segment(row)

    async def remove(self, segment_id: int, at: datetime) -> None:
        """Retire the segment and end its open periods."""
        await self._session.execute(
            update(SegmentRow).where(SegmentRow.id == segment_id).values(removed_at=at)
        )
        await self._session.execute(
            update(SegmentMembershipRow)
            .where(
                SegmentMembershipRow.segment_id == segment_id,
                SegmentMembershipRow.ended_at.is_(None),
            )
            .values(ended_at=at)
        )

    async def assign(
        self, workspace_id: int, member_id: int, segment_id: int | None, at: datetime
    ) -> None:
        """End the member's open period; open one in ``segment_id``."""
        await self._session.execute(
            update(SegmentMembershipRow)
            .where(
                SegmentMembershipRow.member_id == member_id,
                SegmentMembershipRow.ended_at.is_(None),
            )
            .values(ended_at=at)
        )
        if segment_id is not None:
            self._session.add(
                SegmentMembershipRow(
                    workspace_id=workspace_id,
                    member_id=member_id,
                    segment_id=segment_id,
                    started_at=at,
                )
            )
            await self._session.flush()

    async def current(self, member_id: int) -> int | None:
        """The member's segment now."""
        return (
            await self._session.execute(
                select(SegmentMembershipRow.segment_id).where(
                    SegmentMembershipRow.member_id == member_id,
                    SegmentMembershipRow.ended_at.is_(None),
                )
            )
        ).scalar_one_or_none()

    async def at(self, workspace_id: int, moment: datetime) -> dict[int, int]:
        """Member → segment at ``moment``."""
        rows = await self._session.execute(
            select(SegmentMembershipRow.member_id, SegmentMembershipRow.segment_id).where(
                SegmentMembershipRow.workspace_id == workspace_id,
                SegmentMembershipRow.started_at <= moment,
                or_(
                    SegmentMembershipRow.ended_at.is_(None),
                    SegmentMembershipRow.ended_at > moment,
                ),
            )
        )
        return {member: segment for member, segment in rows}

    async def periods(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[SegmentPeriod]:
        """Periods overlapping ``[start, end)``."""
        rows = (
            await self._session.execute(
                select(SegmentMembershipRow)
                .where(
                    SegmentMembershipRow.workspace_id == workspace_id,
                    SegmentMembershipRow.started_at < end,
                    or_(
                        SegmentMembershipRow.ended_at.is_(None),
                        SegmentMembershipRow.ended_at > start,
                    ),
                )
                .order_by(SegmentMembershipRow.started_at, SegmentMembershipRow.id)
            )
        ).scalars()
        return [SegmentPeriod(r.member_id, r.segment_id, r.started_at, r.ended_at) for r in rows]


class SqlNetworkRepository:
    """Implements ``bot.segments.ports.NetworkRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def of(self, member_id: int) -> tuple[str, ...]:
        """The member's networks, sorted."""
        rows = await self._session.execute(
            select(MemberNetworkRow.network)
            .where(MemberNetworkRow.member_id == member_id)
            .order_by(MemberNetworkRow.network)
        )
        return tuple(rows.scalars())

    async def set(self, workspace_id: int, member_id: int, networks: Sequence[str]) -> None:
        """Replace the member's networks."""
        await self._session.execute(
            delete(MemberNetworkRow).where(MemberNetworkRow.member_id == member_id)
        )
        for network in sorted(set(networks)):
            self._session.add(
                MemberNetworkRow(member_id=member_id, network=network, workspace_id=workspace_id)
            )
        await self._session.flush()

    async def all(self, workspace_id: int) -> dict[int, tuple[str, ...]]:
        """Member → networks."""
        rows = await self._session.execute(
            select(MemberNetworkRow.member_id, MemberNetworkRow.network)
            .where(MemberNetworkRow.workspace_id == workspace_id)
            .order_by(MemberNetworkRow.member_id, MemberNetworkRow.network)
        )
        found: dict[int, tuple[str, ...]] = {}
        for member, network in rows:
            found[member] = (*found.get(member, ()), network)
        return found
