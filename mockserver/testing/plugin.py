"""pytest plugin (entry point `pytest11`): a served mock, and a fresh session per test.

Fixtures (nothing happens unless a test asks for one):
- `mock_server` (session scope): a mock for the whole run. By default one is served on a
  free loopback port: in this process, or, under pytest-xdist, in one child process that
  all workers share. `--mock-url URL` (or CIRCUITHUB_MOCK_URL) uses a running mock instead,
  with `--mock-admin-token` (or CIRCUITHUB_MOCK_ADMIN_TOKEN) when it needs one.
- `mock` (per test): a `MockClient` on a session of the test's own, created fresh and
  deleted afterwards, so tests (and xdist workers) never see each other's writes. Point the
  code under test at `mock.api_url("/v1")`, or send `mock.headers`.
  `@pytest.mark.mock_session(seed=7, preset="small")` starts it from generated data.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from mockserver.testing.client import MockClient
from mockserver.testing.errors import MockError

URL_ENV = "CIRCUITHUB_MOCK_URL"
TOKEN_ENV = "CIRCUITHUB_MOCK_ADMIN_TOKEN"
MARKER = "mock_session(seed=None, preset=None, datasets=None): how the test's session starts"
_COUNTER = itertools.count(1)


@dataclass(slots=True)
class MockServer:
    """The run's mock: its URL, a client on its default session, its app if in-process."""

    url: str
    client: MockClient
    app: Any = None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("circuithub-mock", "circuithub-mock fixtures (mock, mock_server)")
    group.addoption(
        "--mock-url", metavar="URL", help=f"use the mock at URL instead of serving one ({URL_ENV})"
    )
    group.addoption(
        "--mock-admin-token",
        metavar="TOKEN",
        help=f"its admin token, if it needs one ({TOKEN_ENV})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


@pytest.fixture(scope="session")
def mock_server(pytestconfig: pytest.Config) -> Iterator[MockServer]:
    url = pytestconfig.getoption("mock_url") or os.environ.get(URL_ENV)
    token = pytestconfig.getoption("mock_admin_token") or os.environ.get(TOKEN_ENV)
    if url:
        yield MockServer(url.rstrip("/"), MockClient(url, admin_token=token))
        return
    from mockserver.testing import serve

    worker: Any = getattr(pytestconfig, "workerinput", None)
    if worker is not None:
        # Every worker of this run finds the one mock; it ends with the controller.
        shared = serve.shared_mock(worker["testrunuid"], owner=os.getppid())
        yield MockServer(shared, MockClient(shared))
        return
    served = serve.serve_mock()
    try:
        yield MockServer(served.url, MockClient(served.url), served.app)
    finally:
        served.stop()


def session_name(request: pytest.FixtureRequest) -> str:
    """Unique in the run, readable in the mock's session list: `gw3-17-test_name`."""
    worker: Any = getattr(request.config, "workerinput", None)
    prefix = worker["workerid"] if worker else "t"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", request.node.name).strip("-")
    return f"{prefix}-{next(_COUNTER)}-{slug}"[:64]


@pytest.fixture
def mock(mock_server: MockServer, request: pytest.FixtureRequest) -> Iterator[MockClient]:
    marker = request.node.get_closest_marker("mock_session")
    setup = dict(marker.kwargs) if marker else {}
    name = session_name(request)
    client = mock_server.client.sessions.create(name, **setup)
    yield client
    with contextlib.suppress(MockError):  # it may have expired, or the test deleted it
        mock_server.client.sessions.delete(name)
