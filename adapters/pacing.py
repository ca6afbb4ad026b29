"""Learning a platform's unpublished budget (a Slack workspace's messages a minute) the way
TCP learns a path: start at a safe rate, double it while the platform keeps accepting,
and after the first 429 add a little per second of accepted sends and cut back by a
factor on every 429 (additive increase, multiplicative decrease). The learned rate is
kept in the database, so replicas share it and a restart starts from it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from storage.platform import LearnedRate


@dataclass(frozen=True)
class PacePolicy:
    """How a budget is learned (messages a minute)."""

    start_per_minute: float = 120.0  # a rate any workspace takes
    ceiling_per_minute: float = 3000.0  # never more than this, however well it goes
    floor_per_minute: float = 10.0
    slow_start_factor: float = 2.0  # per second of accepted sends, before the first 429
    step_per_minute: float = 60.0  # per second of accepted sends, after it
    decrease_factor: float = 0.7  # on a 429
    share_every: float = 5.0  # seconds between reading and writing the shared rate


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
        """The platform took a message. After a second's worth of them, sent in about a
        second (the rate, not the demand, held them back), the rate goes up."""
        budget = self._budget(scope)
        budget.accepted += 1
        if budget.accepted < max(1.0, budget.per_minute / 60.0):
            return
        now = self._clock()
        if now - budget.round_started <= 2.0:
            if budget.probing:
                raised = budget.per_minute * self.policy.slow_start_factor
            else:
                raised = budget.per_minute + self.policy.step_per_minute
            budget.per_minute = self._bounded(raised)
            budget.dirty = True
        budget.accepted = 0
        budget.round_started = now

    def limited(self, scope: str, retry_after: float) -> None:
        """The platform answered 429: cut the rate (once per overload: the sends already
        in flight when it came say the same thing again)."""
        budget = self._budget(scope)
        now = self._clock()
        if now < budget.calm_from:
            return
        budget.per_minute = self._bounded(budget.per_minute * self.policy.decrease_factor)
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
        not see, and the stored rate on first use; store ours when it changed."""
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
            if not budget.loaded:
                budget.per_minute = self._bounded(stored.per_minute)
                budget.probing = stored.limited_at is None
                budget.limited_at = stored.limited_at
            elif newer_limit:
                budget.per_minute = self._bounded(min(budget.per_minute, stored.per_minute))
                budget.probing = False
                budget.limited_at = stored.limited_at
                budget.calm_from = now + 1.0  # its 429 was ours too: no second cut for it
            budget.accepted = 0
            budget.round_started = now
        budget.loaded = True
        if budget.dirty or stored is None:
            budget.dirty = False
            await self._book.remember_rate(scope, budget.per_minute, budget.limited_at)
