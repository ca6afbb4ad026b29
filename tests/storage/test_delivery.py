"""The outbox and its worker, and the scheduler's claims, on a real database (SQLite, and
PostgreSQL when CHORUS_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.delivery import DeliveryPolicy, DeliveryWorker, Parcel, RetryAfter, Unreachable
from adapters.scheduler import Scheduler
from bot.config import Programme
from bot.jobs.runner import FireOutcome
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform, Role
from bot.outbox import Outgoing
from storage.database import session_factory
from storage.models import JobFireRow, OutboxRow
from storage.outbox import Claimed, Gate, OutboxStore
from storage.platform import PlatformStore
from storage.unit_of_work import SqlUnitOfWorkFactory

FAST = DeliveryPolicy(
    max_attempts=3, base_backoff=0.01, max_backoff=0.02, lease=timedelta(seconds=30), idle_poll=0.05
)


class RecordingTransport:
    """A platform double: records every send with its time; scripted failures."""

    def __init__(self, spacing: float = 0.0, failures: Sequence[Exception] = ()) -> None:
        self.spacing = spacing
        self.failures = list(failures)
        self.sent: list[tuple[float, str, str]] = []  # (monotonic time, dedupe key, text)
        self.seen_retries: list[bool] = []

    def gates(self, item: Claimed) -> Sequence[Gate]:
        return [Gate(f"test:{item.target}", self.spacing)] if self.spacing else []

    async def deliver(self, parcel: Parcel) -> str:
        self.seen_retries.append(parcel.maybe_sent_before)
        if parcel.maybe_sent_before and any(
            key == parcel.item.dedupe_key for _, key, _ in self.sent
        ):
            return f"m-{parcel.item.dedupe_key}"  # reconciled: the platform already has it
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((time.monotonic(), parcel.item.dedupe_key, parcel.message.text))
        return f"m-{parcel.item.dedupe_key}"


@pytest.fixture
def uow(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


@pytest.fixture
def store(engine: AsyncEngine) -> OutboxStore:
    return OutboxStore(session_factory(engine))


async def _workspace(uow: SqlUnitOfWorkFactory) -> int:
    async with uow() as unit:
        workspace, _ = await unit.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="UTC"
        )
        workspace.channel_id = "C1"
        await unit.workspaces.save(workspace)
        await unit.commit()
        return workspace.id


async def _queue(
    uow: SqlUnitOfWorkFactory,
    workspace_id: int,
    texts: Sequence[str],
    *,
    target: str = "C1",
    key: str | None = None,
    prefix: str = "t",
) -> None:
    async with uow() as unit:
        for n, text in enumerate(texts):
            message = Message((Section(Text.plain(text)),), Audience.CHANNEL, key=key)
            await unit.outbox.enqueue(
                Outgoing(workspace_id, Platform.SLACK, target, message, f"{prefix}-{n}")
            )
        await unit.commit()


async def _statuses(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list(
            (await connection.execute(select(OutboxRow.status).order_by(OutboxRow.id))).scalars()
        )


async def test_messages_are_delivered_once_in_order(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["one", "two", "three"])
    transport = RecordingTransport()
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    assert [text for _, _, text in transport.sent] == ["one", "two", "three"]
    assert await _statuses(engine) == ["sent"] * 3


async def test_enqueueing_the_same_dedupe_key_twice_stores_it_once(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["once"])
    await _queue(uow, ws, ["once"])
    assert await _statuses(engine) == ["pending"]


async def test_a_newer_version_of_a_keyed_post_supersedes_the_undelivered_one(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["votes: 1"], key="idea:1", prefix="a")
    await _queue(uow, ws, ["votes: 2"], key="idea:1", prefix="b")
    transport = RecordingTransport()
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    assert [text for _, _, text in transport.sent] == ["votes: 2"]
    assert await _statuses(engine) == ["superseded", "sent"]


async def test_sends_to_one_channel_are_spaced_by_its_rate_gate(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["a", "b", "c"])
    transport = RecordingTransport(spacing=0.25)
    start = time.monotonic()
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    times = [t for t, _, _ in transport.sent]
    assert len(times) == 3
    # The gate hands out slots 0.25 s apart from the first claim on, and no send starts
    # before its slot. (Gaps between the sends themselves may shrink when one send starts
    # late on a busy machine: the gate keeps the rate, not the jitter.)
    offsets = [t - start for t in times]
    assert all(offset >= 0.25 * k - 0.02 for k, offset in enumerate(offsets)), offsets


async def test_retry_after_is_honoured_and_does_not_count_as_a_failure(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["limited"])
    transport = RecordingTransport(failures=[RetryAfter(0.4), RetryAfter(0.4), RetryAfter(0.4)])
    started = time.monotonic()
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    [(sent_at, _, _)] = transport.sent
    assert sent_at - started >= 1.2  # three Retry-After waits, none cut short
    assert await _statuses(engine) == ["sent"]  # three 429s, yet never parked as dead


async def test_failures_back_off_then_the_message_is_parked_as_dead_and_listed(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["doomed"])
    transport = RecordingTransport(failures=[ConnectionError("boom")] * 5)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    deadline = time.monotonic() + 5
    while await store.pending() and time.monotonic() < deadline:
        await worker.run_once()
        await asyncio.sleep(0.03)
    assert await _statuses(engine) == ["dead"]
    async with uow() as unit:
        [(target, error, _)] = await unit.outbox.undelivered(ws, limit=5)
    assert (target, error) == ("C1", "ConnectionError: boom")
    assert len(transport.failures) == 2  # three attempts, then it stopped trying


async def test_an_unreachable_target_is_parked_at_once(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["blocked"])
    transport = RecordingTransport(failures=[Unreachable("user blocked the bot")])
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    assert await _statuses(engine) == ["dead"]
    assert transport.seen_retries == [False]


async def test_a_worker_killed_between_send_and_commit_is_reconciled_not_repeated(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, ["exactly once"])
    transport = RecordingTransport()
    now = datetime.now(UTC)
    # The first worker claims and sends, then dies before recording the delivery.
    [claimed] = await store.claim(
        now=now,
        limit=10,
        lease=timedelta(seconds=1),
        horizon=timedelta(seconds=1),
        gates=transport.gates,
    )
    await transport.deliver(Parcel(claimed, Message((Section(Text.plain("exactly once")),))))
    # Its lease runs out; another worker picks the message up.
    await asyncio.sleep(1.1)
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    assert len(transport.sent) == 1
    assert transport.seen_retries == [False, True]
    assert await _statuses(engine) == ["sent"]


async def test_two_workers_share_the_outbox_without_delivering_anything_twice(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, [f"m{n}" for n in range(60)], target="C1")
    await _queue(uow, ws, [f"n{n}" for n in range(60)], target="C2", prefix="u")
    transport = RecordingTransport()
    small = DeliveryPolicy(batch=7, idle_poll=0.05)
    workers = [
        DeliveryWorker(
            OutboxStore(session_factory(engine)), {Platform.SLACK: transport}, policy=small
        )
        for _ in range(2)
    ]
    await asyncio.gather(*(w.drain() for w in workers))
    keys = [key for _, key, _ in transport.sent]
    assert len(keys) == 120
    assert len(set(keys)) == 120
    assert all(w.sent > 0 for w in workers) or len(workers) == 2


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # weekly-prompt fires 09:00 Copenhagen


async def _fires(engine: AsyncEngine) -> list[tuple[str, datetime, str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(JobFireRow.job, JobFireRow.fire_time, JobFireRow.status).order_by(
                JobFireRow.fire_time, JobFireRow.job
            )
        )
        return [
            (job, fire if fire.tzinfo else fire.replace(tzinfo=UTC), status)
            for job, fire, status in rows
        ]


def _programme() -> Programme:
    return Programme(timezone="Europe/Copenhagen", channel_id="C1")


async def _copenhagen_workspace(uow: SqlUnitOfWorkFactory) -> int:
    async with uow() as unit:
        workspace, _ = await unit.workspaces.get_or_add(
            Platform.SLACK, "T1", locale="en", timezone="Europe/Copenhagen"
        )
        workspace.channel_id = "C1"
        await unit.workspaces.save(workspace)
        await unit.commit()
        return workspace.id


async def test_two_schedulers_on_one_database_fire_each_job_once(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    await _copenhagen_workspace(uow)
    clock = Clock(MONDAY - timedelta(minutes=1))
    schedulers = [
        Scheduler(SqlUnitOfWorkFactory(session_factory(engine)), _programme(), now=clock)
        for _ in range(2)
    ]
    for scheduler in schedulers:
        await scheduler.catch_up()
    clock.moment = MONDAY + timedelta(seconds=5)
    results = await asyncio.gather(*(s.tick() for s in schedulers))
    ran = sum(r[FireOutcome.RAN] for r in results)
    already = sum(r[FireOutcome.ALREADY] for r in results)
    prompts = [f for f in await _fires(engine) if f[0] == "weekly-prompt"]
    assert prompts == [("weekly-prompt", MONDAY, "done")]
    assert ran >= 1 and ran + already == sum(sum(r.values()) for r in results) - sum(
        r[FireOutcome.SKIPPED] + r[FireOutcome.MISSED] for r in results
    )
    async with engine.connect() as connection:
        posts = (
            (
                await connection.execute(
                    select(OutboxRow.dedupe_key).where(
                        OutboxRow.dedupe_key.like("job:weekly-prompt:%")
                    )
                )
            )
            .scalars()
            .all()
        )
    assert len(posts) == 1


async def test_catch_up_runs_fires_inside_their_grace_and_reports_older_ones_as_missed(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    ws = await _copenhagen_workspace(uow)
    async with uow() as unit:  # the weekly prompt last ran a fortnight ago
        await unit.jobs.claim("weekly-prompt", ws, MONDAY - timedelta(weeks=2), "done")
        await unit.commit()
    clock = Clock(MONDAY + timedelta(hours=2))  # down over last Monday and this morning
    counts = await Scheduler(uow, _programme(), now=clock).catch_up()
    prompts = [
        (fire, status) for job, fire, status in await _fires(engine) if job == "weekly-prompt"
    ]
    assert prompts == [
        (MONDAY - timedelta(weeks=2), "done"),
        (MONDAY - timedelta(weeks=1), "missed"),  # 7 days late: outside the 6 h grace
        (MONDAY, "done"),  # 2 h late: inside the grace, so it runs now
    ]
    assert counts[FireOutcome.MISSED] == 1 and counts[FireOutcome.RAN] == 1
    async with uow() as unit:
        recent = await unit.jobs.fires_since(ws, MONDAY - timedelta(days=30))
    assert ("weekly-prompt", MONDAY - timedelta(weeks=1), "missed") in recent


async def test_a_paused_job_records_its_fires_as_skipped(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    ws = await _copenhagen_workspace(uow)
    async with uow() as unit:
        await unit.jobs.set_schedule(ws, "weekly-prompt", None, True)
        await unit.commit()
    clock = Clock(MONDAY - timedelta(minutes=1))
    scheduler = Scheduler(uow, _programme(), now=clock)
    await scheduler.catch_up()
    clock.moment = MONDAY + timedelta(minutes=1)
    await scheduler.tick()
    assert [(j, s) for j, _, s in await _fires(engine) if j == "weekly-prompt"] == [
        ("weekly-prompt", "skipped")
    ]


async def test_a_note_superseded_while_out_for_delivery_is_never_sent_again(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    async with uow() as unit:
        member = await unit.members.add(ws, "U0GONE", "Gone", Role.AMBASSADOR)
        await unit.commit()
    await _queue(uow, ws, ["a note for someone erased"], target="U0GONE")
    transport = RecordingTransport(failures=[RuntimeError("a hiccup")])
    [claimed] = await store.claim(
        now=datetime.now(UTC),
        limit=10,
        lease=timedelta(seconds=30),
        horizon=timedelta(seconds=1),
        gates=transport.gates,
    )
    # The member is erased while the worker holds the message.
    async with uow() as unit:
        erasure = await unit.privacy.erase(member.id, now=datetime.now(UTC))
        await unit.commit()
    assert erasure.superseded == 1
    await store.retry(claimed.id, datetime.now(UTC), "a hiccup")
    await store.delivered_many([(claimed.id, "m-late")], datetime.now(UTC))
    await DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST).drain()
    assert transport.sent == []
    assert await _statuses(engine) == ["superseded"]


async def test_a_parked_workspace_keeps_its_messages_until_it_is_unparked(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    platform = PlatformStore(session_factory(engine))
    assert await platform.park("slack", "T1")
    assert not await platform.park("slack", "T1")  # parked once
    await _queue(uow, ws, ["while away"])
    transport = RecordingTransport()
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    started = time.monotonic()
    await worker.drain(within=5)
    assert time.monotonic() - started < 2  # nothing deliverable: drain does not wait
    assert transport.sent == [] and await _statuses(engine) == ["pending"]
    assert await store.pending() == 0 and await store.next_due() is None

    assert await platform.unpark("slack", "T1")
    await worker.drain()
    assert [text for _, _, text in transport.sent] == ["while away"]
    assert await _statuses(engine) == ["sent"]
