"""Run any test module with every world on another backend, to prove rules do not care.

    .venv/bin/pytest -p tests.state.backend_plugin --state-backend=redis tests/test_issues.py

Each app (or world built alone) gets a backend of its own: SQLite in a fresh directory, or a
fresh key prefix on a redis-server this plugin starts. Rules that changed a record in place
instead of calling `update` fail here, since these backends hand out copies.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockserver.engine.config import Config
from mockserver.engine.store.backends import open_backend
from mockserver.engine.store.base import Backend
from mockserver.engine.store.redis import RedisBackend
from mockserver.engine.store.sqlite import SqliteBackend
from tests.state.redis_server import RedisServer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--state-backend", choices=("sqlite", "redis"), default="sqlite")


@pytest.fixture(scope="session", autouse=True)
def every_world_on_the_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    kind = request.config.getoption("--state-backend")
    server = RedisServer(tmp_path_factory.mktemp("redis")) if kind == "redis" else None
    if server is not None:
        server.start()
    counter = itertools.count()
    original = open_backend

    def opened(config: Config) -> Backend:
        if config.redis_url or config.data_dir:
            return original(config)
        if server is not None:
            return RedisBackend(server.url, prefix=f"t{next(counter)}")
        return SqliteBackend(Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp())))

    patch = pytest.MonkeyPatch()
    for user in ("world", "sessions"):
        patch.setattr(f"mockserver.engine.{user}.open_backend", opened)
    yield
    patch.undo()
    if server is not None:
        server.stop()


def pytest_report_header(config: Any) -> str:
    return f"every world on: {config.getoption('--state-backend')}"
