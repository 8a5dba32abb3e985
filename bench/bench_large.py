"""`make bench-large`: the CircuitHub `large` preset served: start, memory, search, list cost.

Generates the preset (about 1.06 M records; cached under /tmp by seed, so reruns are quick),
serves it with `circuithub-mock serve --fixtures FILE` in a subprocess and prints, against
issue 13's targets:
- seconds from start to the first answer of `GET /v1/health` and of a real read;
- resident memory of the server (VmRSS, VmHWM from /proc) after start and after the runs;
- a parts search of ~300 queries never seen before (substrings of MPNs and descriptions
  from the file, plus misses), p50 and p99;
- the latency of `GET /orders` and `GET /projects` of a small and a big workspace, and of
  workspaces of the same answer size in the docs world and in the large one.
Latencies come from one keep-alive `http.client` connection over loopback, one request at a
time, so they are the server's time per request plus one loopback round trip. Servers run
with `--no-read-cache`, so every answer is computed (the search queries are all distinct).
The preset has no alice: its reads use the keys of its own users.

A large dataset is parsed on its first serve and kept in a cache (see `load_dataset`), so
start and memory are measured twice, each run with a cache directory of its own: the first
serve of the file, then a later one.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.bench_server import PRISM, free_port
from mockserver.engine.dataset import gc_paused

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GiB = 2**30
START_TARGET = 5.0  # seconds
MEMORY_TARGET = 1.2 * GiB
P50_TARGET, P99_TARGET = 5.0, 20.0  # ms
SAME_SIZE_TARGET = 1.5  # large-world / docs-world latency for answers of the same size
LIST_REPEATS = 200


@dataclass(frozen=True, slots=True)
class Spot:
    """A workspace to list, a member's key, and its (orders, projects) counts."""

    slug: str
    key: str
    counts: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Probe:
    """What the benchmark asks for, derived from the dataset file."""

    key: str  # a valid API key of the large dataset
    queries: list[str]  # never seen by the server before the measured run
    warmup: list[str]
    small: Spot
    big: Spot
    like_docs: Spot  # the one whose counts are nearest acme-electronics' in the docs world


@dataclass(slots=True)
class Latency:
    p50: float
    p99: float
    n: int
    errors: int


def dataset_file(seed: int) -> Path:
    """The large preset for `seed`, generated once and kept under /tmp between runs."""
    path = Path(tempfile.gettempdir()) / f"circuithub-mock-large-seed{seed}.json"
    if not path.exists():
        part = path.with_suffix(".part")
        command = [str(BIN / "circuithub-mock"), "fixtures", "generate", "--preset", "large"]
        started = time.monotonic()
        subprocess.run([*command, "--seed", str(seed), "-o", str(part)], check=True, cwd=ROOT)
        part.rename(path)
        print(f"generated {path} in {time.monotonic() - started:.1f} s")
    return path


def substring(text: str, rng: random.Random, shortest: int, longest: int) -> str:
    size = rng.randint(shortest, min(longest, len(text)))
    start = rng.randint(0, len(text) - size)
    return text[start : start + size].strip()


def derive(path: Path, seed: int, count: int) -> Probe:
    with gc_paused(), path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    rng = random.Random(seed)
    parts = data["parts"]
    wanted: dict[str, None] = {}  # ordered set
    while len(wanted) < count + 40:
        part = rng.choice(parts)
        kind = rng.random()
        if kind < 0.45:
            query = substring(part["mpn"], rng, 3, len(part["mpn"]))
        elif kind < 0.85:
            query = substring(part.get("description") or part["mpn"], rng, 3, 14)
        else:
            query = "ZQ" + "".join(rng.choice("XJKVW0123456789") for _ in range(6))  # a miss
        if len(query) >= 2:
            wanted.setdefault(query)
    queries = list(wanted)
    rng.shuffle(queries)
    keys = {u["id"]: u["apiKeys"][0] for u in data["users"] if u.get("apiKeys")}
    member = {
        m["workspaceId"]: keys[m["userId"]] for m in data["memberships"] if m["userId"] in keys
    }
    orders = Counter(o["workspaceId"] for o in data["orders"])
    projects = Counter(p["workspaceId"] for p in data["projects"])
    docs = docs_counts()

    def spot(workspace_id: int) -> Spot:
        slug = next(w["slug"] for w in data["workspaces"] if w["id"] == workspace_id)
        return Spot(slug, member[workspace_id], (orders[workspace_id], projects[workspace_id]))

    served = [w for w in orders if w in member]
    small = min(served, key=lambda w: (orders[w] + projects[w], w))
    big = max(served, key=lambda w: (orders[w] + projects[w], -w))
    like = min(served, key=lambda w: (abs(orders[w] - docs[0]) + abs(projects[w] - docs[1]), w))
    return Probe(
        key=next(iter(keys.values())),
        queries=queries[:count],
        warmup=queries[count:],
        small=spot(small),
        big=spot(big),
        like_docs=spot(like),
    )


