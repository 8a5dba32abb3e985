"""`serve --redis-url`: three replicas on one redis-server, 50 writers round-robin."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.state.redis_server import RedisServer
from tests.state.served import ALICE, Served

WRITERS = 50
LISTING = "/v1/issues?workspace=acme-electronics&order=8001"
PHASE_SECONDS = 20.0  # the most any phase may take before the test gives up


class Run:
    """Acknowledged writes by title, and every status the replicas answered."""

    def __init__(self, replicas: list[Served]) -> None:
        self.replicas = replicas
        self.lock = threading.Lock()
        self.acknowledged: dict[str, dict[str, Any]] = {}
        self.statuses: Counter[int] = Counter()
        self.stop = threading.Event()

    def since(self, mark: int) -> int:
        with self.lock:
            return len(self.acknowledged) - mark

    def write(self, n: int) -> None:
        http = requests.Session()
        for i in range(100_000):
            if self.stop.is_set():
                return
            replica = self.replicas[(n + i) % len(self.replicas)]
            title = f"w{n}-{i}"
            body = {"title": title, "comment": f"comment of {title}"}
            try:
                response = http.post(
                    f"{replica.url}/v1/orders/8001/issues", json=body, headers=ALICE, timeout=15
                )
            except requests.ConnectionError:
                continue  # a killed replica: the next request goes to the next one
            with self.lock:
                self.statuses[response.status_code] += 1
                if response.status_code == 201:
                    self.acknowledged[title] = response.json()
            if response.status_code == 503:
                assert response.json()["code"] == "UNAVAILABLE", response.text
                time.sleep(0.05)

    def wait_for(self, writes: int) -> None:
        mark = self.since(0)
        deadline = time.monotonic() + PHASE_SECONDS
        while self.since(mark) < writes:
            assert time.monotonic() < deadline, f"no progress: {self.statuses}"
            time.sleep(0.05)


@pytest.fixture
def replicas(tmp_path: Path, redis_url: str) -> Iterator[list[Served]]:
    started = [Served(tmp_path, "--redis-url", redis_url) for _ in range(3)]
    try:
        for served in started:
            served.start()
        yield started
    finally:
        for served in started:
            served.kill9()


def test_three_replicas_share_every_write_through_failures(
    replicas: list[Served], redis_server: RedisServer
) -> None:
    run = Run(replicas)
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(run.write, n) for n in range(WRITERS)]
        try:
            run.wait_for(100)
            replicas[2].kill9()  # mid-run, likely mid-transaction
            run.wait_for(100)  # the others go on serving
            redis_server.restart(down_for=1.0)
            run.wait_for(100)  # full service again once Redis is back
        finally:
            run.stop.set()
            for future in futures:
                future.result()
    assert 500 not in run.statuses and set(run.statuses) <= {201, 503}, run.statuses
    assert run.statuses[503] > 0, "the Redis restart was never noticed"

    replicas[2].start()  # a replica that starts later sees the same state
    for replica in replicas:
        assert replica.errors() == []
        listed = requests.get(replica.url + LISTING, headers=ALICE, timeout=10).json()["issues"]
        by_title = {i["title"]: i for i in listed}
        assert all(by_title.get(t) == issue for t, issue in run.acknowledged.items())
        ids = [i["id"] for i in listed]
        assert len(ids) == len(set(ids))


def test_an_issue_created_on_one_replica_is_listed_by_another_at_once(
    replicas: list[Served],
) -> None:
    http = requests.Session()
    for n in range(20):
        maker, reader = replicas[n % 3], replicas[(n + 1) % 3]
        before = http.get(reader.url + LISTING, headers=ALICE, timeout=10).json()["issues"]
        created = http.post(
            f"{maker.url}/v1/orders/8001/issues", json={"title": f"t{n}"}, headers=ALICE
        ).json()
        after = http.get(reader.url + LISTING, headers=ALICE, timeout=10).json()["issues"]
        assert after == [created, *before]  # the read cache was invalidated across replicas
