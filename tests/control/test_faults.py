"""Fault rules: latency, error answers in each API's shape, dropped connections, limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient

from mockserver.engine.control.drop import ConnectionDropped
from mockserver.testing.serve import Served, serve_app
from tests.conftest import ALICE, make_app
from tests.control.conftest import admin

ORDERS = "/v1/orders?workspace=acme-electronics"


def add(client: FlaskClient, rule: dict[str, Any], session: str | None = None) -> Any:
    response = admin(client, "POST", "/faults", session=session, json=rule)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_status_is_answered_in_the_apis_own_error_shape(client: FlaskClient) -> None:
    rule = add(client, {"operationId": "listOrders", "status": 503, "times": 2})
    assert rule["id"] == 1 and rule["hits"] == 0
    for _ in range(2):
        response = client.get(ORDERS, headers=ALICE)
        assert response.status_code == 503
        assert response.get_json() == {
            "error": "Service Unavailable (injected by fault rule 1)",
            "code": "UNAVAILABLE",
        }
    assert client.get(ORDERS, headers=ALICE).status_code == 200
    assert admin(client, "GET", "/faults").get_json() == {"faults": []}  # retired


def test_other_apis_and_storage_keep_their_own_shapes(client: FlaskClient) -> None:
    add(client, {"api": "dataquality", "status": 500})
    add(client, {"operationId": "putUploadObject", "status": 403})
    dq = client.get("/dq/issues", headers={"Authorization": "Bearer dq_test_jane"})
    assert dq.status_code == 500
    assert dq.get_json()["error"]["code"] == "internal_error"
    s3 = client.put("/v1/storage/uploads/abc/x.csv?expires=1&size=1&signature=x", data=b"x")
    assert s3.status_code == 403 and s3.data.startswith(b"<?xml")


def test_429_carries_retry_after(client: FlaskClient) -> None:
    add(client, {"method": "GET", "path": "/v1/orders*", "status": 429, "retryAfter": 7})
    response = client.get(ORDERS, headers=ALICE)
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    assert response.get_json()["code"] == "RATE_LIMITED"


def test_a_rule_may_give_its_own_body_and_headers(client: FlaskClient) -> None:
    add(
        client,
        {"path": "/v1/health", "status": 418, "body": {"tea": True}, "headers": {"X-A": "b"}},
    )
    response = client.get("/v1/health")
    assert response.status_code == 418 and response.get_json() == {"tea": True}
    assert response.headers["X-A"] == "b"
    add(
        client,
        {
            "path": "/v1/workspaces",
            "status": 502,
            "body": "upstream down",
            "headers": {"Content-Type": "text/plain"},
        },
    )
    text = client.get("/v1/workspaces", headers=ALICE)
    assert text.status_code == 502 and text.data == b"upstream down"
    assert text.content_type == "text/plain"


def test_latency_delays_the_answer(client: FlaskClient) -> None:
    add(client, {"operationId": "getHealth", "latencyMs": 150})
    started = time.perf_counter()
    assert client.get("/v1/health").status_code == 200
    assert time.perf_counter() - started >= 0.15
    entry = admin(client, "GET", "/requests").get_json()["requests"][-1]
    assert entry["fault"]["latencyMs"] == 150 and entry["latencyMs"] >= 150


def pattern(probability: float, latency: list[int], seed: int | None = None) -> list[Any]:
    client = make_app().test_client()
    if seed is not None:
        admin(client, "PUT", "/sessions/p", json={"seed": seed, "preset": "docs"})
    add(client, {"operationId": "getHealth", "latencyMs": latency}, session="p")
    add(client, {"operationId": "getHealth", "status": 500, "probability": probability}, "p")
    for _ in range(30):
        client.get("/v1/health", headers={"X-Mock-Session": "p"})
    entries = admin(client, "GET", "/requests", session="p").get_json()["requests"]
    return [(e["status"], e["fault"]["latencyMs"]) for e in entries]


def test_probability_and_latency_ranges_are_seeded_and_reproducible() -> None:
    first = pattern(0.5, [0, 2])
    assert first == pattern(0.5, [0, 2])
    statuses = [status for status, _ in first]
    assert 5 < statuses.count(500) < 25 and statuses.count(200) == 30 - statuses.count(500)
    assert len({latency for _, latency in first}) > 10
    assert all(0 <= latency <= 2 for _, latency in first)
    assert pattern(0.5, [0, 2], seed=99) != first


def test_reset_drops_an_in_process_call(client: FlaskClient) -> None:
    add(client, {"operationId": "listOrders", "reset": True, "times": 1})
    with pytest.raises(ConnectionDropped, match="fault rule 1"):
        client.get(ORDERS, headers=ALICE)
    assert client.get(ORDERS, headers=ALICE).status_code == 200
    entries = admin(client, "GET", "/requests").get_json()["requests"]
    assert entries[0]["status"] is None and entries[0]["fault"]["reset"] is True


@pytest.fixture
def served() -> Iterator[Served]:
    running = serve_app(make_app())
    yield running
    running.stop()


def test_reset_drops_a_real_connection_without_an_answer(served: Served) -> None:
    requests.post(
        f"{served.url}/_mock/faults", json={"path": "/v1/health", "reset": True}, timeout=10
    )
    with pytest.raises(requests.ConnectionError, match=r"without response|reset|aborted"):
        requests.get(f"{served.url}/v1/health", timeout=10)
    requests.delete(f"{served.url}/_mock/faults", timeout=10)
    assert requests.get(f"{served.url}/v1/health", timeout=10).status_code == 200


@pytest.mark.parametrize(
    ("rule", "word"),
    [
        ({"operationId": "listOrders"}, "effect"),
        ({"operationId": "listOrdres", "status": 500}, "listOrders"),
        ({"api": "nope", "status": 500}, "nope"),
        ({"status": 503, "reset": True}, "reset"),
        ({"status": 302}, "body"),
        ({"latencyMs": [5, 1]}, "latencyMs"),
        ({"latencyMs": 1, "probability": 2}, "probability"),
        ({"status": 503, "colour": "red"}, "colour"),
    ],
)
def test_bad_rules_are_400_naming_the_problem(
    client: FlaskClient, rule: dict[str, Any], word: str
) -> None:
    response = admin(client, "POST", "/faults", json=rule)
    assert response.status_code == 400 and word in response.get_json()["message"]


def test_rules_are_listed_removed_and_kept_per_session(client: FlaskClient) -> None:
    first = add(client, {"operationId": "getHealth", "status": 500})
    add(client, {"operationId": "getHealth", "latencyMs": 1}, session="other")
    assert client.get("/v1/health", headers={"X-Mock-Session": "other"}).status_code == 200
    assert [r["id"] for r in admin(client, "GET", "/faults").get_json()["faults"]] == [1]
    assert admin(client, "DELETE", f"/faults/{first['id']}").status_code == 204
    assert admin(client, "DELETE", f"/faults/{first['id']}").status_code == 404
    add(client, {"status": 500})
    assert admin(client, "DELETE", "/faults").status_code == 204
    assert client.get("/v1/health").status_code == 200


def test_the_admin_api_is_never_faulted(client: FlaskClient) -> None:
    add(client, {"status": 500})
    assert client.get("/v1/health").status_code == 500
    assert admin(client, "GET", "/faults").status_code == 200
    assert client.get("/_mock/sessions/default/_mock/faults").status_code == 200
