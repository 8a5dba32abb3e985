"""Requests built from any mounted spec: a valid baseline from its examples, then one slot
(a body string or key, a parameter, a header) replaced by hostile input, sent as a client
would put it on the wire."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient

from mockserver import host_of
from mockserver.engine.mounts import Mount
from mockserver.engine.spec import Operation, Parameter

# What a parameter without an example gets: enough to reach validation, not a handler.
FALLBACK = {"integer": 1, "number": 1, "boolean": "true"}


def wire(text: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate goes as its (invalid) three bytes."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def header_text(text: str) -> str:
    """A header value as a WSGI server hands it over: the UTF-8 bytes read as latin-1."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def example_of(param: Parameter) -> Any:
    if param.example is not None:
        return param.example
    kind = param.schema.get("type", "string")
    return FALLBACK.get(kind, "abc123") if isinstance(kind, str) else "abc123"


def api_key(app: Flask, mount: Mount) -> str | None:
    """A dataset user's API key for this API (the first user that has one)."""
    world = host_of(app).sessions.default.worlds[mount.name]
    if "users" not in world.registry.names:
        return None
    for user in world.stores["users"].all():
        keys = user.get("apiKeys") or []
        if keys:
            return str(keys[0])
    return None


def string_slots(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every string leaf of a JSON value."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_slots(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_slots(item, (*path, i))


def with_leaf(value: Any, path: tuple[Any, ...], leaf: Any) -> Any:
    if not path:
        return leaf
    out = copy.deepcopy(value)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = leaf
    return out


def nested(depth: int, leaf: Any = "x", kind: str = "array") -> str:
    """JSON text nesting `leaf` `depth` levels deep, built as text (no recursion)."""
    opening, closing = ("[", "]") if kind == "array" else ('{"a":', "}")
    return opening * depth + json.dumps(leaf) + closing * depth


@dataclass
class Request:
    """One request of an operation; `send` puts it on the wire of a test client."""

    operation: Operation
    mount: Mount
    key: str | None
    path: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    @classmethod
    def baseline(cls, mount: Mount, operation: Operation, key: str | None) -> Request:
        request = cls(operation, mount, key)
        for p in operation.parameters:
            value = example_of(p)
            text = json.dumps(value) if isinstance(value, bool) else str(value)
            if p.location == "path":
                request.path[p.name] = wire(text)
            elif p.location == "query":
                request.query.append((p.name, wire(text)))
            elif p.location == "header":
                request.headers[p.name] = text
        if key is not None and operation.secured:
            request.headers["Authorization"] = f"Bearer {key}"
        if "application/json" in operation.body_content:
            request.headers["Content-Type"] = "application/json"
            request.body = json.dumps(operation.body_example or {}).encode()
        elif operation.body_content:
            request.headers["Content-Type"] = "application/octet-stream"
            request.body = b"bytes"
        return request

    @property
    def url(self) -> str:
        path = self.operation.path
        for name, value in self.path.items():
            path = path.replace("{" + name + "}", value)
        query = "&".join(f"{wire(n)}={v}" for n, v in self.query)
        return self.mount.path + path + (f"?{query}" if query else "")

    def send(self, client: FlaskClient) -> Any:
        return client.open(
            self.url,
            method=self.operation.method,
            headers=self.headers,
            data=self.body,
        )
