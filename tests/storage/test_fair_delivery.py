"""Fair delivery on a real database (SQLite, and PostgreSQL when CHORUS_TEST_DATABASE_URL is
set): one busy target never holds back the others, urgent goes before bulk, Retry-After
holds every send booked before it, and a reminder that would arrive late is dropped."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.delivery import DeliveryPolicy, DeliveryWorker, Parcel, RetryAfter
from bot import codec
from bot.messages import Actions, Audience, Button, Message, Section, Text
from bot.model import Platform, Role
from bot.outbox import Priority, Queued
from storage.database import reader, session_factory
from storage.models import DeliveryGateRow, DeliveryLimitRow, OutboxRow
from storage.outbox import Claimed, Gate, Limited, OutboxStore
from storage.platform import MessageRef, PlatformStore
from storage.unit_of_work import SqlUnitOfWorkFactory

FAST = DeliveryPolicy(
    max_attempts=3, base_backoff=0.01, max_backoff=0.02, lease=timedelta(seconds=30), idle_poll=0.05
)


class GatedTransport:
    """A platform double with a gate per target (``gap`` seconds) and, optionally, one
    for the whole workspace; records each send's time."""

    def __init__(self, gap: float = 0.0, workspace_gap: float = 0.0) -> None:
        self.gap = gap
        self.workspace_gap = workspace_gap
        self.sent: list[tuple[float, str, str]] = []  # (monotonic time, target, dedupe key)

    def gates(self, item: Claimed) -> Sequence[Gate]:
        gates = [Gate(f"test:{item.target}", self.gap, kind="channel")] if self.gap else []
        if self.workspace_gap:
            gates.append(Gate("test:workspace", self.workspace_gap, kind="workspace"))
        return gates

    async def deliver(self, parcel: Parcel) -> str:
        self.sent.append((time.monotonic(), parcel.item.target, parcel.item.dedupe_key))
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
        await unit.commit()
        return workspace.id


async def _other_workspace(uow: SqlUnitOfWorkFactory) -> int:
    async with uow() as unit:
        workspace, _ = await unit.workspaces.get_or_add(
            Platform.SLACK, "T2", locale="en", timezone="UTC"
        )
        await unit.commit()
        return workspace.id


async def _queue(
    uow: SqlUnitOfWorkFactory,
    workspace_id: int,
    target: str,
    keys: Sequence[str],
    *,
    priority: Priority = Priority.BULK,
    expires_at: datetime | None = None,
) -> None:
    audience = Audience.CHANNEL if target.startswith("C") else Audience.MEMBER
    async with uow() as unit:
        for key in keys:
            message = Message((Section(Text.plain(key)),), audience)
            await unit.outbox.enqueue(
                Queued(
                    workspace_id,
                    Platform.SLACK,
                    target,
                    message,
                    key,
                    priority=priority,
                    expires_at=expires_at,
                )
            )
        await unit.commit()


async def _claim(
    store: OutboxStore,
    transport: GatedTransport,
    *,
    limit: int = 200,
    horizon: float = 1.0,
    per_target: int = 4,
    now: datetime | None = None,
    bulk_horizon: float | None = None,
) -> list[Claimed]:
    return await store.claim(
        now=now or datetime.now(UTC),
        limit=limit,
        lease=timedelta(seconds=30),
        horizon=timedelta(seconds=horizon),
        gates=transport.gates,
        per_target=per_target,
        bulk_horizon=None if bulk_horizon is None else timedelta(seconds=bulk_horizon),
    )


async def _status(engine: AsyncEngine, dedupe_key: str) -> str:
    async with engine.connect() as connection:
        return str(
            (
                await connection.execute(
                    select(OutboxRow.status).where(OutboxRow.dedupe_key == dedupe_key)
                )
            ).scalar_one()
        )