def docs_counts() -> tuple[int, int]:
    """(orders, projects) of acme-electronics in the docs world."""
    path = ROOT / "mockserver" / "apis" / "circuithub" / "data" / "docs-world.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    acme = next(w["id"] for w in data["workspaces"] if w["slug"] == "acme-electronics")
    orders = sum(1 for o in data["orders"] if o["workspaceId"] == acme)
    projects = sum(1 for p in data["projects"] if p["workspaceId"] == acme)
    return orders, projects


def tree(pid: int) -> list[int]:
    """`pid` and its descendants (granian forks the worker that holds the app)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            found += tree(int(child))
    return found


def memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in bytes of the biggest process of the server's tree."""
    best = (0, 0)
    for member in tree(pid):
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{member}/status").read_text().splitlines()
        )
        rss, hwm = (int(fields[name].split()[0]) * 1024 for name in ("VmRSS", "VmHWM"))
        best = max(best, (rss, hwm))
    return best


def first_answer(port: int, path: str, key: str, started: float, limit: float = 300) -> float:
    """Seconds from `started` to the first 200 answer of `path`."""
    while time.monotonic() - started < limit:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers={"Authorization": f"Bearer {key}"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.02)
    raise RuntimeError(f"{path} did not answer within {limit} s")


def cache_written(directory: Path, started: float, limit: float = 300) -> float:
    """Seconds from `started` until the server's dataset cache is in `directory`."""
    while time.monotonic() - started < limit:
        if any(directory.rglob("*.marshal")):
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"no dataset cache in {directory} after {limit} s")


