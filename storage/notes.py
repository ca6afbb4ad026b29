"""The notes sent to colleagues on a member's behalf, on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import NoteSentRow


class SqlNoteLedger:
    """Implements ``bot.ports.NoteLedger``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self, workspace_id: int, sender_id: int, count: int, at: datetime, *, about: str | None
    ) -> None:
        """One row per action that sent notes."""
        self._session.add(
            NoteSentRow(
                workspace_id=workspace_id, sender_id=sender_id, count=count, about=about, sent_at=at
            )
        )
        await self._session.flush()

    async def sent_since(self, sender_id: int, since: datetime) -> list[tuple[datetime, int]]:
        """Oldest first."""
        rows = await self._session.execute(
            select(NoteSentRow.sent_at, NoteSentRow.count)
            .where(NoteSentRow.sender_id == sender_id, NoteSentRow.sent_at > since)
            .order_by(NoteSentRow.sent_at, NoteSentRow.id)
        )
        return [(at, count) for at, count in rows]

    async def told_since(self, sender_id: int, about: str, since: datetime) -> bool:
        """An index on (sender, time) finds the few rows to look at."""
        found = await self._session.execute(
            select(
                exists().where(
                    NoteSentRow.sender_id == sender_id,
                    NoteSentRow.about == about,
                    NoteSentRow.sent_at >= since,
                )
            )
        )
        return bool(found.scalar())
