"""A small in-memory rate limit for anonymous endpoints: one token bucket per client.

It counts in this process only (each replica keeps its own buckets), which is enough to
stop one client from flooding an endpoint; a load balancer's own limits sit in front.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    seen: float


class TokenBuckets:
    """``burst`` requests at once per key, then ``per_second`` more each second. At most
    ``max_keys`` keys are remembered; the one seen least recently is forgotten first."""

    def __init__(
        self,
        burst: int,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 4096,
    ) -> None:
        self._burst = float(burst)
        self._rate = per_second
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0.0 if there was one, else the seconds until there
        will be (nothing is taken then)."""
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.seen) * self._rate)
        bucket.seen = now
        self._buckets[key] = bucket  # the most recently seen, last
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self._rate
