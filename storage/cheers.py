"""Cheers on SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cheers.ports import Cheer, NewCheer
from storage.models import CheerOptOutRow, CheerRow, MemberRow
from storage.repositories import count_holding, insert_ignoring_duplicates


def _cheer(row: CheerRow) -> Cheer:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return Cheer(
        id=row.id,
        workspace_id=row.workspace_id,
        giver_id=row.giver_id,
        receiver_id=row.receiver_id,
        created_at=created,
        reason=row.reason,
        source_ref=row.source_ref,
    )


class SqlCheerRepository:
    """Implements ``bot.ports.CheerRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, cheer: NewCheer) -> int | None:
        """Store a cheer; the unique (giver, source) key turns a repeat into a no-op."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, CheerRow)
            .values(
                workspace_id=cheer.workspace_id,
                giver_id=cheer.giver_id,
                receiver_id=cheer.receiver_id,
                reason=cheer.reason,
                source_ref=cheer.source_ref,
                created_at=cheer.created_at,
            )
            .returning(CheerRow.id)
        )
        added: int | None = result.scalar_one_or_none()
        return added

    async def get(self, cheer_id: int) -> Cheer | None:
        """One cheer by id."""
        row = await self._session.get(CheerRow, cheer_id)
        return _cheer(row) if row is not None else None

    async def remove_by_source(self, workspace_id: int, giver_id: int, source_ref: str) -> bool:
        """Delete the giver's cheer on one message."""
        result = await self._session.execute(
            delete(CheerRow).where(
                CheerRow.workspace_id == workspace_id,
                CheerRow.giver_id == giver_id,
                CheerRow.source_ref == source_ref,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def received(
        self, workspace_id: int, member_id: int, *, limit: int
    ) -> tuple[list[Cheer], int]:
        """Newest first, and the total."""
        where = (CheerRow.workspace_id == workspace_id, CheerRow.receiver_id == member_id)
        total = (
            await self._session.execute(select(func.count()).select_from(CheerRow).where(*where))
        ).scalar_one()
        rows = (
            await self._session.execute(
                select(CheerRow)
                .where(*where)
                .order_by(CheerRow.created_at.desc(), CheerRow.id.desc())
                .limit(limit)
            )
        ).scalars()
        return [_cheer(r) for r in rows], total

    async def count_since(self, workspace_id: int, since: datetime) -> int:
        """All cheers given in the workspace from ``since`` on."""
        result = await self._session.execute(
            select(func.count())
            .select_from(CheerRow)
            .where(CheerRow.workspace_id == workspace_id, CheerRow.created_at >= since)
        )
        return int(result.scalar_one())

    async def given_since(self, workspace_id: int, giver_id: int, since: datetime) -> int:
        """Cheers the giver gave from ``since`` on. Holds the giver's row until the end of
        the transaction, so two cheers at once cannot both take the last one of the day."""
        return await count_holding(
            self._session,
            select(MemberRow.id).where(MemberRow.id == giver_id),
            CheerRow,
            CheerRow.workspace_id == workspace_id,
            CheerRow.giver_id == giver_id,
            CheerRow.created_at >= since,
        )

    async def is_public(self, member_id: int) -> bool:
        """True unless the member opted out of channel announcements."""
        return await self._session.get(CheerOptOutRow, member_id) is None

    async def set_public(self, member_id: int, public: bool) -> None:
        """Opt in (delete the opt-out) or out (insert it, once)."""
        if public:
            await self._session.execute(
                delete(CheerOptOutRow).where(CheerOptOutRow.member_id == member_id)
            )
        else:
            await self._session.execute(
                insert_ignoring_duplicates(self._session, CheerOptOutRow).values(
                    member_id=member_id, created_at=datetime.now(UTC)
                )
            )