@contextmanager
def mock(
    args: list[str], env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], int, float]]:
    port = free_port()
    command = [str(BIN / "circuithub-mock"), "serve", "--api", "circuithub", "--port", str(port)]
    started = time.monotonic()
    process = subprocess.Popen(
        [*command, "--no-read-cache", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    try:
        yield process, port, started
    finally:
        process.terminate()
        process.wait(timeout=30)


def timed(port: int, paths: list[str], key: str) -> Latency:
    """Each path once, in order, on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times: list[float] = []
    try:
        errors = sum(not ask(connection, path, key, times) for path in paths)
    finally:
        connection.close()
    return latency(times, errors)


def ask(connection: http.client.HTTPConnection, path: str, key: str, times: list[float]) -> bool:
    """GET `path`, adding its milliseconds to `times`; whether it answered 200."""
    start = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    response = connection.getresponse()
    response.read()
    times.append((time.perf_counter() - start) * 1000)
    return response.status == 200


def latency(times: list[float], errors: int) -> Latency:
    times = sorted(times)
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return Latency(statistics.median(times), p99, len(times), errors)


def search_paths(root: str, queries: list[str]) -> list[str]:
    return [f"{root}/parts?q={quote(q, safe='')}" for q in queries]


def lists(targets: list[tuple[int, Spot]], name: str) -> list[Latency]:
    """`GET /{name}?workspace=` of each (server port, workspace), in rounds of one request to
    each, so every target sees the same load on the machine; one connection per target."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port, _ in targets]
    times: list[list[float]] = [[] for _ in targets]
    errors = [0 for _ in targets]
    try:
        for round_ in range(20 + LIST_REPEATS):  # the first 20 warm up
            for i, (connection, (_, spot)) in enumerate(zip(connections, targets, strict=True)):
                taken = times[i] if round_ >= 20 else []
                errors[i] += not ask(
                    connection, f"/v1/{name}?workspace={spot.slug}", spot.key, taken
                )
    finally:
        for connection in connections:
            connection.close()
    return [latency(t, e) for t, e in zip(times, errors, strict=True)]


def compare_lists(port: int, probe: Probe) -> dict[str, list[Latency]]:
    """Lists of the large world (`port`) and of a docs-world server started beside it."""
    with mock([]) as (_, docs, started):
        first_answer(docs, "/v1/health", "ch_test_alice", started)
        acme = Spot("acme-electronics", "ch_test_alice", docs_counts())
        spots = [(port, probe.small), (port, probe.big), (port, probe.like_docs), (docs, acme)]
        return {name: lists(spots, name) for name in ("orders", "projects")}


def prism_search(queries: list[str]) -> Latency | None:
    """Prism on the same spec and queries (it answers the spec's example, whatever is asked)."""
    if not PRISM.exists():
        return None
    port = free_port()
    command = [str(PRISM), "mock", "openapi.yaml", "-p", str(port), "-h", "127.0.0.1"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        first_answer(port, "/health", "ch_test_alice", time.monotonic(), 60)
        timed(port, search_paths("", queries[:30]), "ch_test_alice")
        return timed(port, search_paths("", queries), "ch_test_alice")
    finally:
        process.terminate()
        process.wait(timeout=20)


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB"


Row = tuple[str, str, str, str, str]
MEMORY_LIMIT = f"<= {MEMORY_TARGET / 2**20:,.0f} MiB"


def start_rows(label: str, health: float, read: float, rss: int, hwm: int) -> list[Row]:
    return [
        (f"{label}: start to first `GET /v1/health`", f"{health:.2f} s", "<= 5 s",
         verdict(health <= START_TARGET), ""),
        (f"{label}: start to first real read (`GET /v1/workspaces`)", f"{read:.2f} s", "<= 5 s",
         verdict(read <= START_TARGET), ""),
        memory_row(f"{label}: resident after start", rss, hwm),
    ]  # fmt: skip


def memory_row(label: str, rss: int, hwm: int) -> Row:
    figure = f"{mib(rss)} / {mib(hwm)}"
    return (f"{label} (VmRSS / VmHWM)", figure, MEMORY_LIMIT, verdict(hwm <= MEMORY_TARGET), "")


def search_row(search: Latency, prism: Latency | None) -> Row:
    met = search.p50 <= P50_TARGET and search.p99 <= P99_TARGET
    figure = f"{search.p50:.2f} / {search.p99:.2f} ms"
    reference = f"{prism.p50:.2f} / {prism.p99:.2f} ms (its example)" if prism else "not run"
    label = f"parts search, {search.n} new queries, p50 / p99"
    return (label, figure, "<= 5 / <= 20 ms", verdict(met), reference)


def list_rows(probe: Probe, measured: dict[str, list[Latency]]) -> list[Row]:
    rows: list[Row] = []
    docs_sizes = docs_counts()
    small, big, like = probe.small, probe.big, probe.like_docs
    for pick, name in enumerate(("orders", "projects")):
        low, high, same, docs = measured[name]
        n_low, n_high = small.counts[pick], big.counts[pick]
        per = (high.p50 - low.p50) / max(1, n_high - n_low) * 1000
        ratio = same.p50 / docs.p50
        label = f"`GET /{name}`, large world: {small.slug} ({n_low}) -> {big.slug} ({n_high}), p50"
        figure = f"{low.p50:.2f} -> {high.p50:.2f} ms: {per:.1f} us a record"
        rows.append((label, figure, "grows with the answer", "", ""))
        label = (
            f"`GET /{name}`, same answer size: large world {like.slug} ({like.counts[pick]}) / "
            f"docs world acme-electronics ({docs_sizes[pick]}), p50"
        )
        figure = f"{same.p50:.2f} / {docs.p50:.2f} ms = {ratio:.2f}x"
        verdict_ = verdict(ratio <= SAME_SIZE_TARGET)
        rows.append((label, figure, f"<= {SAME_SIZE_TARGET}x", verdict_, ""))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-prism", action="store_true", help="skip the Prism reference")
    args = parser.parse_args()

    path = dataset_file(args.seed)
    probe = derive(path, args.seed, args.queries)
    print(f"dataset {path} ({path.stat().st_size / 2**20:,.0f} MiB), seed {args.seed}")
    print(
        "latency: one keep-alive http.client connection over loopback, one request at a time; "
        "servers with --no-read-cache\n"
    )
    serve = ["--fixtures", str(path)]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-large-cache-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        with mock(serve, env) as (process, port, started):
            health = first_answer(port, "/v1/health", probe.key, started)
            read = first_answer(port, "/v1/workspaces", probe.key, started)
            rows += start_rows("first serve of the file", health, read, *memory(process.pid))
            written = cache_written(Path(cache), started)
            rows.append(("first serve: its cache written after", f"{written:.1f} s", "", "", ""))
            rows.append(memory_row("first serve: resident then", *memory(process.pid)))
        with mock(serve, env) as (process, port, started):
            health = first_answer(port, "/v1/health", probe.key, started)
            read = first_answer(port, "/v1/workspaces", probe.key, started)
            rows += start_rows("later serves", health, read, *memory(process.pid))
            timed(port, search_paths("/v1", probe.warmup), probe.key)
            search = timed(port, search_paths("/v1", probe.queries), probe.key)
            measured = compare_lists(port, probe)
            rss, hwm = memory(process.pid)
    prism = None if args.no_prism else prism_search(probe.queries)

    rows.append(memory_row("later serves: resident after the runs below", rss, hwm))
    rows.append(search_row(search, prism))
    rows += list_rows(probe, measured)
    print("| figure | measured | target | verdict | Prism |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    errors = search.errors + sum(x.errors for found in measured.values() for x in found)
    if errors:
        print(f"\n{errors} answers were not 200")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
