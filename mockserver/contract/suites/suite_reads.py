"""Reads only (safe on any deployment): lists and gets agree, BOM summaries count, search."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from mockserver.contract import expect, machines
from mockserver.contract.discovery import Api
from mockserver.contract.suites.suite_bom import check_summary

Record = dict[str, Any]
INVOICE_STATUSES = ("open", "paid_in_full", "approved_for_posting", "fully_applied")
MAX_MATCHES = 50
ALNUM = st.text(st.characters(codec="ascii", categories=("Lu", "Ll", "Nd")), min_size=1, max_size=6)


class ReadsMachine(RuleBasedStateMachine):
    """Cross-checks between read endpoints of the first workspace."""

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api, self.client = api, api.first
        self.projects, self.orders, self.invoices = api.projects, api.orders, api.invoices
        self.mpns = [part["mpn"] for part in api.parts()]
        # Another run may edit a deployment's projects meanwhile; in-process nothing moves.
        self.volatile = {"updatedAt"} | (
            set() if api.options.in_process else {"latestRevisionId", "latestRevisionNumber"}
        )

    def same(self, listed: Record, path: str) -> None:
        got = expect.body(self.client.get(path), 200)
        keep = [k for k in listed if k not in self.volatile]
        assert {k: listed[k] for k in keep} == {k: got.get(k) for k in keep}, (
            f"the list says {listed}, GET {path} says {got}"
        )

    @precondition(lambda self: bool(self.projects))
    @rule(data=st.data())
    def project_agrees(self, data: st.DataObject) -> None:
        project = data.draw(st.sampled_from(self.projects), label="project")
        self.same(project, f"/projects/{project['id']}")

    @precondition(lambda self: bool(self.orders))
    @rule(data=st.data())
    def order_agrees(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.orders), label="order")
        self.same(order, f"/orders/{order['id']}")

    @precondition(lambda self: bool(self.invoices))
    @rule(data=st.data())
    def invoice_agrees(self, data: st.DataObject) -> None:
        invoice = data.draw(st.sampled_from(self.invoices), label="invoice")
        self.same(invoice, f"/workspaces/{self.api.slug}/billing/invoices/{invoice['id']}")

    @rule(status=st.sampled_from(INVOICE_STATUSES))
    def invoices_filtered(self, status: str) -> None:
        path = f"/workspaces/{self.api.slug}/billing/invoices"
        found = expect.body(self.client.get(path, query={"status": status}), 200)["invoices"]
        assert all(i["status"] == status for i in found), f"status={status} listed {found}"
        expected = {i["id"] for i in self.invoices if i["status"] == status}
        assert expected <= set(expect.unique_ids(found)), f"status={status} lost invoices"
        expect.newest_first(found, "transactionDate")

    @initialize()
    def a_bom_with_lines(self) -> None:
        if self.api.bom_project is not None:
            check_summary(self.api.bom(self.api.bom_project["id"]))

    @precondition(lambda self: bool(self.projects))
    @rule(data=st.data())
    def bom_counts_lines(self, data: st.DataObject) -> None:
        """Every revision's BOM summary counts its lines; revision numbers go down the list."""
        project = data.draw(st.sampled_from(self.projects), label="project")
        reply = self.client.get(f"/projects/{project['id']}/revisions")
        revisions = expect.body(reply, 200)["revisions"]
        numbers = [r["number"] for r in revisions]
        assert numbers == sorted(set(numbers), reverse=True), f"revision numbers {numbers}"
        check_summary(self.api.bom(project["id"]))
        if revisions:
            revision = data.draw(st.sampled_from(revisions), label="revision")
            bom = self.api.bom(project["id"], revision["id"])
            assert bom["revisionId"] == revision["id"], bom["revisionId"]
            check_summary(bom)

    def queries(self) -> st.SearchStrategy[str]:
        """Random text, and prefixes of MPNs the catalogue is known to hold."""
        if not self.mpns:
            return ALNUM
        prefixes = st.sampled_from(self.mpns).flatmap(
            lambda mpn: st.integers(1, len(mpn)).map(lambda n: mpn[:n])
        )
        return ALNUM | prefixes

    @rule(data=st.data())
    def part_search(self, data: st.DataObject) -> None:
        query = data.draw(self.queries(), label="q")
        found = expect.body(self.client.get("/parts", query={"q": query}), 200)
        assert found["query"] == query, found["query"]
        exact, inexact = found["exactMatches"], found["inexactMatches"]
        assert len(exact) <= MAX_MATCHES and len(inexact) <= MAX_MATCHES
        assert not set(expect.unique_ids(exact)) & set(expect.unique_ids(inexact))
        needle = query.upper()
        for part in exact:
            assert part["mpn"].upper().startswith(needle), f"{part['mpn']} is no exact {query}"
        for part in inexact:
            text = f"{part['mpn']} {part['description'] or ''}".upper()
            assert needle in text, f"{part} does not contain {query}"


def test_reads_agree(api: Api) -> None:
    machines.run(lambda: ReadsMachine(api), api.options)
