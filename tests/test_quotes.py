"""Quotes: one of projectId/revisionId, the price model, caching and breakdowns."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver import host_of
from tests.conftest import ALICE, make_app
from tests.flows import BOARD, BOM, create_project, finish_import


def quote(client: FlaskClient, body: dict[str, int]) -> Any:
    response = client.post("/v1/quotes", json=body, headers=ALICE)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def cents(value: float) -> Decimal:
    return Decimal(str(value))


def test_totals_add_up_to_the_cent(client: FlaskClient) -> None:
    offers = quote(client, {"projectId": 12345})["offers"]
    assert len(offers) >= 4
    for offer in offers:
        total = (
            cents(offer["boardPrice"]) + cents(offer["partsPrice"]) + cents(offer["assemblyPrice"])
        )
        assert cents(offer["totalPrice"]) == total
        unit = (total / offer["quantity"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert cents(offer["unitPrice"]) == unit
        assert offer["currency"] == "USD"


def test_unit_price_falls_with_quantity_and_rises_with_urgency(client: FlaskClient) -> None:
    offers = quote(client, {"projectId": 12345})["offers"]
    grid = {(o["quantity"], o["leadTimeDays"]): o["unitPrice"] for o in offers}
    quantities = sorted({q for q, _ in grid})
    leads = sorted({d for _, d in grid})
    for lead in leads:
        prices = [grid[(q, lead)] for q in quantities]
        assert prices == sorted(prices, reverse=True)
    for q in quantities:
        prices = [grid[(q, d)] for d in leads]
        assert prices == sorted(prices, reverse=True)


def test_every_breakdown_sums_to_its_offer(client: FlaskClient) -> None:
    q = quote(client, {"projectId": 12345})
    for offer in q["offers"]:
        path = (
            f"/v1/quotes/{q['id']}/breakdown?quantity={offer['quantity']}"
            f"&leadTimeDays={offer['leadTimeDays']}"
        )
        breakdown = client.get(path, headers=ALICE).get_json()
        assert breakdown["total"] == offer["totalPrice"]
        assert sum(cents(line["lineTotal"]) for line in breakdown["lines"]) == cents(
            offer["totalPrice"]
        )
        types = {line["type"] for line in breakdown["lines"]}
        assert {"part", "board", "assembly"} <= types


@pytest.mark.parametrize("query", ["quantity=11&leadTimeDays=10", "quantity=10&leadTimeDays=11"])
def test_an_unoffered_breakdown_is_404(client: FlaskClient, query: str) -> None:
    q = quote(client, {"projectId": 12345})
    response = client.get(f"/v1/quotes/{q['id']}/breakdown?{query}", headers=ALICE)
    assert response.status_code == 404 and "offer" in response.get_json()["error"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"projectId": 12345, "revisionId": 99001},
        {"projectId": "12345"},
        {"quantity": 10},
        {"projectId": 0},
    ],
)
def test_exactly_one_of_project_or_revision(client: FlaskClient, body: Any) -> None:
    response = client.post("/v1/quotes", json=body, headers=ALICE)
    assert response.status_code == 400 and response.get_json()["code"] == "VALIDATION_ERROR"


def test_unknown_targets_are_404(client: FlaskClient) -> None:
    for body in ({"projectId": 424242}, {"revisionId": 424242}):
        assert client.post("/v1/quotes", json=body, headers=ALICE).status_code == 404


def test_a_valid_quote_is_cached_for_an_hour() -> None:
    app = make_app()
    client = app.test_client()
    first = quote(client, {"projectId": 12345})
    assert quote(client, {"revisionId": 99001}) == first
    host_of(app).world.runtime.clock.advance(3599)
    assert quote(client, {"projectId": 12345})["id"] == first["id"]
    host_of(app).world.runtime.clock.advance(1)
    assert quote(client, {"projectId": 12345})["id"] != first["id"]


def test_a_bom_edit_makes_a_new_quote(client: FlaskClient) -> None:
    first = quote(client, {"projectId": 12345})
    client.put("/v1/bom/1001/placements/C3/dnp", json={"dnp": True}, headers=ALICE)
    second = quote(client, {"projectId": 12345})
    assert second["id"] != first["id"]
    for a, b in zip(first["offers"], second["offers"], strict=True):
        assert b["partsPrice"] < a["partsPrice"] and b["assemblyPrice"] < a["assemblyPrice"]


def test_round_trip_upload_import_set_part_requote(client: FlaskClient) -> None:
    pid = create_project(client, {"board.kicad_pcb": BOARD, "bom.csv": BOM})["projectId"]
    assert finish_import(client, pid)["status"] == "complete"
    lines = client.get(f"/v1/projects/{pid}/bom", headers=ALICE).get_json()["bomLines"]
    unresolved = next(ln for ln in lines if ln["status"] == "unresolved")
    before = quote(client, {"projectId": pid})
    response = client.put(f"/v1/bom/{unresolved['id']}/part", json={"partId": 5010}, headers=ALICE)
    assert response.status_code == 200
    summary = client.get(f"/v1/projects/{pid}/bom", headers=ALICE).get_json()["summary"]
    assert summary["resolved"] == 3
    after = quote(client, {"projectId": pid})
    assert after["id"] != before["id"]
    assert after["offers"][0]["partsPrice"] > before["offers"][0]["partsPrice"]


def test_an_importing_revision_cannot_be_quoted(client: FlaskClient) -> None:
    pid = create_project(client, {"board.kicad_pcb": BOARD})["projectId"]
    response = client.post("/v1/quotes", json={"projectId": pid}, headers=ALICE)
    assert response.status_code == 400 and "importing" in response.get_json()["error"]
