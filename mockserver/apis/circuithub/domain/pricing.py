"""The quote model: a quantity x lead-time grid of offers, each with its breakdown lines.

Everything is `Decimal` and rounded half-up to the cent, so figures add up exactly:
`totalPrice == boardPrice + partsPrice + assemblyPrice == sum(line.lineTotal)`.

What is bought: a line's parts are priced only when it is resolved (has a `PartPrice`) and has
at least one placement that is not DNP. Unresolved and errored lines are not bought (the quote
cannot choose a part for them) but their placements are still assembled (the customer may
consign the parts). DNP placements are neither bought nor assembled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from itertools import pairwise
from typing import Any

CURRENCY = "USD"
CENT = Decimal("0.01")
_CTX = Context(prec=28, rounding=ROUND_HALF_UP)  # not the thread's context: results never vary

# Board and assembly cost model, fitted to CircuitHub's public per-board example for a small
# board ($46 / $40 / $33 / $24 at 10 / 50 / 100 / 500 boards) and to the docs' quote example
# (board $230, assembly $250 at 10 boards).
BOARD_SETUP = Decimal("40.00")
BOARD_PER_UNIT = Decimal("19.00")
ASSEMBLY_SETUP = Decimal("15.00")
LINE_SETUP = Decimal("2.50")  # feeder set-up per assembled BOM line
HANDLING_PER_BOARD = Decimal("20.00")
PER_PLACEMENT = Decimal("0.40")
VOLUME_FLOOR = Decimal("0.47")  # per-unit costs fall towards this share of the list rate
VOLUME_KNEE = Decimal("130")  # ... and are halfway there at this many boards
# fmt: off
LEAD_TIME_POINTS: tuple[tuple[int, Decimal], ...] = (
    (1, Decimal("2.00")), (5, Decimal("1.50")), (10, Decimal("1.00")),
    (20, Decimal("0.85")), (30, Decimal("0.80")),
)
# fmt: on
"""Multiplier on board and assembly by lead time (business days); linear between points."""


def money(value: Decimal) -> Decimal:
    """Round half-up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_json_number(value: Decimal) -> float:
    """A money `Decimal` as a JSON number (a cent amount's float repr is exact enough)."""
    return float(value)


@dataclass(frozen=True, slots=True)
class PartPrice:
    """What buying a catalogue part costs: ascending `(min quantity, unit price)` breaks."""

    mpn: str
    manufacturer: str
    supplier: str | None
    moq: int | None
    price_breaks: tuple[tuple[int, Decimal], ...]

    @classmethod
    def from_record(cls, part: Mapping[str, Any]) -> PartPrice:
        """From a catalogue part record (`priceBreaks: [[minQty, unitPrice], ...]`)."""
        breaks = sorted((int(qty), Decimal(str(price))) for qty, price in part["priceBreaks"])
        return cls(
            mpn=part["mpn"],
            manufacturer=part["manufacturer"],
            supplier=part.get("supplier"),
            moq=part.get("moq"),
            price_breaks=tuple(breaks),
        )


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A BOM line as the quote sees it. `placements` counts the non-DNP designators."""

    bom_line_id: int
    mpn: str | None
    manufacturer: str | None
    description: str
    placements: int
    part: PartPrice | None

    @classmethod
    def from_records(cls, line: Mapping[str, Any], part: Mapping[str, Any] | None) -> PricedLine:
        """From a bomLine record and its resolved catalogue part (ignored unless resolved)."""
        dnp = set(line.get("dnp") or ())
        resolved = part if line.get("status") == "resolved" else None
        priced = (
            PartPrice.from_record(resolved) if resolved and resolved.get("priceBreaks") else None
        )
        return cls(
            bom_line_id=int(line["id"]),
            mpn=line.get("mpn"),
            manufacturer=line.get("manufacturer"),
            description=_describe(line, resolved),
            placements=sum(1 for ref in line["referenceDesignators"] if ref not in dnp),
            part=priced,
        )


def _describe(line: Mapping[str, Any], part: Mapping[str, Any] | None) -> str:
    """The docs' breakdown calls line 1001 "100nF 0402": its value and the part's package."""
    value, package = line.get("value"), part.get("package") if part else None
    if value and package:
        return f"{value} {package}"
    found = (part or {}).get("description") or line.get("description") or line.get("mpn")
    return str(found or f"BOM line {line['id']}")


@dataclass(frozen=True, slots=True)
class BreakdownLine:
    """One cost line of an offer, as the spec's `BreakdownLine`."""

    type: str
    description: str
    bom_line_id: int | None
    resolved_part_mpn: str | None
    manufacturer: str | None
    supplier: str | None
    order_quantity: int
    unit_price: Decimal
    line_total: Decimal

    def to_json(self) -> dict[str, Any]:
        """The spec's camelCase JSON object."""
        return {
            "type": self.type,
            "description": self.description,
            "bomLineId": self.bom_line_id,
            "resolvedPartMpn": self.resolved_part_mpn,
            "manufacturer": self.manufacturer,
            "supplier": self.supplier,
            "orderQuantity": self.order_quantity,
            "unitPrice": to_json_number(self.unit_price),
            "lineTotal": to_json_number(self.line_total),
        }


