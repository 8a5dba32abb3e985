"""No caller reads or writes another workspace's data: 403 for foreign, 404 for unknown."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import ALICE, MALLORY

WS = "/v1/workspaces/acme-electronics/billing"
FOREIGN = [
    ("get", "/v1/projects?workspace=acme-electronics", None),
    ("get", "/v1/projects/12345", None),
    ("get", "/v1/projects/12345/status", None),
    ("get", "/v1/projects/12345/revisions", None),
    ("get", "/v1/projects/12345/bom", None),
    ("get", "/v1/projects/12345/bom?revision=99001", None),
    (
        "post",
        "/v1/projects/12345/revisions",
        {"files": [{"objectKey": "uploads/def456/bom.csv", "filename": "bom.csv"}]},
    ),
    (
        "post",
        "/v1/projects/upload-urls",
        {"workspace": "acme-electronics", "files": [{"filename": "a.cvg", "size": 10}]},
    ),
    (
        "post",
        "/v1/projects",
        {
            "name": "x",
            "workspace": "acme-electronics",
            "files": [{"objectKey": "uploads/abc123/my-board.cvg", "filename": "my-board.cvg"}],
        },
    ),
    ("put", "/v1/bom/1001/part", {"partId": 5001}),
    ("put", "/v1/bom/1001/placements/C3/dnp", {"dnp": True}),
    ("post", "/v1/quotes", {"projectId": 12345}),
    ("post", "/v1/quotes", {"revisionId": 99001}),
    ("get", "/v1/orders?workspace=acme-electronics", None),
    ("get", "/v1/orders/8001", None),
    ("post", "/v1/orders/8001/issues", {"title": "sneaky"}),
    ("get", "/v1/issues?workspace=acme-electronics", None),
    (
        "get",
        "/v1/issues/7001/upload-url?filename=a.zip&uuid=0f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c8",
        None,
    ),
    ("post", "/v1/issues/7001/comments", {"body": "sneaky"}),
    ("get", f"{WS}/invoices", None),
    ("get", f"{WS}/invoices/50124", None),
    ("get", f"{WS}/invoices/50124/pdf", None),
    ("get", f"{WS}/statement?startDate=2025-01-01&endDate=2025-12-31", None),
    ("get", f"{WS}/payments", None),
    ("get", f"{WS}/payment-methods", None),
    ("get", f"{WS}/balance", None),
]


@pytest.mark.parametrize(
    ("method", "path", "body"), FOREIGN, ids=[f"{m} {p}" for m, p, _ in FOREIGN]
)
def test_another_workspace_is_forbidden(
    client: FlaskClient, method: str, path: str, body: object
) -> None:
    before = client.get("/v1/issues?workspace=acme-electronics", headers=ALICE).get_json()
    response = getattr(client, method)(path, headers=MALLORY, json=body)
    assert response.status_code == 403, response.get_json()
    assert response.get_json()["code"] == "FORBIDDEN"
    assert "acme" not in str(response.get_json()).replace("'acme-electronics'", "")
    after = client.get("/v1/issues?workspace=acme-electronics", headers=ALICE).get_json()
    assert before == after


def test_a_foreign_quote_is_forbidden(client: FlaskClient) -> None:
    quote = client.post("/v1/quotes", json={"projectId": 12345}, headers=ALICE).get_json()
    path = f"/v1/quotes/{quote['id']}/breakdown?quantity=10&leadTimeDays=10"
    assert client.get(path, headers=MALLORY).status_code == 403
    assert client.get(path, headers=ALICE).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/v1/projects/99999",
        "/v1/projects/99999/bom",
        "/v1/orders/99999",
        "/v1/projects?workspace=no-such-workspace",
        "/v1/workspaces/no-such-workspace/billing/balance",
        f"{WS}/invoices/99999",
        "/v1/quotes/99999/breakdown?quantity=10&leadTimeDays=10",
        "/v1/issues/99999/upload-url?filename=a.zip&uuid=0f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c8",
    ],
)
def test_unknown_resources_are_404(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=ALICE)
    assert response.status_code == 404
    assert response.get_json()["code"] == "NOT_FOUND"


def test_mallory_sees_only_her_own_workspace(client: FlaskClient) -> None:
    projects = client.get("/v1/projects?workspace=globex-labs", headers=MALLORY).get_json()
    ids = {p["id"] for p in projects["projects"]}
    assert 12345 not in ids
    alice = client.get("/v1/projects?workspace=acme-electronics", headers=ALICE).get_json()
    assert ids.isdisjoint({p["id"] for p in alice["projects"]})
    assert (
        client.get("/v1/workspaces/globex-labs/billing/balance", headers=MALLORY).get_json() is None
    )
