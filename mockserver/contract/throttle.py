"""Client-side pacing and 429 handling, shared by every request a run sends."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

MAX_RETRIES = 4
MAX_WAIT = 30.0


class Throttle:
    """At most `rate` requests per second from this process; xdist workers split the rate."""

    def __init__(self, rate: float | None, workers: int | None = None) -> None:
        count = workers or int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
        self.interval = 0.0 if not rate else max(count, 1) / rate
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)


def retry_after(value: str | None) -> float:
    """Seconds a 429 asks for (delay-seconds form); 1 when absent or unreadable."""
    try:
        return min(max(float(value or 1), 0.0), MAX_WAIT)
    except ValueError:
        return 1.0


@dataclass(slots=True)
class RetryStats:
    """How often the server pushed back, for the run summary."""

    retried: int = 0
    waited: float = 0.0


def with_retries(
    send: Callable[[], T],
    status_of: Callable[[T], int],
    header_of: Callable[[T], str | None],
    stats: RetryStats,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Send; while the answer is 429, sleep for its Retry-After and send again (bounded)."""
    response = send()
    for _ in range(MAX_RETRIES):
        if status_of(response) != 429:
            break
        delay = retry_after(header_of(response))
        stats.retried += 1
        stats.waited += delay
        sleep(delay)
        response = send()
    return response
