"""Invoice and statement PDFs, written with fpdf2's core fonts.

Every figure is real text (clients and tests extract it), and the output is byte-for-byte the
same for the same inputs: the creation date is `generated_at`, never the clock. Records are
dicts with the spec's `Invoice` and `Payment` field names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fpdf import FPDF


_REPLACEMENTS = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    | {"\u2026": "...", "\u20ac": "EUR", "\u2022": "*", "\u2212": "-", "\u00a0": " "}
)
Column = tuple[str, float, str]
"""A table column: heading, share of the page width, alignment."""

# fmt: off
_INVOICE_COLUMNS: tuple[Column, ...] = (
    ("Date", 0.14, "L"), ("Invoice", 0.14, "L"), ("Description", 0.34, "L"),
    ("Status", 0.16, "L"), ("Total", 0.11, "R"), ("Unpaid", 0.11, "R"),
)
_PAYMENT_COLUMNS: tuple[Column, ...] = (
    ("Date", 0.14, "L"), ("Payment", 0.14, "L"), ("Method", 0.12, "L"),
    ("Invoices", 0.30, "L"), ("Status", 0.19, "L"), ("Amount", 0.11, "R"),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class StatementTotals:
    """A statement's running balance: what was owed, invoiced, paid and is now owed."""

    opening: Decimal
    invoiced: Decimal
    paid: Decimal
    pending: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.invoiced - self.paid


def render_invoice_pdf(
    invoice: Mapping[str, Any], workspace: Mapping[str, Any], generated_at: datetime
) -> bytes:
    """One invoice: its identity, dates, status and amounts."""
    pdf = _new_pdf(f"Invoice {invoice['name']}", workspace, generated_at)
    _pairs(
        pdf,
        [
            ("Invoice", invoice["name"]),
            ("Invoice ID", invoice["id"]),
            ("Type", f"{invoice.get('type', '')} / {invoice.get('recordType', '')}"),
            ("Order", invoice.get("orderId") or "-"),
            ("Transaction date", day(invoice["transactionDate"])),
            ("Due date", day(invoice["dueDate"])),
            ("Status", invoice["status"]),
            ("Description", invoice.get("description") or "-"),
        ],
    )
    pdf.ln(4)
    _heading(pdf, "Amounts (USD)")
    _pairs(
        pdf,
        [
            ("Subtotal (excl. tax)", money(invoice["totalNoTax"])),
            ("Tax", money(invoice["tax"])),
            ("Total", money(invoice["total"])),
            ("Amount paid", money(invoice["amountPaid"])),
            ("Amount unpaid", money(invoice["amountUnpaid"])),
        ],
        align="R",
    )
    return _finish(pdf, generated_at)


def render_statement_pdf(
    workspace: Mapping[str, Any],
    start: date,
    end: date,
    invoices: Sequence[Mapping[str, Any]],
    payments: Sequence[Mapping[str, Any]],
    generated_at: datetime,
) -> bytes:
    """A statement of account for `start`..`end` (inclusive).

    Pass all of the workspace's invoices and payments: those dated in the period are listed,
    those before `start` make up the opening balance, later ones are ignored. Every invoice
    adds its `total`; only `applied` payments reduce the balance (`pending` ones are listed).
    """
    in_period = [i for i in invoices if start <= as_date(i["transactionDate"]) <= end]
    paid_in_period = [p for p in payments if start <= as_date(p["date"]) <= end]
    totals = statement_totals(start, end, invoices, payments)
    pdf = _new_pdf("Statement", workspace, generated_at)
    _pairs(pdf, [("Period", f"{start.isoformat()} to {end.isoformat()}")])
    _pairs(pdf, [("Opening balance (USD)", money(totals.opening))], align="R")
    _heading(pdf, f"Invoices ({len(in_period)})")
    _table(pdf, _INVOICE_COLUMNS, [_invoice_row(i) for i in _by_date(in_period, "transactionDate")])
    _heading(pdf, f"Payments ({len(paid_in_period)})")
    _table(pdf, _PAYMENT_COLUMNS, [_payment_row(p) for p in _by_date(paid_in_period, "date")])
    _heading(pdf, "Summary (USD)")
    summary = [
        ("Opening balance", money(totals.opening)),
        ("Invoiced", money(totals.invoiced)),
        ("Payments applied", money(totals.paid)),
        ("Closing balance", money(totals.closing)),
    ]
    if totals.pending:
        summary.append(("Payments pending (not applied)", money(totals.pending)))
    _pairs(pdf, summary, align="R")
    return _finish(pdf, generated_at)


