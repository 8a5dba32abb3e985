"""Every example of the docs, replayed verbatim against a fresh docs world."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from mockserver.apis.circuithub.paths import SPEC_PATH
from mockserver.engine.spec import load_spec
from tests.conftest import ALICE, make_app

SPEC = load_spec(SPEC_PATH).document


def example(path: str, method: str, status: str, name: str = "docs") -> Any:
    """The docs' example as the spec carries it, so the test and the spec cannot drift."""
    response = SPEC["paths"][path][method]["responses"][status]
    if "$ref" in response.get("content", {}).get("application/json", {}).get("examples", {}).get(
        name, {}
    ):
        ref = response["content"]["application/json"]["examples"][name]["$ref"].split("/")[-1]
        return SPEC["components"]["examples"][ref]["value"]
    return response["content"]["application/json"]["examples"][name]["value"]


def request_example(path: str, method: str, name: str = "docs") -> Any:
    return SPEC["paths"][path][method]["requestBody"]["content"]["application/json"]["examples"][
        name
    ]["value"]


def get(client: FlaskClient, path: str) -> Any:
    response = client.get(path, headers=ALICE)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_health(client: FlaskClient) -> None:
    assert get(client, "/v1/health") == example("/health", "get", "200")


def test_workspaces(client: FlaskClient) -> None:
    assert get(client, "/v1/workspaces") == example("/workspaces", "get", "200")


def test_projects_list_and_get(client: FlaskClient) -> None:
    docs = example("/projects", "get", "200")["projects"][0]
    listed = get(client, "/v1/projects?workspace=acme-electronics")["projects"]
    assert docs in listed
    assert get(client, "/v1/projects/12345") == docs


def test_upload_urls(client: FlaskClient) -> None:
    body = request_example("/projects/upload-urls", "post")
    response = client.post("/v1/projects/upload-urls", json=body, headers=ALICE)
    assert response.status_code == 200
    uploads = response.get_json()["uploads"]
    docs = example("/projects/upload-urls", "post", "200")["uploads"]
    assert [u["filename"] for u in uploads] == [d["filename"] for d in docs]
    for upload, doc in zip(uploads, docs, strict=True):
        assert upload["headers"] == doc["headers"]
        assert upload["objectKey"].startswith("uploads/")
        assert upload["objectKey"].endswith("/" + doc["filename"])
        assert upload["validTill"] == "2025-03-15T11:00:00Z"  # one hour after the frozen clock
        assert urlsplit(upload["uploadUrl"]).netloc == "localhost"


def test_create_project_from_the_docs_files(client: FlaskClient) -> None:
    body = request_example("/projects", "post")
    response = client.post("/v1/projects", json=body, headers=ALICE)
    assert response.status_code == 201
    created = response.get_json()
    assert created["statusUrl"] == f"/v1/projects/{created['projectId']}/status"
    status = get(client, created["statusUrl"])
    assert status == {
        **example("/projects/{projectId}/status", "get", "200"),
        "projectId": created["projectId"],
    }
    assert get(client, created["statusUrl"])["status"] == "complete"
    project = get(client, f"/v1/projects/{created['projectId']}")
    assert project["name"] == "power-supply-board"
    assert project["latestRevisionId"] == created["revisionId"]
    bom = get(client, f"/v1/projects/{created['projectId']}/bom")
    assert bom["summary"] == {"total": 4, "resolved": 2, "unresolved": 1, "errored": 1}
    revisions = get(client, f"/v1/projects/{created['projectId']}/revisions")["revisions"]
    assert revisions[0]["edaTool"] == "ipc2581"


def test_revisions(client: FlaskClient) -> None:
    docs = example("/projects/{projectId}/revisions", "get", "200")["revisions"][0]
    assert get(client, "/v1/projects/12345/revisions")["revisions"][0] == docs


def test_create_revision_gets_99002_number_4(client: FlaskClient) -> None:
    body = request_example("/projects/{projectId}/revisions", "post")
    response = client.post("/v1/projects/12345/revisions", json=body, headers=ALICE)
    assert response.status_code == 201
    assert response.get_json() == example("/projects/{projectId}/revisions", "post", "201")
    get(client, "/v1/projects/12345/status")
    latest = get(client, "/v1/projects/12345/revisions")["revisions"][0]
    assert (latest["id"], latest["number"], latest["edaTool"]) == (99002, 4, "kicad")
    project = get(client, "/v1/projects/12345")
    assert (project["latestRevisionId"], project["latestRevisionNumber"]) == (99002, 4)


def test_bom(client: FlaskClient) -> None:
    docs = example("/projects/{projectId}/bom", "get", "200")
    bom = get(client, "/v1/projects/12345/bom")
    assert bom["revisionId"] == docs["revisionId"]
    assert bom["bomLines"][0] == docs["bomLines"][0]
    assert bom["summary"] == docs["summary"]
    assert [line["id"] for line in bom["bomLines"]] == [1001, 1002, 1003, 1004]


def test_set_part(client: FlaskClient) -> None:
    body = request_example("/bom/{bomLineId}/part", "put")
    response = client.put("/v1/bom/1001/part", json=body, headers=ALICE)
    assert response.get_json() == example("/bom/{bomLineId}/part", "put", "200")


