"""Hostile input through every operation of every mounted API; afterwards every list and
item still answers. No 5xx, ever (strict mode: a stored value the contract does not allow
would be a 500 too).

Each example starts from the operation's documented example request, so the hostile value
reaches as deep as validation lets it: a write the schema allows is stored, then read back.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver import host_of
from mockserver.engine.mounts import Mount
from mockserver.engine.screening import MESSAGE_LIMIT
from mockserver.engine.spec import Operation
from tests.conftest import ALICE, make_app
from tests.flows import BOARD, BOM, create_project, finish_import
from tests.hostile.requests import (
    Request,
    api_key,
    header_text,
    nested,
    string_slots,
    wire,
    with_leaf,
)
from tests.hostile.strategies import FRAGMENTS, depths, hostile_text

# The fast path by default; HOSTILE_VALIDATOR=openapi-core sends everything to the judge.
APP: Flask = make_app(validator=os.environ.get("HOSTILE_VALIDATOR", "fast"))
MOUNTS = list(host_of(APP).mounts.values())
OPERATIONS = [(m, op) for m in MOUNTS for op in m.spec.operations.values()]
# Ids seen in successful answers, per API: the items every read sweep visits.
SEEN: dict[str, set[str]] = {m.name: set() for m in MOUNTS}
HEADERS = ("Authorization", "Content-Type", "Host", "X-Mock-Session", "X-Hostile")
# Examples per operation: a bounded run for `make test`; raise it to hunt.
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "12"))


def slots(request: Request) -> list[tuple[str, Any]]:
    """Every place of this request a hostile value can go."""
    found: list[tuple[str, Any]] = [("header", name) for name in HEADERS]
    found += [("path", name) for name in request.path]
    found += [("query", name) for name, _ in request.query] + [("query", "extra")]
    if request.body is not None and request.headers.get("Content-Type") == "application/json":
        body = json.loads(request.body)
        found += [("body", p) for p in string_slots(body)] + [("key", ()), ("nest", ())]
        found += [("nest", p) for p in string_slots(body)]
    return found


def apply(request: Request, slot: tuple[str, Any], text: str, depth: int) -> None:
    kind, where = slot
    if kind == "header":
        request.headers[where] = header_text(text.replace("\r", "").replace("\n", ""))
    elif kind == "path":
        request.path[where] = wire(text) or "%20"
    elif kind == "query":
        request.query = [(n, v) for n, v in request.query if n != where] + [(where, wire(text))]
    else:
        body = json.loads(request.body or b"{}")
        if kind == "body":
            request.body = json.dumps(with_leaf(body, where, text)).encode()
        elif kind == "key":
            extra = {text: "value", **body} if isinstance(body, dict) else {text: body}
            request.body = json.dumps(extra).encode()
        else:
            marker = "\x00NEST\x00"
            shell = json.dumps(with_leaf(body, where, marker))
            request.body = shell.replace(json.dumps(marker), nested(depth, text)).encode()


def check(response: Any, request: Request) -> None:
    status = response.status_code
    assert status < 500, f"{request.operation.operation_id} {request.url[:300]}: {status}"
    data = response.get_data()
    if not (response.content_type or "").startswith("application/pdf"):
        data.decode("utf-8")  # every text answer is valid UTF-8
    if response.content_type == "application/json" and data:
        body = json.loads(data)
        if status >= 400 and isinstance(body, dict) and isinstance(body.get("error"), str):
            assert len(body["error"]) <= MESSAGE_LIMIT + 100, body["error"][:300]
        if 200 <= status < 300:
            remember(request.mount, body)


def remember(mount: Mount, body: Any) -> None:
    """Ids from an answer (`id`, `projectId`, ...), for the item reads."""
    stack = [body]
    while stack and len(SEEN[mount.name]) < 200:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if (key == "id" or key.endswith("Id")) and isinstance(value, int | str):
                    SEEN[mount.name].add(str(value))
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node[:20])


def read_everything(client: FlaskClient, mount: Mount, key: str | None) -> None:
    """Every GET with its documented parameters, then every item GET with each seen id."""
    for op in mount.spec.operations.values():
        if op.method != "GET":
            continue
        base = Request.baseline(mount, op, key)
        check(base.send(client), base)
        if len(base.path) == 1:
            (name,) = base.path
            for ident in sorted(SEEN[mount.name])[:60]:
                base.path[name] = wire(ident)
                check(base.send(client), base)


@pytest.mark.parametrize(
    ("mount", "operation"), OPERATIONS, ids=[f"{m.name}.{op.operation_id}" for m, op in OPERATIONS]
)
def test_hostile_input_never_breaks_the_mock(mount: Mount, operation: Operation) -> None:
    client = APP.test_client()
    key = api_key(APP, mount)
    places = slots(Request.baseline(mount, operation, key))

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.sampled_from(places), hostile_text, depths)
    def probe(slot: tuple[str, Any], text: str, depth: int) -> None:
        request = Request.baseline(mount, operation, key)
        apply(request, slot, text, depth)
        check(request.send(client), request)

    probe()
    read_everything(client, mount, key)


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8),
    st.sampled_from(("utf-8", "utf-16")),
)
def test_hostile_text_in_an_uploaded_bom_imports_and_serves(
    fragments: list[str], codec: str
) -> None:
    """Uploaded bytes are input too: BOM fields holding hostile text become BOM lines that
    the BOM, quote and project reads serve."""
    client = APP.test_client()
    row = ",".join(f'"{f.replace(chr(34), "")}"' for f in fragments[:6])
    text = BOM.decode() + f"R77,LM358{''.join(fragments)},{row}\r\n"
    data = (
        text.encode(codec, "surrogatepass")
        if codec == "utf-8"
        else (b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass"))
    )
    project = create_project(client, {"board.kicad_pcb": BOARD, "bom.csv": data})
    finish_import(client, project["projectId"])
    base = f"/v1/projects/{project['projectId']}"
    for url in (base, f"{base}/bom", f"{base}/revisions", f"{base}/status"):
        response = client.get(url, headers=ALICE)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    revision = client.get(base, headers=ALICE).get_json()["latestRevisionId"]
    quote = client.post("/v1/quotes", json={"revisionId": revision}, headers=ALICE)
    assert quote.status_code < 500
