"""The job ledger (claimed fires, schedule changes) and the digest's tips, on SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import JobFireRow, ScheduleRow, TipRow
from storage.repositories import insert_ignoring_duplicates


class SqlJobLedger:
    """Fires are claimed by inserting their primary key; the loser of a race inserts nothing."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(
        self,
        job: str,
        workspace_id: int,
        fire_time: datetime,
        status: str,
        detail: str | None = None,
    ) -> bool:
        """Record a fire unless it was recorded before."""
        result = await self._session.execute(
            insert_ignoring_duplicates(self._session, JobFireRow)
            .values(
                job=job,
                workspace_id=workspace_id,
                fire_time=fire_time.astimezone(UTC),
                status=status,
                claimed_at=datetime.now(UTC),
                detail=detail,
            )
            .returning(JobFireRow.job)
        )
        return result.scalar_one_or_none() is not None

    async def last_fire(self, job: str, workspace_id: int) -> datetime | None:
        """The latest recorded fire time (any status)."""
        moment = (
            await self._session.execute(
                select(func.max(JobFireRow.fire_time)).where(
                    JobFireRow.job == job, JobFireRow.workspace_id == workspace_id
                )
            )
        ).scalar_one_or_none()
        return moment

    async def fires_since(
        self, workspace_id: int, since: datetime
    ) -> list[tuple[str, datetime, str]]:
        """Recent fires, newest first."""
        rows = await self._session.execute(
            select(JobFireRow.job, JobFireRow.fire_time, JobFireRow.status)
            .where(JobFireRow.workspace_id == workspace_id, JobFireRow.fire_time >= since)
            .order_by(JobFireRow.fire_time.desc())
        )
        return [(job, fire, status) for job, fire, status in rows]

    async def schedule(self, workspace_id: int, job: str) -> tuple[str | None, bool] | None:
        """A coordinator's change to a schedule, if any."""
        row = await self._session.get(ScheduleRow, (workspace_id, job))
        return (row.cron, row.paused) if row else None

    async def set_schedule(
        self, workspace_id: int, job: str, cron: str | None, paused: bool
    ) -> None:
        """Store a coordinator's change."""
        await self._session.merge(
            ScheduleRow(
                workspace_id=workspace_id,
                job=job,
                cron=cron,
                paused=paused,
                updated_at=datetime.now(UTC),
            )
        )


class SqlTipRepository:
    """Tips shown one a week in the digest."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(self, workspace_id: int) -> list[tuple[int, str]]:
        """(id, text), oldest first."""
        rows = await self._session.execute(
            select(TipRow.id, TipRow.text)
            .where(TipRow.workspace_id == workspace_id)
            .order_by(TipRow.id)
        )
        return [(tip_id, text) for tip_id, text in rows]

    async def add(self, workspace_id: int, text: str) -> int:
        """Add a tip; returns its id."""
        row = TipRow(workspace_id=workspace_id, text=text, created_at=datetime.now(UTC))
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def remove(self, workspace_id: int, tip_id: int) -> bool:
        """Remove a tip; False if there was none."""
        result = await self._session.execute(
            delete(TipRow).where(TipRow.workspace_id == workspace_id, TipRow.id == tip_id)
        )
        return bool(getattr(result, "rowcount", 0))
