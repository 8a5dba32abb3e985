"""Replies in the documented media type, status and headers of an operation."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

from mockserver.engine.call import Reply
from mockserver.engine.generic.generate import Generator, Unsatisfiable
from mockserver.engine.generic.model import Plan, Resource
from mockserver.engine.generic.operations import RawOperation, is_json, responses
from mockserver.engine.generic.problems import Problem, documented_key

# The smallest valid PNG (1x1, transparent): what an image answer holds.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def jsonable(value: Any) -> Any:
    """Inputs as JSON has them: openapi-core hands out dates, datetimes and UUIDs as objects."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def reply(generator: Generator, op: RawOperation, plan: Plan, body: Any) -> Reply:
    """The success reply: the plan's status and media type, with its documented headers."""
    status = int(plan.status)
    headers = documented_headers(generator, op, status)
    return encode(status, plan.media_type, body, headers)


def problem_reply(problem: Problem, headers: dict[str, str]) -> Reply:
    return encode(problem.status, problem.media_type, problem.body, headers)


def encode(status: int, media_type: str | None, body: Any, headers: dict[str, str]) -> Reply:
    if media_type is None or (body is None and status == 204):
        return Reply(status, body=None, headers=headers)
    if media_type.split(";")[0].strip().lower() == "application/json":
        return Reply(status, body=body, headers=headers)
    return Reply(status, data=_bytes(media_type, body), content_type=media_type, headers=headers)


def _bytes(media_type: str, body: Any) -> bytes:
    if is_json(media_type):
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    if media_type.startswith("image/png") or media_type.startswith("image/"):
        return PNG
    if media_type == "application/pdf":
        return PDF
    if media_type.endswith("xml"):
        return b'<?xml version="1.0" encoding="UTF-8"?>\n<response/>\n'
    return (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")


def documented_headers(generator: Generator, op: RawOperation, status: int) -> dict[str, str]:
    """A value for every header the response documents (required or not)."""
    key = documented_key(op, generator, status)
    response = responses(generator.schemas, op).get(key or "", {})
    found = {}
    for name, header in (response.get("headers") or {}).items():
        header = generator.schemas.deref(header)
        if name.lower() == "content-type" or not isinstance(header, dict):
            continue
        try:
            value = generator.valid(header.get("schema", {"type": "string"}), name)
        except Unsatisfiable:
            continue
        found[name] = _header_text(value)
    return found


def _header_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def shaped(generator: Generator, plan: Plan, resource: Resource | None, record: Any) -> Any:
    """A record as the answer's schema has it: as is, wrapped, or within a generated answer."""
    if plan.schema is None:
        return None
    key = resource.item_key if resource else None
    candidate = {key: record} if key else record
    if generator.schemas.is_valid(plan.schema, candidate):
        return candidate
    return generated(generator, plan, overlay_from=record)


def generated(generator: Generator, plan: Plan, overlay_from: Any = None) -> Any:
    """The plan's documented example if it fits, else a body generated from its schema."""
    if plan.schema is None:
        return None if not plan.examples else plan.examples[0]
    for example in plan.examples:
        if generator.schemas.is_valid(plan.schema, example):
            return _overlay(generator, plan.schema, example, overlay_from)
    try:
        value = generator.valid(plan.schema, context="answer")
    except Unsatisfiable:
        return None
    return _overlay(generator, plan.schema, value, overlay_from)


def _overlay(generator: Generator, schema: Any, value: Any, source: Any) -> Any:
    """Fields of `source` (a record, a request body) copied over where they keep it valid."""
    if not isinstance(value, dict) or not isinstance(source, dict):
        return value
    result = dict(value)
    for name in generator.schemas.properties(schema):
        if name in source:
            candidate = {**result, name: source[name]}
            if generator.schemas.is_valid(schema, candidate):
                result = candidate
    return result
