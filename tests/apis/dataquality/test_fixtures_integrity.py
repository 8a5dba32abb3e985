"""Generated data-quality datasets hang together: references resolve, histories explain issues."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import pytest

from mockserver.apis.dataquality.fixtures import RESOURCES, generate
from mockserver.apis.dataquality.fixtures.vocabulary import ENTITIES, PRODUCT_SUFFIXES
from mockserver.apis.dataquality.rules.transitions import STATUSES, TRANSITIONS

DOCS_NOW = "2026-01-15T14:00:00Z"  # nothing generated happens later (the docs' "now")
GENERATED = ("small", "medium")


@cache
def dataset(preset: str) -> dict[str, Any]:
    return generate(seed=5, preset=preset)


def by_id(data: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in data[name]}


@pytest.fixture(params=[*GENERATED, "docs"])
def data(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dataset(request.param)


@pytest.fixture(params=GENERATED)
def generated(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dataset(request.param)


def test_layout_and_unique_ids(data: dict[str, Any]) -> None:
    assert list(data) == ["sequences", *RESOURCES] and data["sequences"] == {}
    ids = Counter(record["id"] for name in RESOURCES for record in data[name])
    assert [key for key, count in ids.items() if count > 1] == []


def test_people(data: dict[str, Any]) -> None:
    spaces, users = by_id(data, "spaces"), by_id(data, "users")
    for user in users.values():
        assert user["spaceIds"] and set(user["spaceIds"]) <= set(spaces)
    members = Counter(space for user in users.values() for space in user["spaceIds"])
    assert set(members) == set(spaces), "a space without members"
    keys = [key for user in users.values() for key in user["apiKeys"]]
    assert len(keys) == len(set(keys)) and all(key.startswith("dq_test_") for key in keys)
    avatars = [user["avatar_url"] for user in users.values()]
    assert len(avatars) == len(set(avatars))


def test_products_and_alerts(data: dict[str, Any]) -> None:
    spaces, products = by_id(data, "spaces"), by_id(data, "products")
    names = Counter((p["spaceId"], p["name"]) for p in products.values())
    assert max(names.values()) == 1, "product names repeat within a space"
    assert all(p["spaceId"] in spaces for p in products.values())
    watched = Counter((a["productId"], a["name"]) for a in data["alerts"])
    assert max(watched.values()) == 1, "an alert repeats on one product"
    for alert in data["alerts"]:
        product = products[alert["productId"]]
        assert alert["spaceId"] == product["spaceId"]
        assert alert["name"].startswith(product["name"] + ": ")


def test_generated_products_are_named_like_data_products(generated: dict[str, Any]) -> None:
    for product in generated["products"]:
        assert product["name"].startswith(tuple(ENTITIES)), product["name"]
        assert any(f" {suffix}" in product["name"] for suffix in PRODUCT_SUFFIXES)
    assert all(
        record["alias"] is None for name in ("spaces", "users") for record in generated[name]
    )


def test_issue_references_resolve_within_the_issue_space(data: dict[str, Any]) -> None:
    users, products, alerts = by_id(data, "users"), by_id(data, "products"), by_id(data, "alerts")
    for issue in data["issues"]:
        space = issue["spaceId"]
        for role in ("assignee", "reporter"):
            if issue[role] is not None:
                user = users[issue[role]["id"]]
                assert space in user["spaceIds"] and issue[role]["name"] == user["name"]
        if issue["product"] is not None:
            product = products[issue["product"]["id"]]
            assert (product["spaceId"], product["name"]) == (space, issue["product"]["name"])
        if issue["alert"] is not None:
            alert = alerts[issue["alert"]["id"]]
            assert (alert["spaceId"], alert["name"]) == (space, issue["alert"]["name"])
            assert issue["product"] == {
                "id": alert["productId"],
                "name": products[alert["productId"]]["name"],
            }
        assert issue["created_at"] <= issue["updated_at"] <= DOCS_NOW


def test_comments_are_by_members_after_filing(data: dict[str, Any]) -> None:
    users, issues = by_id(data, "users"), by_id(data, "issues")
    for comment in data["comments"]:
        issue, author = issues[comment["issueId"]], users[comment["author"]["id"]]
        assert comment["author"] == {k: author[k] for k in ("id", "name", "avatar_url")}
        assert issue["spaceId"] in author["spaceIds"]
        assert issue["created_at"] <= comment["created_at"] <= DOCS_NOW


def test_histories_explain_their_issues(data: dict[str, Any]) -> None:
    """Replaying an issue's history from `created` ends at its status, assignee and priority."""
    issues, users = by_id(data, "issues"), by_id(data, "users")
    talk: dict[str, list[tuple[str, str, str]]] = {issue_id: [] for issue_id in issues}
    for c in data["comments"]:
        talk[c["issueId"]].append((c["id"], c["author"]["id"], c["created_at"]))
    trails: dict[str, list[dict[str, Any]]] = {issue_id: [] for issue_id in issues}
    for item in data["history"]:
        trails[item["issueId"]].append(item)
        actor = users[item["actor"]["id"]]
        assert item["actor"]["name"] == actor["name"]
        assert issues[item["issueId"]]["spaceId"] in actor["spaceIds"]
    for issue_id, trail in trails.items():
        issue = issues[issue_id]
        first = trail[0]
        assert (first["action"], first["old_value"], first["new_value"]) == (
            "created",
            None,
            "open",
        )
        assert (first["actor"], first["timestamp"]) == (issue["reporter"], issue["created_at"])
        stamps = [item["timestamp"] for item in trail]
        assert stamps == sorted(stamps) and stamps[-1] <= DOCS_NOW
        changes = [item for item in trail if item["action"] != "commented"]
        assert changes[-1]["timestamp"] == issue["updated_at"]
        assert_chain(trail, "status_changed", "open", issue["status"])
        for item in trail:
            if item["action"] == "status_changed":
                assert item["new_value"] in TRANSITIONS[item["old_value"]], item
        assert_chain(trail, "priority_changed", None, issue["priority"])
        assignee = issue["assignee"]["id"] if issue["assignee"] else None
        assert_chain(trail, "assignee_changed", None, assignee)
        noted = [
            (i["new_value"], i["actor"]["id"], i["timestamp"])
            for i in trail
            if i["action"] == "commented"
        ]
        assert noted == talk[issue_id], "each comment is one `commented` item, in order"


def assert_chain(trail: list[dict[str, Any]], action: str, start: str | None, end: Any) -> None:
    """Each change starts where the last one ended, and the last ends at the current value."""
    steps = [(item["old_value"], item["new_value"]) for item in trail if item["action"] == action]
    current = start
    for old, new in steps:
        if current is not None:
            assert old == current, f"{action}: {old!r} does not follow {current!r}"
        assert old != new
        current = new
    if steps or start is not None:
        assert current == end, f"{action} ends at {current!r}, the issue says {end!r}"


def test_generated_lives_are_coherent(generated: dict[str, Any]) -> None:
    """Work in progress or done has someone on it; every status and priority occurs."""
    issues = generated["issues"]
    assert all(i["assignee"] is not None for i in issues if i["status"] != "open")
    assert {i["status"] for i in issues} == set(STATUSES)
    assert {i["priority"] for i in issues} == {"low", "medium", "high", "critical"}
    actions = Counter(item["action"] for item in generated["history"])
    assert set(actions) == {
        "created",
        "status_changed",
        "assignee_changed",
        "priority_changed",
        "commented",
    }
    filed = [issue["created_at"] for issue in issues]
    assert filed == sorted(filed), "issues are listed in the order they were filed"