@dataclass(frozen=True, slots=True)
class PricedOffer:
    """One offer of the grid with the lines that make up its total."""

    quantity: int
    lead_time_days: int
    estimated_ship_date: datetime
    board_price: Decimal
    parts_price: Decimal
    assembly_price: Decimal
    total_price: Decimal
    unit_price: Decimal
    lines: tuple[BreakdownLine, ...]
    currency: str = CURRENCY

    def offer_json(self) -> dict[str, Any]:
        """The spec's `Offer` object."""
        return {
            "quantity": self.quantity,
            "leadTimeDays": self.lead_time_days,
            "estimatedShipDate": self.estimated_ship_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "boardPrice": to_json_number(self.board_price),
            "partsPrice": to_json_number(self.parts_price),
            "assemblyPrice": to_json_number(self.assembly_price),
            "totalPrice": to_json_number(self.total_price),
            "unitPrice": to_json_number(self.unit_price),
            "currency": self.currency,
        }

    def breakdown_json(self, quote_id: int) -> dict[str, Any]:
        """The spec's `QuoteBreakdown` object for this offer."""
        return {
            "quoteId": quote_id,
            "quantity": self.quantity,
            "leadTimeDays": self.lead_time_days,
            "total": to_json_number(self.total_price),
            "currency": self.currency,
            "lines": [line.to_json() for line in self.lines],
        }


def price_offers(
    lines: Sequence[PricedLine],
    created_at: datetime,
    quantities: Sequence[int] = (10, 50, 100, 500),
    lead_times: Sequence[int] = (5, 10, 20),
) -> list[PricedOffer]:
    """Every quantity x lead time offer, quantity-major, in the order given."""
    if not quantities or not lead_times or min(*quantities, *lead_times) < 1:
        raise ValueError("quantities and lead times must be non-empty and positive")
    return [price_offer(lines, created_at, q, days) for q in quantities for days in lead_times]


def price_offer(
    lines: Sequence[PricedLine], created_at: datetime, quantity: int, lead_time_days: int
) -> PricedOffer:
    """One offer: parts bought for `quantity` boards, board and assembly at the lead time."""
    with localcontext(_CTX):
        return _price_offer(lines, created_at, quantity, lead_time_days)


def _price_offer(
    lines: Sequence[PricedLine], created_at: datetime, quantity: int, lead_time_days: int
) -> PricedOffer:
    part_lines = [part_line(line, quantity) for line in lines if line.part and line.placements > 0]
    placements = sum(line.placements for line in lines)
    assembled = sum(1 for line in lines if line.placements > 0)
    factor = lead_time_factor(lead_time_days)
    board = money(factor * board_cost(quantity))
    assembly = money(factor * assembly_cost(quantity, placements, assembled))
    parts = sum((line.line_total for line in part_lines), Decimal(0))
    total = board + parts + assembly
    extra = [
        _fixed_line("board", f"Bare PCB fabrication, {quantity} boards", quantity, board),
        _fixed_line("assembly", f"Assembly, {placements} placements per board", quantity, assembly),
    ]
    return PricedOffer(
        quantity=quantity,
        lead_time_days=lead_time_days,
        estimated_ship_date=ship_date(created_at, lead_time_days),
        board_price=board,
        parts_price=parts,
        assembly_price=assembly,
        total_price=total,
        unit_price=money(total / quantity),
        lines=(*part_lines, *extra),
    )


