"""Deletion, unknown and malformed ids, isolation, errors and reproducible ids."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from mockserver import host_of
from mockserver.apis.dataquality.errors import InvalidTransition, render_error
from mockserver.engine import errors
from mockserver.engine.errors import ApiError
from tests.apis.dataquality.dq import (
    CUSTOMER_ID_NULLS,
    DATA_PLATFORM,
    EVE,
    EVE_ISSUE,
    JANE,
    SPEC,
    UNKNOWN,
    call,
    error_code,
    make_app,
)

# Every operation on one issue: (method, path suffix, body).
ON_ISSUE = [
    ("GET", "", None),
    ("PATCH", "", {"priority": "low"}),
    ("DELETE", "", None),
    ("GET", "/comments", None),
    ("POST", "/comments", {"content": "hello"}),
    ("GET", "/history", None),
]
ENGINE_ERRORS = [
    cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, ApiError)
]
MALFORMED = ["abc", "issue-uuid", "BC5F2136-9FBF-5321-BFBB-489916D579C2", "bc5f2136", "0" * 36]


def test_delete_takes_comments_and_history(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    call(client, "DELETE", path, status=204)
    for method, suffix, body in ON_ISSUE:
        assert error_code(client, method, path + suffix, 404, body=body) == "not_found"
    assert call(client, "GET", "/issues")["total"] == 7
    assert CUSTOMER_ID_NULLS not in {i["id"] for i in call(client, "GET", "/issues")["items"]}


def test_deleting_twice_is_404(client: FlaskClient) -> None:
    call(client, "DELETE", f"/issues/{CUSTOMER_ID_NULLS}", status=204)
    call(client, "DELETE", f"/issues/{CUSTOMER_ID_NULLS}", status=404)


@pytest.mark.parametrize(("method", "suffix", "body"), ON_ISSUE)
def test_unknown_ids_are_404(client: FlaskClient, method: str, suffix: str, body: object) -> None:
    path = f"/issues/{UNKNOWN}{suffix}"
    assert error_code(client, method, path, 404, body=body) == "not_found"


@pytest.mark.parametrize("ident", MALFORMED)
@pytest.mark.parametrize(("method", "suffix", "body"), ON_ISSUE)
def test_malformed_ids_are_400(
    client: FlaskClient, ident: str, method: str, suffix: str, body: object
) -> None:
    path = f"/issues/{ident}{suffix}"
    assert error_code(client, method, path, 400, body=body) == "validation_error"


@pytest.mark.parametrize(("method", "suffix", "body"), ON_ISSUE)
def test_another_space_is_403_both_ways(
    client: FlaskClient, method: str, suffix: str, body: object
) -> None:
    theirs = f"/issues/{EVE_ISSUE}{suffix}"
    assert error_code(client, method, theirs, 403, body=body) == "forbidden"
    ours = f"/issues/{CUSTOMER_ID_NULLS}{suffix}"
    assert error_code(client, method, ours, 403, who=EVE, body=body) == "forbidden"


def test_isolation_leaves_no_trace(client: FlaskClient) -> None:
    before = call(client, "GET", f"/issues/{CUSTOMER_ID_NULLS}/history")
    for method, suffix, body in ON_ISSUE:
        error_code(client, method, f"/issues/{CUSTOMER_ID_NULLS}{suffix}", 403, who=EVE, body=body)
    assert call(client, "GET", f"/issues/{CUSTOMER_ID_NULLS}/history") == before


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer "])
def test_credentials_are_required(client: FlaskClient, header: str | None) -> None:
    who = {"Authorization": header} if header else {}
    assert error_code(client, "GET", "/issues", 401, who=who) == "unauthorized"


@pytest.mark.parametrize(
    "error", [cls("m") for cls in (*ENGINE_ERRORS, InvalidTransition)], ids=lambda e: e.code
)
def test_every_error_renders_a_spec_code(error: ApiError) -> None:
    reply = render_error(error, None)
    assert reply.status == error.status
    assert reply.body == {"error": {"code": reply.body["error"]["code"], "message": "m"}}
    assert reply.body["error"]["code"] in SPEC["components"]["schemas"]["ErrorCode"]["enum"]


def test_other_methods_are_405(client: FlaskClient) -> None:
    response = client.put(f"/dq/issues/{CUSTOMER_ID_NULLS}", headers=JANE, json={})
    assert response.status_code == 405 and response.headers["Allow"] == "DELETE, GET, PATCH"
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_bodies_must_be_json(client: FlaskClient) -> None:
    response = client.post("/dq/issues", headers=JANE, data="title=x", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_error"


def test_oversized_bodies_are_413(client: FlaskClient) -> None:
    body = {"title": "t", "space_id": DATA_PLATFORM, "description": "x" * (1024 * 1024)}
    assert error_code(client, "POST", "/issues", 413, body=body) == "payload_too_large"


def test_new_ids_are_reproducible_per_seed() -> None:
    def ids(seed: int) -> list[str]:
        client = make_app(seed=seed).test_client()
        body = {"title": "t", "space_id": DATA_PLATFORM}
        issue = call(client, "POST", "/issues", body=body, status=201)
        comment = call(
            client, "POST", f"/issues/{issue['id']}/comments", body={"content": "c"}, status=201
        )
        return [issue["id"], comment["id"]]

    assert ids(3) == ids(3) != ids(4)


def test_a_snapshot_serves_as_a_dataset(tmp_path: Path) -> None:
    app = make_app()
    client = app.test_client()
    issue = call(
        client, "POST", "/issues", body={"title": "t", "space_id": "space-uuid"}, status=201
    )
    call(client, "POST", f"/issues/{issue['id']}/comments", body={"content": "c"}, status=201)
    call(client, "PATCH", f"/issues/{CUSTOMER_ID_NULLS}", body={"status": "in_progress"})
    snapshot = tmp_path / "dq.json"
    snapshot.write_text(json.dumps(host_of(app).world.snapshot()), encoding="utf-8")
    resumed = make_app(datasets={"dataquality": snapshot}).test_client()
    for path in ("/issues", f"/issues/{issue['id']}/history", f"/issues/{issue['id']}/comments"):
        assert call(resumed, "GET", path) == call(client, "GET", path)
    assert call(resumed, "GET", "/issues?space_id=space-uuid")["total"] == 9
