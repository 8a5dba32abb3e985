"""`serve --data-dir`: kill -9 amid 50 writers; every acknowledged write is there after."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from mockserver.apis.circuithub.resources import RESOURCES
from mockserver.engine.store.sqlite import SqliteBackend
from tests.state.served import ALICE, Served

WRITERS = 50
KILL_AFTER_WRITES = 150
RUN_SECONDS = 30.0
ISSUES = "/v1/orders/8001/issues"


class Acknowledged:
    """What the server answered 2xx to, as it answered it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.issues: dict[str, dict[str, Any]] = {}
        self.objects: dict[str, bytes] = {}

    def count(self) -> int:
        with self.lock:
            return len(self.issues) + len(self.objects)


def create_issue(http: requests.Session, url: str, title: str) -> dict[str, Any]:
    body = {"title": title, "comment": f"comment of {title}"}
    response = http.post(url + ISSUES, json=body, headers=ALICE, timeout=10)
    assert response.status_code == 201, (response.status_code, response.text)
    created: dict[str, Any] = response.json()
    return created


def upload(http: requests.Session, url: str, size: int) -> tuple[str, bytes]:
    query = {"filename": f"{size}.bin", "uuid": str(uuid.uuid4())}
    target = http.get(url + "/v1/issues/7001/upload-url", params=query, headers=ALICE, timeout=10)
    assert target.status_code == 200, target.text
    data = bytes((i * 7 + size) % 256 for i in range(size))
    put = http.put(target.json()["uploadUrl"], data=data, timeout=10)
    assert put.status_code == 200, put.text
    return target.json()["objectKey"], data


def write_until_killed(n: int, url: str, done: Acknowledged, stop: threading.Event) -> None:
    http = requests.Session()
    for i in range(1000):
        if stop.is_set():
            return
        try:
            if n % 5 == 0:
                key, data = upload(http, url, 1000 + 40_000 * (i % 3))  # some past the spool
                with done.lock:
                    done.objects[key] = data
            else:
                title = f"w{n}-{i}"
                issue = create_issue(http, url, title)
                with done.lock:
                    done.issues[title] = issue
        except requests.ConnectionError:
            return  # the server is gone: nothing more is acknowledged


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path, "--data-dir", str(tmp_path / "data"))
    yield server
    server.kill9()


def test_kill_9_amid_fifty_writers_loses_no_acknowledged_write(
    served: Served, tmp_path: Path
) -> None:
    done, stop = Acknowledged(), threading.Event()
    served.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [
            pool.submit(write_until_killed, n, served.url, done, stop) for n in range(WRITERS)
        ]
        deadline = time.monotonic() + RUN_SECONDS
        while done.count() < KILL_AFTER_WRITES and time.monotonic() < deadline:
            time.sleep(0.05)
        served.kill9()
        stop.set()
        for future in futures:
            future.result()  # a writer's failed assertion fails the test
    assert done.count() >= KILL_AFTER_WRITES, "the writers did not get going"

    served.start()
    listed = requests.get(
        served.url + "/v1/issues?workspace=acme-electronics&order=8001", headers=ALICE, timeout=10
    ).json()["issues"]
    by_title = {i["title"]: i for i in listed}
    assert all(by_title.get(t) == issue for t, issue in done.issues.items())
    fresh = create_issue(requests.Session(), served.url, "after the restart")
    assert fresh["id"] > max(i["id"] for i in listed)
    served.stop()
    check_stored_state(tmp_path / "data", done)


def check_stored_state(data_dir: Path, done: Acknowledged) -> None:
    """Straight from the data directory: whole transactions only, and every byte."""
    backend = SqliteBackend(data_dir)
    stores = backend.open("default/circuithub", RESOURCES, {}, fresh=False)
    written = [i for i in stores["issues"].all() if i["title"].startswith("w")]
    assert {i["title"] for i in written} >= set(done.issues)
    for issue in written:  # an issue and its first comment are one transaction
        comments = stores["comments"].where("issueId", issue["id"])
        assert [c["body"] for c in comments] == [f"comment of {issue['title']}"]
    for key, data in done.objects.items():
        assert stores.blobs.get(key) == data
        assert stores["uploads"].get(key)["size"] == len(data)  # type: ignore[index]
    backend.close()
