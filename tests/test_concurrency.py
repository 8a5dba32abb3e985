"""Many threads at once: no errors, distinct ids, every write lands, and no read is stale."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import ALICE, make_app

THREADS = 50


def test_fifty_threads_reading_and_writing() -> None:
    app = make_app()

    def work(n: int) -> tuple[int, int, int]:
        client = app.test_client()
        created = client.post(
            "/v1/orders/8001/issues", json={"title": f"thread {n}"}, headers=ALICE
        )
        read = client.get("/v1/orders?workspace=acme-electronics", headers=ALICE)
        bom = client.get("/v1/projects/12345/bom", headers=ALICE)
        return created.status_code, read.status_code, bom.status_code

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    assert all(r == (201, 200, 200) for r in results), results
    issues = (
        app.test_client()
        .get("/v1/issues?workspace=acme-electronics&order=8001", headers=ALICE)
        .get_json()["issues"]
    )
    titles = [i["title"] for i in issues if i["title"].startswith("thread ")]
    assert sorted(titles) == sorted(f"thread {n}" for n in range(THREADS))
    ids = [i["id"] for i in issues]
    assert len(ids) == len(set(ids))


def test_cached_readers_never_see_a_state_older_than_an_acknowledged_write() -> None:
    """Writers and cached readers race; a read that starts after a write was acknowledged
    must include it (the cache version is bumped atomically with every write)."""
    app = make_app()
    path = "/v1/issues?workspace=acme-electronics&order=8001"
    acknowledged: set[str] = set()
    lock = threading.Lock()
    stale: list[str] = []

    def write(n: int) -> None:
        client = app.test_client()
        for i in range(10):
            title = f"w{n}-{i}"
            response = client.post("/v1/orders/8001/issues", json={"title": title}, headers=ALICE)
            assert response.status_code == 201
            with lock:
                acknowledged.add(title)

    def read(_: int) -> None:
        client = app.test_client()
        for _ in range(40):
            with lock:
                expected = set(acknowledged)
            seen = {i["title"] for i in client.get(path, headers=ALICE).get_json()["issues"]}
            missing = expected - seen
            if missing:
                stale.append(sorted(missing)[0])

    with ThreadPoolExecutor(24) as pool:
        futures = [pool.submit(write, n) for n in range(8)]
        futures += [pool.submit(read, n) for n in range(16)]
        for future in futures:
            future.result()
    assert stale == []
    assert len(acknowledged) == 80
