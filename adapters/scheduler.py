"""APScheduler 3 wiring: a tick that runs every due fire through the exactly-once claim,
catch-up of fires missed while Chorus was down, and start/stop for the server."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Programme
from bot.jobs.runner import FireOutcome, effective_schedule, record_fire
from bot.ports import UnitOfWorkFactory
from bot.registry import JOB_NAMES, run_fire

log = logging.getLogger(__name__)

TICK_SECONDS = 20


class Scheduler:
    """Runs the programme's jobs for every workspace. Several replicas may run one each:
    the claims make every fire happen once."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        programme: Programme,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_queued: Callable[[], None] = lambda: None,
        on_fire: Callable[[str, FireOutcome], None] = lambda job, outcome: None,
    ) -> None:
        self._uow_factory = uow_factory
        self._programme = programme
        self._now = now
        self._on_queued = on_queued
        self._on_fire = on_fire  # each fire's outcome, for metrics
        self._checked_until: datetime | None = None
        self._aps: AsyncIOScheduler | None = None

    async def start(self) -> None:
        """Catch up on missed fires, then tick every few seconds."""
        await self.catch_up()
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._aps.add_job(
            self.tick,
            "interval",
            seconds=TICK_SECONDS,
            id="chorus-tick",
            max_instances=1,
            coalesce=True,
        )
        self._aps.start()

    async def stop(self) -> None:
        """Stop ticking (a fire in progress finishes or rolls back with its transaction)."""
        if self._aps is not None:
            self._aps.shutdown(wait=False)
            self._aps = None

    async def catch_up(self) -> dict[FireOutcome, int]:
        """Fires since each job's last recorded fire: run those inside their grace window,
        record the rest as missed so coordinators see them."""
        now = self._now()
        counts = await self._sweep(None, now)
        self._checked_until = now
        if counts[FireOutcome.MISSED] or counts[FireOutcome.RAN]:
            log.info(
                "catch-up: ran %d, missed %d", counts[FireOutcome.RAN], counts[FireOutcome.MISSED]
            )
        return counts

    async def tick(self) -> dict[FireOutcome, int]:
        """Run the fires that fell due since the last tick."""
        now = self._now()
        since = self._checked_until or now
        counts = await self._sweep(since, now)
        self._checked_until = now
        return counts

    async def _sweep(self, since: datetime | None, now: datetime) -> dict[FireOutcome, int]:
        counts = dict.fromkeys(FireOutcome, 0)
        async with self._uow_factory() as uow:
            workspaces = await uow.workspaces.all()
            plans = []
            for workspace in workspaces:
                for job in JOB_NAMES:
                    schedule = await effective_schedule(uow, self._programme, workspace, job)
                    start = since
                    if start is None:  # catch-up: from the last recorded fire, if any
                        start = await uow.jobs.last_fire(job, workspace.id)
                        if start is None:
                            continue
                    plans.append((workspace.id, job, schedule, start))
        for workspace_id, job, schedule, start in plans:
            grace = timedelta(seconds=self._programme.schedules[job].grace_seconds)
            for fire in schedule.fires(start, now):
                if schedule.paused:
                    outcome = FireOutcome.SKIPPED
                    await record_fire(self._uow_factory, job, workspace_id, fire, outcome, "paused")
                elif now - fire > grace:
                    outcome = FireOutcome.MISSED
                    await record_fire(
                        self._uow_factory, job, workspace_id, fire, outcome, f"{now - fire} late"
                    )
                    log.warning(
                        "%s for workspace %d at %s was missed", job, workspace_id, fire.isoformat()
                    )
                else:
                    try:
                        result = await run_fire(
                            self._uow_factory, self._programme, job, workspace_id, fire
                        )
                    except Exception:
                        log.exception(
                            "%s for workspace %d at %s failed", job, workspace_id, fire.isoformat()
                        )
                        await record_fire(
                            self._uow_factory, job, workspace_id, fire, FireOutcome.FAILED
                        )
                        counts[FireOutcome.FAILED] += 1
                        self._on_fire(job, FireOutcome.FAILED)
                        continue
                    outcome = result.outcome
                    if result.queued:
                        self._on_queued()
                counts[outcome] += 1
                self._on_fire(job, outcome)
        return counts
