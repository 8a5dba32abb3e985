"""The issue list: scope, combined filters, order and pages."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver.apis.dataquality.api import default_dataset
from tests.apis.dataquality.dq import (
    CUSTOMER_EVENTS,
    DATA_PLATFORM,
    EVE,
    GROWTH,
    JANE_ID,
    SAM,
    SPEC,
    TRANSACTIONS,
    UNKNOWN,
    call,
    error_code,
)

WORLD = default_dataset()
PARAMETERS = {p["name"]: p for p in SPEC["paths"]["/issues"]["get"]["parameters"]}


def in_space(space: str) -> list[dict[str, Any]]:
    return [issue for issue in WORLD["issues"] if issue["spaceId"] == space]


def test_defaults_are_the_spec_defaults(client: FlaskClient) -> None:
    listed = call(client, "GET", "/issues")
    assert listed["page"] == PARAMETERS["page"]["schema"]["default"]
    assert listed["size"] == PARAMETERS["size"]["schema"]["default"]


def test_newest_first(client: FlaskClient) -> None:
    stamps = [i["created_at"] for i in call(client, "GET", "/issues")["items"]]
    assert stamps == sorted(stamps, reverse=True)


def test_issues_created_in_one_second_list_the_later_first(client: FlaskClient) -> None:
    made = [
        call(
            client,
            "POST",
            "/issues",
            body={"title": f"t{n}", "space_id": DATA_PLATFORM},
            status=201,
        )
        for n in range(3)
    ]
    listed = call(client, "GET", "/issues?size=3")["items"]
    assert [i["id"] for i in listed] == [i["id"] for i in reversed(made)]


@pytest.mark.parametrize("size", [1, 3, 5, 8, 100])
def test_pages_cover_the_list_once(client: FlaskClient, size: int) -> None:
    everything = call(client, "GET", "/issues?size=100")["items"]
    seen: list[dict[str, Any]] = []
    for page in itertools.count(1):
        answer = call(client, "GET", f"/issues?page={page}&size={size}")
        assert (answer["total"], answer["page"], answer["size"]) == (8, page, size)
        if not answer["items"]:
            break
        seen += answer["items"]
    assert seen == everything


@pytest.mark.parametrize("page", [2, 9, 1000000])
def test_a_page_past_the_end_is_empty_with_the_true_total(client: FlaskClient, page: int) -> None:
    answer = call(client, "GET", f"/issues?page={page}&size=8")
    assert answer == {"items": [], "total": 8, "page": page, "size": 8}


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "size=0", "size=101", "page=x", "size=1.5", "page=1000001"]
)
def test_paging_out_of_bounds_is_400(client: FlaskClient, query: str) -> None:
    assert error_code(client, "GET", f"/issues?{query}", 400) == "validation_error"


FILTERS = {
    "status": ("status", ["open", "in_progress", "resolved"]),
    "priority": ("priority", ["low", "high", "critical"]),
    "product_id": ("product", [CUSTOMER_EVENTS, TRANSACTIONS]),
    "assignee_id": ("assignee", [JANE_ID]),
}


def expected(query: dict[str, str]) -> list[str]:
    def value(issue: dict[str, Any], field: str) -> Any:
        found = issue[field]
        return found["id"] if isinstance(found, dict) else found

    return [
        issue["id"]
        for issue in in_space(DATA_PLATFORM)
        if all(value(issue, FILTERS[k][0]) == v for k, v in query.items())
    ]


COMBINATIONS = [
    dict(zip(names, values, strict=True))
    for names in itertools.combinations(FILTERS, 2)
    for values in itertools.product(*(FILTERS[n][1] for n in names))
]


@pytest.mark.parametrize(
    "query", COMBINATIONS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items())
)
def test_filters_combine(client: FlaskClient, query: dict[str, str]) -> None:
    text = "&".join(f"{k}={v}" for k, v in query.items())
    answer = call(client, "GET", f"/issues?{text}&size=100")
    assert sorted(i["id"] for i in answer["items"]) == sorted(expected(query))
    assert answer["total"] == len(expected(query))


def test_a_filter_that_matches_nothing_is_an_empty_page(client: FlaskClient) -> None:
    for name in ("product_id", "assignee_id", "alert_id"):
        assert call(client, "GET", f"/issues?{name}={UNKNOWN}")["total"] == 0


def test_a_member_of_two_spaces_lists_both(client: FlaskClient) -> None:
    assert call(client, "GET", "/issues", who=SAM)["total"] == len(WORLD["issues"])
    for space in (DATA_PLATFORM, GROWTH):
        answer = call(client, "GET", f"/issues?space_id={space}", who=SAM)
        assert answer["total"] == len(in_space(space))


def test_space_filter_is_isolated(client: FlaskClient) -> None:
    assert error_code(client, "GET", f"/issues?space_id={GROWTH}", 403) == "forbidden"
    assert error_code(client, "GET", "/issues?space_id=space-uuid", 403, who=EVE) == "forbidden"
    assert error_code(client, "GET", f"/issues?space_id={UNKNOWN}", 404) == "not_found"
    eve = call(client, "GET", "/issues", who=EVE)
    assert {i["id"] for i in eve["items"]} == {i["id"] for i in in_space(GROWTH)}


@pytest.mark.parametrize(
    "query",
    [
        "space_id=abc",
        "product_id=issue-uuid",
        "assignee_id=space-uuid",
        "alert_id=ALERT-UUID",
        "space_id=7FABA3F2-31F0-54BA-B580-F5DFEE448D43",
        "status=closed",
        "priority=urgent",
    ],
)
def test_malformed_filters_are_400(client: FlaskClient, query: str) -> None:
    assert error_code(client, "GET", f"/issues?{query}", 400) == "validation_error"
