"""The delivery worker: takes due messages from the outbox and hands them to the
platform's transport, honouring rate limits, retrying with backoff and jitter, and
parking a message as dead after too many failures."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from adapters.metrics import PRIORITY_NAMES, Metrics
from bot import codec
from bot.messages import Audience, Message
from bot.model import Platform
from storage.outbox import Claimed, Gate, Limited, OutboxStore

log = logging.getLogger(__name__)

FLUSH_EVERY = 50  # deliveries recorded per transaction (a crash re-checks, never re-posts)
GATHER_MIN = 10  # targets with fewer waiting messages are never busy enough to gather


class RetryAfter(Exception):
    """The platform said "not now": wait ``seconds`` before anything else goes to ``scope``."""

    def __init__(self, seconds: float, scope: str | None = None) -> None:
        super().__init__(f"rate limited for {seconds:.1f}s")
        self.seconds = seconds
        self.scope = scope


class Unreachable(Exception):
    """The platform will never take this message (bot removed, user blocked it)."""


@dataclass(frozen=True)
class Parcel:
    """A claimed message, decoded for a transport."""

    item: Claimed
    message: Message

    @property
    def maybe_sent_before(self) -> bool:
        """An earlier attempt may have reached the platform before the worker died."""
        return self.item.attempts > 1


class Transport(Protocol):
    """One platform's way of delivering messages."""

    def gates(self, item: Claimed) -> Sequence[Gate]:
        """The rate scopes ``item`` passes through and the seconds each needs between sends."""
        ...

    async def deliver(self, parcel: Parcel) -> str:
        """Post (or update in place) and return the platform's message id. Raises
        :class:`RetryAfter`, :class:`Unreachable`, or anything else for a transient failure."""
        ...


@dataclass(frozen=True)
class DeliveryPolicy:
    """How hard the worker tries, and how far ahead it books sends. A short ``horizon``
    keeps an urgent message from waiting behind sends already booked for bulk."""

    max_attempts: int = 8
    base_backoff: float = 2.0
    max_backoff: float = 600.0
    lease: timedelta = timedelta(seconds=60)
    horizon: timedelta = timedelta(seconds=1)
    bulk_horizon: timedelta = timedelta(seconds=0.4)
    batch: int = 200
    per_target: int = 4  # messages of one target (channel, DM) booked per claim
    idle_poll: float = 1.0
    claim_every: float = 0.25  # while sends are in flight: look for newly due messages
    # A wake-up (a command queued something) claims at most this often: a burst of commands
    # shares one claim instead of paying one each. Far below the 5 s a post may take.
    claim_gap: float = 0.1
    max_in_flight: int = 2000
    # Sends ask the database for Retry-Afters other processes heard right before they go;
    # the asks of this many seconds share one query (each query still starts after the
    # asks it answers).
    look_gap: float = 0.02
    # A target whose queue would take longer than this (seconds) to drain gets its new-idea
    # cards gathered into "N new ideas" cards (None: never).
    gather_after: float | None = 60.0
    gather_every: float = 1.0  # seconds between looks for such targets


