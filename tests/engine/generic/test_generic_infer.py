"""Inference of resources and behaviours from specs nobody wrote for this mock."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.engine.generic.infer import Inference, infer
from mockserver.engine.generic.model import Behaviour, Envelope, IdKind, Pagination
from mockserver.engine.generic.schemas import load_document
from tests.engine.generic.shop import LEGACY, SHOP

SPECS = Path(__file__).parent / "specs"


@pytest.fixture(scope="module")
def shop() -> Inference:
    return infer(SHOP)


@pytest.fixture(scope="module")
def legacy() -> Inference:
    return infer(LEGACY)


def behaviours(inference: Inference) -> dict[str, Behaviour]:
    return {plan.label: plan.behaviour for plan in inference.plans}


def test_collections_items_nested_actions_and_fallbacks(shop: Inference) -> None:
    assert behaviours(shop) == {
        "GET /products": Behaviour.LIST,
        "POST /products": Behaviour.CREATE,
        "GET /products/search": Behaviour.LIST,
        "GET /products/{productId}": Behaviour.GET,
        "PUT /products/{productId}": Behaviour.REPLACE,
        "PATCH /products/{productId}": Behaviour.UPDATE,
        "DELETE /products/{productId}": Behaviour.DELETE,
        "POST /products/{productId}/publish": Behaviour.ACTION,
        "GET /products/{productId}/reviews": Behaviour.LIST,
        "POST /products/{productId}/reviews": Behaviour.CREATE,
        "GET /products/{productId}/reviews/{reviewId}": Behaviour.GET,
        "GET /customers": Behaviour.LIST,
        "POST /customers": Behaviour.CREATE,
        "GET /customers/{slug}": Behaviour.GET,
        "GET /orders": Behaviour.LIST,
        "POST /orders": Behaviour.CREATE,
        "GET /orders/{id}": Behaviour.GET,
        "GET /health": Behaviour.EXAMPLE,
        "GET /report": Behaviour.GENERATED,
    }
    assert shop.plan("get", "/products/search").resource == "/products"
    assert shop.plan("post", "/products/{productId}/publish").resource == "/products"
    assert shop.plan("get", "/report").operation_id == "GET /report"


def test_ids_follow_the_parameter_type_and_format(shop: Inference) -> None:
    ids = {key: resource.id for key, resource in shop.resources.items()}
    assert {key: (i.param, i.field, i.kind) for key, i in ids.items() if i} == {
        "/products": ("productId", "id", IdKind.INTEGER),
        "/products/{productId}/reviews": ("reviewId", "id", IdKind.UUID),
        "/customers": ("slug", "slug", IdKind.STRING),
        "/orders": ("id", "id", IdKind.INTEGER),
    }


def test_nested_collection_is_scoped_to_its_parent(shop: Inference) -> None:
    reviews = shop.resources["/products/{productId}/reviews"]
    assert (reviews.scope, reviews.parent, reviews.parent_field) == (
        ("productId",),
        "/products",
        "productId",
    )


def test_record_schema_unwraps_a_single_record_envelope(shop: Inference) -> None:
    orders = shop.resources["/orders"]
    assert orders.item_key == "data"
    assert set(shop.schemas.properties(orders.schema)) == {"id", "total", "customer"}


def test_list_shapes_are_read_from_the_schema(shop: Inference) -> None:
    assert shop.plan("get", "/products").envelope == Envelope(
        "items", (("total", "total"), ("page", "page"), ("size", "size"))
    )
    assert shop.plan("get", "/customers").envelope == Envelope(
        "data",
        (
            ("links.self", "self"),
            ("links.next", "next"),
            ("meta.total_count", "total"),
            ("meta.has_more", "has_more"),
        ),
    )
    assert shop.plan("get", "/orders").envelope == Envelope(
        "results", (("count", "count"), ("next", "next"), ("previous", "prev"))
    )
    assert shop.plan("get", "/products/search").envelope == Envelope(None)


def test_paging_conventions_from_the_parameters(shop: Inference) -> None:
    assert shop.plan("get", "/products").pagination == Pagination(
        "page", page="page", size="size", first_page=1, default_size=20, max_size=100
    )
    assert shop.plan("get", "/orders").pagination == Pagination(
        "page", page="page", size="per_page"
    )
    assert shop.plan("get", "/products/{productId}/reviews").pagination == Pagination(
        "offset", size="limit", offset="offset", max_size=50
    )
    assert shop.plan("get", "/customers").pagination == Pagination(
        "cursor", size="limit", cursor="cursor"
    )


def test_query_parameters_naming_fields_filter(shop: Inference) -> None:
    products = shop.plan("get", "/products")
    assert products.filters == (("category", "category"), ("status", "status"))
    assert products.notes == ("ignored: sort",)
    assert shop.plan("get", "/products/search").filters == (("tags", "tags"),)
    assert shop.plan("get", "/customers").filters == (("email", "email"),)


def test_success_status_prefers_the_natural_one(shop: Inference, legacy: Inference) -> None:
    assert shop.plan("post", "/products").status == "201"
    assert shop.plan("delete", "/products/{productId}").status == "204"
    assert legacy.plan("post", "/things").status == "201"
    assert "success status from `default`" in legacy.plan("post", "/things").notes
    # Only an error is documented: the behaviour stays, the answer is the documented status.
    delete = legacy.plan("delete", "/things/{id}")
    assert (delete.behaviour, delete.status) == (Behaviour.DELETE, "400")


def test_a_30_spec_with_nullable_and_default_responses(legacy: Inference) -> None:
    thing = legacy.schemas.properties(legacy.resources["/things"].schema)
    assert thing["note"]["type"] == ["string", "null"]
    assert thing["kind"]["enum"] == ["a", "b", None]
    assert thing["weight"]["exclusiveMinimum"] == 0 and "minimum" not in thing["weight"]
    parts = legacy.resources["/things/{id}/parts"]
    assert (parts.parent, parts.parent_field, parts.scope) == ("/things", "thing_id", ("id",))
    assert legacy.plan("get", "/things/{id}/parts").behaviour is Behaviour.LIST


def test_a_collection_put_with_the_id_in_the_body_replaces(legacy: Inference) -> None:
    put = legacy.plan("put", "/things")
    assert (put.behaviour, put.resource, put.body_id) == (Behaviour.REPLACE, "/things", True)


def test_an_unresolvable_reference_is_answered_generically(legacy: Inference) -> None:
    assert legacy.plan("get", "/broken").behaviour is Behaviour.GENERATED


@pytest.mark.parametrize(
    "document",
    [
        {"openapi": "3.1.0", "info": {"title": "empty", "version": "1"}},
        {"openapi": "3.0.0", "paths": {"/x": {"get": {}}}},
        {"openapi": "3.1.0", "paths": {"/x/{id}": {"get": {"responses": {"200": "junk"}}}}},
        {"openapi": "3.1.0", "paths": {"/a": {"post": {"requestBody": {"$ref": "#/nowhere"}}}}},
        {"openapi": "3.0.0", "paths": {"/a": None, "/b": {"parameters": [{"$ref": "#/x"}]}}},
    ],
)
def test_odd_documents_never_stop_inference(document: dict[str, object]) -> None:
    inference = infer(document)
    assert all(plan.behaviour in Behaviour for plan in inference.plans)


def test_petstore_expanded() -> None:
    inference = infer(load_document(SPECS / "petstore-expanded.yaml"))
    assert behaviours(inference) == {
        "GET /pets": Behaviour.LIST,
        "POST /pets": Behaviour.CREATE,
        "GET /pets/{id}": Behaviour.GET,
        "DELETE /pets/{id}": Behaviour.DELETE,
    }
    pets = inference.resources["/pets"]
    assert pets.id is not None and (pets.id.field, pets.id.kind) == ("id", IdKind.INTEGER)
    # `allOf` of NewPet and the id: the record has all three fields.
    assert set(inference.schemas.properties(pets.schema)) == {"id", "name", "tag"}
    listing = inference.plan("get", "/pets")
    assert listing.pagination == Pagination("limit", size="limit")
    assert listing.filters == (("tags", "tag"),)
    assert inference.plan("post", "/pets").status == "200"


def test_museum_31() -> None:
    inference = infer(load_document(SPECS / "museum.yaml"))
    events = inference.resources["/special-events"]
    assert events.id is not None and (events.id.field, events.id.kind) == ("eventId", IdKind.UUID)
    tickets = inference.resources["/tickets"]
    assert tickets.item_path == "/tickets/{ticketId}"  # implied by /tickets/{ticketId}/qr
    qr = inference.plan("get", "/tickets/{ticketId}/qr")
    assert (qr.behaviour, qr.resource, qr.media_type) == (
        Behaviour.GENERATED,
        "/tickets",
        "image/png",
    )
    assert inference.plan("patch", "/special-events/{eventId}").behaviour is Behaviour.UPDATE
    hours = inference.resources["/museum-hours"]
    assert hours.id is None  # a read-only list: records without ids
    assert inference.plan("get", "/special-events").pagination == Pagination(
        "page", page="page", size="limit", default_size=10, max_size=30
    )
