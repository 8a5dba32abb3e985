"""The data-quality default dataset: valid under the spec, coherent, and its records' own copy."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from mockserver.apis.dataquality.fixtures import generate
from mockserver.apis.dataquality.resources import RESOURCES
from mockserver.apis.dataquality.rules.transitions import TRANSITIONS
from mockserver.fixtures.writer import dumps_json

PACKAGE = Path(__file__).resolve().parents[3] / "mockserver" / "apis" / "dataquality"
SPEC = yaml.safe_load((PACKAGE / "openapi.yaml").read_text(encoding="utf-8"))
WORLD_TEXT = (PACKAGE / "data" / "docs-world.json").read_text(encoding="utf-8")
WORLD: dict[str, Any] = json.loads(WORLD_TEXT)
DECLARED = {resource.name: resource for resource in RESOURCES}
DOCS_NOW = "2026-01-15T14:00:00Z"  # the docs' comment and history instant; see SEED.md
DOCS_SPACE = "Data Platform"
# The spec schema of the ids each alias may stand for.
ALIAS_SCHEMAS = {
    "spaces": "SpaceId",
    "users": "UserId",
    "products": "ProductId",
    "alerts": "AlertId",
}


def validator(schema_name: str) -> Draft202012Validator:
    """A validator of one spec schema; its `$ref`s resolve in the spec's components."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def by_id(name: str) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in WORLD[name]}


def test_world_is_the_docs_preset_written_by_the_project_writer() -> None:
    """`fixtures generate --api dataquality --preset docs` rebuilds it byte for byte."""
    assert set(WORLD) == {"sequences", *DECLARED}
    assert dumps_json(generate(1, "docs")) == WORLD_TEXT


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_records_validate_against_their_spec_schema(name: str) -> None:
    schema_name, internal = DECLARED[name].schema, set(DECLARED[name].internal)
    schemas = SPEC["components"]["schemas"]
    properties = set(schemas[schema_name]["properties"]) if schema_name else set()
    check = validator(schema_name) if schema_name else None
    uuid = validator("Uuid")
    assert WORLD[name], f"{name} is empty"
    for record in WORLD[name]:
        assert set(record) <= properties | internal, f"{name}: unknown fields in {record}"
        uuid.validate(record["id"])
        if check is not None:
            check.validate({key: value for key, value in record.items() if key in properties})


def test_ids_are_unique() -> None:
    ids = Counter(record["id"] for name in DECLARED for record in WORLD[name])
    assert [key for key, count in ids.items() if count > 1] == []


@pytest.mark.parametrize("name", sorted(ALIAS_SCHEMAS))
def test_each_docs_placeholder_names_one_record(name: str) -> None:
    """The spec lets `space-uuid` etc. stand for an id; the dataset says whose."""
    schema = SPEC["components"]["schemas"][ALIAS_SCHEMAS[name]]
    (placeholder,) = [branch["const"] for branch in schema["anyOf"] if "const" in branch]
    aliased = [record for record in WORLD[name] if record["alias"] is not None]
    assert [record["alias"] for record in aliased] == [placeholder]


def test_docs_space_has_the_docs_issue_among_eight() -> None:
    (space,) = (s for s in WORLD["spaces"] if s["name"] == DOCS_SPACE)
    issues = [issue for issue in WORLD["issues"] if issue["spaceId"] == space["id"]]
    docs = SPEC["paths"]["/issues"]["get"]["responses"]["200"]["content"]["application/json"]
    listed = docs["examples"]["docs"]["value"]
    assert len(issues) == listed["total"] == 8
    public = [{k: v for k, v in issue.items() if k != "spaceId"} for issue in issues]
    assert listed["items"][0] in public


def test_docs_users_and_keys() -> None:
    keys = {key: user for user in WORLD["users"] for key in user["apiKeys"]}
    assert keys["dq_test_jane"]["name"] == "Jane Developer"
    assert keys["dq_test_bob"]["name"] == "Bob Smith"
    assert keys["dq_test_jane"]["spaceIds"] == keys["dq_test_bob"]["spaceIds"]
    assert not set(keys["dq_test_eve"]["spaceIds"]) & set(keys["dq_test_jane"]["spaceIds"])
    eve_space = keys["dq_test_eve"]["spaceIds"][0]
    assert any(issue["spaceId"] == eve_space for issue in WORLD["issues"])


def test_references_resolve_within_the_issue_space() -> None:
    users, products, alerts = by_id("users"), by_id("products"), by_id("alerts")
    spaces = by_id("spaces")
    for issue in WORLD["issues"]:
        space = issue["spaceId"]
        assert space in spaces
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
    for alert in WORLD["alerts"]:
        assert products[alert["productId"]]["spaceId"] == alert["spaceId"]
    for comment in WORLD["comments"]:
        user = users[comment["author"]["id"]]
        assert comment["author"] == {k: user[k] for k in comment["author"]}


def test_histories_are_coherent_with_their_issues() -> None:
    issues, users = by_id("issues"), by_id("users")
    comments = {c["id"]: c for c in WORLD["comments"]}
    trails: dict[str, list[dict[str, Any]]] = {issue_id: [] for issue_id in issues}
    for item in WORLD["history"]:
        trails[item["issueId"]].append(item)
        assert item["actor"]["name"] == users[item["actor"]["id"]]["name"]
    for issue_id, trail in trails.items():
        issue = issues[issue_id]
        first, *_ = trail
        assert (first["action"], first["new_value"]) == ("created", "open")
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
        noted = [item["new_value"] for item in trail if item["action"] == "commented"]
        assert sorted(noted) == sorted(c for c in comments if comments[c]["issueId"] == issue_id)
        for comment_id in noted:
            item = next(i for i in trail if i["new_value"] == comment_id)
            comment = comments[comment_id]
            assert (item["actor"]["id"], item["timestamp"]) == (
                comment["author"]["id"],
                comment["created_at"],
            )


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


def test_every_issue_has_comments() -> None:
    commented = {comment["issueId"] for comment in WORLD["comments"]}
    assert commented == set(by_id("issues"))
