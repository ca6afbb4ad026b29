"""The ledger of job fires and schedule changes."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class JobLedger(Protocol):
    """Which scheduled fires happened, and coordinators' changes to schedules."""

    async def claim(
        self,
        job: str,
        workspace_id: int,
        fire_time: datetime,
        status: str,
        detail: str | None = None,
    ) -> bool:
        """Record a fire; False if this (job, workspace, fire time) was recorded before.
        The database's key makes this the exactly-once gate across replicas."""
        ...

    async def last_fire(self, job: str, workspace_id: int) -> datetime | None: ...

    async def fires_since(
        self, workspace_id: int, since: datetime
    ) -> list[tuple[str, datetime, str]]:
        """(job, fire time, status) of fires at or after ``since``, newest first."""
        ...

    async def schedule(self, workspace_id: int, job: str) -> tuple[str | None, bool] | None:
        """A coordinator's (cron, paused) for the job, if they changed it."""
        ...

    async def set_schedule(
        self, workspace_id: int, job: str, cron: str | None, paused: bool
    ) -> None: ...
