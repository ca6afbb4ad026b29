"""What runs beside the request handlers in ``chorus serve`` and ``chorus socket``: the
delivery worker, the scheduler, link previews when the programme turns them on, and the
heartbeat that tells one-shot commands (``chorus jobs run``) a server is delivering."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from adapters.delivery import DeliveryWorker
from adapters.previews import PreviewWorker
from adapters.runtime import Runtime
from adapters.scheduler import Scheduler
from adapters.transports import platform_transports
from adapters.workspaces import configured_workspaces
from storage.heartbeats import Heartbeats

log = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 3600
HEARTBEAT_SECONDS = 5.0


class Background:
    """Starts and stops the worker and the scheduler together."""

    def __init__(self, runtime: Runtime) -> None:
        self.worker = DeliveryWorker(
            runtime.outbox, platform_transports(runtime), metrics=runtime.metrics
        )
        self.scheduler = Scheduler(
            runtime.uow,
            runtime.settings.programme,
            on_queued=runtime.on_queued,
            on_fire=runtime.metrics.count_fire,
        )
        self._runtime = runtime
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._housekeeping: asyncio.Task[None] | None = None
        self._previews: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self.heartbeats = Heartbeats(runtime.sessions)
        self.server_id = uuid.uuid4().hex
        self._started_at = datetime.now(UTC)

    async def start(self) -> None:
        """Deliver what is waiting, catch up on missed fires, then keep going."""
        await self.beat()
        self._runtime.queued_listeners.append(self.worker.notify)
        self._task = asyncio.create_task(self.worker.run(self._stop), name="chorus-delivery")
        self._housekeeping = asyncio.create_task(self._tidy(), name="chorus-housekeeping")
        if self._runtime.settings.programme.link_previews:
            previews = PreviewWorker(self._runtime.uow)
            self._previews = asyncio.create_task(previews.run(self._stop), name="chorus-previews")
        # A fresh install's workspace is known now, not when somebody first types.
        await configured_workspaces(self._runtime, console=False)
        self._heartbeat = asyncio.create_task(self._beating(), name="chorus-heartbeat")
        await self.scheduler.start()

    async def beat(self) -> None:
        """Tell the database this server is alive and delivering."""
        await self.heartbeats.beat(
            self.server_id,
            kind="server",
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=self._started_at,
        )

    async def _beating(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=HEARTBEAT_SECONDS)
            if self._stop.is_set():
                return
            try:
                await self.beat()
            except Exception:
                log.exception("heartbeat failed; trying again")

    async def housekeeping(self) -> int:
        """Forget platform event ids (and Slack request signatures) older than the programme
        keeps them (at least as long as any retry could come: Slack retries for minutes,
        replays within hours), every hour, so the de-duplication table stays small between
        nightly housekeeping jobs. Slack install links nobody used go once they expire.
        Returns how many event ids were forgotten."""
        now = datetime.now(UTC)
        await self._runtime.platform.forget_expired_oauth_states(now)
        days = self._runtime.settings.programme.retention.processed_events_days
        return await self._runtime.platform.forget_events_before(now - timedelta(days=days))

    async def _tidy(self) -> None:
        while not self._stop.is_set():
            try:
                await self.housekeeping()
            except Exception:
                log.exception("housekeeping failed; trying again later")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=HOUSEKEEPING_SECONDS)

    async def stop(self) -> None:
        """Stop ticking and delivering; undelivered messages wait in the outbox."""
        await self.scheduler.stop()
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, timeout=10)
        for task in (self._previews, self._housekeeping, self._heartbeat):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        try:
            await self.heartbeats.stop(self.server_id)
        except Exception:  # the database is going away too: the row goes stale by itself
            log.warning("could not remove this server's heartbeat row")
        with contextlib.suppress(ValueError):
            self._runtime.queued_listeners.remove(self.worker.notify)
