"""The presigned-upload flow: ask for URLs, PUT the bytes, create projects and revisions."""

from __future__ import annotations

import hashlib
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mockserver.contract import expect
from mockserver.contract.client import ApiClient, Reply

Record = dict[str, Any]
KICAD_PCB = b"(kicad_pcb (version 20221018) (generator circuithub-contract-tests))\n"
BOM_CSV = (
    b"Reference Designators,MPN,Manufacturer,Value,Footprint,Description\r\n"
    b'"C1,C2,C3",GCM155R71C104KA55D,Murata,100nF,C_0402,Ceramic capacitor\r\n'
    b"U1,LM358DR,Texas Instruments,LM358,SOIC-8,Dual op-amp\r\n"
    b'"R1,R2",RC0402FR-0710KL,Yageo,10k,R_0402,Resistor\r\n'
    b"U2,NOT-A-REAL-PART-123,,,QFN-24,Mystery\r\n"
)
DESIGN = {"board.kicad_pcb": KICAD_PCB, "bom.csv": BOM_CSV}
IMPORT_POLLS = 60


def etag_of(data: bytes) -> str:
    return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'


def request_targets(client: ApiClient, slug: str, files: dict[str, bytes]) -> list[Record]:
    body = {"workspace": slug, "files": [{"filename": n, "size": len(d)} for n, d in files.items()]}
    uploads: list[Record] = expect.body(client.post("/projects/upload-urls", body), 200)["uploads"]
    assert [u["filename"] for u in uploads] == list(files), "uploads are not in request order"
    return uploads


def put_object(
    client: ApiClient, target: Record, data: bytes, *, url: str | None = None, headers: bool = True
) -> Reply:
    """PUT to the presigned URL with its signed headers; never with the API token."""
    sent = {name: value for name, value in target.get("headers", [])} if headers else {}
    return client.request("PUT", url or target["uploadUrl"], content=data, headers=sent, auth=False)


def tampered(url: str) -> str:
    """The same URL with one hex digit of its signature changed."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    changed = []
    for name, value in query:
        if name.lower() in ("signature", "x-amz-signature") and value:
            value = value[:-1] + ("0" if value[-1] != "0" else "1")
        changed.append((name, value))
    assert changed != query, f"no signature parameter in {url}"
    return urlunsplit(parts._replace(query=urlencode(changed)))


def upload(client: ApiClient, slug: str, files: dict[str, bytes]) -> list[Record]:
    """Upload every file; the file references `POST /projects` and revisions take."""
    refs = []
    for target, data in zip(request_targets(client, slug, files), files.values(), strict=True):
        reply = expect.status(put_object(client, target, data), 200)
        assert reply.headers.get("etag") == etag_of(data), reply.headers
        refs.append({"objectKey": target["objectKey"], "filename": target["filename"]})
    return refs


def create_project(client: ApiClient, slug: str, name: str) -> Record:
    """A new project from freshly uploaded design files and BOM; the 201 body."""
    body = {"name": name, "workspace": slug, "files": upload(client, slug, DESIGN)}
    started: Record = expect.body(client.post("/projects", body), 201)
    return started


def create_revision(client: ApiClient, slug: str, project_id: int) -> Record:
    files = upload(client, slug, DESIGN)
    reply = client.post(f"/projects/{project_id}/revisions", {"files": files})
    started: Record = expect.body(reply, 201)
    return started


def wait_for_import(client: ApiClient, project_id: int, pause: float = 0.0) -> str:
    """Poll the status until the import ends; its final status."""
    status = "importing"
    for _ in range(IMPORT_POLLS):
        found = expect.body(client.get(f"/projects/{project_id}/status"), 200)
        assert found["projectId"] == project_id, found
        status = found["status"]
        assert status in ("importing", "complete", "failed"), found
        if status != "importing":
            assert (found["message"] is None) == (status == "complete"), found
            return str(status)
        time.sleep(pause)
    return str(status)
