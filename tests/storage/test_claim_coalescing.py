"""A burst of commands wakes the delivery worker once per command; it claims at most once
per ``claim_gap`` however many wake-ups come (issue #18: a claim per command cost as much
CPU as the command itself)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.delivery import DeliveryPolicy, DeliveryWorker
from storage.database import session_factory
from storage.outbox import Claimed, OutboxStore

BURST = 200
BURST_SECONDS = 0.5


class CountingOutbox(OutboxStore):
    """The SQL outbox, counting its claims."""

    claims = 0

    async def claim(self, *args: Any, **kwargs: Any) -> list[Claimed]:
        self.claims += 1
        return await super().claim(*args, **kwargs)


async def _claims_during_a_burst(engine: AsyncEngine, gap: float) -> tuple[int, float]:
    """The claims made while ``BURST`` wake-ups come over about ``BURST_SECONDS``, and how
    long the burst and its last claim took."""
    store = CountingOutbox(session_factory(engine))
    policy = DeliveryPolicy(claim_gap=gap, idle_poll=5.0, horizon=timedelta(seconds=0.1))
    worker = DeliveryWorker(store, {}, policy=policy)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    await asyncio.sleep(0.05)  # its first look at the (empty) outbox
    before = store.claims
    began = asyncio.get_running_loop().time()
    for _ in range(BURST):
        worker.notify()
        await asyncio.sleep(BURST_SECONDS / BURST)
    await asyncio.sleep(gap)  # the last wake-up's claim
    took = asyncio.get_running_loop().time() - began
    stop.set()
    await asyncio.wait_for(running, 10)
    return store.claims - before, took


async def test_a_burst_of_wake_ups_is_claimed_at_most_once_per_gap(engine: AsyncEngine) -> None:
    gap = DeliveryPolicy().claim_gap
    claims, took = await _claims_during_a_burst(engine, gap)
    # Every claim but the first waits out the gap since the one before it.
    assert 1 <= claims <= took / gap + 2, (claims, took)


async def test_without_a_gap_every_wake_up_is_a_claim(engine: AsyncEngine) -> None:
    """The measurement above can tell: with no gap, the same burst claims far more often."""
    claims, _ = await _claims_during_a_burst(engine, 0.0)
    assert claims > 20, claims
