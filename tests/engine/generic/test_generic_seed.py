"""Seeded records: examples first, then Faker by format and name; valid and reproducible."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from mockserver.engine.generic.generate import Generator
from mockserver.engine.generic.infer import Inference, infer
from mockserver.engine.generic.schemas import load_document
from mockserver.engine.generic.seed import IdMint, Seeded, seed_records
from mockserver.engine.generic.values import Values
from tests.engine.generic.shop import LEGACY, SHOP

SPECS = Path(__file__).parent / "specs"
DOCUMENTS = {
    "shop": SHOP,
    "legacy": LEGACY,
    "petstore": load_document(SPECS / "petstore-expanded.yaml"),
    "museum": load_document(SPECS / "museum.yaml"),
}


def by_resource(seeds: list[Seeded], key: str) -> list[Seeded]:
    return [seed for seed in seeds if seed.resource == key]


def content(seeds: list[Seeded]) -> list[tuple[str, Any, dict[str, Any], dict[str, Any]]]:
    return [(s.resource, s.id, s.record, s.scope) for s in seeds]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_seeded_record_validates_against_its_schema(name: str) -> None:
    inference = infer(DOCUMENTS[name])
    seeds = seed_records(inference, seed=5)
    assert {s.resource for s in seeds} == set(inference.resources)
    for seed in seeds:
        schema = inference.resources[seed.resource].schema
        assert inference.schemas.is_valid(schema, seed.record), (seed.resource, seed.record)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_same_seed_gives_the_same_records(name: str) -> None:
    first = content(seed_records(infer(DOCUMENTS[name]), seed=9))
    assert first == content(seed_records(infer(DOCUMENTS[name]), seed=9))


def test_another_seed_gives_other_records() -> None:
    first = content(seed_records(infer(SHOP), seed=1))
    assert first != content(seed_records(infer(SHOP), seed=2))


def test_examples_come_first_and_keep_their_ids() -> None:
    inference = infer(DOCUMENTS["museum"])
    seeds = seed_records(inference, seed=1)
    listed = inference.plan("get", "/special-events").examples[0]
    events = by_resource(seeds, "/special-events")
    assert [s.id for s in events] == [record["eventId"] for record in listed]
    assert events[0].record == listed[0]
    tickets = by_resource(seeds, "/tickets")
    assert [s.id for s in tickets[:2]] == [
        "382c0820-0530-4f4b-99af-13811ad0f17a",
        "b811f723-17b2-44f7-8952-24b03e43d8a9",
    ]
    assert len(tickets) == 5  # two examples, three generated
    assert all(uuid.UUID(str(s.id)).version == 4 for s in tickets[2:])


def test_integer_ids_continue_after_the_examples() -> None:
    things = by_resource(seed_records(infer(LEGACY), seed=3), "/things")
    assert things[0].record == {"id": 7, "label": "seven", "weight": 1.5, "note": None}
    assert [s.id for s in things] == [7, 8, 9, 10, 11]
    assert all(s.record["id"] == s.id for s in things)


def test_nested_records_belong_to_seeded_parents() -> None:
    seeds = seed_records(infer(SHOP), seed=4)
    products = {s.id for s in by_resource(seeds, "/products")}
    reviews = by_resource(seeds, "/products/{productId}/reviews")
    assert len(reviews) == 2 * len(products)
    for review in reviews:
        assert review.scope == {"productId": review.record["productId"]}
        assert review.record["productId"] in products


def test_providers_follow_format_and_name() -> None:
    seeds = seed_records(infer(SHOP), seed=8, count=12)
    customers = by_resource(seeds, "/customers")
    assert len(customers) == 12
    for customer in (s.record for s in customers):
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", customer["email"])
        assert re.fullmatch(r"[a-z]{3,8}(-[a-z]{2,6})?", customer["slug"])
        assert customer["first_name"].replace("'", "").isalpha()
        if "birthday" in customer:
            dt.date.fromisoformat(customer["birthday"])
        if "address" in customer and "country" in customer["address"]:
            assert len(customer["address"]["country"]) == 2
    for product in (s.record for s in by_resource(seeds, "/products")):
        assert 0.5 <= product["price"] <= 99.99
        assert re.fullmatch(r"[A-Z]{3}-[0-9]{4}", product["sku"])
        assert product["status"] in ("draft", "active", "archived")
        if "created_at" in product:
            dt.datetime.fromisoformat(product["created_at"].replace("Z", "+00:00"))
    orders = [s.record for s in by_resource(seeds, "/orders")]
    assert all(10 <= order["total"] <= 20 for order in orders)


def test_string_values_by_property_name() -> None:
    values = Values(3)
    assert "@" in values.string({}, "contactEmail", "")
    assert values.string({}, "city", "") != values.string({}, "city", "")
    assert values.string({"maxLength": 2}, "country", "").isupper()
    assert values.string({}, "website", "").startswith("http")
    assert uuid.UUID(values.string({"format": "uuid"}, "x", ""))
    assert len(values.string({"maxLength": 12}, "description", "")) <= 12
    assert len(values.string({"minLength": 30}, "nickname", "")) >= 30
    assert re.fullmatch(
        r"\d\d:\d\d", values.string({"pattern": r"^([01]\d|2[0-3]):([0-5]\d)$"}, "t", "")
    )


def test_numbers_stay_within_bounds() -> None:
    values = Values(4)
    for _ in range(50):
        assert 10 < values.integer({"exclusiveMinimum": 10, "maximum": 12}, "n") <= 12
        assert values.integer({"minimum": 0, "maximum": 100, "multipleOf": 25}, "n") % 25 == 0
        assert 1.5 <= values.number({"minimum": 1.5, "maximum": 1.6}, "price") <= 1.6
        assert values.integer({"format": "int32", "minimum": -(2**40)}, "n") >= -(2**31)


def test_composed_schemas_generate_valid_values() -> None:
    inference: Inference = infer(SHOP)
    generator = Generator(inference.schemas, Values(6))
    variant = inference.schemas.properties({"$ref": "#/components/schemas/Product"})["variant"]
    kinds = {type(generator.valid(variant, "variant")).__name__ for _ in range(20)}
    assert kinds == {"dict", "str"}  # both oneOf branches are used
    nullable = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    assert {generator.valid(nullable) is None for _ in range(60)} == {True, False}


def test_id_mint_never_reissues_an_id() -> None:
    inference = infer(SHOP)
    generator = Generator(inference.schemas, Values(1))
    products = IdMint(inference.resources["/products"], generator)
    products.take(10)
    assert [products.fresh(), products.fresh()] == [11, 12]
    customers = IdMint(inference.resources["/customers"], generator)
    slugs = {customers.fresh() for _ in range(20)}
    assert len(slugs) == 20
    reviews = IdMint(inference.resources["/products/{productId}/reviews"], generator)
    assert len({reviews.fresh() for _ in range(20)}) == 20
