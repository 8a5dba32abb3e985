"""The quote model: the docs' figures, the spec's shapes and the invariants that must hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.apis.circuithub.domain.pricing import (
    CENT,
    PartPrice,
    PricedLine,
    PricedOffer,
    lead_time_factor,
    money,
    order_quantity,
    price_offer,
    price_offers,
    with_attrition,
)
from mockserver.apis.circuithub.paths import DOCS_RECORDS, SPEC_PATH

CREATED = datetime(2025, 3, 15, 10, 0, tzinfo=UTC)  # the docs' quote example
MURATA_100NF = PartPrice(
    mpn="GCM155R71C104KA55D",
    manufacturer="Murata",
    supplier="Digi-Key",
    moq=10,
    price_breaks=((10, Decimal("0.02")), (100, Decimal("0.012")), (1000, Decimal("0.006"))),
)


def docs_lines() -> list[PricedLine]:
    records = yaml.safe_load(DOCS_RECORDS.read_text())
    parts = {part["id"]: part for part in records["parts"]}
    return [
        PricedLine.from_records(line, parts.get(line["resolvedPartId"]))
        for line in records["bomLines"]
    ]


def line(placements: int, part: PartPrice | None = MURATA_100NF, line_id: int = 1) -> PricedLine:
    return PricedLine(line_id, "X1", None, "100nF 0402", placements, part)


def test_docs_breakdown_line() -> None:
    """4 placements x 10 boards -> 44 parts at $0.02 = $0.88, as in the docs' breakdown."""
    offer = price_offer(docs_lines(), CREATED, 10, 10)
    first = offer.lines[0].to_json()
    assert first == {
        "type": "part",
        "description": "100nF 0402",
        "bomLineId": 1001,
        "resolvedPartMpn": "GCM155R71C104KA55D",
        "manufacturer": "Murata",
        "supplier": "Digi-Key",
        "orderQuantity": 44,
        "unitPrice": 0.02,
        "lineTotal": 0.88,
    }


def test_docs_ship_date() -> None:
    offer = price_offer(docs_lines(), CREATED, 10, 10)
    assert offer.offer_json()["estimatedShipDate"] == "2025-03-28T00:00:00Z"


def test_only_resolved_lines_with_placements_are_bought() -> None:
    offer = price_offer(docs_lines(), CREATED, 10, 10)
    bought = [entry.bom_line_id for entry in offer.lines if entry.type == "part"]
    assert bought == [1001, 1002]  # 1003 unresolved, 1004 error
    all_dnp = replace(line(4), placements=0)
    assert [e.type for e in price_offer([all_dnp], CREATED, 10, 10).lines] == ["board", "assembly"]


def test_per_board_prices_resemble_the_public_example() -> None:
    public = {
        10: Decimal("46.09"),
        50: Decimal("40.08"),
        100: Decimal("32.56"),
        500: Decimal("24.23"),
    }
    offers = price_offers(docs_lines(), CREATED, tuple(public), (10,))
    for offer in offers:
        assert abs(offer.unit_price - public[offer.quantity]) / public[offer.quantity] < Decimal(
            "0.1"
        )


@pytest.mark.parametrize(
    ("breaks", "moq", "needed", "expected"),
    [
        (((1, "0.10"), (100, "0.05")), None, 99, (100, "0.05")),  # 99 x .10 > 100 x .05
        (((1, "0.10"), (100, "0.099")), None, 99, (99, "0.10")),  # a tie keeps fewer
        (((1, "0.10"), (100, "0.09")), None, 95, (100, "0.09")),  # 9.00 < 9.50
        (((10, "0.02"), (100, "0.012")), 10, 4, (10, "0.02")),  # first break is a floor
        (((1, "1.00"),), 250, 11, (250, "1.00")),  # MOQ
        (((1, "0.50"), (10, "0.40"), (1000, "0.0001")), None, 20, (1000, "0.0001")),
    ],
)
def test_order_quantity(
    breaks: tuple[tuple[int, str], ...], moq: int | None, needed: int, expected: tuple[int, str]
) -> None:
    part = replace(MURATA_100NF, moq=moq, price_breaks=tuple((q, Decimal(p)) for q, p in breaks))
    quantity, price = order_quantity(part, needed)
    assert (quantity, price) == (expected[0], Decimal(expected[1]))


def test_attrition_rounds_up() -> None:
    assert [with_attrition(n) for n in (0, 1, 10, 11, 40)] == [0, 2, 11, 13, 44]


def test_lead_time_factor_never_rises_with_more_days() -> None:
    factors = [lead_time_factor(days) for days in range(1, 400)]
    assert factors == sorted(factors, reverse=True)
    assert (lead_time_factor(5), lead_time_factor(10), lead_time_factor(20)) == (
        Decimal("1.50"),
        Decimal("1.00"),
        Decimal("0.85"),
    )


def test_offers_match_the_spec() -> None:
    spec = yaml.safe_load(SPEC_PATH.read_text())

    def check(instance: dict[str, Any], schema: str) -> None:
        document = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
        jsonschema.Draft202012Validator(document).validate(instance)

    for offer in price_offers(docs_lines(), CREATED):
        check(offer.offer_json(), "Offer")
        check(offer.breakdown_json(50001), "QuoteBreakdown")