def part_line(line: PricedLine, boards: int) -> BreakdownLine:
    """Buy one line's parts for `boards` boards: attrition, MOQ, then price-break rounding.

    `lineTotal` uses the exact break price; `unitPrice` is that price to the cent (the spec's
    Money), so for a sub-cent price such as $0.012 it is not `lineTotal / orderQuantity`.
    """
    assert line.part is not None
    quantity, price = order_quantity(line.part, with_attrition(line.placements * boards))
    return BreakdownLine(
        type="part",
        description=line.description,
        bom_line_id=line.bom_line_id,
        resolved_part_mpn=line.part.mpn,
        manufacturer=line.part.manufacturer,
        supplier=line.part.supplier,
        order_quantity=quantity,
        unit_price=price,  # the exact price break: distributors price parts below a cent
        line_total=money(price * quantity),
    )


def with_attrition(needed: int) -> int:
    """Add 10% spares, rounded up: 40 placements -> 44 parts (the docs' example)."""
    return needed + (needed + 9) // 10


def order_quantity(part: PartPrice, needed: int) -> tuple[int, Decimal]:
    """Units to buy and their unit price: at least the MOQ and the first break, and the
    quantity of a higher break instead whenever buying that many costs less in total."""
    floor = max(needed, part.moq or 1, part.price_breaks[0][0])
    candidates = [floor, *(qty for qty, _ in part.price_breaks if qty > floor)]
    _cost, quantity = min((break_price(part, q) * q, q) for q in candidates)
    return quantity, break_price(part, quantity)


def break_price(part: PartPrice, quantity: int) -> Decimal:
    """The unit price of the highest break at or below `quantity`."""
    return [price for qty, price in part.price_breaks if qty <= quantity][-1]


def volume_factor(quantity: int) -> Decimal:
    """Share of the list per-unit rate paid at this volume: near 1 for a few, 0.47 for many."""
    q = Decimal(quantity)
    return _CTX.add(VOLUME_FLOOR, _CTX.divide((1 - VOLUME_FLOOR) * VOLUME_KNEE, VOLUME_KNEE + q))


def board_cost(quantity: int) -> Decimal:
    """Bare boards at the standard lead time, before rounding."""
    return BOARD_SETUP + quantity * BOARD_PER_UNIT * volume_factor(quantity)


def assembly_cost(quantity: int, placements: int, lines: int) -> Decimal:
    """Assembly at the standard lead time: set-up per job and line, then per board/placement."""
    per_board = HANDLING_PER_BOARD + PER_PLACEMENT * placements
    return ASSEMBLY_SETUP + LINE_SETUP * lines + quantity * per_board * volume_factor(quantity)


def lead_time_factor(days: int) -> Decimal:
    """Multiplier for a lead time: never lower for fewer days (faster costs more)."""
    points = LEAD_TIME_POINTS
    if days <= points[0][0]:
        return points[0][1]
    for (d0, f0), (d1, f1) in pairwise(points):
        if days <= d1:
            share = _CTX.divide(Decimal(days - d0), Decimal(d1 - d0))
            return (f0 + (f1 - f0) * share).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return points[-1][1]


def ship_date(created_at: datetime, lead_time_days: int) -> datetime:
    """Midnight UTC, `lead_time_days` business days (Mon-Fri) after the creation date."""
    aware = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    day: date = aware.astimezone(UTC).date()
    remaining = lead_time_days
    while remaining > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _fixed_line(kind: str, description: str, quantity: int, total: Decimal) -> BreakdownLine:
    """A board or assembly line: `unitPrice` is its per-board share, to the cent."""
    return BreakdownLine(
        type=kind,
        description=description,
        bom_line_id=None,
        resolved_part_mpn=None,
        manufacturer=None,
        supplier=None,
        order_quantity=quantity,
        unit_price=money(_CTX.divide(total, Decimal(quantity))),
        line_total=total,
    )
