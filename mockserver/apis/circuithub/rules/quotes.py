"""Quotes: priced from the BOM, cached while valid, with per-offer breakdowns."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from mockserver.apis.circuithub.domain.pricing import PricedLine, price_offers
from mockserver.apis.circuithub.rules.access import Access
from mockserver.apis.circuithub.rules.bom import Bom
from mockserver.apis.circuithub.rules.projects import Projects
from mockserver.engine.clock import Clock, iso, parse_instant
from mockserver.engine.errors import NotFound, ValidationError
from mockserver.engine.store.base import Record, Store, Transaction

VALIDITY = timedelta(hours=1)


def bom_fingerprint(lines: list[Record]) -> str:
    """What a quote depends on; an edit to the BOM makes a cached quote stale."""
    key = [(ln["id"], ln["status"], ln.get("resolvedPartId"), sorted(ln["dnp"])) for ln in lines]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()


class Quotes:
    def __init__(
        self,
        quotes: Store,
        parts: Store,
        bom: Bom,
        projects: Projects,
        access: Access,
        clock: Clock,
        tx: Transaction,
    ) -> None:
        self.table = quotes
        self.parts = parts
        self.bom = bom
        self.projects = projects
        self.access = access
        self.clock = clock
        self.tx = tx

    def request(self, user: Record, body: dict[str, Any]) -> Record:
        revision, project = self._target(user, body)
        if revision["importStatus"] != "complete":
            status = revision["importStatus"]
            raise ValidationError(
                f"revision {revision['id']} cannot be quoted: its import is {status}"
            )
        lines = self.bom.of_revision(revision["id"])
        fingerprint = bom_fingerprint(lines)
        now = self.clock.now()
        with self.tx():
            for quote in self.table.where("revisionId", revision["id"]):
                fresh = parse_instant(quote["expiresAt"]) > now
                if fresh and quote["bomFingerprint"] == fingerprint:
                    return quote
            offers = price_offers([self._priced(line) for line in lines], now)
            quote = self.table.insert(
                {
                    "id": None,
                    "workspaceId": project["workspaceId"],
                    "projectId": project["id"],
                    "revisionId": revision["id"],
                    "revisionNumber": revision["number"],
                    "createdAt": iso(now),
                    "expiresAt": iso(now + VALIDITY),
                    "offers": [o.offer_json() for o in offers],
                    "bomFingerprint": fingerprint,
                    "breakdowns": [o.breakdown_json(0) for o in offers],
                }
            )
        return quote

    def _target(self, user: Record, body: dict[str, Any]) -> tuple[Record, Record]:
        projects = self.projects
        if "projectId" in body:
            project = projects.get(user, body["projectId"])
            revision = projects.revision_of(user, project["id"], None)
            return revision, project
        found = projects.revisions.get(body["revisionId"])
        if found is None:
            raise NotFound("Revision not found")
        return found, projects.get(user, found["projectId"])

    def _priced(self, line: Record) -> PricedLine:
        return PricedLine.from_records(line, self.parts.get(line.get("resolvedPartId")))

    def breakdown(self, user: Record, quote_id: int, quantity: int, lead: int) -> dict[str, Any]:
        quote = self.access.owned(user, self.table, quote_id, "Quote")
        for breakdown in quote["breakdowns"]:
            if breakdown["quantity"] == quantity and breakdown["leadTimeDays"] == lead:
                return {**breakdown, "quoteId": quote["id"]}
        offered = ", ".join(f"{o['quantity']}/{o['leadTimeDays']}d" for o in quote["offers"])
        raise NotFound(
            f"Quote {quote_id} has no offer for quantity {quantity} and lead time {lead} days "
            f"(offered quantity/lead time: {offered})"
        )
