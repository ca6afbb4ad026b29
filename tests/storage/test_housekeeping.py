"""The server forgets old platform event ids, so de-duplication stays cheap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from adapters.background import Background
from adapters.runtime import Runtime
from bot.commands import Actor
from bot.jobs.runner import FireOutcome
from bot.model import Platform
from bot.registry import run_fire
from storage.models import (
    SLACK_OAUTH_STATES,
    DraftRow,
    MemberExportRow,
    OutboxRow,
    ProcessedEventRow,
)


async def test_housekeeping_forgets_event_ids_older_than_any_retry(runtime: Runtime) -> None:
    assert await runtime.platform.first_sighting("slack", "Ev-old")
    assert await runtime.platform.first_sighting("slack", "Ev-new")
    async with runtime.engine.begin() as connection:
        await connection.execute(
            update(ProcessedEventRow)
            .where(ProcessedEventRow.event_id == "Ev-old")
            .values(received_at=datetime.now(UTC) - timedelta(days=2, minutes=1))
        )

    assert await Background(runtime).housekeeping() == 1

    async with runtime.engine.connect() as connection:
        left = (await connection.execute(select(ProcessedEventRow.event_id))).scalars().all()
    assert list(left) == ["Ev-new"]
    assert not await runtime.platform.first_sighting("slack", "Ev-new")  # still a duplicate


async def test_housekeeping_forgets_install_links_nobody_used(runtime: Runtime) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)  # slack_sdk's naive UTC
    async with runtime.engine.begin() as connection:
        await connection.execute(
            insert(SLACK_OAUTH_STATES),
            [
                {"state": "expired", "expire_at": now - timedelta(minutes=1)},
                {"state": "pending", "expire_at": now + timedelta(minutes=9)},
            ],
        )

    await Background(runtime).housekeeping()

    async with runtime.engine.connect() as connection:
        left = (await connection.execute(select(SLACK_OAUTH_STATES.c.state))).scalars().all()
    assert list(left) == ["pending"]


async def test_nightly_housekeeping_removes_what_is_past_its_retention_time(
    runtime: Runtime,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    old = now - timedelta(days=31)
    ann = Actor(Platform.CONSOLE, "console", "ann", "Ann", channel_id="#ambassadors")
    core = runtime.core
    await core.handle_text(ann, "/draft An old draft set aside")
    await core.handle_text(ann, "/draft A fresh draft set aside")
    await core.handle_text(ann, "/draft discard 1")
    await core.handle_text(ann, "/draft discard 2")
    await core.handle_text(ann, "/chorus privacy export")
    workspace = await core.workspace(Platform.CONSOLE, "console")
    async with runtime.engine.begin() as connection:
        await connection.execute(
            update(DraftRow).where(DraftRow.number == 1).values(discarded_at=old)
        )
        await connection.execute(update(MemberExportRow).values(created_at=old))
        await connection.execute(
            insert(OutboxRow),
            [
                _outbox_row(workspace.id, "sent", old, "sent-old"),
                _outbox_row(workspace.id, "sent", now, "sent-new"),
                _outbox_row(workspace.id, "pending", old, "pending-old"),
            ],
        )
        await connection.execute(
            insert(SLACK_OAUTH_STATES),
            [
                {"state": "old", "expire_at": (now - timedelta(days=2)).replace(tzinfo=None)},
                {"state": "new", "expire_at": (now + timedelta(minutes=5)).replace(tzinfo=None)},
            ],
        )

    result = await run_fire(
        runtime.uow, runtime.settings.programme, "housekeeping", workspace.id, now
    )
    assert result.outcome is FireOutcome.RAN

    async with runtime.engine.connect() as connection:
        drafts = (await connection.execute(select(DraftRow.number))).scalars().all()
        keys = (await connection.execute(select(OutboxRow.dedupe_key))).scalars().all()
        states = (await connection.execute(select(SLACK_OAUTH_STATES.c.state))).scalars().all()
        exports = (await connection.execute(select(MemberExportRow.id))).scalars().all()
    assert drafts == [2]
    assert sorted(keys) == ["pending-old", "sent-new"]  # never an undelivered message
    assert states == ["new"]
    assert exports == []


def _outbox_row(workspace_id: int, status: str, at: datetime, key: str) -> dict[str, object]:
    return {
        "workspace_id": workspace_id,
        "platform": "console",
        "target": "#ambassadors",
        "dedupe_key": key,
        "payload": "{}",
        "status": status,
        "attempts": 0,
        "not_before": at,
        "created_at": at,
    }
