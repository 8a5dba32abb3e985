"""The request journal: what is recorded, filters, bounds, and verification with near misses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver.engine.control.drop import ConnectionDropped
from mockserver.engine.journal import Capture, mask
from tests.conftest import ALICE, FROZEN, make_app
from tests.control.conftest import admin, in_session
from tests.state.conftest import redis_server, redis_url  # noqa: F401 (fixtures)

INVOICE_PDF = "/v1/workspaces/acme-electronics/billing/invoices/50124/pdf"


def journal(client: FlaskClient, query: str = "", session: str | None = None) -> Any:
    response = admin(client, "GET", f"/requests{query}", session=session)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["requests"]


def test_an_entry_holds_the_request_and_the_answer(client: FlaskClient) -> None:
    body = {"title": "Wrong part fitted", "comment": "R5"}
    client.post("/v1/orders/8001/issues?trace=1", json=body, headers=in_session("j"))
    (entry,) = journal(client, session="j")
    assert entry["id"] == 1 and entry["session"] == "j" and entry["mockTime"] == FROZEN
    assert entry["time"].endswith("Z") and entry["latencyMs"] > 0
    assert (entry["api"], entry["operationId"]) == ("circuithub", "createIssue")
    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        "/v1/orders/8001/issues",
        201,
    )
    assert entry["query"] == {"trace": "1"} and entry["body"] == body
    assert entry["bodyText"] is None and entry["bodySize"] > 0 and not entry["bodyTruncated"]
    assert entry["headers"]["authorization"] == "Bearer ****lice"
    assert entry["headers"]["x-mock-session"] == "j"
    assert entry["error"] is None and entry["fault"] is None
    assert journal(client) == []  # the default session saw nothing


def test_a_json_answer_is_recorded_with_its_body(client: FlaskClient) -> None:
    sent = client.get("/v1/orders/8001", headers=ALICE)
    (entry,) = journal(client)
    answer = entry["response"]
    assert answer["body"] == sent.get_json() and answer["body"]["id"] == 8001
    assert answer["bodyText"] is None and not answer["bodyTruncated"]
    assert answer["bodySize"] == len(sent.data)
    assert answer["headers"]["content-type"] == "application/json"
    assert answer["headers"]["content-length"] == str(len(sent.data))


def test_credentials_are_masked_everywhere() -> None:
    assert mask("Bearer ch_test_alice") == "Bearer ****lice"
    assert mask("short") == "****"
    client = make_app().test_client()
    client.put(
        "/v1/storage/uploads/abc/x.csv?expires=1&size=1&signature=abcdef0123456789",
        data=b"x",
        headers={"X-Auth-Token": "session-secret123", "X-Api-Key": "k"},
    )
    (entry,) = journal(client)
    assert entry["query"]["signature"] == "****6789"
    assert (
        entry["headers"]["x-auth-token"] == "****t123" and entry["headers"]["x-api-key"] == "****"
    )
    assert entry["bodyText"] == "x"


def test_a_refused_request_keeps_its_message(client: FlaskClient) -> None:
    client.post("/v1/orders/8001/issues", json={"title": 5}, headers=ALICE)
    client.get("/v1/nowhere")
    refused, missing = journal(client)
    assert refused["status"] == 400 and "title" in refused["error"]
    assert refused["body"] == {"title": 5}
    shown = refused["response"]["body"]
    assert shown["code"] == "VALIDATION_ERROR" and refused["error"] in shown["error"]
    assert missing["response"]["body"]["error"] == "No such endpoint"
    assert missing["status"] == 404 and missing["operationId"] is None
    assert missing["api"] == "circuithub" and missing["error"] == "No such endpoint"


def test_large_and_binary_bodies_are_cut_or_sized() -> None:
    client = make_app(journal_body_bytes=10).test_client()
    client.post("/v1/orders/8001/issues", json={"title": "x" * 50}, headers=ALICE)
    client.post("/v1/orders/8001/issues", data=b"\xff\xfe\x00", headers=ALICE)
    long, binary = journal(client)
    assert long["bodyTruncated"] and long["bodySize"] > 50 and long["body"] is None
    assert long["bodyText"] == '{"title": '
    assert binary["bodyText"] is None and binary["bodySize"] == 3


def test_a_pdf_answer_keeps_only_its_size(client: FlaskClient) -> None:
    sent = client.get(INVOICE_PDF, headers=ALICE)
    assert sent.status_code == 200 and sent.data.startswith(b"%PDF")
    (entry,) = journal(client)
    answer = entry["response"]
    assert answer["headers"]["content-type"] == "application/pdf"
    assert answer["bodySize"] == len(sent.data) > 1000
    assert answer["body"] is None and answer["bodyText"] is None
    assert not answer["bodyTruncated"]


def test_a_long_answer_is_cut_at_the_limit_and_streams_whole() -> None:
    client = make_app(journal_body_bytes=10).test_client()
    sent = client.get("/v1/orders/8001", headers=ALICE)
    assert sent.get_json()["id"] == 8001  # the client still gets every byte
    answer = journal(client)[0]["response"]
    assert answer["bodyTruncated"] and answer["bodySize"] == len(sent.data) > 10
    assert answer["body"] is None and answer["bodyText"] == sent.data[:10].decode()


def test_a_fault_answer_is_recorded_with_masked_headers(client: FlaskClient) -> None:
    cookie = {"Set-Cookie": "session=abcdef0123456789", "X-Trace": "t-1"}
    rule = {"operationId": "getOrder", "status": 503, "headers": cookie, "times": 1}
    assert admin(client, "POST", "/faults", json=rule).status_code == 201
    sent = client.get("/v1/orders/8001", headers=ALICE)
    assert sent.status_code == 503 and sent.headers["Set-Cookie"] == cookie["Set-Cookie"]
    (entry,) = journal(client)
    assert entry["fault"]["status"] == 503
    answer = entry["response"]
    assert answer["body"] == sent.get_json() and "fault rule" in answer["body"]["error"]
    assert answer["headers"]["set-cookie"] == "****6789" and answer["headers"]["x-trace"] == "t-1"


def test_a_dropped_connection_has_no_answer(client: FlaskClient) -> None:
    admin(client, "POST", "/faults", json={"operationId": "getOrder", "reset": True})
    with pytest.raises(ConnectionDropped):
        client.get("/v1/orders/8001", headers=ALICE)
    (entry,) = journal(client)
    assert entry["status"] is None and entry["response"] is None


def test_the_docs_are_neither_recorded_nor_faulted(client: FlaskClient) -> None:
    admin(client, "POST", "/faults", json={"status": 503})  # every request
    assert client.get("/docs").status_code == 200
    assert client.get("/docs/circuithub/openapi.yaml").status_code == 200
    assert client.get("/v1/health").status_code == 503
    assert [e["path"] for e in journal(client)] == ["/v1/health"]


def test_capture_streams_chunks_untouched_and_finishes_once() -> None:
    finished: list[tuple[bytes, int]] = []
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> Iterator[bytes]:
            yield from (b"abcd", b"efgh", b"ij")

        def close(self) -> None:
            closed.append(True)

    capture = Capture(Body(), 6, None, lambda head, size: finished.append((b"".join(head), size)))
    assert list(capture) == [b"abcd", b"efgh", b"ij"]
    capture.close()
    assert finished == [(b"abcdef", 10)] and closed == [True]
    known = Capture([b"abc"], 100, 3, lambda head, size: finished.append((b"".join(head), size)))
    assert next(known) == b"abc" and finished[-1] == (b"abc", 3)  # done at Content-Length


def test_a_shared_journal_keeps_the_answer(redis_url: str) -> None:  # noqa: F811
    one = make_app(redis_url=redis_url).test_client()
    two = make_app(redis_url=redis_url).test_client()
    sent = one.get("/v1/orders/8001", headers=in_session("r"))
    (entry,) = journal(two, session="r")
    assert entry["response"]["body"] == sent.get_json()
    assert entry["response"]["headers"]["content-type"] == "application/json"


def test_filters_since_and_limit(client: FlaskClient) -> None:
    client.get("/v1/health")
    client.get("/v1/orders?workspace=acme-electronics", headers=ALICE)
    client.get("/v1/orders/8001", headers=ALICE)
    client.get("/dq/issues")
    assert [e["operationId"] for e in journal(client, "?api=circuithub")] == [
        "getHealth",
        "listOrders",
        "getOrder",
    ]
    assert [e["path"] for e in journal(client, "?path=/v1/orders*")] == [
        "/v1/orders",
        "/v1/orders/8001",
    ]
    assert [e["operationId"] for e in journal(client, "?status=401")] == ["listIssues"]
    assert journal(client, "?method=GET&operationId=getOrder")[0]["id"] == 3
    assert [e["id"] for e in journal(client, "?limit=2")] == [3, 4]
    third = journal(client)[2]["time"]
    assert [e["id"] for e in journal(client, f"?since={third}")] == [3, 4]
    assert journal(client, "?since=2999-01-01T00:00:00Z") == []
    assert admin(client, "GET", "/requests?limit=-1").status_code == 400


def test_clear_and_bounds_and_admin_calls_unrecorded() -> None:
    client = make_app(journal_limit=3).test_client()
    for _ in range(5):
        client.get("/v1/health")
    admin(client, "GET", "/clock")
    assert [e["id"] for e in journal(client)] == [3, 4, 5]
    assert admin(client, "DELETE", "/requests").status_code == 204
    assert journal(client) == []
    client.get("/v1/health")
    assert journal(client)[0]["id"] == 6


def verify(client: FlaskClient, body: dict[str, Any]) -> Any:
    return admin(client, "POST", "/requests/verify", json=body)


def test_verify_counts_matching_requests(client: FlaskClient) -> None:
    for title in ("Late", "Wrong part"):
        client.post("/v1/orders/8001/issues", json={"title": title}, headers=ALICE)
    assert verify(client, {"operationId": "createIssue", "count": 2}).get_json() == {"matched": 2}
    matched = verify(client, {"operationId": "createIssue", "body": {"title": "Late"}, "count": 1})
    assert matched.get_json() == {"matched": 1}
    assert verify(client, {"method": "POST", "count": {"min": 1, "max": 2}}).status_code == 200
    assert verify(client, {"path": "/v1/orders/*/issues"}).status_code == 200
    header = {"headers": {"Authorization": "Bearer ****lice"}, "status": 201, "count": 2}
    assert verify(client, header).status_code == 200
    assert verify(client, {"operationId": "getHealth", "count": 0}).status_code == 200


def test_verify_names_the_mismatch_and_the_near_misses(client: FlaskClient) -> None:
    client.post("/v1/orders/8001/issues", json={"title": "Late"}, headers=ALICE)
    client.get("/v1/health")
    response = verify(
        client, {"operationId": "createIssue", "body": {"title": "Early"}, "count": 1}
    )
    assert response.status_code == 409
    failure = response.get_json()
    assert failure["code"] == "VERIFICATION_FAILED"
    assert failure["message"].startswith("expected exactly 1 request matching operationId=")
    assert "0 matched (of 2 in the journal)" in failure["message"]
    closest = failure["details"]["nearMisses"][0]
    assert closest["request"]["operationId"] == "createIssue"
    assert closest["differences"] == ["body.title: wanted 'Early', was 'Late'"]
    assert failure["details"]["nearMisses"][1]["request"]["operationId"] == "getHealth"


def test_verify_reports_too_many(client: FlaskClient) -> None:
    for _ in range(3):
        client.get("/v1/health")
    failure = verify(client, {"operationId": "getHealth", "count": {"max": 2}}).get_json()
    assert failure["details"]["matched"] == 3 and "at least 0" not in failure["message"]
    assert "between 0 and 2" in failure["message"]
    assert len(failure["details"]["nearMisses"]) == 3


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"count": {"min": 3, "max": 1}}, "min"),
        ({"count": -1}, "count"),
        ({"operation": "createIssue"}, "operation"),
    ],
)
def test_bad_verifications_are_400(client: FlaskClient, body: dict[str, Any], word: str) -> None:
    response = verify(client, body)
    assert response.status_code == 400 and word in response.get_json()["message"]
