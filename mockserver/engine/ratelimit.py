"""An optional per-token rate limit, so clients can test their 429 handling."""

from __future__ import annotations

import math
import threading
import time

from mockserver.engine.errors import RateLimited


class RateLimiter:
    """A token bucket per caller, `rate` requests per second with a burst of the same."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, caller: str) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(caller, (self.rate, now))
            tokens = min(self.rate, tokens + (now - last) * self.rate)
            if tokens < 1:
                wait = max(1, math.ceil((1 - tokens) / self.rate))
                self._buckets[caller] = (tokens, now)
                raise RateLimited(
                    f"Rate limit of {self.rate:g} requests/s exceeded; retry after {wait} s",
                    headers={"Retry-After": str(wait)},
                )
            self._buckets[caller] = (tokens - 1, now)
