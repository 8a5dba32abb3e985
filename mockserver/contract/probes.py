"""Requests at the first workspace's resources, for callers that must not reach them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from mockserver.contract import expect
from mockserver.contract.discovery import Api

Record = dict[str, Any]
ALL_TIME = {"startDate": "2000-01-01", "endDate": "2100-12-31"}


@dataclass(frozen=True, slots=True)
class Probe:
    """One request; `body` set means a write."""

    name: str
    method: str
    path: str
    query: Record | None = None
    body: Any = None


@dataclass(frozen=True, slots=True)
class Foreign:
    """Ids of the first workspace's resources (None where it has none)."""

    slug: str
    project: int | None
    revision: int | None
    line: int | None
    ref: str | None
    order: int | None
    issue: int | None
    invoice: int | None
    quote: Record | None
    part: int


def find_foreign(api: Api) -> Foreign:
    """Look around the first workspace; in the full profile, make a quote to probe too."""
    project = api.bom_project or (api.projects[0] if api.projects else None)
    line = api.bom(project["id"])["bomLines"][0] if api.bom_project and project else None
    quote = None
    if project and api.options.writes:
        quote = expect.body(api.first.post("/quotes", {"projectId": project["id"]}), 200)
    return Foreign(
        slug=api.slug,
        project=project["id"] if project else None,
        revision=project["latestRevisionId"] if project else None,
        line=line["id"] if line else None,
        ref=line["referenceDesignators"][0] if line and line["referenceDesignators"] else None,
        order=api.orders[0]["id"] if api.orders else None,
        issue=api.issues[0]["id"] if api.issues else None,
        invoice=api.invoices[0]["id"] if api.invoices else None,
        quote=quote,
        part=next((p["id"] for p in api.parts()), 1),
    )


def reads(f: Foreign) -> list[Probe]:
    billing = f"/workspaces/{f.slug}/billing"
    found = [
        Probe("projects", "GET", "/projects", {"workspace": f.slug}),
        Probe("orders", "GET", "/orders", {"workspace": f.slug}),
        Probe("issues", "GET", "/issues", {"workspace": f.slug}),
        Probe("invoices", "GET", f"{billing}/invoices"),
        Probe("statement", "GET", f"{billing}/statement", ALL_TIME),
        Probe("payments", "GET", f"{billing}/payments"),
        Probe("payment methods", "GET", f"{billing}/payment-methods"),
        Probe("balance", "GET", f"{billing}/balance"),
    ]
    if f.project is not None:
        base = f"/projects/{f.project}"
        found += [
            Probe("project", "GET", base),
            Probe("status", "GET", f"{base}/status"),
            Probe("revisions", "GET", f"{base}/revisions"),
            Probe("bom", "GET", f"{base}/bom"),
            Probe("bom of revision", "GET", f"{base}/bom", {"revision": f.revision}),
        ]
    if f.order is not None:
        found.append(Probe("order", "GET", f"/orders/{f.order}"))
    if f.invoice is not None:
        found.append(Probe("invoice", "GET", f"{billing}/invoices/{f.invoice}"))
        found.append(Probe("invoice pdf", "GET", f"{billing}/invoices/{f.invoice}/pdf"))
    if f.quote is not None:
        offer = f.quote["offers"][0]
        query = {"quantity": offer["quantity"], "leadTimeDays": offer["leadTimeDays"]}
        found.append(Probe("breakdown", "GET", f"/quotes/{f.quote['id']}/breakdown", query))
    if f.issue is not None:
        query = {"filename": "x.txt", "uuid": str(uuid.uuid4())}
        found.append(Probe("upload url", "GET", f"/issues/{f.issue}/upload-url", query))
    return found


def writes(f: Foreign, title: str) -> list[Probe]:
    files = [{"objectKey": "uploads/abc123/my-board.cvg", "filename": "my-board.cvg"}]
    found = [
        Probe(
            "upload urls",
            "POST",
            "/projects/upload-urls",
            None,
            {"workspace": f.slug, "files": [{"filename": "a.csv", "size": 10}]},
        ),
        Probe(
            "create project",
            "POST",
            "/projects",
            None,
            {"name": title, "workspace": f.slug, "files": files},
        ),
    ]
    if f.project is not None:
        found += [
            Probe("revision", "POST", f"/projects/{f.project}/revisions", None, {"files": files}),
            Probe("quote project", "POST", "/quotes", None, {"projectId": f.project}),
            Probe("quote revision", "POST", "/quotes", None, {"revisionId": f.revision}),
        ]
    if f.line is not None:
        found.append(Probe("set part", "PUT", f"/bom/{f.line}/part", None, {"partId": f.part}))
    if f.line is not None and f.ref is not None:
        path = f"/bom/{f.line}/placements/{f.ref}/dnp"
        found.append(Probe("dnp", "PUT", path, None, {"dnp": True}))
    if f.order is not None:
        found.append(Probe("issue", "POST", f"/orders/{f.order}/issues", None, {"title": title}))
    if f.issue is not None:
        path = f"/issues/{f.issue}/comments"
        found.append(Probe("comment", "POST", path, None, {"body": title}))
    return found
