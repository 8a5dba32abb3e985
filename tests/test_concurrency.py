"""Many threads at once: no errors, distinct ids, and every write lands."""

from __future__ import annotations

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