def test_dnp(client: FlaskClient) -> None:
    body = request_example("/bom/{bomLineId}/placements/{ref}/dnp", "put")
    response = client.put("/v1/bom/1001/placements/C3/dnp", json=body, headers=ALICE)
    assert response.get_json() == example("/bom/{bomLineId}/placements/{ref}/dnp", "put", "200")


@pytest.mark.parametrize("name", ["byProject", "byRevision"])
def test_quote_and_breakdown(client: FlaskClient, name: str) -> None:
    body = request_example("/quotes", "post", name)
    quote = client.post("/v1/quotes", json=body, headers=ALICE).get_json()
    docs = example("/quotes", "post", "200")
    for field in ("id", "projectId", "revisionId", "revisionNumber", "createdAt", "expiresAt"):
        assert quote[field] == docs[field], field
    offer = next(o for o in quote["offers"] if (o["quantity"], o["leadTimeDays"]) == (10, 10))
    breakdown = get(client, "/v1/quotes/50001/breakdown?quantity=10&leadTimeDays=10")
    assert breakdown["total"] == offer["totalPrice"]
    docs_line = example("/quotes/{quoteId}/breakdown", "get", "200")["lines"][0]
    assert docs_line in breakdown["lines"]


def test_orders(client: FlaskClient) -> None:
    docs = example("/orders", "get", "200")["orders"][0]
    assert docs in get(client, "/v1/orders?workspace=acme-electronics")["orders"]
    assert get(client, "/v1/orders/8001") == docs


def test_parts_search_is_exactly_the_docs(client: FlaskClient) -> None:
    assert get(client, "/v1/parts?q=LM358") == example("/parts", "get", "200")
    assert get(client, "/v1/parts?q=lm358")["exactMatches"][0]["id"] == 5001


def test_issue_list_with_filters(client: FlaskClient) -> None:
    response = get(client, "/v1/issues?workspace=acme-electronics&order=8001&status=open")
    assert response == example("/issues", "get", "200")


def test_issue_guide_cli_listing(client: FlaskClient) -> None:
    issues = get(client, "/v1/issues?workspace=acme-electronics")["issues"]
    by_id = {i["id"]: i for i in issues}
    assert (by_id[7002]["orderId"], by_id[7002]["status"], by_id[7002]["createdBy"]["email"]) == (
        8002,
        "closed",
        "bob@acme.co",
    )
    assert by_id[7002]["createdAt"] == "2025-02-25T14:30:00Z"


def test_create_issue_is_7003_at_the_docs_time() -> None:
    client = make_app(clock="2025-03-03T08:00:00Z").test_client()
    body = request_example("/orders/{orderId}/issues", "post")
    response = client.post("/v1/orders/8001/issues", json=body, headers=ALICE)
    assert response.status_code == 201
    assert response.get_json() == example("/orders/{orderId}/issues", "post", "201")


def test_attachment_flow_from_the_issues_guide(client: FlaskClient) -> None:
    target = get(
        client,
        "/v1/issues/7001/upload-url?filename=layout-rev4.zip"
        "&uuid=0f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c8",
    )
    assert target["objectKey"].startswith("orders/issues/comments/attachments/")
    url = urlsplit(target["uploadUrl"])
    put = client.put(f"{url.path}?{url.query}", data=b"PK\x03\x04 zip bytes")
    assert put.status_code == 200 and put.headers["ETag"].startswith('"')
    body = {
        "body": "See updated layout",
        "attachments": [{"name": "layout-rev4.zip", "url": target["objectKey"]}],
    }
    comment = client.post("/v1/issues/7001/comments", json=body, headers=ALICE)
    assert comment.status_code == 201
    assert comment.get_json()["attachments"] == body["attachments"]


def test_comment_example_works_on_the_docs_world(client: FlaskClient) -> None:
    body = request_example("/issues/{issueId}/comments", "post")
    assert client.post("/v1/issues/7001/comments", json=body, headers=ALICE).status_code == 201


def test_billing(client: FlaskClient) -> None:
    ws = "/v1/workspaces/acme-electronics/billing"
    invoice = example("/workspaces/{workspaceSlug}/billing/invoices", "get", "200")["invoices"][0]
    assert invoice in get(client, f"{ws}/invoices")["invoices"]
    assert get(client, f"{ws}/invoices/50124") == invoice
    payment = example("/workspaces/{workspaceSlug}/billing/payments", "get", "200")["payments"][0]
    assert payment in get(client, f"{ws}/payments")["payments"]
    methods = example("/workspaces/{workspaceSlug}/billing/payment-methods", "get", "200")
    assert get(client, f"{ws}/payment-methods") == methods
    assert get(client, f"{ws}/balance") == example(
        "/workspaces/{workspaceSlug}/billing/balance", "get", "200"
    )
    pdf = client.get(f"{ws}/invoices/50124/pdf", headers=ALICE)
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_not_found_error_example(client: FlaskClient) -> None:
    response = client.get("/v1/projects/999999", headers=ALICE)
    docs = SPEC["components"]["responses"]["NotFound"]["content"]["application/json"]["examples"]
    assert response.status_code == 404
    assert response.get_json() == docs["docs"]["value"]
