"""Invoice and statement PDFs: the figures read back as text, and the bytes never vary."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from mockserver.apis.circuithub.domain.pdf import (
    as_date,
    latin1,
    money,
    render_invoice_pdf,
    render_statement_pdf,
    statement_totals,
)

WORKSPACE = {"id": 1, "slug": "acme-electronics", "name": "Acme Electronics"}
GENERATED = datetime(2025, 3, 15, 10, 0, tzinfo=UTC)
INV_4835: dict[str, Any] = {
    "id": 50124,
    "name": "INV-4835",
    "type": "charge",
    "recordType": "invoice",
    "orderId": 8001,
    "transactionDate": "2025-03-01T00:00:00Z",
    "dueDate": "2025-03-20T00:00:00Z",
    "totalNoTax": 80.00,
    "tax": 5.00,
    "total": 85.00,
    "amountPaid": 0.00,
    "amountUnpaid": 85.00,
    "status": "open",
    "description": "Additional testing services",
}
INV_4821 = INV_4835 | {
    "id": 50101,
    "name": "INV-4821",
    "orderId": 8002,
    "transactionDate": "2025-02-10T00:00:00Z",
    "totalNoTax": 1160.00,
    "tax": 80.00,
    "total": 1240.00,
    "amountPaid": 1240.00,
    "amountUnpaid": 0.00,
    "status": "paid_in_full",
    "description": "PCB assembly, 25 boards",
}
INV_OLD = INV_4835 | {"id": 50001, "name": "INV-4001", "transactionDate": "2025-01-05T00:00:00Z"}
INV_OLD |= {"total": 300.00, "amountUnpaid": 100.00, "status": "open"}
PMT_1192 = {
    "id": 60001,
    "name": "PMT-1192",
    "date": "2025-02-16T00:00:00Z",
    "amount": 1240.00,
    "method": "card",
    "invoices": ["INV-4821"],
    "orders": [{"id": 8001, "projectName": "Power Supply Board"}],
    "status": "applied",
}
PMT_OLD = PMT_1192 | {"id": 60000, "name": "PMT-1100", "date": "2025-01-20T00:00:00Z"}
PMT_OLD |= {"amount": 200.00, "invoices": ["INV-4001"]}
PMT_PENDING = PMT_1192 | {"id": 60002, "name": "PMT-1200", "date": "2025-03-10T00:00:00Z"}
PMT_PENDING |= {"amount": 85.00, "invoices": ["INV-4835"], "status": "pending"}
PMT_LATE = PMT_1192 | {"id": 60003, "name": "PMT-1300", "date": "2025-04-02T00:00:00Z"}


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_invoice_carries_its_figures() -> None:
    text = text_of(render_invoice_pdf(INV_4835, WORKSPACE, GENERATED))
    for expected in (
        "INV-4835",
        "50124",
        "2025-03-01",
        "2025-03-20",
        "80.00",
        "5.00",
        "85.00",
        "0.00",
        "open",
        "Additional testing services",
        "Acme Electronics",
    ):
        assert expected in text


def test_invoice_is_deterministic_and_dated_by_generated_at() -> None:
    first = render_invoice_pdf(INV_4835, WORKSPACE, GENERATED)
    assert first == render_invoice_pdf(dict(INV_4835), dict(WORKSPACE), GENERATED)
    metadata = PdfReader(io.BytesIO(first)).metadata
    assert metadata is not None and metadata.creation_date == GENERATED
    later = render_invoice_pdf(INV_4835, WORKSPACE, datetime(2025, 3, 16, tzinfo=UTC))
    assert later != first


def test_non_latin1_text_is_sanitized() -> None:
    invoice = INV_4835 | {"description": "Caf\u00e9 \u2014 \u201cboards\u201d \u6f22\u5b57 \u20ac5"}
    text = text_of(
        render_invoice_pdf(invoice, WORKSPACE | {"name": "\u0141\u00f3d\u017a"}, GENERATED)
    )
    assert 'Caf\u00e9 - "boards" ?? EUR5' in text


def test_statement_lists_the_period() -> None:
    invoices = [INV_4835, INV_4821, INV_OLD]
    payments = [PMT_1192, PMT_OLD, PMT_PENDING, PMT_LATE]
    pdf = render_statement_pdf(
        WORKSPACE, date(2025, 2, 1), date(2025, 3, 31), invoices, payments, GENERATED
    )
    text = text_of(pdf)
    for expected in ("2025-02-01 to 2025-03-31", "INV-4835", "INV-4821", "PMT-1192", "PMT-1200"):
        assert expected in text
    assert "INV-4001" not in text and "PMT-1300" not in text and "PMT-1100" not in text
    assert "Opening balance 100.00" in text  # 300 invoiced - 200 paid before the period
    assert "Invoiced 1325.00" in text
    assert "Payments applied 1240.00" in text
    assert "Closing balance 185.00" in text
    assert "Payments pending (not applied) 85.00" in text
    assert pdf == render_statement_pdf(
        WORKSPACE, date(2025, 2, 1), date(2025, 3, 31), invoices[::-1], payments, GENERATED
    )


def test_statement_totals() -> None:
    totals = statement_totals(
        date(2025, 2, 1), date(2025, 3, 31), [INV_4835, INV_4821, INV_OLD], [PMT_1192, PMT_OLD]
    )
    assert (totals.opening, totals.invoiced, totals.paid, totals.closing) == (
        Decimal("100.00"),
        Decimal("1325.00"),
        Decimal("1240.00"),
        Decimal("185.00"),
    )


def test_empty_statement_spills_nothing() -> None:
    text = text_of(
        render_statement_pdf(WORKSPACE, date(2024, 1, 1), date(2024, 1, 31), [], [], GENERATED)
    )
    assert "None in this period." in text
    assert "Closing balance 0.00" in text


def test_long_statement_breaks_pages() -> None:
    invoices = [
        INV_4835 | {"id": 51000 + n, "name": f"INV-{5000 + n}", "description": "x " * 40}
        for n in range(80)
    ]
    pdf = render_statement_pdf(
        WORKSPACE, date(2025, 1, 1), date(2025, 12, 31), invoices, [], GENERATED
    )
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    text = text_of(pdf)
    assert all(f"INV-{5000 + n}" in text for n in range(80))
    assert "Invoiced 6800.00" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-01T00:00:00Z", date(2025, 3, 1)),
        ("2025-03-01", date(2025, 3, 1)),
        ("2025-03-01T23:30:00-05:00", date(2025, 3, 2)),
        (datetime(2025, 3, 1, 12), date(2025, 3, 1)),
        (date(2025, 3, 1), date(2025, 3, 1)),
    ],
)
def test_as_date(value: Any, expected: date) -> None:
    assert as_date(value) == expected


def test_money_and_latin1() -> None:
    assert [money(v) for v in (85, 85.0, "0.1", Decimal("1240.005"), 0.07)] == [
        "85.00",
        "85.00",
        "0.10",
        "1240.01",
        "0.07",
    ]
    assert latin1("a\u00a0b\tc\u2026") == "a b c..."
