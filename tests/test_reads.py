"""Every read endpoint: filters, ordering, defaults, and their error paths."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import ALICE, MALLORY

WS = "/v1/workspaces/acme-electronics/billing"


def get(client: FlaskClient, path: str, headers: dict[str, str] = ALICE) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_lists_are_newest_first(client: FlaskClient) -> None:
    for path, key, field in (
        ("/v1/orders?workspace=acme-electronics", "orders", "createdAt"),
        ("/v1/projects?workspace=acme-electronics", "projects", "createdAt"),
        ("/v1/issues?workspace=acme-electronics", "issues", "createdAt"),
        (f"{WS}/invoices", "invoices", "transactionDate"),
    ):
        stamps = [item[field] for item in get(client, path)[key]]
        assert stamps == sorted(stamps, reverse=True), path


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("order=8001", lambda i: i["orderId"] == 8001),
        ("order=8002", lambda i: i["orderId"] == 8002),
        ("status=open", lambda i: i["status"] == "open"),
        ("status=closed", lambda i: i["status"] == "closed"),
        ("order=8002&status=open", lambda i: i["orderId"] == 8002 and i["status"] == "open"),
    ],
)
def test_issue_filters(client: FlaskClient, query: str, expect: Any) -> None:
    everything = get(client, "/v1/issues?workspace=acme-electronics")["issues"]
    filtered = get(client, f"/v1/issues?workspace=acme-electronics&{query}")["issues"]
    assert filtered == [i for i in everything if expect(i)]


def test_unknown_order_filter_is_an_empty_list(client: FlaskClient) -> None:
    assert get(client, "/v1/issues?workspace=acme-electronics&order=424242")["issues"] == []


@pytest.mark.parametrize(
    "query",
    [
        "status=open",
        "status=paid_in_full",
        "from=2025-03-01",
        "to=2025-02-28",
        "from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z",
        "from=2025-03-01&to=2025-03-01",
    ],
)
def test_invoice_filters(client: FlaskClient, query: str) -> None:
    everything = get(client, f"{WS}/invoices")["invoices"]
    filtered = get(client, f"{WS}/invoices?{query}")["invoices"]
    params = dict(pair.split("=") for pair in query.split("&"))
    lo = params.get("from", "0000")
    hi = params.get("to", "9999")
    hi = hi + "T23:59:59Z" if "T" not in hi else hi
    expected = [
        i
        for i in everything
        if params.get("status", i["status"]) == i["status"] and lo <= i["transactionDate"] <= hi
    ]
    assert filtered == expected
    if query == "from=2025-03-01&to=2025-03-01":
        assert [i["id"] for i in filtered] == [50124]


@pytest.mark.parametrize(
    "query",
    [
        "status=void",
        "from=yesterday",
        "from=2025-02-30",
        "to=2025-13-01",
        "from=2025-03-02&to=2025-03-01",
    ],
)
def test_bad_invoice_filters(client: FlaskClient, query: str) -> None:
    response = client.get(f"{WS}/invoices?{query}", headers=ALICE)
    assert response.status_code == 400
    assert response.get_json()["code"] == "VALIDATION_ERROR"


def test_bom_of_an_older_revision_and_of_another_project(client: FlaskClient) -> None:
    assert get(client, "/v1/projects/12345/bom?revision=98950")["revisionId"] == 98950
    response = client.get("/v1/projects/12345/bom?revision=98801", headers=ALICE)
    assert response.status_code == 404
    assert client.get("/v1/projects/12345/bom?revision=424242", headers=ALICE).status_code == 404


def test_bom_summary_counts_its_lines(client: FlaskClient) -> None:
    bom = get(client, "/v1/projects/12345/bom")
    statuses = [line["status"] for line in bom["bomLines"]]
    assert bom["summary"] == {
        "total": len(statuses),
        "resolved": statuses.count("resolved"),
        "unresolved": statuses.count("unresolved"),
        "errored": statuses.count("error"),
    }


def test_parts_search(client: FlaskClient) -> None:
    found = get(client, "/v1/parts?q=murata")
    assert found["exactMatches"] == []
    assert found["inexactMatches"] == [] or all(
        "MURATA" in f"{p['mpn']} {p['description']}".upper() for p in found["inexactMatches"]
    )
    exact = get(client, "/v1/parts?q=gcm155r71c104ka55d")["exactMatches"]
    assert [p["id"] for p in exact] == [5101]
    assert get(client, "/v1/parts?q=zzzz-no-such-part") == {
        "query": "zzzz-no-such-part",
        "exactMatches": [],
        "inexactMatches": [],
    }
    assert client.get("/v1/parts?q=", headers=ALICE).status_code == 400


def test_project_status_of_an_imported_project(client: FlaskClient) -> None:
    assert get(client, "/v1/projects/12345/status") == {
        "projectId": 12345,
        "status": "complete",
        "message": None,
    }


def test_balance_is_null_without_credit(client: FlaskClient) -> None:
    response = client.get("/v1/workspaces/globex-labs/billing/balance", headers=MALLORY)
    assert response.status_code == 200 and response.data == b"null"


def test_order_get_and_list_agree(client: FlaskClient) -> None:
    for order in get(client, "/v1/orders?workspace=acme-electronics")["orders"][:10]:
        assert get(client, f"/v1/orders/{order['id']}") == order


def test_statement_pdf_and_its_range(client: FlaskClient) -> None:
    ok = client.get(f"{WS}/statement?startDate=2025-01-01&endDate=2025-03-31", headers=ALICE)
    assert ok.status_code == 200 and ok.data.startswith(b"%PDF")
    bad = client.get(f"{WS}/statement?startDate=2025-04-01&endDate=2025-03-31", headers=ALICE)
    assert bad.status_code == 400 and bad.get_json()["code"] == "VALIDATION_ERROR"
    assert "startDate" in bad.get_json()["error"]
    missing = client.get(f"{WS}/statement?startDate=2025-04-01", headers=ALICE)
    assert missing.status_code == 400 and "endDate" in missing.get_json()["error"]
