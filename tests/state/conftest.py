"""Backends under test: memory, SQLite (--data-dir) and a real redis-server (--redis-url)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.state.redis_server import RedisServer

BACKENDS = ("memory", "sqlite", "redis")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """A redis-server emptied for this test (restarted first if a test left it down)."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.flush()
    return redis_server.url


@pytest.fixture(params=BACKENDS)
def backend_options(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Config fields that select one backend (none for memory)."""
    if request.param == "sqlite":
        return {"data_dir": tmp_path / "data"}
    if request.param == "redis":
        return {"redis_url": request.getfixturevalue("redis_url")}
    return {}
