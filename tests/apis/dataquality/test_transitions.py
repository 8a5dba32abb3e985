"""Status transitions, PATCH semantics and the history each change leaves."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from mockserver.apis.dataquality.rules.transitions import STATUSES, TRANSITIONS
from tests.apis.dataquality.dq import (
    BOB,
    BOB_ID,
    CUSTOMER_ID_NULLS,
    DATA_PLATFORM,
    DOCS_NOW,
    EVE_ID,
    JANE_ID,
    SPEC,
    call,
    error_code,
)


def documented() -> dict[str, set[str]]:
    """The transition table of the spec's description, one status per row."""
    table = {}
    for line in SPEC["info"]["description"].splitlines():
        cells = line.strip().strip("|").split("|") if line.lstrip().startswith("|") else []
        if len(cells) == 2 and cells[0].strip().startswith("`"):
            table[cells[0].strip().strip("`")] = set(re.findall(r"`(\w+)`", cells[1]))
    return table


DOCUMENTED = documented()


def test_the_rules_follow_the_documented_table() -> None:
    assert set(STATUSES) == set(SPEC["components"]["schemas"]["IssueStatus"]["enum"])
    assert set(DOCUMENTED) == set(STATUSES)
    assert {k: set(v) for k, v in TRANSITIONS.items()} == DOCUMENTED


def fresh_issue(client: FlaskClient, status: str) -> str:
    """A new open issue walked along allowed transitions to `status`."""
    issue = call(
        client, "POST", "/issues", body={"title": "t", "space_id": DATA_PLATFORM}, status=201
    )
    path = {"open": [], "in_progress": ["in_progress"], "resolved": ["in_progress", "resolved"]}
    for step in path[status]:
        call(client, "PATCH", f"/issues/{issue['id']}", body={"status": step})
    return str(issue["id"])


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("wanted", STATUSES)
def test_every_transition(client: FlaskClient, current: str, wanted: str) -> None:
    ident = fresh_issue(client, current)
    before = call(client, "GET", f"/issues/{ident}/history")["items"]
    if wanted == current or wanted in DOCUMENTED[current]:
        answer = call(client, "PATCH", f"/issues/{ident}", body={"status": wanted})
        assert answer["status"] == wanted
    else:
        code = error_code(client, "PATCH", f"/issues/{ident}", 409, body={"status": wanted})
        assert code == "invalid_transition"
        assert call(client, "GET", f"/issues/{ident}")["status"] == current
    after = call(client, "GET", f"/issues/{ident}/history")["items"]
    added = after[len(before) :]
    if wanted != current and wanted in DOCUMENTED[current]:
        assert [(i["action"], i["old_value"], i["new_value"]) for i in added] == [
            ("status_changed", current, wanted)
        ]
    else:
        assert added == []


def test_a_refused_patch_applies_nothing(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    before = call(client, "GET", path)
    body = {"status": "resolved", "priority": "low", "assignee_id": None}
    assert error_code(client, "PATCH", path, 409, body=body) == "invalid_transition"
    assert call(client, "GET", path) == before
    body = {"priority": "low", "assignee_id": EVE_ID}  # Eve is no member of the space
    assert error_code(client, "PATCH", path, 404, body=body) == "not_found"
    assert call(client, "GET", path) == before
    assert len(call(client, "GET", f"{path}/history")["items"]) == 4


def test_several_fields_leave_one_item_each_in_order(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    body = {"priority": "critical", "assignee_id": BOB_ID, "status": "in_progress"}
    updated = call(client, "PATCH", path, who=BOB, body=body)
    assert updated["assignee"] == {"id": BOB_ID, "name": "Bob Smith"}
    assert updated["updated_at"] == DOCS_NOW
    added = call(client, "GET", f"{path}/history")["items"][-3:]
    assert [(i["action"], i["old_value"], i["new_value"]) for i in added] == [
        ("status_changed", "open", "in_progress"),
        ("assignee_changed", JANE_ID, BOB_ID),
        ("priority_changed", "high", "critical"),
    ]
    assert {(i["actor"]["id"], i["timestamp"]) for i in added} == {(BOB_ID, DOCS_NOW)}


def test_unassign_with_null(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    assert call(client, "PATCH", path, body={"assignee_id": None})["assignee"] is None
    last = call(client, "GET", f"{path}/history")["items"][-1]
    assert (last["action"], last["old_value"], last["new_value"]) == (
        "assignee_changed",
        JANE_ID,
        None,
    )


def test_setting_current_values_is_a_no_op(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    before = call(client, "GET", path)
    body = {"status": "open", "priority": "high", "assignee_id": "user-uuid"}
    assert call(client, "PATCH", path, body=body) == before
    assert before["updated_at"] == "2026-01-15T12:00:00Z"
    assert len(call(client, "GET", f"{path}/history")["items"]) == 4


def test_comments_leave_history_but_not_updated_at(client: FlaskClient) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    comment = call(client, "POST", f"{path}/comments", body={"content": "x"}, status=201)
    last = call(client, "GET", f"{path}/history")["items"][-1]
    assert (last["action"], last["old_value"], last["new_value"]) == (
        "commented",
        None,
        comment["id"],
    )
    assert call(client, "GET", path)["updated_at"] == "2026-01-15T12:00:00Z"


@pytest.mark.parametrize(
    "body",
    [{}, {"status": "closed"}, {"priority": "urgent"}, {"title": "x"}, {"status": None}, []],
)
def test_malformed_patches_are_400(client: FlaskClient, body: object) -> None:
    path = f"/issues/{CUSTOMER_ID_NULLS}"
    assert error_code(client, "PATCH", path, 400, body=body) == "validation_error"
