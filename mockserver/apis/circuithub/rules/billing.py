"""Invoices, statements, payments, payment methods and credit of a workspace."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from mockserver.apis.circuithub.rules.access import Access
from mockserver.apis.circuithub.rules.orders import newest_first
from mockserver.engine.clock import parse_instant
from mockserver.engine.errors import NotFound, ValidationError
from mockserver.engine.store.base import Record, Store


def parse_bound(text: str, name: str, *, end: bool = False) -> datetime:
    """A date means its whole day: `from` starts at 00:00, `to` ends at 23:59:59.

    The schema admits RFC 3339 dates and date-times, whose `T` and `Z` may be lower-case.
    What still fails here (year 0000, a leap second) openapi-core refuses too.
    """
    upper = text.upper()
    try:
        if "T" in upper:
            return parse_instant(upper)
        day = datetime.strptime(upper, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError(f"query parameter '{name}': {text!r} is not a real date") from None
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
    return moment.replace(microsecond=0)


def check_range(start: datetime | None, stop: datetime | None, names: tuple[str, str]) -> None:
    if start and stop and start > stop:
        raise ValidationError(f"query parameter '{names[0]}' is after '{names[1]}'")


class Billing:
    def __init__(
        self, invoices: Store, payments: Store, payment_methods: Store, access: Access
    ) -> None:
        self.invoices = invoices
        self.payments_table = payments
        self.methods = payment_methods
        self.access = access

    def invoice_list(self, user: Record, slug: str, query: dict[str, Any]) -> list[Record]:
        workspace = self.access.workspace(user, slug)
        start = parse_bound(query["from"], "from") if "from" in query else None
        stop = parse_bound(query["to"], "to", end=True) if "to" in query else None
        check_range(start, stop, ("from", "to"))
        status = query.get("status")
        found = []
        for invoice in self.invoices.where("workspaceId", workspace["id"]):
            when = parse_instant(invoice["transactionDate"])
            if status and invoice["status"] != status:
                continue
            if (start and when < start) or (stop and when > stop):
                continue
            found.append(invoice)
        return newest_first(found, "transactionDate")

    def invoice(self, user: Record, slug: str, invoice_id: int) -> Record:
        """Foreign invoices are 403; one of another of the caller's workspaces is 404 here."""
        workspace = self.access.workspace(user, slug)
        invoice = self.access.owned(user, self.invoices, invoice_id, "Invoice")
        if invoice["workspaceId"] != workspace["id"]:
            raise NotFound(f"Invoice {invoice_id} not found in workspace '{slug}'")
        return invoice

    def statement(self, user: Record, slug: str, start_text: str, end_text: str) -> dict[str, Any]:
        """The period and ALL the workspace's records: earlier ones make the opening balance."""
        workspace = self.access.workspace(user, slug)
        start = parse_bound(start_text, "startDate")
        stop = parse_bound(end_text, "endDate", end=True)
        check_range(start, stop, ("startDate", "endDate"))
        invoices = self.invoices.where("workspaceId", workspace["id"])
        return {
            "workspace": workspace,
            "start": start.date(),
            "end": stop.date(),
            "invoices": sorted(invoices, key=lambda i: (i["transactionDate"], i["id"])),
            "payments": sorted(self.payments(user, slug), key=lambda p: (p["date"], p["id"])),
        }

    def payments(self, user: Record, slug: str) -> list[Record]:
        workspace = self.access.workspace(user, slug)
        return newest_first(self.payments_table.where("workspaceId", workspace["id"]), "date")

    def payment_methods(self, user: Record, slug: str) -> list[Record]:
        workspace = self.access.workspace(user, slug)
        methods = self.methods.where("workspaceId", workspace["id"])
        return sorted(methods, key=lambda m: (not m["isDefault"], m["id"]))

    def balance(self, user: Record, slug: str) -> dict[str, Any] | None:
        credit: dict[str, Any] | None = self.access.workspace(user, slug).get("credit")
        return credit
