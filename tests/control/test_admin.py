"""The admin API itself: its spec, its error shape, access, and the state calls."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from mockserver import host_of
from mockserver.engine.control.api import SPEC_PATH
from mockserver.engine.spec import load_spec
from tests.conftest import ALICE, make_app
from tests.control.conftest import admin, in_session
from tests.control.test_sessions import file_issue, issue_titles


def test_the_spec_is_valid_openapi() -> None:
    document, _ = read_from_filename(str(SPEC_PATH))
    validate(document)


def test_every_operation_is_routed(client: FlaskClient) -> None:
    app_rules = {rule.endpoint for rule in client.application.url_map.iter_rules()}
    assert {f"_mock.{op}" for op in load_spec(SPEC_PATH).operations} <= app_rules


def test_apis_lists_what_is_mounted(client: FlaskClient) -> None:
    apis = admin(client, "GET", "/apis").get_json()["apis"]
    assert [(a["name"], a["basePath"]) for a in apis] == [
        ("circuithub", "/v1"),
        ("dataquality", "/dq"),
    ]
    assert all(a["operations"] > 0 for a in apis)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/_mock/nowhere", 404, "NOT_FOUND"),
        ("DELETE", "/_mock/clock", 405, "METHOD_NOT_ALLOWED"),
        ("DELETE", "/_mock/faults/abc", 400, "VALIDATION_ERROR"),
        ("GET", "/_mock/snapshot?api=nope", 404, "NOT_FOUND"),
    ],
)
def test_errors_have_the_admin_shape(
    client: FlaskClient, method: str, path: str, status: int, code: str
) -> None:
    response = client.open(path, method=method)
    body = response.get_json()
    assert response.status_code == status and body["code"] == code, body
    assert set(body) == {"code", "message"} and body["message"]


def test_a_token_is_needed_when_one_is_set() -> None:
    client = make_app(admin_token="s3cret-admin-token").test_client()
    denied = admin(client, "GET", "/clock")
    assert denied.status_code == 401 and denied.get_json()["code"] == "UNAUTHORIZED"
    wrong = client.get("/_mock/clock", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = client.get("/_mock/clock", headers={"Authorization": "Bearer s3cret-admin-token"})
    assert right.status_code == 200
    assert client.get("/v1/health").status_code == 200  # the APIs need no admin token


def test_beyond_loopback_without_a_token_the_admin_api_is_closed() -> None:
    client = make_app(admin_open=False).test_client()
    closed = admin(client, "POST", "/reset")
    assert closed.status_code == 403 and "--admin-token" in closed.get_json()["message"]


def test_reset_restores_the_dataset(client: FlaskClient) -> None:
    before = admin(client, "GET", "/snapshot").get_json()
    file_issue(client, "to be forgotten", ALICE)
    assert admin(client, "GET", "/snapshot").get_json() != before
    assert admin(client, "POST", "/reset").status_code == 204
    assert admin(client, "GET", "/snapshot").get_json() == before


def test_snapshot_and_restore_by_api(client: FlaskClient) -> None:
    file_issue(client, "kept in the snapshot", in_session("s"))
    saved = admin(client, "GET", "/snapshot?api=circuithub", session="s").get_json()
    assert set(saved) >= {"sequences", "issues", "users"}
    assert admin(client, "PUT", "/snapshot?api=circuithub", json=saved).status_code == 204
    assert "kept in the snapshot" in issue_titles(client, ALICE)
    # The dataset the default session started from is still what reset returns to.
    admin(client, "POST", "/reset")
    assert "kept in the snapshot" not in issue_titles(client, ALICE)


def test_restore_takes_every_api_at_once(client: FlaskClient) -> None:
    everything = admin(client, "GET", "/snapshot").get_json()
    assert set(everything) == {"circuithub", "dataquality"}
    everything["circuithub"]["issues"] = []
    assert admin(client, "PUT", "/snapshot", json=everything).status_code == 204
    assert issue_titles(client, ALICE) == []


@pytest.mark.parametrize(
    ("query", "body", "status", "word"),
    [
        ("", {"nope": {}}, 400, "nope"),
        ("?api=circuithub", {"issues": [{"title": "no id"}]}, 400, "not usable"),
        ("?api=circuithub", {"issues": "many"}, 400, "issues"),
        ("?api=nope", {}, 404, "nope"),
    ],
)
def test_bad_snapshots_are_refused(
    client: FlaskClient, query: str, body: dict[str, Any], status: int, word: str
) -> None:
    before = issue_titles(client, ALICE)
    response = admin(client, "PUT", f"/snapshot{query}", json=body)
    assert response.status_code == status and word in response.get_json()["message"]
    assert issue_titles(client, ALICE) == before


def test_admin_calls_act_on_the_prefixed_session(client: FlaskClient) -> None:
    file_issue(client, "in p", in_session("p"))
    assert client.post("/_mock/sessions/p/_mock/reset").status_code == 204
    assert "in p" not in issue_titles(client, in_session("p"))


def test_every_admin_answer_is_checked_in_strict_mode(client: FlaskClient) -> None:
    """The app is strict: a response its spec does not allow would have been a 500."""
    assert host_of(client.application).config.strict
    admin(client, "POST", "/faults", json={"status": 503, "operationId": "getHealth", "times": 1})
    client.get("/v1/health")
    for path in ("/apis", "/clock", "/faults", "/requests", "/sessions", "/sessions/default"):
        assert admin(client, "GET", path).status_code == 200, path
