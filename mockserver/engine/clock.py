"""The one clock every timestamp of a session comes from: real time, shifted or frozen."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant; a naive one is taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime) -> str:
    """Format as the API does: UTC, seconds, a trailing Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _real_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Clock:
    """Real time plus an offset, or a frozen instant; tests set it, freeze it and move it.

    A running clock that is set or advanced keeps running from its new time, so the time a
    client sees never depends on how long the test took to get there only when it is frozen.
    """

    def __init__(self, frozen_at: str | None = None) -> None:
        self._lock = threading.Lock()
        self._start = frozen_at
        self._frozen: datetime | None = None
        self._offset = timedelta()
        self.reset()

    @property
    def frozen(self) -> bool:
        return self._frozen is not None

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            offset = self._offset
        return _real_now() + offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or back, with a negative number); frozen stays frozen."""
        with self._lock:
            step = timedelta(seconds=seconds)
            if self._frozen is not None:
                self._frozen += step
            else:
                self._offset += step

    def set(self, instant: str | datetime, *, frozen: bool = True) -> None:
        """Show `instant` now; frozen, it stays there, running, it ticks on from there."""
        value = parse_instant(instant) if isinstance(instant, str) else instant
        value = value.astimezone(UTC).replace(microsecond=0)
        with self._lock:
            if frozen:
                self._frozen, self._offset = value, timedelta()
            else:
                self._frozen, self._offset = None, value - _real_now()

    def freeze(self) -> None:
        """Stop the clock at the time it shows."""
        self.set(self.now(), frozen=True)

    def unfreeze(self) -> None:
        """Let the clock run on from the time it shows."""
        self.set(self.now(), frozen=False)

    def reset(self) -> None:
        """Back to how the clock started: frozen at the configured instant, or real time."""
        with self._lock:
            self._offset = timedelta()
            self._frozen = parse_instant(self._start) if self._start else None
