"""What ``GET /metrics`` shows: delivery (outbox depth and age, sends, 429s, Retry-After,
dead letters), scheduled fires and de-duplicated platform events, in one registry per
process."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.jobs.runner import FireOutcome
from bot.registry import GRAMMAR
from storage.outbox import Backlog, OutboxStore
from storage.platform import PlatformStore

PRIORITY_NAMES = {0: "urgent", 1: "bulk"}


class Metrics:
    """The process's Prometheus metrics. Counters move as things happen; the outbox
    gauges are read from the database when scraped (every replica shows the whole
    outbox, so take one replica's value, not the sum)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.up = Gauge("chorus_up", "1 while this Chorus process serves requests", registry=r)
        self.outbox_depth = Gauge(
            "chorus_outbox_depth",
            "Messages waiting in the outbox",
            ["platform", "priority"],
            registry=r,
        )
        self.outbox_oldest_due = Gauge(
            "chorus_outbox_oldest_due_seconds",
            "How long the longest-waiting due message has been due",
            ["platform", "priority"],
            registry=r,
        )
        self.outbox_dead = Gauge(
            "chorus_outbox_dead_letters",
            "Messages given up on (listed for coordinators)",
            ["platform"],
            registry=r,
        )
        self.sends = Counter(
            "chorus_delivery_sends",
            "Messages delivered, by platform and priority",
            ["platform", "priority"],
            registry=r,
        )
        self.scope_sends = Counter(
            "chorus_delivery_scope_sends",
            "Sends through rate-limited scopes, by kind of scope",
            ["kind"],
            registry=r,
        )
        self.rate_limited = Counter(
            "chorus_delivery_rate_limited",
            "HTTP 429 answers, by kind of scope",
            ["kind"],
            registry=r,
        )
        self.retry_after = Histogram(
            "chorus_delivery_retry_after_seconds",
            "Retry-After asked for by the platform, by kind of scope",
            ["kind"],
            buckets=(0.5, 1, 2, 5, 10, 30, 60, 300),
            registry=r,
        )
        self.held = Counter(
            "chorus_delivery_held",
            "Sends held back at the last moment because a Retry-After was running",
            ["kind"],
            registry=r,
        )
        self.dead_letters = Counter(
            "chorus_delivery_dead_letters",
            "Messages parked as dead by this process",
            ["platform"],
            registry=r,
        )
        self.gathered_cards = Counter(
            "chorus_delivery_gathered_cards",
            "New-idea cards gathered into 'N new ideas' cards for a busy channel",
            registry=r,
        )
        self.gathered_posts = Counter(
            "chorus_delivery_gathered_posts",
            "'N new ideas' cards made from gathered cards",
            registry=r,
        )
        self.learned_rate = Gauge(
            "chorus_delivery_learned_rate_per_minute",
            "The send rate learned for a workspace budget",
            ["scope"],
            registry=r,
        )
        self.job_fires = Counter(
            "chorus_job_fires",
            "Scheduled fires by outcome: ran, already (a duplicate prevented), missed, "
            "skipped, failed",
            ["job", "outcome"],
            registry=r,
        )
        self.command_seconds = Histogram(
            "chorus_command_seconds",
            "From a command reaching its listener to its answer (or to the ack that promises "
            "a late one), by platform and command word ('other' for words Chorus does not know)",
            ["platform", "command"],
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10),
            registry=r,
        )
        self.events_deduplicated = Counter(
            "chorus_events_deduplicated",
            "Platform events (retries, replays) recognised as seen before",
            ["platform"],
            registry=r,
        )

    def observe_command(self, platform: str, line: str, seconds: float) -> None:
        """How long a typed command took to be answered."""
        self.command_seconds.labels(platform, GRAMMAR.command_word(line) or "other").observe(
            seconds
        )

    def count_fire(self, job: str, outcome: FireOutcome) -> None:
        """One scheduled fire's outcome (``already``: another replica had it)."""
        self.job_fires.labels(job, outcome.value).inc()

    def show_backlog(self, backlog: Sequence[Backlog], dead: dict[str, int], now: datetime) -> None:
        """Set the outbox gauges from a fresh reading."""
        self.outbox_depth.clear()
        self.outbox_oldest_due.clear()
        self.outbox_dead.clear()
        for item in backlog:
            labels = (item.platform, PRIORITY_NAMES.get(item.priority, str(item.priority)))
            self.outbox_depth.labels(*labels).set(item.depth)
            age = (now - item.oldest_due).total_seconds() if item.oldest_due else 0.0
            self.outbox_oldest_due.labels(*labels).set(max(age, 0.0))
        for platform, count in dead.items():
            self.outbox_dead.labels(platform).set(count)

    async def refresh(self, outbox: OutboxStore, now: datetime) -> None:
        """Read the outbox gauges from the database."""
        self.show_backlog(await outbox.backlog(now), await outbox.dead_counts(), now)


class CountingPlatformStore(PlatformStore):
    """The platform bookkeeping, counting the events it recognises as seen before."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], metrics: Metrics) -> None:
        super().__init__(sessions)
        self._metrics = metrics

    async def first_sighting(self, platform: str, event_id: str) -> bool:
        """Record an event id; a retry or replay is counted."""
        first = await super().first_sighting(platform, event_id)
        if not first:
            self._metrics.events_deduplicated.labels(platform).inc()
        return first
