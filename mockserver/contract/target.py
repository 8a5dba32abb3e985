"""The system under test: the in-process mock or a deployment, and the callers that reach it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mockserver.contract.client import ApiClient, ClientSetup, HttpTransport, WsgiApp, WsgiTransport
from mockserver.contract.coverage import Observations
from mockserver.contract.options import ENV_SECOND_TOKEN, ENV_TOKEN, RunOptions
from mockserver.contract.throttle import RetryStats, Throttle

IN_PROCESS_ROOT = "http://localhost/v1"
# Where `circuithub-mock serve` listens by default: reproduction commands point there.
SERVE_ROOT = "http://127.0.0.1:8080/v1"


@dataclass(frozen=True, slots=True)
class InProcessApp:
    """A WSGI app to test in-process, and how to bring its state back to the dataset."""

    app: WsgiApp
    reset: Callable[[], None]


AppFactory = Callable[[], InProcessApp]


def strict_mock() -> InProcessApp:
    """The default target: a fresh mock that turns any contract violation into a 500."""
    from mockserver import Config, create_app, host_of

    app = create_app(Config(strict=True))
    return InProcessApp(app, host_of(app).sessions.default.reset)


class Target:
    """Everything a suite needs to talk to the system under test."""

    def __init__(self, options: RunOptions, factory: AppFactory | None = None) -> None:
        self.options = options
        self.in_process = (factory or strict_mock)() if options.in_process else None
        if self.in_process is not None:
            transport: WsgiTransport | HttpTransport = WsgiTransport(self.in_process.app)
            self.root, self.public_root = IN_PROCESS_ROOT, SERVE_ROOT
        else:
            transport = HttpTransport()
            self.root = self.public_root = options.base_url or ""
        self.throttle = Throttle(options.rate_limit)
        self.setup = ClientSetup(
            transport,
            self.root,
            self.throttle,
            Observations(urlsplit(self.root).path),
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
        """In-process only: every test starts from the dataset. A deployment cannot be reset."""
        if self.in_process is not None:
            self.in_process.reset()
        self.setup.history.clear()

    def close(self) -> None:
        self.setup.transport.close()
