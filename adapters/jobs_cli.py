"""``chorus jobs list`` and ``chorus jobs run``: the scheduler's jobs by hand, through the
same exactly-once claims."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from adapters.console.render import Style, render_message
from adapters.console.transport import ConsoleTransport
from adapters.delivery import DeliveryWorker, Transport
from adapters.runtime import Runtime
from adapters.transports import platform_transports
from adapters.workspaces import (
    CONSOLE_CHANNEL,
    CONSOLE_WORKSPACE,
    configured_workspaces,
    describe,
)
from bot.i18n import Translator
from bot.jobs.runner import FireOutcome, effective_schedule
from bot.messages import Message
from bot.model import Platform
from bot.registry import JOB_NAMES, run_fire
from bot.time.schedule import Schedule
from storage.heartbeats import Heartbeats

ENGLISH = Translator()  # the command line speaks English
DRAIN_SECONDS = 120  # delivering without a server: what is left then waits for one


def parse_at(text: str | None, timezone: str) -> datetime:
    """``--at`` as an aware UTC time (a time without offset is in the programme's zone)."""
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC)


async def jobs_list(runtime: Runtime, *, as_json: bool) -> int:
    """One job a line with its next fire (or a JSON list)."""
    programme = runtime.settings.programme
    now = datetime.now(UTC)
    rows = []
    workspaces = await configured_workspaces(runtime, console=False)
    acting = [describe(ws) for ws in workspaces] or [
        f"console workspace {CONSOLE_WORKSPACE} (made on the first run)"
    ]
    async with runtime.uow() as uow:
        for job in JOB_NAMES:
            schedules = [await effective_schedule(uow, programme, ws, job) for ws in workspaces]
            if not schedules:
                schedules = [Schedule(programme.schedules[job].cron, programme.timezone)]
            active = [s for s in schedules if not s.paused]
            fires = [(fire, s) for s in active if (fire := s.next_fire(now)) is not None]
            if fires:
                fire, schedule = min(fires, key=lambda pair: pair[0])
                local = fire.astimezone(ZoneInfo(schedule.timezone))
                rows.append(
                    {
                        "name": job,
                        "next_fire": local.isoformat(),
                        "cron": schedule.cron,
                        "timezone": schedule.timezone,
                        "paused": False,
                        "workspaces": acting,
                    }
                )
            else:
                rows.append(
                    {
                        "name": job,
                        "next_fire": None,
                        "cron": schedules[0].cron,
                        "timezone": schedules[0].timezone,
                        "paused": True,
                        "workspaces": acting,
                    }
                )
    if as_json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['name']}\t{row['next_fire'] or 'paused'}")
        # Beside the pinned one-job-a-line output, for the person reading it.
        print("Jobs act for: " + "; ".join(acting), file=sys.stderr)
    return 0


async def jobs_run(runtime: Runtime, job: str, at: str | None) -> int:
    """Fire ``job`` now (or at ``--at``) for every workspace, then deliver what it queued."""
    if job not in JOB_NAMES:
        print(f"chorus: unknown job {job!r}; the jobs are: {', '.join(JOB_NAMES)}", file=sys.stderr)
        return 2
    try:
        fire_time = parse_at(at, runtime.settings.programme.timezone)
    except ValueError:
        print(
            f"chorus: --at wants an ISO 8601 time such as 2026-11-30T09:00:00+01:00, not {at!r}",
            file=sys.stderr,
        )
        return 2
    workspaces = await configured_workspaces(runtime)
    results = []
    for workspace in workspaces:
        result = await run_fire(
            runtime.uow, runtime.settings.programme, job, workspace.id, fire_time
        )
        results.append((workspace, result))
    style = Style(sys.stdout.isatty())

    def show(message: Message, updated: bool) -> None:
        for line in render_message(
            message,
            style,
            lambda command: "·",
            channel=CONSOLE_CHANNEL,
            recipient=message.recipient_id,
            updated=updated,
        ):
            print(line)

    # The console's messages are shown here; Slack's and Teams' go out through a running
    # server when there is one (its heartbeat says so), else from here.
    transports: dict[Platform, Transport] = {
        Platform.CONSOLE: ConsoleTransport(runtime.platform, show)
    }
    servers = await Heartbeats(runtime.sessions).alive()
    if not servers:
        transports.update(platform_transports(runtime))
    worker = DeliveryWorker(runtime.outbox, transports)
    await worker.drain(within=DRAIN_SECONDS)
    stamp = fire_time.isoformat()
    for workspace, result in results:
        where = describe(workspace)
        if result.outcome is FireOutcome.ALREADY:
            print(f"{job} for {stamp} already ran in the {where}; nothing done.")
        else:
            queued = ENGLISH._n("{n} message queued", "{n} messages queued", result.queued)
            print(f"{job} for {stamp} ran in the {where}: {queued}.")
    remote = [p for p in (Platform.SLACK, Platform.TEAMS) if p not in transports]
    if servers:
        server = servers[0]
        waiting = await runtime.outbox.pending(platforms=remote)
        print(
            f"Delivery is left to the running server (pid {server.pid} on {server.host}): "
            + ENGLISH._n(
                "{n} Slack/Teams message waiting in the outbox.",
                "{n} Slack/Teams messages waiting in the outbox.",
                waiting,
            )
        )
    else:
        left = await runtime.outbox.pending(platforms=list(transports))
        sent = ENGLISH._n("{n} message sent", "{n} messages sent", worker.sent)
        print(
            f"No server is running on this database, so this command delivered: {sent}"
            + (f", {left} still waiting for a server." if left else ".")
        )
    return 0
