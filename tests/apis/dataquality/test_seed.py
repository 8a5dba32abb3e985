"""Every example of seed 002 (the Issues API docs), replayed verbatim: see SEED.md."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from tests.apis.dataquality.dq import (
    BOB_ID,
    CUSTOMER_ID_NULLS,
    DOCS_ALERT,
    DOCS_NOW,
    JANE_ID,
    SCHEMA_DRIFT,
    SESSION_OUTLIERS,
    call,
    example,
    request_example,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DOCS_ITEM = example("/issues", "get", "200")["items"][0]


def without_id(record: dict[str, Any]) -> dict[str, Any]:
    assert UUID.match(record["id"]), record["id"]
    return {k: v for k, v in record.items() if k != "id"}


def test_list_issues(client: FlaskClient) -> None:
    listed = call(client, "GET", "/issues")
    assert (listed["total"], listed["page"], listed["size"]) == (8, 1, 20)
    assert len(listed["items"]) == 8
    assert listed["items"][0] == DOCS_ITEM


def test_list_with_every_documented_parameter(client: FlaskClient) -> None:
    query = (
        "space_id=space-uuid&product_id=product-uuid&status=open&priority=high"
        "&assignee_id=user-uuid&page=1&size=20"
    )
    listed = call(client, "GET", f"/issues?{query}")
    assert listed == {"items": [DOCS_ITEM], "total": 1, "page": 1, "size": 20}


def test_list_open_and_high(client: FlaskClient) -> None:
    listed = call(client, "GET", "/issues?status=open&priority=high")
    assert listed["total"] == 2 and listed["items"][0] == DOCS_ITEM


def test_get_issue(client: FlaskClient) -> None:
    assert call(client, "GET", f"/issues/{CUSTOMER_ID_NULLS}") == example(
        "/issues/{id}", "get", "200"
    )


def test_create_issue(client: FlaskClient) -> None:
    body = request_example("/issues", "post")
    created = call(client, "POST", "/issues", body=body, status=201)
    assert without_id(created) == without_id(example("/issues", "post", "201"))
    assert created["created_at"] == created["updated_at"] == DOCS_NOW
    listed = call(client, "GET", "/issues")
    assert listed["total"] == 9 and listed["items"][0] == created
    (item,) = call(client, "GET", f"/issues/{created['id']}/history")["items"]
    assert without_id(item) == {
        "action": "created",
        "old_value": None,
        "new_value": "open",
        "actor": {"id": JANE_ID, "name": "Jane Developer"},
        "timestamp": DOCS_NOW,
    }


def test_update_status_assign_priority_comment_and_history(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    patch = "/issues/{id}", "patch"
    updated = call(client, "PATCH", path, body=request_example(*patch))
    assert updated == example("/issues/{id}", "patch", "200")
    assigned = call(
        client, "PATCH", f"/issues/{SESSION_OUTLIERS}", body=request_example(*patch, "assign")
    )
    assert assigned["assignee"] == {"id": JANE_ID, "name": "Jane Developer"}
    assert call(client, "PATCH", path, body=request_example(*patch, "assign")) == updated
    raised = call(client, "PATCH", path, body=request_example(*patch, "priority"))
    assert (raised["priority"], raised["status"]) == ("critical", "in_progress")
    assert call(client, "GET", f"{path}/comments") == example("/issues/{id}/comments", "get", "200")
    body = request_example("/issues/{id}/comments", "post")
    comment = call(client, "POST", f"{path}/comments", body=body, status=201)
    assert without_id(comment) == without_id(example("/issues/{id}/comments", "post", "201"))
    assert call(client, "GET", f"{path}/comments")["items"][-1] == comment
    history = call(client, "GET", f"{path}/history")["items"]
    docs_item = example("/issues/{id}/history", "get", "200")["items"][0]
    assert without_id(docs_item) in [without_id(item) for item in history]
    jane, bob = (JANE_ID, "Jane Developer"), (BOB_ID, "Bob Smith")
    assert [trail_entry(item) for item in history] == [
        ("created", None, "open", bob, "2026-01-15T10:30:00Z"),
        ("commented", None, history[1]["new_value"], bob, "2026-01-15T10:32:00Z"),
        ("assignee_changed", None, JANE_ID, bob, "2026-01-15T12:00:00Z"),
        ("commented", None, history[3]["new_value"], jane, "2026-01-15T12:05:00Z"),
        ("status_changed", "open", "in_progress", jane, DOCS_NOW),
        ("priority_changed", "high", "critical", jane, DOCS_NOW),
        ("commented", None, comment["id"], jane, DOCS_NOW),
    ]


def trail_entry(item: dict[str, Any]) -> tuple[Any, ...]:
    actor = (item["actor"]["id"], item["actor"]["name"])
    return (item["action"], item["old_value"], item["new_value"], actor, item["timestamp"])


def test_history_example_on_a_fresh_world(client: FlaskClient) -> None:
    history = call(client, "GET", f"/issues/{SCHEMA_DRIFT}/history")["items"]
    assert history[-1] == example("/issues/{id}/history", "get", "200")["items"][0]


def test_create_issue_from_quality_alert(client: FlaskClient) -> None:
    body = request_example("/issues", "post", "fromAlert")
    created = call(client, "POST", "/issues", body=body, status=201)
    assert created["alert"] == {"id": DOCS_ALERT, "name": "Customer Events: freshness"}
    assert created["product"]["name"] == "Customer Events"
    assert (created["title"], created["priority"], created["status"]) == (
        body["title"],
        "high",
        "open",
    )
    assert (created["description"], created["assignee"]) == (None, None)
    assert created["reporter"] == {"id": JANE_ID, "name": "Jane Developer"}
    linked = call(client, "GET", "/issues?alert_id=alert-uuid")
    assert (linked["total"], linked["items"]) == (1, [created])


def test_delete_issue(client: FlaskClient) -> None:
    created = call(client, "POST", "/issues", body=request_example("/issues", "post"), status=201)
    path = f"/issues/{created['id']}"
    assert call(client, "DELETE", path, status=204) is None
    for suffix in ("", "/comments", "/history"):
        call(client, "GET", path + suffix, status=404)
    assert call(client, "GET", "/issues")["total"] == 8
