"""The spec-driven engine: routing, error shapes, strict mode, startup checks."""

from __future__ import annotations

import types
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver import create_app, host_of
from mockserver.apis.circuithub.paths import SPEC_PATH
from mockserver.engine.api import HandlerMismatch
from mockserver.engine.app import endpoints
from mockserver.engine.call import Call, Reply
from mockserver.engine.spec import load_spec
from tests.conftest import ALICE, make_app


def error_of(response: object) -> dict[str, str]:
    body = response.get_json()  # type: ignore[attr-defined]
    assert set(body) == {"error", "code"} and body["error"]
    return body  # type: ignore[no-any-return]


def test_every_operation_has_a_route() -> None:
    app = make_app()
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {f"circuithub.{op}" for op in load_spec(SPEC_PATH).operations} <= endpoints


def test_missing_handler_fails_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    from mockserver.apis.circuithub.handlers import orders

    monkeypatch.delattr(orders, "get_order")
    with pytest.raises(HandlerMismatch, match=r"getOrder: no handlers/orders.py::get_order"):
        create_app()


def test_stray_handler_fails_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    from mockserver.apis.circuithub.handlers import orders

    def cancel_order(call: Call[object]) -> Reply:
        return Reply()

    cancel_order.__module__ = orders.__name__
    monkeypatch.setattr(orders, "cancel_order", cancel_order, raising=False)
    with pytest.raises(HandlerMismatch, match="cancel_order matches no operation"):
        create_app()


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("get", "/v1/nowhere", {}, 404, "NOT_FOUND"),
        ("get", "/", {}, 404, "NOT_FOUND"),
        ("get", "/v1/projects/abc", {}, 400, "VALIDATION_ERROR"),
        ("get", "/v1/projects/0", {}, 400, "VALIDATION_ERROR"),
        ("get", "/v1/projects", {}, 400, "VALIDATION_ERROR"),
        ("get", "/v1/projects?workspace=Not%20A%20Slug", {}, 400, "VALIDATION_ERROR"),
        ("get", "/v1/issues?workspace=acme-electronics&status=bogus", {}, 400, "VALIDATION_ERROR"),
        (
            "post",
            "/v1/quotes",
            {"data": "{nope", "content_type": "application/json"},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "post",
            "/v1/quotes",
            {"data": "projectId=1", "content_type": "text/plain"},
            400,
            "VALIDATION_ERROR",
        ),
        ("post", "/v1/quotes", {"json": {}}, 400, "VALIDATION_ERROR"),
        (
            "post",
            "/v1/quotes",
            {"json": {"projectId": 12345, "revisionId": 99001}},
            400,
            "VALIDATION_ERROR",
        ),
        ("post", "/v1/quotes", {"json": [1, 2]}, 400, "VALIDATION_ERROR"),
        (
            "post",
            "/v1/quotes",
            {"data": b"\xff\xfe", "content_type": "application/json"},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "post",
            "/v1/quotes",
            {"json": {"projectId": "x" * (2 * 1024 * 1024)}},
            413,
            "VALIDATION_ERROR",
        ),
    ],
)
def test_bad_requests_get_the_documented_error_shape(
    client: FlaskClient, method: str, path: str, kwargs: dict[str, object], status: int, code: str
) -> None:
    response = getattr(client, method)(path, headers=ALICE, **kwargs)
    assert response.status_code == status
    assert response.content_type == "application/json"
    assert error_of(response)["code"] == code


def test_validation_messages_name_the_field(client: FlaskClient) -> None:
    body = {"workspace": "acme-electronics", "files": [{"filename": "a.cvg", "size": "big"}]}
    response = client.post("/v1/projects/upload-urls", json=body, headers=ALICE)
    assert "files[0].size" in error_of(response)["error"]
    response = client.get("/v1/projects", headers=ALICE)
    assert "workspace" in error_of(response)["error"]


def test_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    response = client.delete("/v1/orders/8001", headers=ALICE)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    error_of(response)
    response = client.patch("/v1/projects", headers=ALICE)
    assert response.headers["Allow"] == "GET, POST"


def test_a_fixed_path_is_not_taken_for_an_id(client: FlaskClient) -> None:
    response = client.get("/v1/projects/upload-urls", headers=ALICE)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert client.options("/v1/projects/upload-urls").headers["Allow"] == "POST"


def test_strict_mode_replaces_a_response_the_spec_forbids() -> None:
    app = make_app()
    endpoint = endpoints(app)["getOrder"]
    original = endpoint.handler

    def leaky(call: Call[Any]) -> Reply:
        reply: Reply = original(call)
        reply.body["status"] = None
        return reply

    endpoint.handler = leaky
    response = app.test_client().get("/v1/orders/8001", headers=ALICE)
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "INTERNAL_ERROR" and "body.status" in error["error"]


def test_non_strict_mode_passes_responses_through() -> None:
    app = make_app(strict=False)
    endpoint = endpoints(app)["getOrder"]
    endpoint.handler = lambda call: Reply(200, body={"id": "not an order"})
    response = app.test_client().get("/v1/orders/8001", headers=ALICE)
    assert response.status_code == 200


