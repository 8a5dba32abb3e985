"""Zero-code round trips on public specs nobody here wrote, served strictly in process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.engine.generic.model import Behaviour
from tests.engine.generic.served import (
    DATAQUALITY,
    DQ_KEY,
    MUSEUM,
    MUSEUM_KEY,
    PETSTORE,
    basic,
    serve,
    write_spec,
)
from tests.engine.generic.shop import LEGACY, SHOP

AUTH = basic(MUSEUM_KEY)
EVENT = {
    "name": "Night at the Museum",
    "location": "Great Hall",
    "eventDescription": "Exhibits after dark.",
    "dates": ["2025-04-01", "2025-04-08"],
    "price": 12.5,
}


def test_petstore_round_trip() -> None:
    served, client = serve(PETSTORE)
    # The spec has no PUT or PATCH: create, get, list, delete, then 404 is its whole cycle.
    behaviours = {plan.behaviour for plan in served.inference.plans}
    assert not behaviours & {Behaviour.REPLACE, Behaviour.UPDATE}
    created = client.post("/api/pets", json={"name": "Rex", "tag": "dog"})
    assert created.status_code == 200  # the status the spec declares for addPet
    pet = created.get_json()
    assert pet == {"name": "Rex", "tag": "dog", "id": pet["id"]}
    assert client.get(f"/api/pets/{pet['id']}").get_json() == pet
    assert pet in client.get("/api/pets?limit=100").get_json()
    assert client.get("/api/pets?tags=dog").get_json() == [pet]
    deleted = client.delete(f"/api/pets/{pet['id']}")
    assert (deleted.status_code, deleted.data) == (204, b"")
    gone = client.get(f"/api/pets/{pet['id']}")
    assert gone.status_code == 404
    assert gone.get_json() == {"code": 404, "message": f"No pet with id {pet['id']}"}
    assert pet not in client.get("/api/pets?limit=100").get_json()


def test_petstore_limit_and_validation() -> None:
    _, client = serve(PETSTORE)
    assert len(client.get("/api/pets?limit=2").get_json()) == 2
    refused = client.post("/api/pets", json={"tag": "no name"})
    assert refused.status_code == 400
    assert (
        set(refused.get_json()) == {"code", "message"} and "name" in refused.get_json()["message"]
    )


def find_event(client: Any, event_id: str) -> dict[str, Any] | None:
    """Walks the page/limit pages of the event list."""
    for page in range(1, 20):
        listed = client.get(f"/v1.1/special-events?page={page}&limit=5", headers=AUTH).get_json()
        match = [event for event in listed if event["eventId"] == event_id]
        if match or not listed:
            return match[0] if match else None
    return None


def test_museum_round_trip_with_patch() -> None:
    _, client = serve(MUSEUM, keys=[MUSEUM_KEY])
    created = client.post("/v1.1/special-events", json=EVENT, headers=AUTH)
    assert created.status_code == 201
    event = created.get_json()
    assert event == {**EVENT, "eventId": event["eventId"]}
    url = f"/v1.1/special-events/{event['eventId']}"
    assert client.get(url, headers=AUTH).get_json() == event
    assert find_event(client, event["eventId"]) == event
    patched = client.patch(url, json={"price": 20, "location": "Roof"}, headers=AUTH)
    assert patched.get_json() == {**event, "price": 20, "location": "Roof"}
    assert client.get(url, headers=AUTH).get_json()["location"] == "Roof"
    deleted = client.delete(url, headers=AUTH)
    assert (deleted.status_code, deleted.data) == (204, b"")
    gone = client.get(url, headers=AUTH)
    assert gone.status_code == 404
    assert gone.content_type == "application/problem+json"
    assert gone.get_json()["title"] == f"No special-event with eventId {event['eventId']}"
    assert find_event(client, event["eventId"]) is None


def test_museum_examples_are_the_starting_records() -> None:
    _, client = serve(MUSEUM, keys=[MUSEUM_KEY])
    first = client.get("/v1.1/special-events?page=1&limit=3", headers=AUTH).get_json()
    assert [event["name"] for event in first] == [
        "Sasquatch Ballet",
        "Solar Telescope Demonstration",
        "Cook like a Caveman",
    ]
    mermaid = client.get(
        "/v1.1/special-events/dad4bce8-f5cb-4078-a211-995864315e39", headers=AUTH
    ).get_json()
    assert mermaid["location"] == "Room Sea-12"  # the list example comes first
    # The ticket id the spec's parameter shows is a seeded ticket: its QR code is there.
    qr = client.get("/v1.1/tickets/a54a57ca-36f8-421b-a6b4-2e8f26858a4c/qr", headers=AUTH)
    assert (qr.status_code, qr.content_type, qr.data[:4]) == (200, "image/png", b"\x89PNG")


def test_museum_tickets_and_their_qr_codes() -> None:
    _, client = serve(MUSEUM, keys=[MUSEUM_KEY])
    bought = client.post(
        "/v1.1/tickets",
        json={"ticketType": "general", "ticketDate": "2025-05-01", "email": "a@example.com"},
        headers=AUTH,
    )
    assert bought.status_code == 201
    ticket = bought.get_json()
    assert (ticket["ticketType"], ticket["ticketDate"]) == ("general", "2025-05-01")
    qr = client.get(f"/v1.1/tickets/{ticket['ticketId']}/qr", headers=AUTH)
    assert (qr.status_code, qr.content_type) == (200, "image/png")
    unknown = client.get("/v1.1/tickets/00000000-0000-4000-8000-000000000000/qr", headers=AUTH)
    assert unknown.status_code == 404


def test_museum_credentials() -> None:
    _, client = serve(MUSEUM, keys=[MUSEUM_KEY])
    url = "/v1.1/special-events/dad4bce8-f5cb-4078-a211-995864315e39"
    missing = client.delete(url)  # deleteSpecialEvent documents its 401
    assert (missing.status_code, missing.headers["WWW-Authenticate"]) == (401, "Basic")
    assert "no credential" in missing.get_json()["title"]
    wrong = client.delete(url, headers=basic("visitor:wrong"))
    assert wrong.status_code == 401 and "not accepted" in wrong.get_json()["title"]
    _, open_client = serve(MUSEUM)  # no keys configured: any well-formed credential
    assert open_client.delete(url, headers=basic("anyone:at-all")).status_code == 204
    assert open_client.delete(url, headers={"Authorization": "Basic %%%"}).status_code == 401


def test_the_same_seed_serves_the_same_records() -> None:
    answers = [serve(PETSTORE, seed=seed)[1].get("/api/pets").get_json() for seed in (4, 4, 5)]
    assert answers[0] == answers[1] != answers[2]


@pytest.fixture
def shop(tmp_path: Path) -> Any:
    return serve(write_spec(tmp_path, SHOP))[1]


BEARER = {"Authorization": "Bearer token"}
REVIEW_ID = "00000000-0000-4000-8000-000000000001"
PRODUCT = {"name": "Lamp", "price": 20.0, "sku": "LMP-0001", "status": "draft"}


def test_nested_collections_follow_their_parent(shop: Any) -> None:
    product = shop.post("/products", json=PRODUCT, headers=BEARER).get_json()
    reviews = f"/products/{product['id']}/reviews"
    review = shop.post(reviews, json={"id": REVIEW_ID, "productId": 0, "stars": 4}, headers=BEARER)
    assert review.status_code == 201
    body = review.get_json()
    assert body == {"id": REVIEW_ID, "productId": product["id"], "stars": 4, **body}
    assert shop.get(reviews, headers=BEARER).get_json() == [body]
    assert shop.get(f"{reviews}/{body['id']}", headers=BEARER).get_json() == body
    assert shop.delete(f"/products/{product['id']}", headers=BEARER).status_code == 204
    assert shop.get(f"{reviews}/{body['id']}", headers=BEARER).status_code == 404
    orphan = shop.get(reviews, headers=BEARER)
    assert orphan.status_code == 404
    assert orphan.get_json() == {
        "code": "NOT_FOUND",
        "message": f"No product with productId {product['id']}",
    }


def test_replace_update_and_wrapped_lists(shop: Any) -> None:
    product = shop.post("/products", json=PRODUCT, headers=BEARER).get_json()
    url = f"/products/{product['id']}"
    replaced = shop.put(url, json={**PRODUCT, "name": "Desk lamp"}, headers=BEARER).get_json()
    assert (replaced["id"], replaced["name"]) == (product["id"], "Desk lamp")
    assert shop.patch(url, json={"price": 30.0}, headers=BEARER).get_json()["price"] == 30.0
    assert shop.put("/products/999999", json=PRODUCT, headers=BEARER).status_code == 404
    listed = shop.get("/products?page=1&size=2&status=draft", headers=BEARER).get_json()
    assert (listed["page"], listed["size"], len(listed["items"]) <= 2) == (1, 2, True)
    assert all(item["status"] == "draft" for item in listed["items"])
    assert product["id"] in [
        p["id"] for p in shop.get("/products?size=100", headers=BEARER).get_json()["items"]
    ]


def test_cursor_links_lead_through_the_list(shop: Any) -> None:
    seen: list[str] = []
    url: str | None = "/customers?limit=2"
    while url:
        page = shop.get(url, headers=BEARER).get_json()
        seen.extend(customer["slug"] for customer in page["data"])
        url = (
            page["links"]["next"].removeprefix("http://localhost")
            if page["links"]["next"]
            else None
        )
    assert len(seen) == len(set(seen)) == page["meta"]["total_count"]


def test_open_operations_and_examples(shop: Any) -> None:
    assert shop.get("/health").get_json() == {"ok": True}  # security: [] and its example
    assert shop.get("/products").status_code == 401


def test_a_partly_understood_spec_still_starts(tmp_path: Path) -> None:
    served, client = serve(write_spec(tmp_path, LEGACY), strict=False)
    assert "GET     /broken" in served.table
    assert client.get("/broken").status_code == 200
    assert client.get("/things/7").get_json() == {
        "id": 7,
        "label": "seven",
        "weight": 1.5,
        "note": None,
    }
    assert client.get("/things/7/parts").status_code == 200
    assert client.get("/things/999/parts").status_code == 404
    renamed = client.put("/things", json={"id": 7, "label": "renamed"})
    assert renamed.get_json() == {"id": 7, "label": "renamed"}
    assert client.get("/things/7").get_json() == {"id": 7, "label": "renamed"}
    assert client.put("/things", json={"id": 999, "label": "nobody"}).status_code == 404


def test_the_data_quality_spec_served_with_no_code() -> None:
    _, client = serve(DATAQUALITY, keys=[DQ_KEY])
    headers = {"Authorization": f"Bearer {DQ_KEY}"}
    space = "6f0c8a34-8d1b-4b7e-9d2a-5a0b3c4d5e6f"
    created = client.post(
        "/dq/issues",
        json={"title": "Late loads", "space_id": space, "priority": "high"},
        headers=headers,
    )
    assert created.status_code == 201
    issue = created.get_json()
    assert (issue["title"], issue["priority"]) == ("Late loads", "high")
    url = f"/dq/issues/{issue['id']}"
    assert client.get(url, headers=headers).get_json() == issue
    listed = client.get("/dq/issues?priority=high&size=100", headers=headers).get_json()
    assert issue in listed["items"] and listed["total"] == len(listed["items"])
    assert all(item["priority"] == "high" for item in listed["items"])
    patched = client.patch(url, json={"priority": "low"}, headers=headers).get_json()
    assert patched == {**issue, "priority": "low"}
    comment = client.post(f"{url}/comments", json={"content": "On it."}, headers=headers)
    assert comment.status_code == 201
    assert client.delete(url, headers=headers).status_code == 204
    for gone in (url, f"{url}/comments"):
        answer = client.get(gone, headers=headers)
        assert answer.status_code == 404
        assert answer.get_json()["error"]["message"] == f"No issue with id {issue['id']}"
    assert (
        client.get("/dq/issues", headers={"Authorization": "Bearer dq_test_eve"}).status_code == 401
    )
