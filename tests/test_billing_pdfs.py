"""Billing PDFs are real documents that carry their figures."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from pypdf import PdfReader

from tests.conftest import ALICE

WS = "/v1/workspaces/acme-electronics/billing"


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_invoice_pdf_carries_the_invoice(client: FlaskClient) -> None:
    response = client.get(f"{WS}/invoices/50124/pdf", headers=ALICE)
    assert response.content_type == "application/pdf"
    text = text_of(response.data)
    for needle in ("INV-4835", "85.00", "80.00", "5.00", "Additional testing services", "open"):
        assert needle in text, needle


def test_statement_pdf_carries_the_period_invoices_and_payments(client: FlaskClient) -> None:
    response = client.get(f"{WS}/statement?startDate=2025-02-01&endDate=2025-03-31", headers=ALICE)
    text = text_of(response.data)
    for needle in ("2025-02-01", "2025-03-31", "INV-4835", "INV-4821", "PMT-1192", "1,240.00"):
        assert needle in text or needle.replace(",", "") in text, needle


def test_statement_excludes_what_is_outside_the_period(client: FlaskClient) -> None:
    response = client.get(f"{WS}/statement?startDate=2025-03-01&endDate=2025-03-31", headers=ALICE)
    text = text_of(response.data)
    assert "INV-4835" in text and "INV-4821" not in text


def test_statement_opening_balance_counts_earlier_records(client: FlaskClient) -> None:
    # INV-4821 (1,240.00) is dated 2025-02-10, before the period; PMT-1192 pays it on 02-16.
    response = client.get(f"{WS}/statement?startDate=2025-02-11&endDate=2025-02-28", headers=ALICE)
    lines = text_of(response.data).splitlines()
    opening = next(line for line in lines if line.startswith("Opening balance (USD)"))
    closing = next(line for line in lines if line.startswith("Closing balance"))
    assert opening.replace(",", "").endswith("1240.00")
    assert closing.endswith("0.00") and "PMT-1192" in "\n".join(lines)
