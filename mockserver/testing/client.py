"""A Python client of the admin API (`/_mock`): state, clock, faults, journal, sessions.

    mock = MockClient("http://127.0.0.1:8080", session="t1")
    api_root = mock.api_url("/v1")        # point the code under test here
    mock.clock.freeze("2025-03-15T10:00:00Z")
    with mock.faults.add(operation="createIssue", status=503, times=2):
        ...
    mock.requests.assert_called(operation="createIssue", times=3)

Standard library only, so it works wherever the tests run.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from mockserver.testing.errors import MockError
from mockserver.testing.faults import Faults
from mockserver.testing.journal import Journal

SESSION_HEADER = "X-Mock-Session"


def _instant(value: str | datetime) -> str:
    return value if isinstance(value, str) else value.isoformat()


class MockClient:
    """The admin API of one mock, acting on one session (the default one when None)."""

    def __init__(
        self,
        url: str,
        session: str | None = None,
        *,
        admin_token: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.session = session
        self.admin_token = admin_token
        self.timeout = timeout
        self.clock = Clock(self)
        self.faults = Faults(self)
        self.requests = Journal(self)
        self.sessions = Sessions(self)

    def __repr__(self) -> str:
        return f"MockClient({self.url!r}, session={self.session!r})"

    @property
    def base_url(self) -> str:
        """The mock as this session's clients should see it: with the session prefix."""
        if self.session is None:
            return self.url
        return f"{self.url}/_mock/sessions/{urllib.parse.quote(self.session, safe='')}"

    def api_url(self, root: str = "/v1") -> str:
        """An API's root in this session, e.g. `http://127.0.0.1:8080/_mock/sessions/t1/v1`.

        Every URL the mock hands out from it (uploads, status) stays in the session, so the
        code under test needs no header."""
        return self.base_url + "/" + root.strip("/")

    @property
    def headers(self) -> dict[str, str]:
        """For clients that add headers instead: the session header (empty for default)."""
        return {SESSION_HEADER: self.session} if self.session else {}

    def in_session(self, session: str | None) -> MockClient:
        """The same mock, acting on another session."""
        return MockClient(self.url, session, admin_token=self.admin_token, timeout=self.timeout)

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Mapping[str, Any] | None = None,
    ) -> Any:
        """One admin call (`path` below `/_mock`); the parsed answer, or MockError."""
        url = f"{self.url}/_mock{path}"
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = dict(self.headers)
        if self.admin_token:
            headers["Authorization"] = f"Bearer {self.admin_token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                detail: Any = json.loads(raw)
            except ValueError:
                detail = raw.decode("utf-8", "replace")
            raise MockError(error.code, detail) from None
        return json.loads(raw) if raw else None

    def apis(self) -> list[dict[str, Any]]:
        apis: list[dict[str, Any]] = self.call("GET", "/apis")["apis"]
        return apis

    def reset(self) -> None:
        """The session's state back to its starting datasets, and its clock to its start."""
        self.call("POST", "/reset")

    def snapshot(self, api: str | None = None) -> dict[str, Any]:
        found: dict[str, Any] = self.call("GET", "/snapshot", query={"api": api})
        return found

    def restore(self, snapshot: dict[str, Any], api: str | None = None) -> None:
        self.call("PUT", "/snapshot", snapshot, query={"api": api})


class Clock:
    """The session's clock."""

    def __init__(self, mock: MockClient) -> None:
        self._mock = mock

    def get(self) -> dict[str, Any]:
        found: dict[str, Any] = self._mock.call("GET", "/clock")
        return found

    def now(self) -> datetime:
        return datetime.fromisoformat(self.get()["now"].replace("Z", "+00:00"))

    @property
    def frozen(self) -> bool:
        return bool(self.get()["frozen"])

    def set(self, now: str | datetime, *, frozen: bool = True) -> dict[str, Any]:
        found: dict[str, Any] = self._mock.call(
            "PUT", "/clock", {"now": _instant(now), "frozen": frozen}
        )
        return found

    def freeze(self, at: str | datetime | None = None) -> dict[str, Any]:
        """Stop the clock, at `at` or where it is."""
        if at is not None:
            return self.set(at, frozen=True)
        found: dict[str, Any] = self._mock.call("PUT", "/clock", {"frozen": True})
        return found

    def unfreeze(self) -> dict[str, Any]:
        found: dict[str, Any] = self._mock.call("PUT", "/clock", {"frozen": False})
        return found

    def advance(self, seconds: float = 0, **delta: float) -> dict[str, Any]:
        """Move forward by `seconds` plus any timedelta keywords (`hours=1`, `days=2`)."""
        step = seconds + timedelta(**delta).total_seconds()
        found: dict[str, Any] = self._mock.call("POST", "/clock/advance", {"seconds": step})
        return found


class Sessions:
    """The mock's sessions."""

    def __init__(self, mock: MockClient) -> None:
        self._mock = mock

    def create(
        self,
        name: str,
        *,
        seed: int | None = None,
        preset: str | None = None,
        datasets: dict[str, Any] | None = None,
    ) -> MockClient:
        """A fresh session (replacing one of that name); a client acting on it."""
        setup = {k: v for k, v in (("seed", seed), ("preset", preset), ("datasets", datasets))}
        body = {k: v for k, v in setup.items() if v is not None}
        self._mock.call("PUT", f"/sessions/{urllib.parse.quote(name, safe='')}", body or None)
        return self._mock.in_session(name)

    def list(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._mock.call("GET", "/sessions")["sessions"]
        return found

    def delete(self, name: str) -> None:
        self._mock.call("DELETE", f"/sessions/{urllib.parse.quote(name, safe='')}")
