"""Issues and comments, with attachments on the shared storage."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import ALICE, BOB, MALLORY, make_app
from tests.flows import BOARD, path_of, upload

UUID = "3b241101-e2bb-4255-8caf-4136c566a962"


def test_created_issue_takes_project_caller_and_open_status(client: FlaskClient) -> None:
    response = client.post("/v1/orders/8002/issues", json={"title": "Late"}, headers=BOB)
    issue = response.get_json()
    assert response.status_code == 201
    assert (issue["projectId"], issue["orderId"], issue["status"]) == (12346, 8002, "open")
    assert issue["createdBy"] == {"id": 502, "email": "bob@acme.co"}
    listed = client.get(
        "/v1/issues?workspace=acme-electronics&order=8002&status=open", headers=ALICE
    ).get_json()["issues"]
    assert issue in listed
    closed = client.get(
        "/v1/issues?workspace=acme-electronics&status=closed", headers=ALICE
    ).get_json()["issues"]
    assert issue not in closed


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v1/orders/424242/issues", {"title": "x"}, 404),
        ("/v1/orders/8001/issues", {}, 400),
        ("/v1/orders/8001/issues", {"title": ""}, 400),
        ("/v1/orders/8001/issues", {"title": "x", "comment": 5}, 400),
        ("/v1/orders/8001/issues", {"title": "x", "priority": "high"}, 400),
    ],
)
def test_issue_creation_errors(client: FlaskClient, path: str, body: Any, status: int) -> None:
    assert client.post(path, json=body, headers=ALICE).status_code == status


def attachment(client: FlaskClient, issue: int = 7001, name: str = "a.zip") -> str:
    target = client.get(
        f"/v1/issues/{issue}/upload-url?filename={name}&uuid={UUID}", headers=ALICE
    ).get_json()
    assert client.put(path_of(target["uploadUrl"]), data=b"zip!").status_code == 200
    key: str = target["objectKey"]
    return key


def test_comment_with_an_uploaded_attachment(client: FlaskClient) -> None:
    key = attachment(client)
    body = {"body": "see file", "attachments": [{"name": "a.zip", "url": key}]}
    response = client.post("/v1/issues/7001/comments", json=body, headers=BOB)
    comment = response.get_json()
    assert response.status_code == 201
    assert comment["issueId"] == 7001 and comment["createdBy"]["email"] == "bob@acme.co"
    assert comment["attachments"] == body["attachments"]


def test_attachment_keys_must_be_this_issues_uploads(client: FlaskClient) -> None:
    project_key = upload(client, {"a.kicad_pcb": BOARD})[0]["objectKey"]
    other = client.post("/v1/orders/8001/issues", json={"title": "other"}, headers=ALICE).get_json()
    other_key = attachment(client, other["id"], "b.zip")
    for key in ("orders/issues/comments/attachments/nope/a.zip", project_key, other_key):
        body = {"body": "x", "attachments": [{"name": "a.zip", "url": key}]}
        response = client.post("/v1/issues/7001/comments", json=body, headers=ALICE)
        assert response.status_code == 400
        assert response.get_json()["code"] == "INVALID_OBJECT_KEY"


def test_upload_url_errors(client: FlaskClient) -> None:
    base = "/v1/issues/7001/upload-url"
    for query, status in (
        ("filename=a.zip&uuid=not-a-uuid", 400),
        (f"uuid={UUID}", 400),
        (f"filename=..&uuid={UUID}", 400),
        (f"filename=a%2Fb&uuid={UUID}", 400),
    ):
        assert client.get(f"{base}?{query}", headers=ALICE).status_code == status, query
    assert client.get(f"{base}?filename=a.zip&uuid={UUID}", headers=MALLORY).status_code == 403


def test_fifty_threads_creating_issues_and_projects() -> None:
    app = make_app()

    def work(n: int) -> tuple[int, int]:
        client = app.test_client()
        issue = client.post("/v1/orders/8001/issues", json={"title": f"t{n}"}, headers=ALICE)
        files = upload(client, {f"b{n}.kicad_pcb": BOARD})
        body = {"name": f"p{n}", "workspace": "acme-electronics", "files": files}
        project = client.post("/v1/projects", json=body, headers=ALICE)
        return issue.get_json()["id"], project.get_json()["projectId"]

    with ThreadPoolExecutor(50) as pool:
        ids = list(pool.map(work, range(50)))
    assert len({i for i, _ in ids}) == len({p for _, p in ids}) == 50
    client = app.test_client()
    issues = {
        i["id"]
        for i in client.get("/v1/issues?workspace=acme-electronics", headers=ALICE).get_json()[
            "issues"
        ]
    }
    projects = {
        p["id"]
        for p in client.get("/v1/projects?workspace=acme-electronics", headers=ALICE).get_json()[
            "projects"
        ]
    }
    assert {i for i, _ in ids} <= issues and {p for _, p in ids} <= projects