def statement_totals(
    start: date,
    end: date,
    invoices: Sequence[Mapping[str, Any]],
    payments: Sequence[Mapping[str, Any]],
) -> StatementTotals:
    """The balance figures a statement prints, so callers and tests can check them."""
    applied = [p for p in payments if p.get("status") != "pending"]
    pending = [p for p in payments if p.get("status") == "pending"]

    def before(day: date) -> bool:
        return day < start

    def within(day: date) -> bool:
        return start <= day <= end

    return StatementTotals(
        opening=_sum(invoices, "transactionDate", "total", before)
        - _sum(applied, "date", "amount", before),
        invoiced=_sum(invoices, "transactionDate", "total", within),
        paid=_sum(applied, "date", "amount", within),
        pending=_sum(pending, "date", "amount", within),
    )


def _sum(
    records: Sequence[Mapping[str, Any]], date_key: str, key: str, keep: Callable[[date], bool]
) -> Decimal:
    """Sum of `key` over the records whose `date_key` passes `keep`."""
    kept = (r for r in records if keep(as_date(r[date_key])))
    return sum((to_decimal(r[key]) for r in kept), Decimal(0))


def to_decimal(value: Any) -> Decimal:
    """A money value from a record (float, int, str or Decimal), to the cent."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(value: Any) -> str:
    """`85.00`: two decimals, no thousands separator, so the figures read back exactly."""
    return f"{to_decimal(value):.2f}"


def as_date(value: Any) -> date:
    """The calendar date (UTC) of a record's date, date-time string, date or datetime."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) <= 10:
        return date.fromisoformat(text)
    return as_date(datetime.fromisoformat(text.replace("Z", "+00:00")))


def day(value: Any) -> str:
    """`2025-03-01` for any date-like value."""
    return as_date(value).isoformat()


def latin1(text: Any) -> str:
    """Text the core fonts can draw: typographic marks mapped, accents kept, the rest `?`."""
    mapped = unicodedata.normalize("NFC", str(text)).translate(_REPLACEMENTS)
    chars = (c if c.isprintable() else " " for c in mapped)
    return "".join(chars).encode("latin-1", "replace").decode("latin-1")


def _new_pdf(title: str, workspace: Mapping[str, Any], generated_at: datetime) -> FPDF:
    from fpdf import FPDF  # loaded on the first PDF: it costs a third of a second at start

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_aware(generated_at))
    pdf.set_title(latin1(title))
    pdf.set_author("CircuitHub")
    pdf.set_creator("circuithub-mock")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "CircuitHub", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 9, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    name = f"{workspace.get('name', '')} ({workspace.get('slug', '')})"
    pdf.cell(0, 6, latin1(f"Workspace: {name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    return pdf


def _finish(pdf: FPDF, generated_at: datetime) -> bytes:
    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 8)
    stamp = _aware(generated_at).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    pdf.cell(0, 5, f"Generated {stamp} by the circuithub-mock server. Test data only.")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)


def _pairs(pdf: FPDF, pairs: Sequence[tuple[str, Any]], align: str = "L") -> None:
    """Label/value rows; one value per row keeps each figure one piece of extracted text."""
    for label, value in pairs:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(60, 6, latin1(label))
        pdf.set_font("Helvetica", "", 10)
        width = 40 if align == "R" else 0
        pdf.multi_cell(width, 6, latin1(value), align=align, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
    if not rows:
        pdf.cell(0, 6, "None in this period.", new_x="LMARGIN", new_y="NEXT")
        return
    widths = tuple(width for _, width, _ in columns)
    with pdf.table(col_widths=widths, line_height=5, text_align="LEFT") as table:
        for cells in [[name for name, _, _ in columns], *rows]:
            row = table.row()
            for (_, _, align), text in zip(columns, cells, strict=True):
                row.cell(latin1(text), align=align)


def _invoice_row(invoice: Mapping[str, Any]) -> list[str]:
    return [
        day(invoice["transactionDate"]),
        str(invoice["name"]),
        str(invoice.get("description") or "-"),
        str(invoice["status"]),
        money(invoice["total"]),
        money(invoice["amountUnpaid"]),
    ]


def _payment_row(payment: Mapping[str, Any]) -> list[str]:
    return [
        day(payment["date"]),
        str(payment["name"]),
        str(payment.get("method") or "-"),
        ", ".join(str(name) for name in payment.get("invoices") or ()) or "-",
        str(payment.get("status") or "-"),
        money(payment["amount"]),
    ]


def _by_date(records: Sequence[Mapping[str, Any]], key: str) -> list[Mapping[str, Any]]:
    """Oldest first; the name breaks ties so the order never depends on the input's."""
    return sorted(records, key=lambda r: (as_date(r[key]), str(r.get("name", ""))))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
