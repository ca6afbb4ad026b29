"""Running a fire exactly once: the claim, the job's reads and the messages it queues commit together or not at all."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.config import Programme
from bot.context import Context, FixedClock
from bot.i18n import Translator
from bot.messages import (
    Audience,
    Block,
    Message,
)
from bot.model import Workspace
from bot.outbox import enqueue
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.time.schedule import Schedule

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Keyed:
    """A message whose dedupe key outlives one fire: a booking reminder that the next fire
    finds due again is still delivered once."""

    key: str
    message: Message
    expires_at: datetime | None = None  # no use after this (a reminder: when its event starts)


JobBody = Callable[[Context], Awaitable[Sequence[Message | Keyed]]]


@dataclass(frozen=True)
class Job:
    """A scheduled job: its name (the scheduler's and ``chorus jobs``), what it does (a
    msgid, for ``/chorus schedule``) and its body."""

    name: str
    description: str
    body: JobBody


# The ledger's status of a fire that ran ("done" in rows written so far).
RAN_STATUS = "done"


def channel_post(blocks: list[Block], summary: str) -> Message:
    """A message for the ambassador channel."""
    return Message(tuple(blocks), Audience.CHANNEL, summary=summary)


class FireOutcome(Enum):
    """What became of one fire."""

    RAN = "ran"
    ALREADY = "already"  # another scheduler, replica or `chorus jobs run` had it
    MISSED = "missed"
    SKIPPED = "skipped"  # paused, or skipped by a coordinator
    FAILED = "failed"


@dataclass(frozen=True)
class FireResult:
    """A fire's outcome and how many messages it queued."""

    outcome: FireOutcome
    queued: int = 0


async def effective_schedule(
    uow: UnitOfWork, programme: Programme, workspace: Workspace, job: str
) -> Schedule:
    """The job's schedule in this workspace: a coordinator's change, else the programme's."""
    default = programme.schedules[job]
    changed = await uow.jobs.schedule(workspace.id, job)
    cron, paused = changed if changed else (None, False)
    return Schedule(cron or default.cron, workspace.timezone, paused)


async def run_fire(
    uow_factory: UnitOfWorkFactory,
    programme: Programme,
    job: Job,
    workspace_id: int,
    fire_time: datetime,
) -> FireResult:
    """Run one fire of ``job`` for one workspace, exactly once."""
    async with uow_factory() as uow:
        workspace = await uow.workspaces.get(workspace_id)
        if workspace is None:
            return FireResult(FireOutcome.SKIPPED)
        if not await uow.jobs.claim(job.name, workspace_id, fire_time, RAN_STATUS):
            return FireResult(FireOutcome.ALREADY)
        tr = Translator(workspace.locale, workspace.timezone)
        ctx = Context(uow, workspace, programme, FixedClock(fire_time), tr)
        output = await job.body(ctx)
        messages = [item.message if isinstance(item, Keyed) else item for item in output]
        keys = [item.key if isinstance(item, Keyed) else None for item in output]
        deadlines = [item.expires_at if isinstance(item, Keyed) else None for item in output]
        prefix = f"job:{job.name}:{workspace_id}:{fire_time.isoformat()}"
        queued = await enqueue(
            uow.outbox,
            workspace,
            messages,
            dedupe_prefix=prefix,
            dedupe_keys=keys,
            deadlines=deadlines,
        )
        await uow.commit()
        return FireResult(FireOutcome.RAN, queued)


async def record_fire(
    uow_factory: UnitOfWorkFactory,
    job: str,
    workspace_id: int,
    fire_time: datetime,
    outcome: FireOutcome,
    detail: str | None = None,
) -> bool:
    """Record a fire that will not run (missed, skipped); False if it was recorded before."""
    async with uow_factory() as uow:
        recorded = await uow.jobs.claim(job, workspace_id, fire_time, outcome.value, detail)
        await uow.commit()
        return recorded
