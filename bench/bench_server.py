"""`make bench`: this mock against Prism on the same spec, same load, same workloads.

Each workload runs against a fresh server, with the read cache on and with it off, and
against Prism (`prism mock openapi.yaml`) in the same run. Prints requests/s and p50/p99
latency, the ratio to Prism, the in-process cost of an uncached `GET /orders` against a bare
Flask route returning the same JSON pre-serialised, and the cold start to the first answer.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.loadgen import Result, run

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRISM = ROOT / ".tools" / "node_modules" / ".bin" / "prism"
TOKEN = {"Authorization": "Bearer ch_test_alice"}
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
POST = """wrk.method = "POST"
wrk.body = '{"title":"bench"}'
wrk.headers["Content-Type"] = "application/json"
"""
# One POST of an issue for every GET of the orders list.
MIXED = """local n = 0
request = function()
  n = n + 1
  if n % 2 == 0 then
    return wrk.format("POST", "{root}/orders/8001/issues",
      {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer ch_test_alice"}},
      '{{"title":"bench"}}')
  end
  return wrk.format("GET", "{root}/orders?workspace=acme-electronics")
end
"""


@dataclass(frozen=True, slots=True)
class Workload:
    name: str
    path: str
    script: str | None = None


WORKLOADS = (
    Workload("GET orders (55)", "/orders?workspace=acme-electronics"),
    Workload("GET issues", "/issues?workspace=acme-electronics"),
    Workload("GET project", "/projects/12345"),
    Workload("POST issue", "/orders/8001/issues", POST),
    Workload("mixed POST issue + GET orders", "/orders?workspace=acme-electronics", MIXED),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, seconds: float = 60) -> float:
    """Seconds until `url` answered."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return time.monotonic() - start
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def server(args: list[str], health: str) -> Iterator[float]:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        yield wait_for(health)
    finally:
        process.terminate()
        process.wait(timeout=20)


def one(root: str, work: Workload) -> Result:
    script = work.script
    if script is not None and "{root}" in script:
        # The mock serves under /v1, Prism at its root.
        mount = "/" + root.split("/", 3)[3] if root.count("/") >= 3 else ""
        script = script.replace("{root}", mount).replace("{{", "{").replace("}}", "}")
    run(root + work.path, TOKEN, 1.0, CONNECTIONS, script)  # warm-up
    return run(root + work.path, TOKEN, SECONDS, CONNECTIONS, script)


def mock(work: Workload, cache: bool) -> Result:
    port = free_port()
    args = [str(BIN / "circuithub-mock"), "serve", "--port", str(port), "--api", "circuithub"]
    args += [] if cache else ["--no-read-cache"]
    with server(args, f"http://127.0.0.1:{port}/v1/health"):
        return one(f"http://127.0.0.1:{port}/v1", work)


def prism(work: Workload) -> Result:
    port = free_port()
    args = [str(PRISM), "mock", "openapi.yaml", "-p", str(port), "-h", "127.0.0.1"]
    # Prism mounts the paths at the root: it ignores the relative `/v1` server URL.
    with server(args, f"http://127.0.0.1:{port}/health"):
        return one(f"http://127.0.0.1:{port}", work)


def cold_start() -> float:
    port = free_port()
    args = [str(BIN / "circuithub-mock"), "serve", "--port", str(port)]
    with server(args, f"http://127.0.0.1:{port}/v1/health") as seconds:
        return seconds


def in_process() -> tuple[float, float]:
    """(mock, bare Flask) ms per uncached `GET /v1/orders` in the Flask test client."""
    from flask import Flask, Response

    from mockserver import Config, create_app

    url = "/v1/orders?workspace=acme-electronics"
    client = create_app(Config(read_cache=False), apis=["circuithub"]).test_client()
    text = json.dumps(json.loads(client.get(url, headers=TOKEN).data), separators=(",", ":"))
    bare = Flask("bare")
    bare.add_url_rule("/v1/orders", "bare", lambda: Response(text, content_type="application/json"))
    return per_request(client, url), per_request(bare.test_client(), url)


def per_request(client: object, url: str, n: int = 3000) -> float:
    get = client.get  # type: ignore[attr-defined]
    for _ in range(200):
        get(url, headers=TOKEN)
    start = time.perf_counter()
    for _ in range(n):
        get(url, headers=TOKEN)
    return (time.perf_counter() - start) / n * 1000


def row(name: str, work: Workload, result: Result, base: Result) -> str:
    ratio = result.requests_per_s / base.requests_per_s
    flag = "" if not result.errors else f"  ({result.errors} non-2xx)"
    return (
        f"| {name} | {work.name} | {result.requests_per_s:,.0f} | {result.p50_ms:.2f} "
        f"| {result.p99_ms:.2f} | {ratio:.2f}x |{flag}"
    )


def main() -> int:
    print(f"Load: wrk, {CONNECTIONS} connections, {SECONDS:g} s per workload, fresh server each\n")
    print("| server | workload | req/s | p50 ms | p99 ms | vs Prism |")
    print("|---|---|---|---|---|---|")
    for work in WORKLOADS:
        base = prism(work)
        print(row("Prism 5", work, base, base))
        print(row("mock, cache on", work, mock(work, True), base))
        print(row("mock, cache off", work, mock(work, False), base))
        sys.stdout.flush()
    mock_ms, bare_ms = in_process()
    print(
        f"\nIn process, uncached GET /orders: mock {mock_ms:.3f} ms, bare Flask {bare_ms:.3f} ms, "
        f"{mock_ms / bare_ms:.2f}x (target <= 1.5x)"
    )
    print(f"Cold start of the default dataset to the first answer: {cold_start():.2f} s (<= 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
