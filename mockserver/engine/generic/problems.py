"""Error answers in the spec's own error shape: its schema, with the message and code filled in."""

from __future__ import annotations

import http
from dataclasses import dataclass
from typing import Any

from mockserver.engine.generic.generate import Generator, Unsatisfiable
from mockserver.engine.generic.listing import squash
from mockserver.engine.generic.operations import RawOperation, response_media, responses

MESSAGE_FIELDS = ("message", "detail", "error", "description", "msg", "errormessage", "reason")
CODE_FIELDS = ("code", "errorcode", "status", "statuscode", "type", "error")


@dataclass(frozen=True, slots=True)
class Problem:
    """An error answer: status, media type (None: no body) and body."""

    status: int
    media_type: str | None
    body: Any


def documented_key(op: RawOperation, generator: Generator, status: int) -> str | None:
    """The operation's response entry that covers `status`, if any."""
    documented = responses(generator.schemas, op)
    for key in (str(status), f"{status // 100}XX", "DEFAULT"):
        if key in documented:
            return key
    return None


def problem(generator: Generator, op: RawOperation, status: int, message: str) -> Problem:
    """The error answer for `status`; the shape of the response documented for it, if any."""
    key = documented_key(op, generator, status)
    if key is None:
        return Problem(status, "application/json", {"message": message})
    media_type, schema = response_media(generator.schemas, op, key)
    if media_type is None:
        return Problem(status, None, None)
    if schema is None:
        return Problem(status, media_type, {"message": message})
    try:
        body = generator.valid(schema, context="error")
    except Unsatisfiable:
        return Problem(status, media_type, {"message": message})
    filled = fill(generator, schema, body, status, message)
    return Problem(status, media_type, filled)


def fill(generator: Generator, schema: Any, body: Any, status: int, message: str) -> Any:
    """`body` with its message and code fields saying what happened, if that stays valid."""
    if not isinstance(body, dict):
        return body
    props = generator.schemas.properties(schema)
    candidate = dict(body)
    _set_fields(generator, props, candidate, status, message)
    if generator.schemas.is_valid(schema, candidate):
        return candidate
    return body


def _set_fields(
    generator: Generator, props: dict[str, Any], body: dict[str, Any], status: int, message: str
) -> None:
    by_key = {squash(name): name for name in props}
    texts = [by_key[key] for key in MESSAGE_FIELDS if key in by_key]
    message_field = next((n for n in texts if _accepts(generator, props[n], "string")), None)
    if message_field is not None:
        body[message_field] = message
    title = by_key.get("title")
    if title is not None and _accepts(generator, props[title], "string"):
        body[title] = message if message_field is None else _reason(status)
    for key in CODE_FIELDS:
        name = by_key.get(key)
        if name is None or name == message_field:
            continue
        if _accepts(generator, props[name], "integer"):
            body[name] = status
        elif _accepts(generator, props[name], "string"):
            body[name] = "about:blank" if key == "type" else _code(status)
        elif (chosen := _enum_code(generator, props[name], status)) is not None:
            body[name] = chosen
    for name, sub in props.items():
        if isinstance(body.get(name), dict) and name not in (message_field, title):
            _set_fields(generator, generator.schemas.properties(sub), body[name], status, message)


def _accepts(generator: Generator, schema: Any, kind: str) -> bool:
    flat = generator.schemas.flatten(schema)
    return "enum" not in flat and "const" not in flat and kind in generator.schemas.types(flat)


def _enum_code(generator: Generator, schema: Any, status: int) -> Any:
    """The value of a code enum that names this status (`NOT_FOUND`, `not-found`, `404`)."""
    options = generator.schemas.flatten(schema).get("enum") or []
    wanted = {squash(_code(status)), str(status)}
    return next((option for option in options if squash(str(option)) in wanted), None)


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _code(status: int) -> str:
    return _reason(status).upper().replace(" ", "_").replace("-", "_")