async def test_a_channel_backlog_does_not_hide_younger_messages_for_other_targets(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", [f"card-{n}" for n in range(300)])
    await _queue(uow, ws, "U1", ["dm-1"])
    await _queue(uow, ws, "U2", ["dm-2"])
    transport = GatedTransport(gap=5.0)

    claimed = await _claim(store, transport, limit=20)

    # The channel's oldest card and both DMs, though 300 older cards wait in front of them.
    assert [c.dedupe_key for c in claimed] == ["card-0", "dm-1", "dm-2"]
    # The next claim finds the channel still closed, and nothing else due: nothing.
    assert await _claim(store, transport, limit=20) == []


async def test_targets_take_turns_and_each_keeps_its_own_order(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", ["c1-0", "c1-1", "c1-2"])
    await _queue(uow, ws, "C2", ["c2-0", "c2-1", "c2-2"])
    transport = GatedTransport()

    claimed = await _claim(store, transport, limit=4, per_target=2)

    assert [c.dedupe_key for c in claimed] == ["c1-0", "c2-0", "c1-1", "c2-1"]
    assert [c.dedupe_key for c in await _claim(store, transport)] == ["c1-2", "c2-2"]


async def test_urgent_messages_get_the_workspace_budget_before_bulk(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", [f"card-{n}" for n in range(5)])
    await _queue(uow, ws, "U0", [f"nudge-{n}" for n in range(1)])
    for n in range(1, 40):
        await _queue(uow, ws, f"U{n}", [f"nudge-{n}"])
    await _queue(uow, ws, "U99", ["answer"], priority=Priority.URGENT)
    await _queue(uow, ws, "U1", ["confirmation"], priority=Priority.URGENT)
    transport = GatedTransport(gap=1.0, workspace_gap=0.1)

    claimed = await _claim(store, transport, horizon=0.45)

    # Five sends fit into the horizon: the two urgent ones take the first.
    assert [c.dedupe_key for c in claimed[:2]] == ["answer", "confirmation"]
    assert len(claimed) == 5
    assert claimed[0].send_at <= claimed[1].send_at < claimed[2].send_at


async def test_a_retry_after_told_to_another_process_holds_sends_booked_before_it(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", ["a", "b", "c"])
    transport = GatedTransport(gap=0.3)
    policy = DeliveryPolicy(horizon=timedelta(seconds=1), idle_poll=0.05)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=policy)
    other = OutboxStore(session_factory(engine))  # another replica's view of the outbox

    booked = await _claim(store, transport)  # a, b, c booked at 0 s, 0.3 s and 0.6 s
    assert [c.dedupe_key for c in booked] == ["a", "b", "c"]
    sends = asyncio.gather(*(worker._deliver(item) for item in booked))
    await asyncio.sleep(0.1)
    limited_at = time.monotonic()
    await other.block(["test:C1"], datetime.now(UTC) + timedelta(seconds=1))
    await sends
    await worker.drain(within=5)

    times = {key: at for at, _, key in transport.sent}
    assert times["a"] < limited_at
    # b's slot is re-booked at the window's end and c's slot a gap after it; no send
    # starts before its slot (a late start of b may shrink the gap between the sends).
    assert times["b"] >= limited_at + 0.95 and times["c"] >= limited_at + 0.95 + 0.29
    assert [key for _, _, key in transport.sent] == ["a", "b", "c"]


async def test_a_retry_after_puts_every_send_it_holds_back_in_one_transaction(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    class Counting(OutboxStore):
        """Counts the writes that put held sends back."""

        def __init__(self) -> None:
            super().__init__(session_factory(engine))
            self.single = 0
            self.batches: list[int] = []

        async def retry(self, *args: object, **kwargs: object) -> None:
            self.single += 1
            await super().retry(*args, **kwargs)  # type: ignore[arg-type]

        async def hold_many(
            self,
            items: Sequence[tuple[int, datetime]],
            *,
            freed: Sequence[tuple[str, datetime, datetime]] = (),
        ) -> None:
            self.batches.append(len(items))
            await super().hold_many(items, freed=freed)

    ws = await _workspace(uow)
    for n in range(30):
        await _queue(uow, ws, f"U{n}", [f"dm-{n}"])
    store = Counting()
    transport = GatedTransport(workspace_gap=0.01)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    booked = await _claim(store, transport)
    assert len(booked) == 30
    until = datetime.now(UTC) + timedelta(seconds=30)
    await store.block(["test:workspace"], until)  # a 429 another process heard

    await asyncio.gather(*(worker._deliver(item) for item in booked))
    await worker._flush()

    assert transport.sent == []
    assert (store.single, store.batches) == (0, [30])
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(OutboxRow.status, OutboxRow.attempts, OutboxRow.not_before)
            )
        ).all()
    # Pending again, due when the window ends, and the hold cost no attempt.
    assert {(status, attempts) for status, attempts, _ in rows} == {("pending", 0)}
    assert all(abs((due - until).total_seconds()) < 0.01 for _, _, due in rows)


async def test_a_blocked_scope_gets_no_new_bookings_until_its_window_ends(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", ["held"])
    await _queue(uow, ws, "U1", ["free"])
    transport = GatedTransport(gap=0.01)
    await store.block(["test:C1"], datetime.now(UTC) + timedelta(seconds=30))

    assert [c.dedupe_key for c in await _claim(store, transport)] == ["free"]
    assert await store.blocked_until(["test:U1", "test:C1"], datetime.now(UTC)) is not None
    assert await store.blocked_until(["test:U1"], datetime.now(UTC)) is None

    # A shorter Retry-After never shortens a longer one; one call closes several scopes.
    now = datetime.now(UTC)
    await store.block(["test:C1", "test:C2"], now + timedelta(seconds=5))
    longest = await store.blocked_until(["test:C1"], now)
    assert longest is not None and longest > now + timedelta(seconds=29)
    shorter = await store.blocked_until(["test:C2"], now)
    assert shorter is not None and shorter < now + timedelta(seconds=6)


class BurstTransport(GatedTransport):
    """A workspace gate of ``gap`` seconds that lets ``burst`` sends catch up."""

    def __init__(self, gap: float, burst: int) -> None:
        super().__init__()
        self.gate = Gate("test:workspace", gap, burst=burst, kind="workspace")

    def gates(self, item: Claimed) -> Sequence[Gate]:
        return [self.gate]


async def test_a_late_claim_catches_up_a_gates_burst_and_no_more(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["a"])
    for n in range(2, 12):
        await _queue(uow, ws, f"U{n}", [f"m{n}"])
    transport = BurstTransport(gap=10.0, burst=4)
    now = datetime.now(UTC)
    # The gate's last send lies long behind (a claim that came late): four go at once.
    async with engine.begin() as connection:
        await connection.execute(
            DeliveryGateRow.__table__.insert(),  # type: ignore[attr-defined]
            [{"scope": "test:workspace", "open_at": now - timedelta(minutes=5)}],
        )
    first = await _claim(store, transport, horizon=1.0)
    assert len(first) == 4
    assert all(abs((c.send_at - now).total_seconds()) < 2 for c in first)
    # The burst is spent: the next send is a whole gap away, beyond the horizon.
    assert await _claim(store, transport, horizon=1.0) == []


async def test_a_gates_burst_never_crosses_a_retry_after(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    for n in range(1, 6):
        await _queue(uow, ws, f"U{n}", [f"m{n}"])
    transport = BurstTransport(gap=0.01, burst=5)
    until = datetime.now(UTC) + timedelta(seconds=0.5)
    await store.block(["test:workspace"], until)

    claimed = await _claim(store, transport, horizon=1.0)
    assert claimed and all(c.send_at >= until for c in claimed)


async def test_a_reminder_that_can_no_longer_arrive_in_time_is_dropped_with_a_log_line(
    uow: SqlUnitOfWorkFactory,
    store: OutboxStore,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ws = await _workspace(uow)
    now = datetime.now(UTC)
    await _queue(uow, ws, "U1", ["late"], priority=Priority.URGENT, expires_at=now)
    # The member's DM is closed (a Retry-After) until after this reminder's slot begins.
    await store.block(["test:U2"], now + timedelta(seconds=1))
    await _queue(
        uow,
        ws,
        "U2",
        ["behind"],
        priority=Priority.URGENT,
        expires_at=now + timedelta(milliseconds=500),
    )
    await _queue(
        uow, ws, "U3", ["in-time"], priority=Priority.URGENT, expires_at=now + timedelta(hours=1)
    )
    transport = GatedTransport(gap=0.1)

    with caplog.at_level(logging.WARNING, logger="storage.outbox"):
        claimed = await _claim(store, transport, horizon=5)

    assert [c.dedupe_key for c in claimed] == ["in-time"]
    assert await _status(engine, "late") == "expired"
    assert await _status(engine, "behind") == "expired"
    assert "late to U1" in caplog.text and "behind to U2" in caplog.text


async def test_a_booked_reminder_whose_deadline_passes_while_it_waits_is_not_sent(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    now = datetime.now(UTC)
    await _queue(uow, ws, "U1", ["first"], priority=Priority.URGENT)
    await _queue(
        uow,
        ws,
        "U1",
        ["reminder"],
        priority=Priority.URGENT,
        expires_at=now + timedelta(milliseconds=300),
    )
    transport = GatedTransport(gap=0.2)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    booked = await _claim(store, transport)
    assert [c.dedupe_key for c in booked] == ["first", "reminder"]
    await store.block(["test:U1"], now + timedelta(milliseconds=400))  # a 429 after booking

    await asyncio.gather(*(worker._deliver(item) for item in booked))
    await worker.drain(within=2)

    assert [key for _, _, key in transport.sent] == ["first"]
    assert await _status(engine, "reminder") == "expired"


async def test_two_workers_never_book_the_same_message(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    for n in range(30):
        await _queue(uow, ws, f"U{n}", [f"dm-{n}-a", f"dm-{n}-b"])
    transport = GatedTransport()
    stores = [OutboxStore(session_factory(engine)) for _ in range(3)]

    keys: list[str] = []
    for _ in range(20):  # rounds of concurrent claims, until everything is booked
        rounds = await asyncio.gather(
            *(_claim(s, transport, limit=25, per_target=2) for s in stores for _ in range(3))
        )
        keys += [c.dedupe_key for batch in rounds for c in batch]
        if len(keys) >= 60:
            break

    assert len(keys) == len(set(keys)) == 60


async def test_a_worker_claims_only_what_it_has_transports_for(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["for-slack"])
    async with uow() as unit:
        message = Message((Section(Text.plain("x")),), Audience.MEMBER)
        await unit.outbox.enqueue(Queued(ws, Platform.TEAMS, "29:x", message, "for-teams"))
        await unit.commit()
    slack_only = DeliveryWorker(store, {Platform.SLACK: GatedTransport()}, policy=FAST)

    await slack_only.drain(within=2)

    assert await _status(engine, "for-slack") == "sent"
    assert await _status(engine, "for-teams") == "pending"
    assert await store.pending(platforms=[Platform.TEAMS]) == 1
    assert await store.pending(platforms=[Platform.SLACK]) == 0


async def _idea_cards(uow: SqlUnitOfWorkFactory, ws: int, numbers: Sequence[int]) -> None:
    async with uow() as unit:
        for n in numbers:
            message = Message(
                (Section(Text.plain(f"Idea #{n}")), Actions((Button("Vote", f"idea vote {n}"),))),
                Audience.CHANNEL,
                key=f"idea:{n}",
            )
            await unit.outbox.enqueue(
                Queued(ws, Platform.SLACK, "C1", message, f"card-{n}-v{n}", priority=Priority.BULK)
            )
        await unit.commit()


async def _rows(engine: AsyncEngine) -> list[tuple[int, str | None, str, str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(OutboxRow.id, OutboxRow.key, OutboxRow.status, OutboxRow.dedupe_key).order_by(
                OutboxRow.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_a_busy_channels_new_idea_cards_are_gathered_in_their_queue_place(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", ["prompt"])
    await _idea_cards(uow, ws, range(1, 24))
    await _queue(uow, ws, "C1", ["cheer"])

    assert await store.gather(ws, "C1") == (23, 3)

    pending = [(k, d) for _, k, s, d in await _rows(engine) if s == "pending"]
    assert pending == [
        (None, "prompt"),
        (None, "card-1-v1"),  # ideas 1-10, where idea 1 waited
        (None, "card-11-v11"),
        (None, "card-21-v21"),
        (None, "cheer"),
    ]
    claimed = await _claim(store, GatedTransport(), per_target=2)
    assert [c.dedupe_key for c in claimed] == ["prompt", "card-1-v1"]
    first = codec.loads(claimed[1].payload)
    assert first.summary == "💡 10 new ideas"
    assert [
        b.command for block in first.blocks if isinstance(block, Actions) for b in block.buttons
    ] == [f"idea vote {n}" for n in range(1, 11)]
    gathered = {k for _, k, s, _ in await _rows(engine) if s == "coalesced"}
    assert gathered == {f"idea:{n}" for n in range(1, 24)}  # every idea, tombstones included


async def test_a_later_version_of_a_gathered_idea_is_not_posted_on_its_own(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _idea_cards(uow, ws, [1, 2, 3])
    await store.gather(ws, "C1")
    platform = PlatformStore(session_factory(engine))
    await platform.save_message_ref(ws, "idea:3", MessageRef("C1", "1700.1"))  # posted alone

    async with uow() as unit:  # votes on ideas 1 and 3
        for n in (1, 3):
            message = Message((Section(Text.plain(f"Idea #{n}: 1 vote")),), Audience.CHANNEL)
            message = Message(message.blocks, Audience.CHANNEL, key=f"idea:{n}")
            await unit.outbox.enqueue(Queued(ws, Platform.SLACK, "C1", message, f"vote-{n}"))
        await unit.commit()

    statuses = {d: s for _, _, s, d in await _rows(engine)}
    assert statuses["vote-1"] == "superseded"  # the gathered card shows idea 1
    assert statuses["vote-3"] == "pending"  # idea 3's own post is updated in place


async def test_cards_already_tried_or_held_by_a_worker_are_not_gathered(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _idea_cards(uow, ws, [1])
    [tried] = await _claim(store, GatedTransport())
    later = datetime.now(UTC) + timedelta(hours=1)
    await store.retry(tried.id, later, "boom")  # tried once: it may have been posted
    await _idea_cards(uow, ws, [2])
    [held] = await _claim(store, GatedTransport())  # a worker holds idea 2's card
    assert held.dedupe_key == "card-2-v2"
    await _idea_cards(uow, ws, [3, 4])

    assert await store.gather(ws, "C1") == (2, 1)
    statuses = {d: s for _, _, s, d in await _rows(engine)}
    assert statuses["card-1-v1"] == "pending" and statuses["card-2-v2"] == "pending"


async def test_the_worker_gathers_only_when_a_channels_queue_is_longer_than_the_limit(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _idea_cards(uow, ws, range(1, 13))
    transport = GatedTransport(gap=0.05)
    relaxed = DeliveryPolicy(idle_poll=0.05, gather_after=1.0)
    assert (
        await DeliveryWorker(store, {Platform.SLACK: transport}, policy=relaxed).gather_busy() == 0
    )

    await _idea_cards(uow, ws, range(13, 25))  # 24 × 0.05 s: longer than a second now
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=relaxed)
    await worker.drain(within=10)

    assert [key for _, _, key in transport.sent] == ["card-1-v1", "card-11-v11", "card-21-v21"]


async def test_an_urgent_message_queued_during_a_bulk_wave_goes_out_within_about_a_second(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    for n in range(30):
        await _queue(uow, ws, f"U{n}", [f"nudge-{n}"])
    everything = asyncio.Event()

    class Watched(GatedTransport):
        async def deliver(self, parcel: Parcel) -> str:
            message_id = await super().deliver(parcel)
            if len(self.sent) == 31:
                everything.set()
            return message_id

    transport = Watched(workspace_gap=0.1)  # ten a second: the wave takes 3 s
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    await asyncio.sleep(0.5)
    queued_at = time.monotonic()
    await _queue(uow, ws, "U99", ["answer"], priority=Priority.URGENT)
    worker.notify()
    await asyncio.wait_for(everything.wait(), timeout=10)
    stop.set()
    await running

    order = [key for _, _, key in transport.sent]
    sent_at = {key: at for at, _, key in transport.sent}
    assert len(order) == 31
    assert sent_at["answer"] - queued_at < 1.2
    assert order.index("answer") < 20  # well before the wave's end


async def test_a_retry_is_booked_through_the_gates_its_attempt_will_pass(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    class RetryCostsMore(GatedTransport):
        def gates(self, item: Claimed) -> Sequence[Gate]:
            extra = [Gate("test:lookup", 1.0, kind="method")] if item.attempts > 1 else []
            return [*super().gates(item), *extra]

    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["flaky"])
    transport = RetryCostsMore()
    [first] = await _claim(store, transport)
    assert first.attempts == 1
    await store.retry(first.id, datetime.now(UTC), "boom")

    [second] = await _claim(store, transport)

    assert second.attempts == 2
    async with engine.connect() as connection:
        booked = (
            await connection.execute(
                select(DeliveryGateRow.scope).where(DeliveryGateRow.scope == "test:lookup")
            )
        ).scalar_one_or_none()
    assert booked == "test:lookup"


async def test_the_overview_counts_each_channels_queue_and_members_dms_together(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    async with uow() as unit:
        for user in ("U1", "U2"):
            await unit.members.add(ws, user, f"Member {user}", Role.AMBASSADOR)
        await unit.commit()
    await _queue(uow, ws, "C1", ["c1", "c2", "c3"])
    await _queue(uow, ws, "C2", ["other"])
    await _queue(uow, ws, "U1", ["n1", "n2"])
    await _queue(uow, ws, "U2", ["n3"], priority=Priority.URGENT)
    other = await _other_workspace(uow)
    await _queue(uow, other, "C1", ["elsewhere"])
    now = datetime.now(UTC)
    # 429s: two for C1, one for a DM (no member id kept), two for the workspace's budget.
    await store.block(["s:C1"], now, limit=Limited(ws, "channel", "C1", 1.0))
    await store.block(["s:C1"], now, limit=Limited(ws, "channel", "C1", 2.0))
    await store.block(["s:U1"], now, limit=Limited(ws, "dm", None, 1.0))
    await store.block(["s:ws"], now, limit=Limited(ws, "workspace", None, 1.0))
    await store.block(["s:ws"], now, limit=Limited(ws, "workspace", None, 1.0))
    await store.block(["s:x"], now, limit=Limited(other, "workspace", None, 1.0))

    async with uow() as unit:
        overview = await unit.outbox.overview(ws, limited_since=now - timedelta(hours=1))
    by_channel = {q.channel: q for q in overview.queues}
    assert [q.channel for q in overview.queues] == ["C1", None, "C2"]  # busiest first
    c1, dms, c2 = by_channel["C1"], by_channel[None], by_channel["C2"]
    assert (c1.urgent, c1.bulk, c1.recipients, c1.limited) == (0, 3, 0, 2)
    assert (dms.urgent, dms.bulk, dms.recipients, dms.limited) == (1, 2, 2, 1)
    assert (c2.urgent, c2.bulk, c2.limited, c2.last_limited) == (0, 1, 0, None)
    assert c1.oldest is not None and c1.oldest.tzinfo is not None
    assert c1.next_send is not None and c1.next_send <= datetime.now(UTC)
    assert c1.last_limited is not None and abs((c1.last_limited - now).total_seconds()) < 5
    assert (overview.limited, overview.last_limited is not None) == (2, True)

    # Only the period asked about counts; a day-old 429 is removed when the next comes.
    async with uow() as unit:
        later = await unit.outbox.overview(ws, limited_since=datetime.now(UTC) + timedelta(1))
    assert later.limited == 0 and all(q.limited == 0 for q in later.queues)
    async with engine.begin() as connection:
        await connection.execute(
            DeliveryLimitRow.__table__.update().values(  # type: ignore[attr-defined]
                limited_at=now - timedelta(days=2)
            )
        )
    await store.block(["s:ws"], now, limit=Limited(ws, "workspace", None, 1.0))
    async with engine.connect() as connection:
        kept = (
            await connection.execute(
                select(DeliveryLimitRow.workspace_id).order_by(DeliveryLimitRow.workspace_id)
            )
        ).scalars()
        assert list(kept) == [ws, other]  # the other workspace's own are pruned by its own


async def test_a_429_is_recorded_for_deliveries_with_its_channel_but_never_a_members_id(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "C1", ["card"])
    await _queue(uow, ws, "U1", ["note"])

    class Limiting(GatedTransport):
        def gates(self, item: Claimed) -> Sequence[Gate]:
            kind = "dm" if item.target.startswith("U") else "channel"
            return [Gate(f"test:{item.target}", self.gap, kind=kind)]

        def __init__(self, gap: float) -> None:
            super().__init__(gap)
            self.limited: set[str] = set()

        async def deliver(self, parcel: Parcel) -> str:
            if parcel.item.dedupe_key not in self.limited:
                self.limited.add(parcel.item.dedupe_key)
                raise RetryAfter(0.05, None if parcel.item.target == "U1" else "test:C1")
            return await super().deliver(parcel)

    transport = Limiting(gap=0.01)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    await worker.drain(within=10)
    assert sorted(key for _, _, key in transport.sent) == ["card", "note"]
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(DeliveryLimitRow.kind, DeliveryLimitRow.target).order_by(
                    DeliveryLimitRow.kind
                )
            )
        ).all()
    assert [tuple(r) for r in rows] == [("channel", "C1"), ("dm", None)]


async def _sixty_dms_counting_looks(uow: SqlUnitOfWorkFactory, store: OutboxStore) -> list[int]:
    """Sixty DMs queued, and how many scopes each look at Retry-Afters asks about, one
    entry per query."""
    ws = await _workspace(uow)
    for n in range(60):
        await _queue(uow, ws, f"U{n}", [f"m{n}"])
    looks: list[int] = []
    asked = store.blocked_scopes

    async def counted(scopes: Collection[str], now: datetime) -> dict[str, datetime]:
        looks.append(len(scopes))
        return await asked(scopes, now)

    store.blocked_scopes = counted  # type: ignore[method-assign]
    return looks


async def test_sends_due_together_share_their_look_at_retry_afters(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    looks = await _sixty_dms_counting_looks(uow, store)
    transport = GatedTransport(gap=0.001)  # a gate per member, none shared
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    await worker.drain(within=10)

    assert len(transport.sent) == 60
    assert sum(looks) == 60  # every send's scope was asked about ...
    assert len(looks) < 60  # ... in fewer queries than sends


async def test_sends_spaced_in_time_share_a_look_every_look_gap(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    looks = await _sixty_dms_counting_looks(uow, store)
    transport = GatedTransport(workspace_gap=0.01)  # 100 a second: 0.6 s for all
    policy = replace(FAST, look_gap=0.05)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=policy)
    started = time.monotonic()
    await worker.drain(within=10)
    took = time.monotonic() - started

    assert len(transport.sent) == 60
    assert 1 < len(looks) <= took / 0.05 + 1  # at most one query each 50 ms


async def test_a_burst_never_sends_two_messages_to_one_target_at_once(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["first", "second", "third"])
    transport = BurstTransport(gap=0.05, burst=5)

    claimed = await _claim(store, transport, horizon=1.0)

    assert [c.dedupe_key for c in claimed] == ["first", "second", "third"]
    moments = [c.send_at for c in claimed]
    assert all(later - earlier >= timedelta(seconds=0.05) for earlier, later in pairwise(moments))


class SlackLikeTransport(GatedTransport):
    """A gate per target (one send at a time, ``gap`` apart) and the workspace's budget
    (``workspace_gap`` apart, up to five back to back), as Slack's transport has them."""

    def gates(self, item: Claimed) -> Sequence[Gate]:
        return [
            Gate(f"test:{item.target}", self.gap, kind="dm"),
            Gate("test:workspace", self.workspace_gap, burst=5, kind="workspace"),
        ]


async def test_a_message_its_own_gate_holds_back_leaves_the_workspace_budget_to_others(
    uow: SqlUnitOfWorkFactory, store: OutboxStore, engine: AsyncEngine
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["held"])  # the oldest: a 429 held it back
    for n in range(2, 8):
        await _queue(uow, ws, f"U{n}", [f"fresh-{n}"])
    now = datetime.now(UTC)
    # Its DM's gate still counts the send the 429 stopped: it opens only in 0.5 s.
    async with engine.begin() as connection:
        await connection.execute(
            DeliveryGateRow.__table__.insert(),  # type: ignore[attr-defined]
            [{"scope": "test:U1", "open_at": now + timedelta(seconds=0.5)}],
        )
    transport = SlackLikeTransport(gap=1.1, workspace_gap=0.01)

    claimed = await _claim(store, transport, now=now)

    send_at = {c.dedupe_key: (c.send_at - now).total_seconds() for c in claimed}
    assert set(send_at) == {"held", *(f"fresh-{n}" for n in range(2, 8))}
    # The others use the budget now instead of waiting for the held DM's moment ...
    assert all(send_at[f"fresh-{n}"] < 0.1 for n in range(2, 8))
    # ... which keeps its own.
    assert 0.5 <= send_at["held"] < 0.6


async def test_a_claim_comes_when_a_retry_after_ends_not_at_the_next_poll(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["answer"], priority=Priority.URGENT)
    delivered = asyncio.Event()

    class LimitedOnce(GatedTransport):
        async def deliver(self, parcel: Parcel) -> str:
            if not self.sent:
                self.sent.append((time.monotonic(), "", "429"))
                raise RetryAfter(0.3)
            delivered.set()
            return await super().deliver(parcel)

    transport = LimitedOnce(gap=0.01)
    # Polls far apart: only the end of the window can bring the second claim soon.
    slow = DeliveryPolicy(idle_poll=30.0, claim_every=30.0)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=slow)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.wait_for(delivered.wait(), timeout=10)
    finally:
        stop.set()
        await running

    (limited_at, _, _), (sent_at, _, key) = transport.sent
    assert key == "answer"
    assert sent_at - limited_at >= 0.3  # never inside the window


async def test_bulk_is_not_booked_into_a_retry_after_so_urgent_goes_first_when_it_ends(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    for n in range(1, 6):
        await _queue(uow, ws, f"U{n}", [f"nudge-{n}"])
    transport = SlackLikeTransport(gap=1.1, workspace_gap=0.05)
    now = datetime.now(UTC)
    until = now + timedelta(seconds=0.2)
    await store.block(["test:workspace"], until)

    # The window ends within the bulk horizon, yet no nudge takes its first moments ...
    assert await _claim(store, transport, now=now, bulk_horizon=0.4) == []
    # ... so an answer queued meanwhile, claimed when the window ends, goes first.
    await _queue(uow, ws, "U9", ["answer"], priority=Priority.URGENT)
    claimed = await _claim(store, transport, now=until, bulk_horizon=0.4)
    assert claimed[0].dedupe_key == "answer"
    assert claimed[0].send_at == until
    assert all(c.send_at >= until for c in claimed)


async def test_a_send_a_retry_after_held_gives_back_its_moment_on_its_dms_gate(
    uow: SqlUnitOfWorkFactory, store: OutboxStore
) -> None:
    ws = await _workspace(uow)
    await _queue(uow, ws, "U1", ["answer"], priority=Priority.URGENT)
    transport = SlackLikeTransport(gap=1.1, workspace_gap=0.01)
    worker = DeliveryWorker(store, {Platform.SLACK: transport}, policy=FAST)
    [booked] = await _claim(store, transport)
    until = datetime.now(UTC) + timedelta(seconds=0.2)
    await store.block(["test:workspace"], until)  # a 429 another process heard

    await worker._deliver(booked)
    await worker._flush()

    assert transport.sent == []
    [again] = await _claim(store, transport, now=until)
    # Its DM's gate does not count the send that never went: it goes when the window ends,
    # not a DM's gap after the moment it first had.
    assert again.dedupe_key == "answer"
    assert again.send_at == until


async def test_a_look_for_retry_afters_does_not_wait_for_a_writers_transaction(
    engine: AsyncEngine, store: OutboxStore
) -> None:
    reads = reader(engine)
    if reads is None:
        pytest.skip("a separate reader is for SQLite files only")
    looks = OutboxStore(session_factory(engine), looks=session_factory(reads))
    until = datetime.now(UTC) + timedelta(seconds=30)
    await store.block(["test:workspace"], until)
    try:
        # A claim (a writer's transaction) is under way ...
        async with session_factory(engine)() as writer, writer.begin():
            await writer.execute(select(OutboxRow.id).limit(1))
            # ... and a send's look still sees the 429 committed before it asked.
            blocked = await asyncio.wait_for(
                looks.blocked_scopes({"test:workspace", "test:U1"}, datetime.now(UTC)), 5
            )
        assert blocked == {"test:workspace": until}
    finally:
        await reads.dispose()
