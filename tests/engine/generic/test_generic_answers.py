"""List pages, error bodies and credential checks, as the generic handlers use them."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from mockserver.engine.generic.infer import Inference, infer
from mockserver.engine.generic.operations import RawOperation
from mockserver.engine.generic.pages import cursor_for, paginate, render, select, start_of
from mockserver.engine.generic.problems import problem
from mockserver.engine.generic.schemas import load_document
from mockserver.engine.generic.security import Request, authorised, requirements, schemes
from mockserver.engine.generic.seed import Seeded, Seeder
from tests.engine.generic.shop import SHOP

SPECS = Path(__file__).parent / "specs"


Shop = tuple[Inference, Seeder, list[Seeded]]


@pytest.fixture(scope="module")
def shop() -> Shop:
    inference = infer(SHOP)
    seeder = Seeder(inference, seed=2, count=7)
    return inference, seeder, seeder.run()


def operation(inference: Inference, method: str, path: str) -> RawOperation:
    return next(o for o in inference.operations if (o.method, o.path) == (method, path))


def listed(shop: Shop, path: str, query: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    inference, seeder, seeds = shop
    plan = inference.plan("get", path)
    records = [s.record for s in seeds if s.resource == path]
    page = paginate(select(records, plan, query), plan.pagination, query)

    def link(overrides: dict[str, Any]) -> str:
        merged = {**query, **overrides}
        return f"http://mock{path}?" + "&".join(f"{k}={v}" for k, v in merged.items())

    body = render(seeder.generator, plan, page, link)
    assert plan.schema is not None and inference.schemas.is_valid(plan.schema, body)
    return body, records


def test_page_and_size_with_totals(shop: Shop) -> None:
    body, records = listed(shop, "/products", {"page": 2, "size": 3})
    assert [r["id"] for r in body["items"]] == [r["id"] for r in records[3:6]]
    assert (body["total"], body["page"], body["size"]) == (len(records), 2, 3)


def test_a_page_past_the_end_is_empty_with_the_true_total(
    shop: Shop,
) -> None:
    body, records = listed(shop, "/products", {"page": 9, "size": 3})
    assert body["items"] == [] and body["total"] == len(records)


def test_filters_combine(shop: Shop) -> None:
    _, records = listed(shop, "/products", {})
    status = records[0]["status"]
    body, _ = listed(shop, "/products", {"status": status, "size": 100})
    assert [r["id"] for r in body["items"]] == [r["id"] for r in records if r["status"] == status]
    body, _ = listed(shop, "/products", {"status": status, "category": "no-such", "size": 100})
    assert body["items"] == [] and body["total"] == 0


def test_page_per_page_links_count_next_previous(shop: Shop) -> None:
    body, records = listed(shop, "/orders", {"page": 2, "per_page": 2})
    assert body["count"] == len(records)
    assert body["next"] == "http://mock/orders?page=3&per_page=2"
    assert body["previous"] == "http://mock/orders?page=1&per_page=2"
    last, _ = listed(shop, "/orders", {"page": 4, "per_page": 2})
    assert last["next"] is None


def test_cursor_paging_walks_the_whole_list(shop: Shop) -> None:
    seen: list[str] = []
    query: dict[str, Any] = {"limit": 3}
    for _ in range(10):
        body, records = listed(shop, "/customers", query)
        seen.extend(r["slug"] for r in body["data"])
        assert body["meta"]["total_count"] == len(records)
        if body["links"]["next"] is None:
            break
        assert body["meta"]["has_more"] is True
        query = {"limit": 3, "cursor": body["links"]["next"].split("cursor=")[1].split("&")[0]}
    assert seen == [r["slug"] for r in records]


def test_offset_paging_and_bare_arrays(shop: Shop) -> None:
    inference, _, _ = shop
    plan = inference.plan("get", "/products/{productId}/reviews")
    page = paginate(list(range(10)), plan.pagination, {"offset": 4, "limit": 3})
    assert (page.records, page.total, page.has_next) == ([4, 5, 6], 10, True)


def test_cursors_round_trip_and_junk_means_the_start() -> None:
    assert start_of(cursor_for(42)) == 42
    assert start_of("not a cursor!") == 0
    assert start_of(None) == 0


def test_not_found_in_each_specs_error_shape(shop: Shop) -> None:
    inference, seeder, _ = shop
    found = problem(
        seeder.generator, operation(inference, "get", "/products/{productId}"), 404, "no product 9"
    )
    assert (found.status, found.media_type, found.body) == (
        404,
        "application/json",
        {"code": "NOT_FOUND", "message": "no product 9"},
    )
    pets = infer(load_document(SPECS / "petstore-expanded.yaml"))
    generator = Seeder(pets, seed=1).generator
    answer = problem(generator, operation(pets, "get", "/pets/{id}"), 404, "no pet 3")
    assert answer.body == {"code": 404, "message": "no pet 3"}  # from `default`
    museum = infer(load_document(SPECS / "museum.yaml"))
    generator = Seeder(museum, seed=1).generator
    answer = problem(
        generator, operation(museum, "get", "/special-events/{eventId}"), 404, "no event"
    )
    assert answer.media_type == "application/problem+json"
    assert answer.body["title"] == "no event"


def test_an_undocumented_error_still_names_the_problem(shop: Shop) -> None:
    inference, seeder, _ = shop
    answer = problem(
        seeder.generator, operation(inference, "get", "/products/search"), 401, "no key"
    )
    assert (answer.status, answer.body) == (401, {"message": "no key"})


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


SECURED: dict[str, Any] = {
    "openapi": "3.1.0",
    "security": [{"key": []}, {"basic": [], "cookie": []}],
    "paths": {
        "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
        "/open": {"get": {"security": [], "responses": {"200": {"description": "ok"}}}},
        "/maybe": {"get": {"security": [{}, {"oauth": []}], "responses": {}}},
        "/oauth": {"get": {"security": [{"oauth": ["read"]}], "responses": {}}},
    },
    "components": {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "query", "name": "api_key"},
            "basic": {"type": "http", "scheme": "basic"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            "oauth": {"type": "oauth2", "flows": {}},
        }
    },
}


@pytest.mark.parametrize(
    ("path", "headers", "query", "cookies", "expected"),
    [
        ("/a", {}, {}, {}, False),
        ("/a", {}, {"api_key": "anything"}, {}, True),
        ("/a", {"authorization": basic("u", "p")}, {}, {}, False),  # the cookie is missing
        ("/a", {"Authorization": basic("u", "p")}, {}, {"session": "s"}, True),
        ("/a", {"Authorization": "Basic !!!"}, {}, {"session": "s"}, False),
        ("/open", {}, {}, {}, True),
        ("/maybe", {}, {}, {}, True),
        ("/oauth", {"Authorization": "Bearer t"}, {}, {}, True),
        ("/oauth", {"Authorization": "Bearer "}, {}, {}, False),
        ("/oauth", {"Authorization": "Token t"}, {}, {}, False),
    ],
)
def test_presence_checks(
    path: str,
    headers: dict[str, str],
    query: dict[str, str],
    cookies: dict[str, str],
    expected: bool,
) -> None:
    inference = infer(SECURED)
    op = operation(inference, "get", path)
    request = Request(headers, query, cookies)
    alternatives = requirements(inference.schemas, op)
    assert authorised(alternatives, schemes(inference.schemas), request) is expected


def test_configured_keys_must_match() -> None:
    inference = infer(SECURED)
    op = operation(inference, "get", "/a")
    known, alternatives = schemes(inference.schemas), requirements(inference.schemas, op)
    right = Request({}, {"api_key": "k1"}, {})
    wrong = Request({}, {"api_key": "k2"}, {})
    assert authorised(alternatives, known, right, keys={"k1"})
    assert not authorised(alternatives, known, wrong, keys={"k1"})
    with_basic = Request({"Authorization": basic("u", "p")}, {}, {"session": "k1"})
    assert authorised(alternatives, known, with_basic, keys={"u:p", "k1"})
