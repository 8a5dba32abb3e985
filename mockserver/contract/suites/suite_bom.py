"""BOM edits and quotes on a project this run creates: counts, part choice, DNP, prices."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mockserver.contract import expect, machines, uploads
from mockserver.contract.discovery import Api

Record = dict[str, Any]
SUMMARY = {"resolved": "resolved", "unresolved": "unresolved", "error": "errored"}
QUOTE_VALIDITY = timedelta(hours=1)


def check_summary(bom: Record) -> None:
    """The summary counts the lines, by status."""
    lines, summary = bom["bomLines"], bom["summary"]
    counted = {"total": len(lines), "resolved": 0, "unresolved": 0, "errored": 0}
    for line in lines:
        counted[SUMMARY[line["status"]]] += 1
    assert summary == counted, f"summary {summary} but the lines count {counted}"


def check_quote(quote: Record) -> None:
    """Each offer's total is board + parts + assembly to the cent; unit = total / quantity."""
    assert quote["offers"], quote
    created, expires = (datetime.fromisoformat(quote[k]) for k in ("createdAt", "expiresAt"))
    assert expires - created == QUOTE_VALIDITY, f"valid {expires - created}, not one hour"
    for offer in quote["offers"]:
        parts = offer["boardPrice"] + offer["partsPrice"] + offer["assemblyPrice"]
        assert expect.cents(parts) == expect.cents(offer["totalPrice"]), f"total of {offer}"
        unit = offer["totalPrice"] / offer["quantity"]
        assert expect.money_equal(offer["unitPrice"], unit), f"unit price of {offer}"
        assert offer["currency"] == "USD", offer


class BomMachine(RuleBasedStateMachine):
    """Edits one BOM; after each step the BOM's summary must still count its lines."""

    def __init__(self, api: Api, project_id: int, parts: list[Record]) -> None:
        super().__init__()
        self.client, self.project_id, self.parts = api.first, project_id, parts
        self.bom = api.bom(project_id)
        self.dnp: dict[tuple[int, str], bool] = {}
        self.quote: Record | None = None
        self.changed = False

    @invariant()
    def summary_counts_lines(self) -> None:
        self.bom = expect.body(self.client.get(f"/projects/{self.project_id}/bom"), 200)
        check_summary(self.bom)

    @precondition(lambda self: bool(self.bom["bomLines"] and self.parts))
    @rule(data=st.data())
    def set_part(self, data: st.DataObject) -> None:
        line = data.draw(st.sampled_from(self.bom["bomLines"]), label="line")
        part = data.draw(st.sampled_from(self.parts), label="part")
        reply = self.client.put(f"/bom/{line['id']}/part", {"partId": part["id"]})
        found = expect.body(reply, 200)
        assert found == {k: part[k] for k in ("mpn", "manufacturer")} | {"partId": part["id"]}
        bom = expect.body(self.client.get(f"/projects/{self.project_id}/bom"), 200)
        after = next(ln for ln in bom["bomLines"] if ln["id"] == line["id"])
        assert after["status"] == "resolved", f"setting part {part['id']} left {after}"
        assert (after["resolvedPartMpn"], after["resolvedManufacturer"]) == (
            part["mpn"],
            part["manufacturer"],
        ), after
        self.changed = True

    def placed(self) -> list[Record]:
        return [line for line in self.bom["bomLines"] if line["referenceDesignators"]]

    @precondition(lambda self: bool(self.placed()))
    @rule(data=st.data(), dnp=st.booleans(), times=st.integers(1, 3))
    def set_dnp(self, data: st.DataObject, dnp: bool, times: int) -> None:
        """Idempotent: repeating a DNP state answers the same and leaves the BOM alone."""
        line = data.draw(st.sampled_from(self.placed()), label="line")
        ref = data.draw(st.sampled_from(line["referenceDesignators"]), label="ref")
        before = self.bom
        for _ in range(times):
            reply = self.client.put(f"/bom/{line['id']}/placements/{ref}/dnp", {"dnp": dnp})
            assert expect.body(reply, 200) == {"ref": ref, "dnp": dnp}
        after = expect.body(self.client.get(f"/projects/{self.project_id}/bom"), 200)
        assert after == before, "a DNP change altered the BOM lines or summary"
        self.changed |= self.dnp.get((line["id"], ref)) != dnp
        self.dnp[(line["id"], ref)] = dnp

    @rule(by_revision=st.booleans())
    def request_quote(self, by_revision: bool) -> None:
        """A quote still valid for an unchanged revision comes back as it was (same id)."""
        revision = self.bom["revisionId"]
        request = {"revisionId": revision} if by_revision else {"projectId": self.project_id}
        quote = expect.body(self.client.post("/quotes", request), 200)
        check_quote(quote)
        assert (quote["projectId"], quote["revisionId"]) == (self.project_id, revision), quote
        if self.quote is not None and not self.changed:
            assert quote["id"] == self.quote["id"], "a valid quote was not reused"
        self.quote, self.changed = quote, False

    @precondition(lambda self: self.quote is not None)
    @rule(data=st.data())
    def breakdown(self, data: st.DataObject) -> None:
        """Breakdown lines sum to the offer's total, to the cent."""
        assert self.quote is not None
        offer = data.draw(st.sampled_from(self.quote["offers"]), label="offer")
        query = {"quantity": offer["quantity"], "leadTimeDays": offer["leadTimeDays"]}
        reply = self.client.get(f"/quotes/{self.quote['id']}/breakdown", query=query)
        found = expect.body(reply, 200)
        assert (found["quoteId"], found["quantity"], found["leadTimeDays"]) == (
            self.quote["id"],
            offer["quantity"],
            offer["leadTimeDays"],
        ), found
        lines = sum(line["lineTotal"] for line in found["lines"])
        assert expect.cents(lines) == expect.cents(offer["totalPrice"]), (
            f"breakdown lines sum to {lines:.2f}, the offer's total is {offer['totalPrice']}"
        )
        assert expect.money_equal(found["total"], offer["totalPrice"]), found


@pytest.mark.writes
def test_bom_edits_and_quotes(api: Api) -> None:
    started = uploads.create_project(api.first, api.slug, api.label("bom"))
    pause = 0.0 if api.options.in_process else 1.0
    assert uploads.wait_for_import(api.first, started["projectId"], pause) == "complete"
    parts = api.parts()
    machines.run(lambda: BomMachine(api, started["projectId"], parts), api.options)
