"""``GET /metrics``: outbox depth and age per platform and priority, sends, 429s and
Retry-After per kind of scope, dead letters, scheduled fires and de-duplicated events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from adapters.delivery import DeliveryPolicy, DeliveryWorker, Parcel, RetryAfter, Unreachable
from adapters.http import make_app
from adapters.runtime import Runtime
from adapters.scheduler import Scheduler
from bot.config import Programme
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform
from bot.outbox import Priority, Queued
from storage.outbox import Claimed, Gate
from tests.adapters.slack.fake_slack import serve

MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # weekly-prompt fires 09:00 Copenhagen


class ScriptedTransport:
    """Fails each message's first sends as scripted for its dedupe key, then takes it."""

    def __init__(self, failures: dict[str, list[Exception]]) -> None:
        self.failures = failures

    def gates(self, item: Claimed) -> Sequence[Gate]:
        return [
            Gate(f"t:{item.target}", 0.0, kind="dm"),
            Gate("t:workspace", 0.0, kind="workspace"),
        ]

    async def deliver(self, parcel: Parcel) -> str:
        if failures := self.failures.get(parcel.item.dedupe_key):
            raise failures.pop(0)
        return "ok"


async def _scrape(runtime: Runtime) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    runner, base = await serve(make_app(runtime))
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics") as response:
            assert response.status == 200
            text = await response.text()
    finally:
        await runner.cleanup()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def _workspace(runtime: Runtime) -> int:
    async with runtime.uow() as unit:
        workspace, _ = await unit.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="Europe/Copenhagen"
        )
        workspace.channel_id = "C1"
        await unit.workspaces.save(workspace)
        await unit.commit()
        return workspace.id


async def _queue(
    runtime: Runtime, ws: int, key: str, priority: Priority, not_before: datetime | None = None
) -> None:
    async with runtime.uow() as unit:
        message = Message((Section(Text.plain(key)),), Audience.MEMBER)
        await unit.outbox.enqueue(
            Queued(ws, Platform.SLACK, "U0ANN0001", message, key, not_before, priority=priority)
        )
        await unit.commit()


async def test_the_outbox_shows_its_depth_and_the_age_of_its_oldest_due_message(
    runtime: Runtime,
) -> None:
    ws = await _workspace(runtime)
    now = datetime.now(UTC)
    await _queue(runtime, ws, "old", Priority.BULK, now - timedelta(minutes=5))
    await _queue(runtime, ws, "later", Priority.BULK, now + timedelta(hours=1))
    await _queue(runtime, ws, "answer", Priority.URGENT)

    samples = await _scrape(runtime)

    bulk = (("platform", "slack"), ("priority", "bulk"))
    urgent = (("platform", "slack"), ("priority", "urgent"))
    assert samples[("chorus_outbox_depth", bulk)] == 2
    assert samples[("chorus_outbox_depth", urgent)] == 1
    assert 299 <= samples[("chorus_outbox_oldest_due_seconds", bulk)] < 330
    assert samples[("chorus_outbox_oldest_due_seconds", urgent)] < 30
    assert samples[("chorus_up", ())] == 1


async def test_sends_429s_retry_after_and_dead_letters_are_counted(runtime: Runtime) -> None:
    ws = await _workspace(runtime)
    await _queue(runtime, ws, "limited-then-sent", Priority.URGENT)
    await _queue(runtime, ws, "doomed", Priority.BULK)
    transport = ScriptedTransport(
        {
            "limited-then-sent": [RetryAfter(0.2, "t:workspace")],
            "doomed": [Unreachable("blocked")],
        }
    )
    policy = DeliveryPolicy(idle_poll=0.05, per_target=1)
    worker = DeliveryWorker(
        runtime.outbox, {Platform.SLACK: transport}, policy=policy, metrics=runtime.metrics
    )

    await worker.drain(within=5)
    samples = await _scrape(runtime)

    workspace = (("kind", "workspace"),)
    assert samples[("chorus_delivery_rate_limited_total", workspace)] == 1
    assert samples[("chorus_delivery_retry_after_seconds_sum", workspace)] == 0.2
    assert (("chorus_delivery_rate_limited_total", (("kind", "dm"),))) not in samples
    assert samples[("chorus_delivery_sends_total", (("platform", "slack"), ("priority", "urgent")))]
    assert samples[("chorus_delivery_scope_sends_total", (("kind", "dm"),))] == 1
    assert samples[("chorus_delivery_dead_letters_total", (("platform", "slack"),))] == 1
    assert samples[("chorus_outbox_dead_letters", (("platform", "slack"),))] == 1


async def test_fires_and_duplicates_prevented_are_counted(runtime: Runtime) -> None:
    await _workspace(runtime)
    programme = Programme(timezone="Europe/Copenhagen", channel_id="C1")
    moment = [MONDAY - timedelta(minutes=1)]
    schedulers = [
        Scheduler(runtime.uow, programme, now=lambda: moment[0], on_fire=runtime.metrics.count_fire)
        for _ in range(2)
    ]
    for scheduler in schedulers:
        await scheduler.catch_up()
    moment[0] = MONDAY + timedelta(seconds=5)
    for scheduler in schedulers:  # one after the other: the second finds the fire taken
        await scheduler.tick()

    samples = await _scrape(runtime)

    prompt = "weekly-prompt"
    assert samples[("chorus_job_fires_total", (("job", prompt), ("outcome", "ran")))] == 1
    assert samples[("chorus_job_fires_total", (("job", prompt), ("outcome", "already")))] == 1


async def test_a_platform_event_seen_again_is_counted(runtime: Runtime) -> None:
    assert await runtime.platform.first_sighting("slack", "Ev1")
    assert not await runtime.platform.first_sighting("slack", "Ev1")
    assert not await runtime.platform.first_sighting("slack", "Ev1")

    samples = await _scrape(runtime)

    assert samples[("chorus_events_deduplicated_total", (("platform", "slack"),))] == 2
