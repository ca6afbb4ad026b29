"""Learning a platform's unpublished budget (a Slack workspace's messages a minute) the way
TCP learns a path: start at a safe rate and double it every half second the platform keeps
accepting (slow start); the first 429 halves it back to the last rate that worked. From
then on, add a little per second of accepted sends (3% of the rate, at least 60 a minute),
a smaller step near the edge where the last 429 came, and hold just under that edge (a 429
costs a pause of all sends, so the rate stays where it works rather than sawing into the
limit; a long calm there moves the edge up a little, in case the budget grew). A 429 puts
the edge at what the platform took in the last seconds, when this process did the sending,
and cuts the rate to 5% under it.
The learned rate is kept in the database, so replicas share it and a restart starts
from it."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from storage.platform import LearnedRate


@dataclass(frozen=True)
class PacePolicy:
    """How a budget is learned (messages a minute)."""

    start_per_minute: float = 600.0  # the rate Chorus always kept to: any workspace takes it
    ceiling_per_minute: float = 3000.0  # never more than this, however well it goes
    floor_per_minute: float = 10.0
    slow_start_factor: float = 2.0  # per round of accepted sends, before the first 429
    probe_round: float = 0.5  # seconds of slow start between two doublings
    step_per_minute: float = 60.0  # per second of accepted sends, after it, at least ...
    grow_share: float = 0.03  # ... or this share of the rate, if more
    near_limit: float = 0.9  # above this share of the last 429's rate, a smaller step ...
    near_step_share: float = 0.3  # ... this share of the plain one,
    hold_share: float = 0.985  # ... up to this share of it, where the rate stays;
    probe_after: float = 30.0  # after this many busy seconds there without a 429,
    probe_share: float = 0.02  # the edge moves up this much (the budget may have grown)
    # On a 429, what the platform took in the last seconds of sends (this many, or since the
    # last 429's pause if that was shorter, but at least ``measure_at_least``) says where
    # the edge is: a budget refilling at a steady rate took that, plus its burst, then refused.
    measure_window: float = 3.0
    measure_at_least: float = 1.0
    measure_trust: float = 0.8
    # On a 429: every 429 pauses all sends for its Retry-After, so the rate returns to just
    # under where it came and creeps from there rather than sawing deep below the budget.
    decrease_factor: float = 0.95
    busy_share: float = 0.3  # a second with sends at this share of the rate or more is busy
    share_every: float = 2.0  # seconds between reading and writing the shared rate


class RateBook(Protocol):
    """Where learned rates are shared (``storage.platform.PlatformStore``)."""

    async def learned_rate(self, scope: str) -> LearnedRate | None: ...

    async def remember_rate(
        self, scope: str, per_minute: float, limited_at: datetime | None
    ) -> None: ...


@dataclass
class _Budget:
    per_minute: float
    probing: bool = True  # slow start: no 429 seen yet
    accepted: int = 0  # sends accepted in the current round
    round_started: float = 0.0
    calm_from: float = 0.0  # a 429 before this belongs to an overload already answered
    limited_at: datetime | None = None
    limit_rate: float | None = None  # the rate the last 429 came at (this process)
    held: float = 0.0  # busy seconds spent at the hold below ``limit_rate``
    recent: deque[float] = field(default_factory=deque)  # when the last sends were taken
    run_from: float = 0.0  # when the last 429's pause ended
    loaded: bool = False
    shared_at: float = float("-inf")
    dirty: bool = False


class AdaptiveRate:
    """Per-scope AIMD. :meth:`gap` is what the rate gate spaces sends by; the transport
    reports :meth:`accepted` and :meth:`limited` and calls :meth:`share` now and then."""

    def __init__(
        self,
        book: RateBook | None,
        policy: PacePolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._book = book
        self.policy = policy or PacePolicy()
        self._clock = clock
        self._budgets: dict[str, _Budget] = {}

    def _budget(self, scope: str) -> _Budget:
        budget = self._budgets.get(scope)
        if budget is None:
            budget = _Budget(self._bounded(self.policy.start_per_minute))
            budget.round_started = self._clock()
            self._budgets[scope] = budget
        return budget

    def _bounded(self, per_minute: float) -> float:
        return min(self.policy.ceiling_per_minute, max(self.policy.floor_per_minute, per_minute))

    def per_minute(self, scope: str) -> float:
        """The rate sends to ``scope`` keep to now."""
        return self._budget(scope).per_minute

    def gap(self, scope: str) -> float:
        """Seconds between two sends to ``scope``."""
        return 60.0 / self.per_minute(scope)

    def accepted(self, scope: str) -> None:
        """The platform took a message. Each second in which the sends used a fair part
        of the rate (so the rate, not the demand, held them back; replicas share the
        rate, so each one sees only its part), the rate goes up."""
        budget = self._budget(scope)
        budget.accepted += 1
        now = self._clock()
        recent = budget.recent
        recent.append(now)
        while recent[0] < now - self.policy.measure_window:
            recent.popleft()
        elapsed = now - budget.round_started
        if elapsed < (self.policy.probe_round if budget.probing else 1.0):
            return
        if budget.accepted / elapsed >= self.policy.busy_share * budget.per_minute / 60.0:
            if budget.probing:
                raised = budget.per_minute * self.policy.slow_start_factor
            else:
                raised = self._raised(budget, elapsed)
            if raised != budget.per_minute:
                budget.per_minute = self._bounded(raised)
                budget.dirty = True
        budget.accepted = 0
        budget.round_started = now

    def _raised(self, budget: _Budget, elapsed: float) -> float:
        """The rate after a busy second past slow start: a step up (a share of the rate
        away from the last 429's rate, a smaller one near it), never past the hold just
        under it; a long calm at the hold moves the edge up a little, in case the budget
        grew."""
        policy = self.policy
        rate = budget.per_minute
        step = max(policy.step_per_minute, rate * policy.grow_share)
        edge = budget.limit_rate
        if edge is None:
            return rate + step
        hold = edge * policy.hold_share
        if rate >= hold:
            budget.held += elapsed
            if budget.held >= policy.probe_after:
                budget.limit_rate = edge * (1 + policy.probe_share)
                budget.held = 0.0
            return rate
        if rate >= edge * policy.near_limit:
            step = policy.step_per_minute * policy.near_step_share
        return min(rate + step, hold)

    def limited(self, scope: str, retry_after: float) -> None:
        """The platform answered 429: cut the rate (once per overload: the sends already
        in flight when it came say the same thing again)."""
        budget = self._budget(scope)
        now = self._clock()
        if now < budget.calm_from:
            return
        # Where the 429 came: the rate kept then, or, when this process did nearly all the
        # sending for a while, what the platform took on average meanwhile (a budget that
        # refills at a steady rate takes that, plus its burst, before it refuses), whichever
        # is lower. (Far fewer sends than the rate allows means replicas share the work or
        # demand was low: then the average says nothing about the budget.)
        edge = budget.per_minute
        window = min(self.policy.measure_window, now - budget.run_from)
        if not budget.probing and window >= self.policy.measure_at_least:
            taken = sum(1 for at in budget.recent if at >= now - window) / window * 60.0
            if taken >= self.policy.measure_trust * edge:
                edge = min(edge, taken)
        budget.limit_rate = edge
        budget.held = 0.0
        budget.recent.clear()
        budget.run_from = now + retry_after
        # In slow start the last rate that worked was half this one; later, cut by a factor
        # from the edge.
        if budget.probing:
            budget.per_minute = self._bounded(budget.per_minute / self.policy.slow_start_factor)
        else:
            budget.per_minute = self._bounded(edge * self.policy.decrease_factor)
        budget.probing = False
        budget.accepted = 0
        budget.round_started = now + retry_after
        budget.calm_from = now + retry_after + 0.5
        budget.limited_at = datetime.now(UTC)
        budget.dirty = True
        budget.shared_at = float("-inf")  # tell the other replicas at once

    async def share(self, scope: str) -> None:
        """Exchange the rate with the database (at most every ``share_every`` seconds,
        at once after a 429): take a lower rate another replica learned from a 429 we did
        not see, a higher one another replica reached since the last 429 we know of, and
        the stored rate on first use; store ours when it changed."""
        if self._book is None:
            return
        budget = self._budget(scope)
        now = self._clock()
        if now - budget.shared_at < self.policy.share_every:
            return
        budget.shared_at = now
        stored = await self._book.learned_rate(scope)
        if stored is not None:
            newer_limit = stored.limited_at is not None and (
                budget.limited_at is None or stored.limited_at > budget.limited_at
            )
            adopted = True
            if not budget.loaded:
                budget.per_minute = self._bounded(stored.per_minute)
                budget.probing = stored.limited_at is None
                budget.limited_at = stored.limited_at
            elif newer_limit:
                budget.limit_rate = budget.per_minute if budget.probing else budget.limit_rate
                budget.per_minute = self._bounded(min(budget.per_minute, stored.per_minute))
                budget.probing = False
                budget.limited_at = stored.limited_at
                budget.calm_from = now + 1.0  # its 429 was ours too: no second cut for it
            elif stored.per_minute > budget.per_minute and stored.limited_at == budget.limited_at:
                budget.per_minute = self._bounded(stored.per_minute)
            else:
                adopted = False
            if adopted:
                budget.accepted = 0
                budget.round_started = now
        budget.loaded = True
        if budget.dirty or stored is None:
            budget.dirty = False
            await self._book.remember_rate(scope, budget.per_minute, budget.limited_at)
