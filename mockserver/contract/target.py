"""The system under test: the in-process mock or a deployment, and the callers that reach it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mockserver.contract.apis import contract_api
from mockserver.contract.client import ApiClient, ClientSetup, HttpTransport, WsgiApp, WsgiTransport
from mockserver.contract.coverage import Observations
from mockserver.contract.options import ENV_SECOND_TOKEN, ENV_TOKEN, RunOptions
from mockserver.contract.throttle import RetryStats, Throttle

IN_PROCESS_ORIGIN = "http://localhost"
# Where `circuithub-mock serve` listens by default: reproduction commands point there.
SERVE_ORIGIN = "http://127.0.0.1:8080"
SESSION_HEADER = "X-Mock-Session"


@dataclass(frozen=True, slots=True)
class InProcessApp:
    """A WSGI app to test in-process; `reset` is for an app without the mock's admin API."""

    app: WsgiApp
    reset: Callable[[], None] | None = None


class InSession:
    """A WSGI app whose every request (Schemathesis probes too) is in one mock session."""

    def __init__(self, app: WsgiApp, session: str) -> None:
        self.app = app
        self.session = session

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        environ["HTTP_X_MOCK_SESSION"] = self.session
        return self.app(environ, start_response)


def own_session(transport: WsgiTransport | HttpTransport, origin: str) -> str | None:
    """A fresh session for this run when the target is a mock with sessions, else None.

    The run then leaves the mock's default world untouched, and can reset its own state."""
    try:
        probe = transport.send("GET", f"{origin}/_mock/apis", {}, None)
        if probe.status != 200 or probe.content_type != "application/json":
            return None
        name = f"contract-{uuid.uuid4().hex[:12]}"
        made = transport.send("PUT", f"{origin}/_mock/sessions/{name}", {}, None)
    except OSError:  # unreachable: the suites will say so
        return None
    return name if made.status in (200, 201) else None


AppFactory = Callable[[], InProcessApp]


def strict_mock() -> InProcessApp:
    """The default target: a fresh mock that turns any contract violation into a 500."""
    from mockserver import Config, create_app

    return InProcessApp(create_app(Config(strict=True)))


class Target:
    """Everything a suite needs to talk to the system under test."""

    def __init__(self, options: RunOptions, factory: AppFactory | None = None) -> None:
        self.options = options
        mount = contract_api(options.api).mount
        self.in_process = (factory or strict_mock)() if options.in_process else None
        if self.in_process is not None:
            self.root, self.public_root = IN_PROCESS_ORIGIN + mount, SERVE_ORIGIN + mount
            self.origin = IN_PROCESS_ORIGIN
            found = self.in_process
            self.mock_session = own_session(WsgiTransport(found.app), self.origin)
            if self.mock_session is not None:
                found = InProcessApp(InSession(found.app, self.mock_session), found.reset)
                self.in_process = found
            transport: WsgiTransport | HttpTransport = WsgiTransport(found.app)
        else:
            transport = HttpTransport()
            self.root = self.public_root = options.base_url or ""
            self.origin = self.root.removesuffix(mount)
            self.mock_session = own_session(transport, self.origin)
            if self.mock_session is not None:  # Schemathesis sends with this session too
                transport.session.headers[SESSION_HEADER] = self.mock_session
        self.throttle = Throttle(options.rate_limit)
        self.setup = ClientSetup(
            transport,
            self.root,
            self.throttle,
            Observations(urlsplit(self.root).path, options.api),
            RetryStats(),
            self.public_root,
        )
        self.first = ApiClient(self.setup, options.token, ENV_TOKEN)
        self.second = (
            ApiClient(self.setup, options.second_token, ENV_SECOND_TOKEN)
            if options.second_token
            else None
        )
        self.anonymous = ApiClient(self.setup, None, "")

    @property
    def session(self) -> Any:
        """The pooled `requests` session of a network target (None in-process)."""
        transport = self.setup.transport
        return transport.session if isinstance(transport, HttpTransport) else None

    @property
    def observations(self) -> Observations:
        return self.setup.observations

    def clients(self) -> list[ApiClient]:
        found = [self.first, self.anonymous]
        return found + ([self.second] if self.second else [])

    def reset(self) -> None:
        """A mock's session goes back to its dataset (`POST /_mock/reset`), so every test
        starts from it; a deployment cannot be reset."""
        if self.mock_session is not None:
            answer = self.setup.transport.send("POST", f"{self.origin}/_mock/reset", {}, None)
            if answer.status != 204:
                raise RuntimeError(f"POST /_mock/reset answered {answer.status}: {answer.text()}")
        elif self.in_process is not None and self.in_process.reset is not None:
            self.in_process.reset()
        self.setup.history.clear()

    def close(self) -> None:
        if self.mock_session is not None and self.in_process is None:
            path = f"{self.origin}/_mock/sessions/{self.mock_session}"
            self.setup.transport.send("DELETE", path, {}, None)
        self.setup.transport.close()
