"""Golden responses: every operation's success and each documented error, from a dataset.

Requests are derived from the spec (parameter and body examples, required inputs, id
parameters) and sent to a strict app, so each golden response is valid under the spec by
construction. Files are named `<operationId>.<status>.<ext>`; `index.json` lists them with the
request that made each.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from mockserver.app import create_app, endpoints, mock_of
from mockserver.call import Call, Reply
from mockserver.config import Config
from mockserver.spec import Operation, load_spec

TOKEN = "ch_test_alice"
OTHER_TOKEN = "ch_test_mallory"
UNKNOWN_ID = 999999999
UNKNOWN_SLUG = "no-such-workspace"
EXTENSIONS = {"application/json": "json", "application/pdf": "pdf", "application/xml": "xml"}


@dataclass(slots=True)
class Request:
    """One request, as plain data a test client or a README can replay."""

    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    data: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def send(self, app: Flask) -> Any:
        client = app.test_client()
        kwargs: dict[str, Any] = {"query_string": self.query, "headers": self.headers}
        if self.data is not None:
            kwargs["data"] = self.data
        elif self.body is not None:
            kwargs["json"] = self.body
        return client.open(self.path, method=self.method, **kwargs)


class Recipes:
    """How to provoke each documented status of one operation."""

    def __init__(self, operation: Operation, base: str) -> None:
        self.op = operation
        self.base = base

    def success(self) -> Request:
        path, query = self.op.path, {}
        for p in self.op.parameters:
            value = p.example
            if p.location == "path":
                path = path.replace("{" + p.name + "}", str(value))
            elif value is not None:
                query[p.name] = value
        headers = {"Authorization": f"Bearer {TOKEN}"} if self.op.secured else {}
        return Request(self.op.method, self.base + path, query, self._body_example(), None, headers)

    def _body_example(self) -> Any:
        return copy.deepcopy(self.op.body_example)

    def _example(self, name: str) -> Any:
        return next((p.example for p in self.op.parameters if p.name == name), None)

    def for_status(self, status: str) -> Request | None:
        make: dict[str, Callable[[], Request | None]] = {
            "400": self._invalid,
            "401": self._anonymous,
            "403": self._foreign,
            "404": self._unknown,
            "413": self._oversized,
        }
        if status.startswith("2") or status == "302":
            return self.success()
        return make[status]() if status in make else self.success()

    def _invalid(self) -> Request | None:
        req = self.success()
        required = [p for p in self.op.parameters if p.location == "query" and p.required]
        if required:
            req.query.pop(required[0].name)
        elif req.body is not None:
            req.body = {}
        else:
            path_params = [p for p in self.op.parameters if p.location == "path"]
            if not path_params:
                return None
            value = self._example(path_params[0].name)
            req.path = req.path.replace(f"/{value}", "/not-a-valid-value!", 1)
        return req

    def _anonymous(self) -> Request:
        req = self.success()
        req.headers.pop("Authorization", None)
        return req

    def _foreign(self) -> Request:
        req = self.success()
        req.headers["Authorization"] = f"Bearer {OTHER_TOKEN}"
        return req

    def _unknown(self) -> Request:
        req = self.success()
        for p in self.op.parameters:
            value = self._example(p.name)
            unknown = UNKNOWN_ID if p.schema.get("type") == "integer" else UNKNOWN_SLUG
            if p.location == "path" and p.name not in ("ref",):
                req.path = req.path.replace(f"/{value}", f"/{unknown}", 1)
                return req
            if p.location == "query" and p.name == "workspace":
                req.query[p.name] = UNKNOWN_SLUG
                return req
        if isinstance(req.body, dict):
            for key in ("workspace", "projectId", "revisionId", "partId"):
                if key in req.body:
                    req.body[key] = UNKNOWN_SLUG if key == "workspace" else UNKNOWN_ID
                    return req
        return req

    def _oversized(self) -> Request:
        req = self.success()
        req.body = {"padding": "x" * (1024 * 1024 + 1)}
        return req


def _storage_requests(app: Flask, op: Operation, base: str) -> dict[str, Request]:
    """Storage PUTs need a freshly signed URL, made through the API first."""
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    data = b"golden bytes"
    if op.operation_id == "putUploadObject":
        body = {
            "workspace": "acme-electronics",
            "files": [{"filename": "g.cvg", "size": len(data)}],
        }
        target = client.post(f"{base}/projects/upload-urls", json=body, headers=auth).get_json()
        url = target["uploads"][0]["uploadUrl"]
        headers = dict(target["uploads"][0]["headers"])
    else:
        query = {"filename": "g.zip", "uuid": "0f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c8"}
        url = client.get(
            f"{base}/issues/7001/upload-url", query_string=query, headers=auth
        ).get_json()["uploadUrl"]
        headers = {}
    parts = urlsplit(url)
    good = Request("PUT", parts.path, dict(_pairs(parts.query)), None, data, headers)
    tampered = copy.deepcopy(good)
    tampered.query["signature"] = "0" * 64
    bad = copy.deepcopy(good)
    if "size" in bad.query:
        bad.data = data[:-1]  # a body shorter than the signed size
    else:
        bad.path = bad.path.rsplit("/", 2)[0] + "/NOT_A_VALID_ID/g.zip"  # a malformed key
    return {"200": good, "403": tampered, "400": bad}


def _pairs(query: str) -> list[tuple[str, str]]:
    return [tuple(pair.split("=", 1)) for pair in query.split("&") if pair]  # type: ignore[misc]


def _setup(app: Flask, op: Operation, base: str) -> None:
    """Operations that read what another creates get it created first."""
    mock_of(app).world.reset()
    if op.operation_id == "getQuoteBreakdown":
        auth = {"Authorization": f"Bearer {TOKEN}"}
        app.test_client().post(f"{base}/quotes", json={"projectId": 12345}, headers=auth)


def _failing(call: Call) -> Reply:
    raise RuntimeError("golden 500: a handler that fails")


def generate(out_dir: Path, dataset: Path | None = None) -> list[dict[str, Any]]:
    """Write the golden responses; returns the index entries."""
    config = Config(strict=True, clock="2025-03-15T10:00:00Z")
    if dataset is not None:
        config.dataset_path = dataset
    app = create_app(config)
    limited = create_app(
        Config(strict=True, clock=config.clock, rate_limit=0.5, dataset_path=config.dataset_path)
    )
    base = load_spec(config.spec_path).base_path
    out_dir.mkdir(parents=True, exist_ok=True)
    index = []
    for _, endpoint in sorted(endpoints(app).items()):
        op = endpoint.operation
        recipes = Recipes(op, base)
        for status in sorted(op.responses):
            target = limited if status == "429" else app
            _setup(target, op, base)
            storage = _storage_requests(target, op, base) if op.tag == "storage" else {}
            req = storage.get(status) or recipes.for_status(status)
            index.append(_one(target, op, status, req, out_dir))
    (out_dir / "index.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    return index


def _one(
    target: Flask, op: Operation, status: str, req: Request | None, out: Path
) -> dict[str, Any]:
    if req is None:
        raise RuntimeError(f"no recipe for {op.operation_id} {status}")
    endpoint = endpoints(target)[op.operation_id]
    original = endpoint.handler
    if status == "500":
        endpoint.handler = _failing
    try:
        response = req.send(target)
    finally:
        endpoint.handler = original
    if str(response.status_code) != status:
        got = f"{response.status_code}: {response.data[:300]!r}"
        raise RuntimeError(f"{op.operation_id}: wanted {status}, got {got}")
    media = (response.content_type or "").split(";")[0]
    name = f"{op.operation_id}.{status}.{EXTENSIONS.get(media, 'bin')}" if response.data else None
    if name:
        (out / name).write_bytes(response.data)
    kept = {k: v for k, v in response.headers.items() if k in ("Location", "ETag", "Retry-After")}
    return {
        "operationId": op.operation_id,
        "status": int(status),
        "file": name,
        "contentType": media or None,
        "headers": kept,
        "request": {
            "method": req.method,
            "path": req.path,
            "query": req.query,
            "body": req.body if req.data is None else None,
            "authorized": "Authorization" in req.headers,
        },
    }


def add_command(commands: Any) -> None:
    """Register `fixtures responses -o DIR`.

    The requests use the spec's example ids (project 12345, order 8001, ...), so the goldens
    are made from the docs world, the default dataset that holds them.
    """
    parser = commands.add_parser(
        "responses",
        help="write golden responses for every operation",
        description="Every operation's success and documented errors, valid under the spec.",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="directory to write")
    parser.set_defaults(func=run_command)


def run_command(args: Any) -> int:
    import logging

    # The 500 goldens come from a handler made to fail; its traceback is expected noise.
    logging.getLogger("circuithub_mock").disabled = True
    index = generate(args.output)
    files = sum(1 for entry in index if entry["file"])
    print(
        f"wrote {files} golden responses for {len(index)} operation/status pairs to {args.output}"
    )
    return 0