def test_unexpected_exceptions_become_json_500() -> None:
    app = make_app()
    endpoint = endpoints(app)["getHealth"]

    def boom(call: Call[Any]) -> Reply:
        raise RuntimeError("kaput")

    endpoint.handler = boom
    response = app.test_client().get("/v1/health")
    assert response.status_code == 500
    assert error_of(response)["code"] == "INTERNAL_ERROR"
    assert "Traceback" not in response.get_data(as_text=True)


def test_state_lives_on_each_app() -> None:
    first, second = make_app(), make_app()
    created = first.test_client().post(
        "/v1/orders/8001/issues", json={"title": "only in the first app"}, headers=ALICE
    )
    assert created.status_code == 201
    issues = second.test_client().get("/v1/issues?workspace=acme-electronics", headers=ALICE)
    titles = [i["title"] for i in issues.get_json()["issues"]]
    assert "only in the first app" not in titles


def test_reset_brings_the_world_back() -> None:
    app = make_app()
    client = app.test_client()
    first = client.post("/v1/orders/8001/issues", json={"title": "x"}, headers=ALICE).get_json()
    host_of(app).world.reset()
    again = client.post("/v1/orders/8001/issues", json={"title": "x"}, headers=ALICE).get_json()
    assert first["id"] == again["id"] == 7003


def test_frozen_clock_stamps_writes() -> None:
    app = make_app(clock="2025-03-03T08:00:00Z")
    issue = (
        app.test_client()
        .post("/v1/orders/8001/issues", json={"title": "t"}, headers=ALICE)
        .get_json()
    )
    assert issue["createdAt"] == issue["updatedAt"] == "2025-03-03T08:00:00Z"


def test_openapi_core_can_judge_every_request() -> None:
    app = make_app(validator="openapi-core")
    client = app.test_client()
    assert client.get("/v1/orders?workspace=acme-electronics", headers=ALICE).status_code == 200
    bad = client.get("/v1/orders/abc", headers=ALICE)
    assert bad.status_code == 400 and "orderId" in error_of(bad)["error"]


def test_handlers_are_plain_functions_named_after_operations() -> None:
    for op in load_spec(SPEC_PATH).operations.values():
        module = __import__(f"mockserver.apis.circuithub.handlers.{op.tag}", fromlist=["_"])
        assert isinstance(getattr(module, op.handler_name), types.FunctionType)


def test_cached_reads_see_every_write(client: FlaskClient) -> None:
    path = "/v1/issues?workspace=acme-electronics&order=8001"
    before = client.get(path, headers=ALICE).get_json()["issues"]
    assert client.get(path, headers=ALICE).get_json()["issues"] == before
    client.post("/v1/orders/8001/issues", json={"title": "fresh"}, headers=ALICE)
    after = client.get(path, headers=ALICE).get_json()["issues"]
    assert len(after) == len(before) + 1 and after[0]["title"] == "fresh"
    bom_path = "/v1/projects/12345/bom"
    resolved = client.get(bom_path, headers=ALICE).get_json()["summary"]["resolved"]
    assert client.get(bom_path, headers=ALICE).get_json()["summary"]["resolved"] == resolved
    client.put("/v1/bom/1003/part", json={"partId": 5001}, headers=ALICE)
    bom = client.get(bom_path, headers=ALICE).get_json()
    assert bom["summary"]["resolved"] == resolved + 1 == 3


def test_cached_reads_are_per_caller(client: FlaskClient) -> None:
    from tests.conftest import BOB, MALLORY

    path = "/v1/orders/8001"
    assert client.get(path, headers=ALICE).status_code == 200
    assert client.get(path, headers=MALLORY).status_code == 403
    assert client.get(path, headers=BOB).get_json() == client.get(path, headers=ALICE).get_json()
    assert client.get(path).status_code == 401


def test_reads_during_an_import_follow_the_clock() -> None:
    from tests.flows import BOARD, create_project

    app = make_app(import_mode="clock", import_steps=10)
    client = app.test_client()
    pid = create_project(client, {"board.kicad_pcb": BOARD})["projectId"]
    path = f"/v1/projects/{pid}/bom"
    assert client.get(path, headers=ALICE).get_json()["bomLines"] == []
    host_of(app).world.runtime.clock.advance(10)
    assert client.get(path, headers=ALICE).get_json()["bomLines"] != []


def test_answers_are_the_same_without_the_read_cache() -> None:
    paths = [
        "/v1/orders?workspace=acme-electronics",
        "/v1/projects/12345/bom",
        "/v1/parts?q=LM358",
        "/v1/workspaces/acme-electronics/billing/invoices",
    ]
    cached, plain = make_app().test_client(), make_app(read_cache=False).test_client()
    for path in paths:
        for _ in range(2):
            assert cached.get(path, headers=ALICE).data == plain.get(path, headers=ALICE).data
