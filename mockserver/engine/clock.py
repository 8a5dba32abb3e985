"""The one clock every timestamp of an app comes from."""

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


class Clock:
    """Real time, or a frozen instant that tests can move forward."""

    def __init__(self, frozen_at: str | None = None) -> None:
        self._lock = threading.Lock()
        self._frozen = parse_instant(frozen_at) if frozen_at else None

    @property
    def frozen(self) -> bool:
        return self._frozen is not None

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
        return datetime.now(UTC).replace(microsecond=0)

    def advance(self, seconds: float) -> None:
        """Move a frozen clock forward; freezes a real clock at now + seconds."""
        with self._lock:
            base = self._frozen or datetime.now(UTC).replace(microsecond=0)
            self._frozen = base + timedelta(seconds=seconds)

    def set(self, instant: str) -> None:
        with self._lock:
            self._frozen = parse_instant(instant)
