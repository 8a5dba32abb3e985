"""The journal of a session, from Python, and assertions with near-miss messages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from mockserver.testing.errors import MockError
from mockserver.testing.faults import rule_keys

if TYPE_CHECKING:
    from mockserver.testing.client import MockClient


Times = int | tuple[int | None, int | None] | None


def _count(times: Times) -> Any:
    if times is None:
        return {"min": 1}
    if isinstance(times, int):
        return times
    low, high = times
    return {k: v for k, v in (("min", low), ("max", high)) if v is not None} or {"min": 0}


def describe_failure(body: dict[str, Any]) -> str:
    """A 409 verification as a readable assertion message, near misses included."""
    lines = [body.get("message", "verification failed")]
    misses = body.get("details", {}).get("nearMisses", [])
    if misses:
        lines.append("closest requests:")
    for miss in misses:
        r = miss["request"]
        lines.append(
            f"  #{r['id']} {r['method']} {r['path']} -> {r['status']} ({r['operationId']})"
        )
        lines += [f"      {difference}" for difference in miss["differences"]]
    return "\n".join(lines)


class Journal:
    """The session's request journal, and assertions on it."""

    def __init__(self, mock: MockClient) -> None:
        self._mock = mock

    def list(self, **filters: Any) -> list[dict[str, Any]]:
        """Recorded requests, oldest first: `api`, `operation`, `method`, `path` (a glob),
        `status`, `since` (ISO instant or datetime), `limit` (the latest N)."""
        query = rule_keys(filters)
        if isinstance(query.get("since"), datetime):
            query["since"] = query["since"].isoformat()
        found: list[dict[str, Any]] = self._mock.call("GET", "/requests", query=query)["requests"]
        return found

    def last(self, **filters: Any) -> dict[str, Any] | None:
        found = self.list(**filters, limit=1)
        return found[0] if found else None

    def clear(self) -> None:
        self._mock.call("DELETE", "/requests")

    def count(self, **matcher: Any) -> int:
        """Requests matching (`operation`, `method`, `path`, `status`, `api`, `query`,
        `headers`, `body` — a subset of the JSON body)."""
        body = {**rule_keys(matcher), "count": {"min": 0}}
        matched: int = self._mock.call("POST", "/requests/verify", body)["matched"]
        return matched

    def verify(self, *, times: Times = None, **matcher: Any) -> int:
        """The number matched; AssertionError (with the near misses) when it is not `times`
        (an int, `(min, max)` with None for open, or None for at least one)."""
        body = {**rule_keys(matcher), "count": _count(times)}
        try:
            matched: int = self._mock.call("POST", "/requests/verify", body)["matched"]
        except MockError as error:
            if error.status == 409 and isinstance(error.body, dict):
                raise AssertionError(describe_failure(error.body)) from None
            raise
        return matched

    def assert_called(self, *, times: Times = None, **matcher: Any) -> int:
        return self.verify(times=times, **matcher)

    def assert_not_called(self, **matcher: Any) -> None:
        self.verify(times=0, **matcher)
