"""Creation: a space of the caller's, and products, assignees and alerts of that space."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver.apis.dataquality.api import default_dataset
from tests.apis.dataquality.dq import (
    BOB_ID,
    CUSTOMER_EVENTS,
    DATA_PLATFORM,
    DOCS_ALERT,
    EMAIL_ALERT,
    EMAIL_SENDS,
    EVE,
    EVE_ID,
    GROWTH,
    SAM,
    SPEC,
    TRANSACTIONS,
    UNKNOWN,
    call,
    error_code,
)

WORLD = default_dataset()


def create(client: FlaskClient, status: int = 201, who: Any = None, **fields: Any) -> Any:
    body = {"title": "Row counts dropped", "space_id": DATA_PLATFORM, **fields}
    return call(
        client, "POST", "/issues", body=body, status=status, **({"who": who} if who else {})
    )


def test_defaults(client: FlaskClient) -> None:
    issue = create(client)
    default = SPEC["components"]["schemas"]["CreateIssueRequest"]["properties"]["priority"]
    assert issue["priority"] == default["default"]
    assert (issue["status"], issue["description"], issue["product"]) == ("open", None, None)
    assert (issue["assignee"], issue["alert"]) == (None, None)


def test_an_alert_links_and_lends_its_product(client: FlaskClient) -> None:
    alert = next(a for a in WORLD["alerts"] if a["id"] == DOCS_ALERT)
    issue = create(client, alert_id=DOCS_ALERT)
    assert issue["alert"] == {"id": DOCS_ALERT, "name": alert["name"]}
    assert issue["product"]["id"] == alert["productId"]
    given = create(client, alert_id="alert-uuid", product_id=TRANSACTIONS)
    assert given["product"]["id"] == TRANSACTIONS
    assert call(client, "GET", f"/issues?alert_id={DOCS_ALERT}")["total"] == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("alert_id", UNKNOWN),
        ("alert_id", EMAIL_ALERT),  # of Growth Marketing
        ("product_id", UNKNOWN),
        ("product_id", EMAIL_SENDS),
        ("assignee_id", UNKNOWN),
        ("assignee_id", EVE_ID),
    ],
)
def test_references_must_be_of_the_issue_space(client: FlaskClient, field: str, value: str) -> None:
    body = {"title": "t", "space_id": DATA_PLATFORM, field: value}
    assert error_code(client, "POST", "/issues", 404, body=body) == "not_found"
    assert call(client, "GET", "/issues")["total"] == 8


def test_a_member_of_both_spaces_cannot_cross_link(client: FlaskClient) -> None:
    body = {"title": "t", "space_id": DATA_PLATFORM, "alert_id": EMAIL_ALERT}
    assert error_code(client, "POST", "/issues", 404, who=SAM, body=body) == "not_found"
    body = {"title": "t", "space_id": GROWTH, "alert_id": EMAIL_ALERT}
    assert (
        call(client, "POST", "/issues", who=SAM, body=body, status=201)["alert"]["id"]
        == EMAIL_ALERT
    )


def test_the_space_must_be_the_callers(client: FlaskClient) -> None:
    assert (
        error_code(
            client, "POST", "/issues", 403, who=EVE, body={"title": "t", "space_id": DATA_PLATFORM}
        )
        == "forbidden"
    )
    assert (
        error_code(
            client, "POST", "/issues", 403, who=EVE, body={"title": "t", "space_id": "space-uuid"}
        )
        == "forbidden"
    )
    assert (
        error_code(client, "POST", "/issues", 404, body={"title": "t", "space_id": UNKNOWN})
        == "not_found"
    )
    assert call(client, "GET", "/issues", who=EVE)["total"] == 3


def test_assignee_may_be_any_member(client: FlaskClient) -> None:
    assert create(client, assignee_id=BOB_ID)["assignee"]["name"] == "Bob Smith"
    assert create(client, product_id=CUSTOMER_EVENTS)["product"]["name"] == "Customer Events"


@pytest.mark.parametrize(
    "body",
    [
        {"space_id": DATA_PLATFORM},
        {"title": "t"},
        {"title": "", "space_id": DATA_PLATFORM},
        {"title": "   ", "space_id": DATA_PLATFORM},
        {"title": "t" * 201, "space_id": DATA_PLATFORM},
        {"title": "t", "space_id": "product-uuid"},
        {"title": "t", "space_id": DATA_PLATFORM, "product_id": "space-uuid"},
        {"title": "t", "space_id": DATA_PLATFORM, "alert_id": "not-a-uuid"},
        {"title": "t", "space_id": DATA_PLATFORM, "assignee_id": None},
        {"title": "t", "space_id": DATA_PLATFORM, "status": "open"},
        {"title": "t", "space_id": DATA_PLATFORM, "priority": "urgent"},
        {"title": 7, "space_id": DATA_PLATFORM},
    ],
)
def test_malformed_creations_are_400(client: FlaskClient, body: dict[str, Any]) -> None:
    assert error_code(client, "POST", "/issues", 400, body=body) == "validation_error"
