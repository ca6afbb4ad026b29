"""``chorus jobs run`` queues the fire and leaves delivery to a running server (its
heartbeat row tells), delivering by itself only when none runs, and says which it did."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

from sqlalchemy import select

from adapters.background import Background
from adapters.runtime import Runtime
from bot.model import Platform
from storage.heartbeats import FRESH_WITHIN, Heartbeats
from storage.models import OutboxRow, ServerHeartbeatRow
from tests.e2e.test_console import run_chorus

AT = ["--at", "2026-11-30T09:00:00+01:00"]


def test_without_a_server_jobs_run_delivers_by_itself_and_says_so(database_url: str) -> None:
    result = run_chorus(["jobs", "run", "weekly-prompt", *AT], database_url)

    assert result.returncode == 0, result.stderr
    assert "WRITING PROMPT OF THE WEEK" in result.stdout
    assert (
        "No server is running on this database, so this command delivered: 1 message sent."
        in result.stdout
    )
    assert "left to the running server" not in result.stdout


async def test_with_a_server_running_jobs_run_leaves_delivery_to_it_and_says_so(
    runtime: Runtime, database_url: str
) -> None:
    async with runtime.uow() as unit:
        workspace, _ = await unit.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="Europe/Copenhagen"
        )
        workspace.channel_id = "C1"
        await unit.workspaces.save(workspace)
        await unit.commit()
    heartbeats = Heartbeats(runtime.sessions)
    await heartbeats.beat(
        "server-1", kind="server", host="chorus-1", pid=4242, started_at=datetime.now(UTC)
    )

    result = await asyncio.to_thread(
        run_chorus,
        ["jobs", "run", "weekly-prompt", *AT],
        database_url,
        # Nothing listens here: a delivery attempt would fail and show in the outbox.
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )

    assert result.returncode == 0, result.stderr
    assert "ran in the slack workspace T1 (C1): 1 message queued." in result.stdout
    assert (
        "Delivery is left to the running server (pid 4242 on chorus-1): "
        "1 Slack/Teams message waiting in the outbox." in result.stdout
    )
    async with runtime.engine.connect() as connection:
        rows = (await connection.execute(select(OutboxRow.status, OutboxRow.attempts))).all()
    assert [tuple(row) for row in rows] == [("pending", 0)]


async def test_a_server_silent_for_longer_than_a_few_beats_is_no_server(
    runtime: Runtime,
) -> None:
    now = datetime.now(UTC)
    async with runtime.sessions() as session, session.begin():
        for name, silent in (("killed", FRESH_WITHIN * 2), ("long-gone", FRESH_WITHIN * 20)):
            session.add(
                ServerHeartbeatRow(
                    id=name, kind="server", host="h", pid=1, started_at=now, beat_at=now - silent
                )
            )
    heartbeats = Heartbeats(runtime.sessions)
    await heartbeats.beat("alive", kind="server", host="h", pid=2, started_at=now)

    assert [s.id for s in await heartbeats.alive()] == ["alive"]
    async with runtime.sessions() as session:
        left = (await session.execute(select(ServerHeartbeatRow.id))).scalars().all()
    assert sorted(left) == ["alive", "killed"]  # a long-gone server's row is tidied away


async def test_a_running_server_keeps_a_heartbeat_and_removes_it_when_it_stops(
    runtime: Runtime,
) -> None:
    heartbeats = Heartbeats(runtime.sessions)
    background = Background(runtime)

    await background.start()
    try:
        [server] = await heartbeats.alive()
        assert (server.id, server.pid) == (background.server_id, os.getpid())
    finally:
        await background.stop()

    assert await heartbeats.alive() == []
