"""Reused record JSON (non-strict, memory stores) answers exactly what fresh views answer."""

from __future__ import annotations

from tests.conftest import ALICE, make_app

LISTS = (
    "/v1/orders?workspace=acme-electronics",
    "/v1/issues?workspace=acme-electronics",
    "/v1/projects?workspace=acme-electronics",
    "/v1/projects/12345/bom",
    "/v1/parts?q=LM358",
    "/v1/workspaces",
)


def test_lists_match_strict_answers_through_writes() -> None:
    fast = make_app(strict=False, read_cache=False).test_client()
    strict = make_app(read_cache=False).test_client()
    for client in (fast, strict):
        client.get(LISTS[0], headers=ALICE)  # encode once, then change what was encoded
        client.post("/v1/orders/8001/issues", json={"title": "reused?"}, headers=ALICE)
        client.put("/v1/bom/1003/part", json={"partId": 5001}, headers=ALICE)
        client.post("/v1/issues/7001/comments", json={"body": "moves updatedAt"}, headers=ALICE)
    for path in LISTS:
        for _ in range(2):
            assert (
                fast.get(path, headers=ALICE).get_json()
                == strict.get(path, headers=ALICE).get_json()
            ), path


def test_an_updated_record_is_encoded_anew() -> None:
    client = make_app(strict=False, read_cache=False).test_client()
    path = "/v1/issues?workspace=acme-electronics&order=8001"
    before = {i["id"]: i for i in client.get(path, headers=ALICE).get_json()["issues"]}
    client.post("/v1/issues/7001/comments", json={"body": "later"}, headers=ALICE)
    after = {i["id"]: i for i in client.get(path, headers=ALICE).get_json()["issues"]}
    # The docs world's issue 7001; the comment moves its updatedAt to the frozen clock's now.
    assert before[7001]["updatedAt"] == "2025-03-02T09:00:00Z"
    assert after[7001]["updatedAt"] == "2025-03-15T10:00:00Z"
