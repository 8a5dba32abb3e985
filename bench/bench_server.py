"""`make bench`: this mock against Prism on the same spec, same load, same endpoints.

Prints requests/s and p50/p99 latency for each, the ratio, and the in-process cost of a
request against a bare Flask route that returns the same JSON.
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
from pathlib import Path

from bench.loadgen import Result, run

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRISM = ROOT / ".tools" / "node_modules" / ".bin" / "prism"
TOKEN = {"Authorization": "Bearer ch_test_alice"}
ENDPOINTS = ("/orders?workspace=acme-electronics", "/projects/12345/bom")
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def server(args: list[str], health: str) -> Iterator[None]:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        wait_for(health)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(base: str) -> list[Result]:
    results = []
    for path in ENDPOINTS:
        run(base + path, TOKEN, 1.0, CONNECTIONS)  # warm-up
        results.append(run(base + path, TOKEN, SECONDS, CONNECTIONS))
    return results


def mock(strict: bool) -> list[Result]:
    port = free_port()
    args = [str(BIN / "circuithub-mock"), "serve", "--port", str(port)]
    with server(args + (["--strict"] if strict else []), f"http://127.0.0.1:{port}/v1/health"):
        return measure(f"http://127.0.0.1:{port}/v1")


def prism() -> list[Result]:
    port = free_port()
    args = [str(PRISM), "mock", "openapi.yaml", "-p", str(port), "-h", "127.0.0.1"]
    # Prism mounts the paths at the root: it ignores the relative `/v1` server URL.
    with server(args, f"http://127.0.0.1:{port}/health"):
        return measure(f"http://127.0.0.1:{port}")


def in_process() -> list[tuple[str, float, float]]:
    from flask import Flask, Response

    from mockserver import Config, create_app

    rows = []
    for strict, cache in ((False, True), (True, True), (False, False), (True, False)):
        client = create_app(Config(strict=strict, read_cache=cache)).test_client()
        mode = ("strict" if strict else "default") + ("" if cache else ", uncached")
        for path in ENDPOINTS:
            url = "/v1" + path
            payload = json.loads(client.get(url, headers=TOKEN).data)
            bare = Flask("bare")
            text = json.dumps(payload, separators=(",", ":"))
            bare.add_url_rule(
                url.split("?")[0],
                "bare",
                lambda text=text: Response(text, content_type="application/json"),
            )
            rows.append(
                (
                    f"{mode} {path}",
                    per_request(client, url),
                    per_request(bare.test_client(), url),
                )
            )
    return rows


def per_request(client: object, url: str, n: int = 3000) -> float:
    get = client.get  # type: ignore[attr-defined]
    for _ in range(200):
        get(url, headers=TOKEN)
    start = time.perf_counter()
    for _ in range(n):
        get(url, headers=TOKEN)
    return (time.perf_counter() - start) / n * 1000


def main() -> int:
    table = {"prism": prism(), "mock (default)": mock(False), "mock (strict)": mock(True)}
    tool = table["prism"][0].tool
    print(
        f"\nLoad: {tool}, {CONNECTIONS} connections, {SECONDS:g} s per endpoint, 2-core machine\n"
    )
    print(
        f"{'server':<16} {'endpoint':<38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs prism':>9}"
    )
    for name, results in table.items():
        for path, result, base in zip(ENDPOINTS, results, table["prism"], strict=True):
            ratio = result.requests_per_s / base.requests_per_s
            print(
                f"{name:<16} {path:<38} {result.requests_per_s:>8.0f} {result.p50_ms:>8.2f} "
                f"{result.p99_ms:>8.2f} {ratio:>8.2f}x"
            )
            if result.errors:
                print(f"  ! {result.errors} error responses")
    print("\nIn-process cost per request (Flask test client):")
    for label, mock_ms, bare_ms in in_process():
        print(
            f"  {label:<48} mock {mock_ms:.3f} ms  bare Flask {bare_ms:.3f} ms  "
            f"ratio {mock_ms / bare_ms:.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