def test_grid_order_and_bad_arguments() -> None:
    offers = price_offers([], CREATED, (10, 50), (5, 10))
    assert [(o.quantity, o.lead_time_days) for o in offers] == [
        (10, 5),
        (10, 10),
        (50, 5),
        (50, 10),
    ]
    with pytest.raises(ValueError):
        price_offers([], CREATED, (0,))
    with pytest.raises(ValueError):
        price_offers([], CREATED, (10,), ())


# --- properties ---------------------------------------------------------------------------


@st.composite
def part_prices(draw: st.DrawFn) -> PartPrice:
    """Ascending breaks with non-increasing prices of up to four decimals."""
    quantities = sorted(
        draw(st.sets(st.sampled_from((1, 10, 25, 100, 500, 1000, 5000)), min_size=1))
    )
    cents = sorted(
        draw(st.lists(st.integers(1, 500_000), min_size=len(quantities), max_size=len(quantities))),
        reverse=True,
    )
    breaks = tuple((q, Decimal(c) / 10_000) for q, c in zip(quantities, cents, strict=True))
    moq = draw(st.sampled_from((None, 1, 10, 100, 1000)))
    return PartPrice("P1", "Maker", draw(st.sampled_from((None, "Mouser"))), moq, breaks)


@st.composite
def boms(draw: st.DrawFn) -> list[PricedLine]:
    count = draw(st.integers(0, 12))
    return [
        line(draw(st.integers(0, 10)), draw(st.none() | part_prices()), line_id=i + 1)
        for i in range(count)
    ]


def is_money(value: Decimal) -> bool:
    return value >= 0 and value == value.quantize(CENT)


def check_sums(offer: PricedOffer) -> None:
    assert offer.total_price == offer.board_price + offer.parts_price + offer.assembly_price
    assert sum(entry.line_total for entry in offer.lines) == offer.total_price
    assert offer.unit_price == money(offer.total_price / offer.quantity)
    figures = [offer.board_price, offer.parts_price, offer.assembly_price, offer.unit_price]
    figures += [entry.line_total for entry in offer.lines]
    assert all(is_money(value) for value in figures)
    # Part unit prices are the exact price break, which may be finer than a cent.
    for entry in (e for e in offer.lines if e.type == "part"):
        assert entry.line_total == money(entry.unit_price * entry.order_quantity)


@settings(max_examples=150, deadline=None)
@given(boms(), st.integers(1, 100_000), st.integers(1, 365))
def test_figures_add_up(bom: list[PricedLine], quantity: int, days: int) -> None:
    check_sums(price_offer(bom, CREATED, quantity, days))


@settings(max_examples=100, deadline=None)
@given(boms(), st.sets(st.integers(1, 1000), min_size=2, max_size=5), st.integers(1, 60))
def test_per_board_price_falls_with_quantity(
    bom: list[PricedLine], tens: set[int], days: int
) -> None:
    """Whole tens of boards: 10% attrition is then exact, so only volume moves the price."""
    offers = price_offers(bom, CREATED, sorted(10 * n for n in tens), (days,))
    per_board = [offer.total_price / offer.quantity for offer in offers]
    assert per_board == sorted(per_board, reverse=True)
    assert len(set(per_board)) == len(per_board)
    unit_prices = [offer.unit_price for offer in offers]
    assert unit_prices == sorted(unit_prices, reverse=True)


@settings(max_examples=100, deadline=None)
@given(boms(), st.integers(1, 100_000), st.sets(st.integers(1, 365), min_size=2, max_size=5))
def test_shorter_lead_time_is_never_cheaper(
    bom: list[PricedLine], quantity: int, lead_times: set[int]
) -> None:
    offers = price_offers(bom, CREATED, (quantity,), sorted(lead_times))
    totals = [offer.total_price for offer in offers]
    assert totals == sorted(totals, reverse=True)


@settings(max_examples=100, deadline=None)
@given(boms(), st.data(), st.integers(1, 10_000), st.integers(1, 60))
def test_a_dnp_placement_lowers_parts_and_assembly(
    bom: list[PricedLine], data: st.DataObject, quantity: int, days: int
) -> None:
    placed = [i for i, entry in enumerate(bom) if entry.placements > 0]
    if not placed:
        bom = [*bom, line(1, line_id=99)]
        placed = [len(bom) - 1]
    index = data.draw(st.sampled_from(placed))
    fewer = [
        replace(e, placements=e.placements - 1) if i == index else e for i, e in enumerate(bom)
    ]
    before = price_offer(bom, CREATED, quantity, days)
    after = price_offer(fewer, CREATED, quantity, days)
    assert after.parts_price <= before.parts_price
    assert after.assembly_price < before.assembly_price
    assert after.total_price < before.total_price


@settings(max_examples=150, deadline=None)
@given(part_prices(), st.integers(0, 3000))
def test_order_quantity_is_the_cheapest_sufficient_one(part: PartPrice, needed: int) -> None:
    quantity, price = order_quantity(part, needed)
    assert quantity >= max(needed, part.moq or 1, part.price_breaks[0][0])
    assert price == [p for q, p in part.price_breaks if q <= quantity][-1]
    floor = max(needed, part.moq or 1, part.price_breaks[0][0])
    for other in range(floor, max(floor, part.price_breaks[-1][0]) + 1):
        other_price = [p for q, p in part.price_breaks if q <= other][-1]
        assert quantity * price <= other * other_price