class DeliveryWorker:
    """Delivers the outbox. Start it with :meth:`run`; :meth:`notify` wakes it early."""

    def __init__(
        self,
        store: OutboxStore,
        transports: Mapping[Platform, Transport],
        *,
        policy: DeliveryPolicy | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        metrics: Metrics | None = None,
    ) -> None:
        self._store = store
        self._transports = dict(transports)
        self.policy = policy or DeliveryPolicy()
        self._now = now
        self._metrics = metrics
        self._wake = asyncio.Event()
        self._closed: dict[str, datetime] = {}  # scopes a 429 closed, as this process knows
        self._pacer = SendPacer()
        self._done: list[tuple[int, str]] = []  # delivered, not yet recorded
        self._put_back: list[tuple[int, datetime]] = []  # held by a Retry-After, not yet recorded
        # Target gates the held sends had booked, to give back: (scope, booked up to, back to).
        self._freed: list[tuple[str, datetime, datetime]] = []
        self._next_gather = 0.0  # loop time of the next look for busy targets
        # Sends asking the database about Retry-Afters, for the next shared look.
        self._asks: list[tuple[Sequence[str], asyncio.Future[datetime | None]]] = []
        self._looker: asyncio.Task[None] | None = None
        self._looked = float("-inf")  # loop time the last shared look started
        self.sent = 0

    def notify(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    def _gates(self, item: Claimed) -> Sequence[Gate]:
        transport = self._transports.get(item.platform)
        return transport.gates(item) if transport else ()

    async def _claim(self) -> list[Claimed]:
        return await self._store.claim(
            now=self._now(),
            limit=self.policy.batch,
            lease=self.policy.lease,
            horizon=self.policy.horizon,
            bulk_horizon=min(self.policy.bulk_horizon, self.policy.horizon),
            gates=self._gates,
            per_target=self.policy.per_target,
            platforms=list(self._transports),
        )

    async def gather_busy(self) -> int:
        """Gather new-idea cards for targets whose queue is longer than the policy's
        ``gather_after`` (at most every ``gather_every`` seconds); returns how many cards
        were gathered."""
        after = self.policy.gather_after
        loop = asyncio.get_running_loop()
        if after is None or loop.time() < self._next_gather:
            return 0
        self._next_gather = loop.time() + self.policy.gather_every
        total = 0
        busy = await self._store.busy_targets(more_than=GATHER_MIN, platforms=self._transports)
        for workspace_id, platform, target, waiting in busy:
            probe = Claimed(0, workspace_id, platform, target, None, "", "", 1, self._now())
            gap = max((gate.gap for gate in self._gates(probe)), default=0.0)
            if waiting * gap <= after:
                continue
            gathered, became = await self._store.gather(workspace_id, target)
            if gathered:
                log.info(
                    "%s has %d messages waiting: gathered %d new-idea cards into %d",
                    target,
                    waiting,
                    gathered,
                    became,
                )
                if self._metrics is not None:
                    self._metrics.gathered_cards.inc(gathered)
                    self._metrics.gathered_posts.inc(became)
            total += gathered
        return total

    async def run_once(self) -> int:
        """Claim one batch and deliver it; returns how many were handled."""
        await self.gather_busy()
        await self._flush()  # what earlier sends left to record (held ones become due)
        batch = await self._claim()
        if batch:
            await asyncio.gather(*(self._deliver(item) for item in batch))
            await self._flush()
        return len(batch)

    async def _flush(self) -> None:
        """Record finished deliveries, and sends a Retry-After put back, in one transaction
        each rather than one per message (a 429 holds back every send booked for its scope
        at once; until recorded, those stay leased to this process, so nobody takes them)."""
        done, self._done = self._done, []
        if done:
            await self._store.delivered_many(done, self._now())
        put_back, self._put_back = self._put_back, []
        freed, self._freed = self._freed, []
        if put_back:
            await self._store.hold_many(put_back, freed=freed)

    async def _deliver(self, item: Claimed) -> None:
        transport = self._transports[item.platform]  # claims are for our platforms only
        delay = (item.send_at - self._now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)
        gates = transport.gates(item)
        if await self._held(item, gates, ask_store=False):
            return
        booked = await self._pace(gates)
        # Retry-After is law: a 429 that came (here or in another process) after this send
        # was booked still stops it. The transport sends right after this check.
        if await self._held(item, gates, ask_store=True):
            self._pacer.give_back(gates, booked)
            return
        if item.expires_at is not None and self._now() >= item.expires_at:
            log.warning(
                "outbox %s (%s to %s) dropped: it could no longer arrive before %s",
                item.id,
                item.dedupe_key,
                item.target,
                item.expires_at.isoformat(),
            )
            await self._store.expire(item.id)
            return
        message: Message | None = None
        try:
            message = codec.loads(item.payload)
            message_id = await transport.deliver(Parcel(item, message))
        except RetryAfter as limit:
            # First tell every process (one short transaction), then tidy up.
            until = self._now() + timedelta(seconds=limit.seconds)
            scopes = [limit.scope] if limit.scope else [g.scope for g in gates]
            for scope in scopes:
                self._closed[scope] = max(self._closed.get(scope, until), until)
            kinds = [g.kind for g in gates if g.scope in scopes] or ["other"]
            await self._store.block(scopes, until, limit=_limited(item, message, kinds, limit))
            for kind in kinds:
                self._count_limit(kind, limit.seconds)
            await self._store.retry(item.id, until, str(limit), count_attempt=False)
            self.notify()  # the worker's next wait ends with the window
        except Unreachable as error:
            log.warning("outbox %s: target unreachable: %s", item.id, error)
            await self._store.dead(item.id, f"unreachable: {error}")
            self._count_dead(item)
        except Exception as error:  # a transient failure: back off, maybe give up
            reason = f"{type(error).__name__}: {error}"
            if item.attempts >= self.policy.max_attempts:
                log.error(
                    "outbox %s: giving up after %d attempts: %s", item.id, item.attempts, reason
                )
                await self._store.dead(item.id, reason)
                self._count_dead(item)
            else:
                await self._store.retry(
                    item.id, self._now() + timedelta(seconds=self.backoff(item.attempts)), reason
                )
        else:
            self._done.append((item.id, message_id))
            self.sent += 1
            self._count_sent(item, gates)
            if len(self._done) >= FLUSH_EVERY:
                await self._flush()

    async def _held(self, item: Claimed, gates: Sequence[Gate], *, ask_store: bool) -> bool:
        """Whether a Retry-After still runs for one of ``gates``; if so the message goes
        back to the outbox, due when the window ends (a rate limit is no failure)."""
        now = self._now()
        until = self._closed_until(gates, now)
        if ask_store and until is None:
            until = await self._blocked_in_store([g.scope for g in gates])
            # A 429 this process heard while it asked counts as much.
            until = until or self._closed_until(gates, self._now())
        if until is None:
            return False
        self._put_back.append((item.id, until))
        # Its booking on gates only it used (its DM's or channel's) never became a send:
        # given back, its next turn need not wait a whole gap after a send that never went.
        self._freed += [
            (g.scope, item.send_at + timedelta(seconds=g.gap), item.send_at)
            for g in gates
            if g.burst <= 1
        ]
        if self._metrics is not None:
            for gate in gates:
                self._metrics.held.labels(gate.kind).inc()
        return True

    async def _blocked_in_store(self, scopes: Sequence[str]) -> datetime | None:
        """The end of a Retry-After any process recorded for ``scopes``. Sends that ask at
        once share one query, and every query starts after the asks it answers, so each
        send sees every 429 recorded before it asked: one query per ``look_gap`` rather than
        one per send (which, at 100 sends a second, cost as much as the claims and queued
        sends for pool connections past their leases)."""
        future: asyncio.Future[datetime | None] = asyncio.get_running_loop().create_future()
        self._asks.append((scopes, future))
        if self._looker is None or self._looker.done():
            # Its own task: a send cancelled while it waits leaves the others an answer.
            self._looker = asyncio.create_task(self._look())
        return await future

    async def _look(self) -> None:
        loop = asyncio.get_running_loop()
        while self._asks:
            early = self._looked + self.policy.look_gap - loop.time()
            if early > 0:  # more sends will ask meanwhile: one query for them all
                await asyncio.sleep(early)
            self._looked = loop.time()
            asks, self._asks = self._asks, []
            try:
                blocked = await self._store.blocked_scopes(
                    {scope for scopes, _ in asks for scope in scopes}, self._now()
                )
            except Exception as error:
                for _, future in asks:
                    if not future.done():
                        future.set_exception(error)
                continue
            except BaseException:  # cancelled (the process stops): so are the sends asking
                for _, future in [*asks, *self._asks]:
                    future.cancel()
                raise
            for scopes, future in asks:
                if not future.done():
                    ends = [blocked[scope] for scope in scopes if scope in blocked]
                    future.set_result(max(ends, default=None))

    def _reopens_in(self) -> float:
        """Seconds until the first Retry-After this process knows of ends (inf: none)."""
        now = self._now()
        ends = [until for until in self._closed.values() if until > now]
        return (min(ends) - now).total_seconds() if ends else float("inf")

    def _closed_until(self, gates: Sequence[Gate], now: datetime) -> datetime | None:
        known = [u for g in gates if (u := self._closed.get(g.scope)) and u > now]
        return max(known) if known else None

    def _count_sent(self, item: Claimed, gates: Sequence[Gate]) -> None:
        if self._metrics is None:
            return
        self._metrics.sends.labels(item.platform.value, priority_name(item.priority)).inc()
        for gate in gates:
            self._metrics.scope_sends.labels(gate.kind).inc()

    def _count_limit(self, kind: str, seconds: float) -> None:
        if self._metrics is not None:
            self._metrics.rate_limited.labels(kind).inc()
            self._metrics.retry_after.labels(kind).observe(seconds)

    def _count_dead(self, item: Claimed) -> None:
        if self._metrics is not None:
            self._metrics.dead_letters.labels(item.platform.value).inc()

    async def _pace(self, gates: Sequence[Gate]) -> dict[str, float]:
        """Space actual sends per gate (:class:`SendPacer`): the claim reserved send times
        already; this keeps the spacing when sends start late, and a send that wakes later
        than its slot by more than a burst covers (the loop stalled) books once more, so
        overdue sends never go out in one burst."""
        loop = asyncio.get_running_loop()
        slot, booked = self._pacer.book(gates, loop.time())
        if slot > loop.time():
            await asyncio.sleep(slot - loop.time())
        if loop.time() - slot > self._pacer.tolerance(gates):
            slot, booked = self._pacer.overslept(gates, booked, loop.time())
            if slot > loop.time():
                await asyncio.sleep(slot - loop.time())
        self._pacer.forget(loop.time())
        if len(self._closed) > 10_000:
            moment = self._now()
            self._closed = {k: v for k, v in self._closed.items() if v > moment}
        return booked

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with full jitter (seconds before the next try)."""
        ceiling = min(self.policy.max_backoff, self.policy.base_backoff * 2 ** max(0, attempts - 1))
        return random.uniform(ceiling / 2, ceiling)

    async def drain(self, *, within: float = 30.0) -> int:
        """Deliver until the outbox is empty, waiting out retries and rate limits, for at
        most ``within`` seconds (one-shot commands; what is left waits for the server).
        Returns how many messages it delivered."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        before = self.sent
        while loop.time() < deadline:
            if await self.run_once():
                continue
            platforms = list(self._transports)
            if await self._store.pending(platforms=platforms) == 0:
                break
            due = await self._store.next_due(platforms=platforms)
            wait = (due - self._now()).total_seconds() if due else self.policy.idle_poll
            await asyncio.sleep(
                min(max(wait, 0.02), self.policy.idle_poll, max(deadline - loop.time(), 0))
            )
        return self.sent - before

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set. Claims keep coming while earlier sends wait for
        their booked moments, so a message queued now is looked at within
        ``claim_every`` seconds (at once in this process: :meth:`notify`)."""
        in_flight: set[asyncio.Task[None]] = set()
        loop = asyncio.get_running_loop()
        last_claim = float("-inf")
        while not stop.is_set():
            early = self.policy.claim_gap - (loop.time() - last_claim)
            if early > 0:
                await _first((stop.wait(),), early)
            last_claim = loop.time()
            claimed = 0
            # First what earlier sends left to record: sends a Retry-After held are due
            # again when it ends, and this claim may be the one at its end.
            try:
                await self._flush()
            except Exception:
                log.exception("recording deliveries failed; they are checked again later")
            if len(in_flight) < self.policy.max_in_flight:
                try:
                    await self.gather_busy()
                    batch = await self._claim()
                except Exception:
                    log.exception("delivery worker round failed; retrying")
                    batch = []
                claimed = len(batch)
                for item in batch:
                    task = asyncio.create_task(self._deliver_logged(item))
                    in_flight.add(task)
                    task.add_done_callback(in_flight.discard)
            if claimed >= self.policy.batch:
                continue
            self._wake.clear()
            # The next claim comes ``claim_every`` after this one began, however long it
            # took (sends are booked ahead only so far), and at the latest when a
            # Retry-After this process heard ends: what it held is due then, urgent first.
            wait = self.policy.idle_poll
            if in_flight or claimed:
                wait = max(self.policy.claim_every - (loop.time() - last_claim), 0.0)
            await _first((self._wake.wait(), stop.wait()), min(wait, self._reopens_in() + 0.005))
        if in_flight:  # booked sends go out; what is still unfinished then waits its lease
            await asyncio.wait(in_flight, timeout=self.policy.horizon.total_seconds() + 5)
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._flush()

    async def _deliver_logged(self, item: Claimed) -> None:
        try:
            await self._deliver(item)
        except Exception:
            log.exception("outbox %s: delivery bookkeeping failed; the lease will expire", item.id)


class SendPacer:
    """The spacing of one process's actual sends per gate (a leaky bucket: each send moves
    the gate's next free moment on by its gap; ``burst`` lets a late send catch up that
    far, no further), in the event loop's clock."""

    def __init__(self) -> None:
        self.next_free: dict[str, float] = {}  # the moment each scope may send again

    def book(self, gates: Sequence[Gate], now: float) -> tuple[float, dict[str, float]]:
        """The first moment from ``now`` that ``gates`` let a send through, booked; with
        each gate's next free moment after it."""
        slot = max(
            [now, *(self.next_free.get(g.scope, now) - g.gap * (g.burst - 1) for g in gates)]
        )
        for gate in gates:
            self.next_free[gate.scope] = max(self.next_free.get(gate.scope, slot), slot) + gate.gap
        return slot, {gate.scope: self.next_free[gate.scope] for gate in gates}

    @staticmethod
    def tolerance(gates: Sequence[Gate]) -> float:
        """How late after its slot a send may still go: what the gates' bursts cover."""
        return max(
            [0.005, min((g.gap for g in gates), default=0.0)]
            + [g.gap * (g.burst - 1) for g in gates]
        )

    def overslept(
        self, gates: Sequence[Gate], booked: Mapping[str, float], now: float
    ) -> tuple[float, dict[str, float]]:
        """Book again for a send that woke too late for its slot (see :meth:`book`). It first
        gives back its moment on every gate nobody booked after it (its own DM or channel):
        booking behind itself, it would wait that gate's whole gap and move the shared
        gates (the workspace's) on to that moment, so one late wake-up would hold up every
        send for a second."""
        self.give_back(gates, booked)
        return self.book(gates, now)

    def give_back(self, gates: Sequence[Gate], booked: Mapping[str, float]) -> None:
        """Undo a booking on every gate nobody booked after it (a send that did not go)."""
        for gate in gates:
            if self.next_free.get(gate.scope) == booked[gate.scope]:
                self.next_free[gate.scope] = booked[gate.scope] - gate.gap

    def forget(self, now: float) -> None:
        """Forget scopes that have long been free (DMs), once there are many."""
        if len(self.next_free) > 50_000:
            self.next_free = {k: v for k, v in self.next_free.items() if v > now - 60}


def _limited(
    item: Claimed, message: Message | None, kinds: Sequence[str], limit: RetryAfter
) -> Limited:
    """A 429 as coordinators see it: the broadest kind of scope it held (one that held the
    workspace's budget is about the workspace) and the channel, for a channel post."""
    kind = "workspace" if "workspace" in kinds else kinds[0]
    channel = None
    if message is not None and message.audience is Audience.CHANNEL and kind != "workspace":
        channel = item.target
    return Limited(item.workspace_id, kind, channel, limit.seconds)


def priority_name(priority: int) -> str:
    """A priority as metrics label it."""
    return PRIORITY_NAMES.get(priority, str(priority))


async def _first(waits: Sequence[Coroutine[Any, Any, Any]], seconds: float) -> None:
    """Wait until the first of ``waits`` finishes, or ``seconds`` have passed."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
