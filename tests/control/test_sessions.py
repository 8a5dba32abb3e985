"""Sessions: isolated state by header or URL prefix, created on first use, listed, capped."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from mockserver import host_of
from tests.conftest import ALICE, make_app
from tests.control.conftest import admin, in_session
from tests.flows import BOARD

ISSUES = "/v1/issues?workspace=acme-electronics&order=8001"


def issue_titles(client: FlaskClient, headers: dict[str, str], root: str = "") -> list[str]:
    body = client.get(root + ISSUES, headers=headers).get_json()
    return [issue["title"] for issue in body["issues"]]


def file_issue(client: FlaskClient, title: str, headers: dict[str, str], root: str = "") -> Any:
    response = client.post(f"{root}/v1/orders/8001/issues", json={"title": title}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_writes_stay_in_their_session(client: FlaskClient) -> None:
    before = issue_titles(client, ALICE)
    file_issue(client, "only in a", in_session("a"))
    file_issue(client, "only in b", ALICE, root="/_mock/sessions/b")
    assert "only in a" in issue_titles(client, in_session("a"))
    assert "only in a" not in issue_titles(client, in_session("b"))
    assert "only in b" in issue_titles(client, ALICE, root="/_mock/sessions/b")
    assert issue_titles(client, ALICE) == before


def test_header_and_prefix_name_the_same_session(client: FlaskClient) -> None:
    file_issue(client, "by header", in_session("same"))
    assert "by header" in issue_titles(client, ALICE, root="/_mock/sessions/same")


def test_ids_repeat_per_session(client: FlaskClient) -> None:
    """Every session starts from the same dataset, so the first new id is the same."""
    assert file_issue(client, "x", in_session("a"))["id"] == file_issue(client, "y", ALICE)["id"]


def test_read_caches_are_per_session(client: FlaskClient) -> None:
    for session in ("c1", "c2"):
        issue_titles(client, in_session(session))  # cached in both
    file_issue(client, "new in c1", in_session("c1"))
    assert "new in c1" in issue_titles(client, in_session("c1"))
    assert "new in c1" not in issue_titles(client, ALICE, root="/_mock/sessions/c2")


def test_a_recreated_session_never_meets_an_old_cached_answer(client: FlaskClient) -> None:
    file_issue(client, "first life", in_session("again"))
    assert "first life" in issue_titles(client, in_session("again"))
    assert admin(client, "DELETE", "/sessions/again").status_code == 204
    file_issue(client, "second life", in_session("again"))
    titles = issue_titles(client, in_session("again"))
    assert "second life" in titles and "first life" not in titles


def test_urls_handed_out_in_a_prefixed_session_stay_in_it(client: FlaskClient) -> None:
    root = "/_mock/sessions/up"
    body = {"workspace": "acme-electronics", "files": [{"filename": "b.kicad_pcb", "size": 31}]}
    response = client.post(f"{root}/v1/projects/upload-urls", json=body, headers=ALICE)
    upload = response.get_json()["uploads"][0]
    url = urlsplit(upload["uploadUrl"])
    assert url.path.startswith(f"{root}/v1/storage/")
    put = client.put(f"{url.path}?{url.query}", data=BOARD, headers=dict(upload["headers"]))
    assert put.status_code == 200, put.data
    files = [{"objectKey": upload["objectKey"], "filename": "b.kicad_pcb"}]
    project = {"name": "sessioned", "workspace": "acme-electronics", "files": files}
    started = client.post(f"{root}/v1/projects", json=project, headers=ALICE).get_json()
    assert started["statusUrl"] == f"{root}/v1/projects/{started['projectId']}/status"
    assert client.get(started["statusUrl"], headers=ALICE).status_code == 200
    # Not in the default session.
    assert client.get(f"/v1/projects/{started['projectId']}", headers=ALICE).status_code == 404


def test_put_creates_from_a_dataset_or_a_seed(client: FlaskClient) -> None:
    snapshot = admin(client, "GET", "/snapshot?api=circuithub").get_json()
    snapshot["issues"] = []
    made = admin(client, "PUT", "/sessions/empty", json={"datasets": {"circuithub": snapshot}})
    assert made.status_code == 201 and made.get_json()["id"] == "empty"
    assert issue_titles(client, in_session("empty")) == []
    again = admin(client, "PUT", "/sessions/empty")
    assert again.status_code == 200
    assert issue_titles(client, in_session("empty")) != []
    seeded = admin(client, "PUT", "/sessions/seeded", json={"seed": 7, "preset": "small"})
    assert seeded.status_code == 201 and seeded.get_json()["seed"] == 7
    workspaces = admin(client, "GET", "/snapshot?api=circuithub", session="seeded").get_json()
    assert workspaces["workspaces"] != snapshot["workspaces"]
    twin = admin(client, "PUT", "/sessions/twin", json={"seed": 7, "preset": "small"})
    assert twin.status_code == 201
    assert (
        admin(client, "GET", "/snapshot", session="twin").get_json()
        == admin(client, "GET", "/snapshot", session="seeded").get_json()
    )


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"datasets": {"nope": {}}}, "nope"),
        ({"datasets": {"circuithub": {"users": [{"email": "x"}]}}}, "not usable"),
        ({"seed": 7, "preset": "gigantic"}, "preset"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_session_setups_are_refused(client: FlaskClient, body: Any, word: str) -> None:
    response = admin(client, "PUT", "/sessions/bad", json=body)
    assert response.status_code in (400, 404) and word in response.get_json()["message"]
    assert admin(client, "GET", "/sessions/bad").status_code == 404


def test_list_describe_and_delete(client: FlaskClient) -> None:
    file_issue(client, "x", in_session("w1"))
    listed = admin(client, "GET", "/sessions").get_json()
    assert [s["id"] for s in listed["sessions"]] == ["default", "w1"]
    assert listed["limit"] == 64 and listed["ttlSeconds"] == 1800
    one = admin(client, "GET", "/sessions/w1").get_json()
    assert one["requests"] == 1 and one["expiresInSeconds"] > 1700
    assert admin(client, "DELETE", "/sessions/w1").status_code == 204
    assert admin(client, "GET", "/sessions/w1").status_code == 404
    assert admin(client, "DELETE", "/sessions/w1").status_code == 404
    refused = admin(client, "DELETE", "/sessions/default")
    assert refused.status_code == 409 and "reset" in refused.get_json()["message"]


def test_idle_sessions_expire() -> None:
    app = make_app(session_ttl=0.2)
    client = app.test_client()
    file_issue(client, "short-lived", in_session("brief"))
    sessions = host_of(app).sessions
    sessions.get("brief")._used -= 1  # idle for a second, without waiting for it
    assert admin(client, "GET", "/sessions/brief").status_code == 404
    assert "short-lived" not in issue_titles(client, in_session("brief"))


def test_the_session_limit_answers_a_clear_error() -> None:
    client = make_app(max_sessions=2).test_client()
    for name in ("one", "two"):
        assert client.get("/v1/health", headers={"X-Mock-Session": name}).status_code == 200
    full = client.get("/v1/health", headers={"X-Mock-Session": "three"})
    assert full.status_code == 503 and full.headers["Retry-After"]
    assert "session limit reached" in full.get_json()["error"]
    by_admin = admin(client, "PUT", "/sessions/three")
    assert by_admin.status_code == 503 and by_admin.get_json()["code"] == "UNAVAILABLE"
    assert client.get("/v1/health", headers={"X-Mock-Session": "one"}).status_code == 200
    admin(client, "DELETE", "/sessions/one")
    assert client.get("/v1/health", headers={"X-Mock-Session": "three"}).status_code == 200


@pytest.mark.parametrize("name", ["has space", "x" * 65, "slash/y"])
def test_invalid_session_ids_are_400(client: FlaskClient, name: str) -> None:
    response = client.get("/v1/health", headers={"X-Mock-Session": name})
    assert response.status_code == 400 and "session id" in response.get_json()["error"]


def test_without_a_session_nothing_changes(client: FlaskClient) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert [s["id"] for s in admin(client, "GET", "/sessions").get_json()["sessions"]] == [
        "default"
    ]
