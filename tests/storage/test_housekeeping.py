"""The server forgets old platform event ids, so de-duplication stays cheap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from adapters.background import Background
from adapters.runtime import Runtime
from storage.models import SLACK_OAUTH_STATES, ProcessedEventRow
from storage.platform import EVENT_MEMORY


async def test_housekeeping_forgets_event_ids_older_than_any_retry(runtime: Runtime) -> None:
    assert await runtime.platform.first_sighting("slack", "Ev-old")
    assert await runtime.platform.first_sighting("slack", "Ev-new")
    async with runtime.engine.begin() as connection:
        await connection.execute(
            update(ProcessedEventRow)
            .where(ProcessedEventRow.event_id == "Ev-old")
            .values(received_at=datetime.now(UTC) - EVENT_MEMORY - timedelta(minutes=1))
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
