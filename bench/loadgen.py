"""Load generation for the benchmarks: wrk when installed, else a Python keep-alive client."""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(slots=True)
class Result:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def run(
    url: str,
    headers: dict[str, str],
    seconds: float,
    connections: int,
    script: str | None = None,
) -> Result:
    """GETs of `url`; or, with a wrk Lua `script`, whatever requests the script makes."""
    if shutil.which("wrk"):
        return _wrk(url, headers, seconds, connections, script)
    if script is not None:
        raise RuntimeError("scripted workloads need wrk (apt-get install wrk)")
    return _python(url, headers, seconds, connections)


def _wrk(
    url: str, headers: dict[str, str], seconds: float, connections: int, script: str | None
) -> Result:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script is not None:
            lua.write(script)
            lua.flush()
            args += ["-s", lua.name]
        out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    return Result(rps, _latency(out, "50%"), _latency(out, "99%"), errors, "wrk")


def _latency(out: str, label: str) -> float:
    match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
    assert match, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    return float(match.group(1)) * scale


def _python(url: str, headers: dict[str, str], seconds: float, connections: int) -> Result:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            bad += response.status >= 400
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99) - 1] if ordered else 0.0
    return Result(
        len(ordered) / seconds, statistics.median(ordered) * 1000, p99 * 1000, errors[0], "python"
    )
