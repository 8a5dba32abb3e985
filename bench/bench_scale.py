"""`make bench-scale`: read and write throughput by where state is kept, and by process count.

Memory, `--data-dir` (SQLite) and `--redis-url` with 1, 2 and 4 worker processes, each on a
fresh server (and a fresh redis-server); Prism on the same read for reference. The read is a
cached `GET /projects/{id}`; the write a `POST /orders/{id}/issues`. On a machine with few
cores the processes share them with wrk and Redis: the figures show the cost of each backend
more than the scaling a machine with a core per worker would see.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redis import Redis

from bench.bench_server import PRISM, TOKEN, free_port, server
from bench.loadgen import Result, run
from mockserver import Config, create_app, host_of
from tests.state.redis_server import RedisServer

BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
READ = "/projects/12345"
WRITE = "/orders/8001/issues"
POST = """wrk.method = "POST"
wrk.body = '{"title":"bench"}'
wrk.headers["Content-Type"] = "application/json"
"""


@dataclass(frozen=True, slots=True)
class Setup:
    name: str
    args: tuple[str, ...] = ()
    redis: bool = False
    data_dir: bool = False


SETUPS = (
    Setup("memory, 1 process"),
    Setup("--data-dir, 1 process", data_dir=True),
    Setup("--redis-url, 1 process", ("--workers", "1"), redis=True),
    Setup("--redis-url, 2 processes", ("--workers", "2"), redis=True),
    Setup("--redis-url, 4 processes", ("--workers", "4"), redis=True),
)


@contextmanager
def state_for(setup: Setup) -> Iterator[list[str]]:
    """The serve options of a setup, with its data directory or redis-server."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        if setup.redis:
            redis = RedisServer(Path(scratch))
            redis.start()
            try:
                yield ["--redis-url", redis.url]
            finally:
                redis.stop()
        elif setup.data_dir:
            yield ["--data-dir", str(Path(scratch) / "data")]
        else:
            yield []


def measure(root: str, path: str, script: str | None) -> Result:
    run(root + path, TOKEN, 1.0, CONNECTIONS, script)  # warm-up
    return run(root + path, TOKEN, SECONDS, CONNECTIONS, script)


def mock(setup: Setup) -> tuple[Result, Result]:
    with state_for(setup) as state:
        port = free_port()
        args = [str(BIN / "circuithub-mock"), "serve", "--port", str(port), "--api", "circuithub"]
        args += [*state, *setup.args]
        with server(args, f"http://127.0.0.1:{port}/v1/health"):
            root = f"http://127.0.0.1:{port}/v1"
            return measure(root, READ, None), measure(root, WRITE, POST)


def prism() -> Result:
    port = free_port()
    args = [str(PRISM), "mock", "openapi.yaml", "-p", str(port), "-h", "127.0.0.1"]
    with server(args, f"http://127.0.0.1:{port}/health"):
        return measure(f"http://127.0.0.1:{port}", READ, None)


def per_request(config: Config) -> str:
    """In process, one thread: ms per read and per write, and Redis round trips each."""
    app = create_app(config, apis=["circuithub"])
    client = app.test_client()
    sent = Counter()
    cells = []
    for method, path, body in (("GET", READ, None), ("POST", WRITE, {"title": "bench"})):
        for _ in range(50):
            client.open("/v1" + path, method=method, json=body, headers=TOKEN)
        n, sent.count = 300, 0
        start = time.perf_counter()
        with sent.counting():
            for _ in range(n):
                client.open("/v1" + path, method=method, json=body, headers=TOKEN)
        ms = (time.perf_counter() - start) / n * 1000
        trips = f", {sent.count / n:.1f} Redis round trips" if config.redis_url else ""
        cells.append(f"{ms:.2f} ms{trips}")
    host_of(app).sessions.backend.close()
    return " | ".join(cells)


class Counter:
    """Commands redis-py sends (a script is one, whatever it runs inside Redis)."""

    def __init__(self) -> None:
        self.count = 0

    @contextmanager
    def counting(self) -> Iterator[None]:
        original: Any = Redis.execute_command

        def counted(client: Redis, *args: Any, **options: Any) -> Any:
            self.count += 1
            return original(client, *args, **options)

        Redis.execute_command = counted  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Redis.execute_command = original  # type: ignore[method-assign]


def in_process() -> None:
    print("\nIn process, one thread (Flask test client): cost of one request by backend\n")
    print("| state | read | write |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        print(f"| memory | {per_request(Config())} |")
        print(f"| --data-dir | {per_request(Config(data_dir=Path(scratch) / 'data'))} |")
        redis = RedisServer(Path(scratch))
        redis.start()
        try:
            print(f"| --redis-url | {per_request(Config(redis_url=redis.url))} |")
        finally:
            redis.stop()


def cell(result: Result) -> str:
    flag = f" ({result.errors} non-2xx)" if result.errors else ""
    return f"{result.requests_per_s:,.0f} ({result.p50_ms:.1f} / {result.p99_ms:.1f}){flag}"


def main() -> int:
    print(f"Load: {CONNECTIONS} connections, {SECONDS:g} s per figure, {os.cpu_count()} cores")
    print("req/s (p50 / p99 ms); read: cached GET /v1/projects/12345, write: POST an issue\n")
    print("| state | read | write |")
    print("|---|---|---|")
    for setup in SETUPS:
        read, write = mock(setup)
        print(f"| {setup.name} | {cell(read)} | {cell(write)} |")
        sys.stdout.flush()
    if PRISM.exists():
        print(f"| Prism 5 (stateless, for reference) | {cell(prism())} | - |")
    in_process()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
