"""Request and response validation compiled from the spec.

openapi-core is the validator of record: it words every rejection and has the last say.
Running it on every request costs ~1.7 ms, so each operation is also compiled into
jsonschema_rs validators that accept valid traffic in microseconds. Whatever the fast path
rejects is handed to openapi-core; a differential test keeps the two in agreement.

Before either looks at a request, `RequestValidator.screen` refuses what no schema should
ever see (`screening.py` has the rules): oversized bodies, invalid text, deep nesting.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
import orjson

from mockserver.engine.errors import ApiError, MalformedBody, PayloadTooLarge, ValidationError
from mockserver.engine.screening import (
    Incoming,
    Refused,
    bounded,
    excerpt,
    parse_json,
    screen_text,
)
from mockserver.engine.spec import Operation, Parameter

_INT = re.compile(r"^-?\d{1,4000}$")
_NUMBER = re.compile(r"^-?\d{1,400}(\.\d{1,400})?([eE][+-]?\d{1,4})?$")
JSON_TYPES = ("application/json",)

__all__ = [
    "Incoming",
    "Inputs",
    "RequestValidator",
    "describe",
    "excerpt",
    "is_hard_error",
    "refusal",
]


def compile_schema(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def refusal(message: str, node: Any, keyword: str, parameter: str | None = None) -> ValidationError:
    """The error for a violated keyword: as its schema's `x-errors` names it, else 400.

    `x-errors` maps a keyword to `{code, status}` (status 400 unless given), so a rule the
    schema states keeps the API's own error code (`size` over its maximum: 413).
    """
    error = ValidationError(message, parameter=parameter)
    rules = node.get("x-errors") if isinstance(node, dict) else None
    rule = rules.get(keyword) if isinstance(rules, dict) else None
    if rule is not None:
        error.status, error.code = int(rule.get("status", 400)), str(rule["code"])
    return error


def _refusal(
    message: str, root: Any, error: jsonschema_rs.ValidationError, parameter: str | None = None
) -> ValidationError:
    *where, keyword = error.schema_path
    node = root
    for part in where:
        node = node[part]
    return refusal(message, node, str(keyword), parameter)


def describe(error: jsonschema_rs.ValidationError, where: str) -> str:
    """`body.files[0].size: "x" is not of type "integer"`, quoting at most an excerpt."""
    path = where
    for part in error.instance_path:
        path += f"[{part}]" if isinstance(part, int) else f".{excerpt(str(part))}"
    return f"{path}: {bounded(error.message, error.instance)}"


@dataclass(slots=True)
class Inputs:
    """What a handler receives: typed parameters and the parsed body."""

    path: dict[str, Any]
    query: dict[str, Any]
    body: Any


class _CompiledParam:
    __slots__ = ("kind", "param", "validator")

    def __init__(self, param: Parameter) -> None:
        self.param = param
        self.validator = compile_schema(param.schema)
        kind = param.schema.get("type", "string")
        self.kind = kind if isinstance(kind, str) else "string"

    def cast(self, raw: str) -> Any:
        # The patterns bound the digits: int() refuses more than 4300 of them with a ValueError.
        if self.kind == "integer" and _INT.match(raw):
            return int(raw)
        if self.kind == "number" and _NUMBER.match(raw):
            return float(raw)
        if self.kind == "boolean" and raw in ("true", "false"):
            return raw == "true"
        return raw

    def check(self, raw: str | None) -> Any:
        name, where = self.param.name, self.param.location
        if raw is None:
            if self.param.required:
                raise ValidationError(f"{where} parameter '{name}' is required", parameter=name)
            return None
        value = self.cast(raw)
        error = next(iter(self.validator.iter_errors(value)), None)
        if error is not None:
            message = f"{where} parameter '{name}': {bounded(error.message, error.instance)}"
            raise _refusal(message, self.param.schema, error, name)
        return value


class RequestValidator:
    """The fast path for one operation."""

    def __init__(self, operation: Operation, max_body: int) -> None:
        self.operation = operation
        self.max_body = max_body
        self.path_params = [_CompiledParam(p) for p in operation.parameters if p.location == "path"]
        self.query_params = [
            _CompiledParam(p) for p in operation.parameters if p.location == "query"
        ]
        self.json_schema = next(
            (s for c, s in operation.body_content.items() if c in JSON_TYPES), None
        )
        self.json_body = None if self.json_schema is None else compile_schema(self.json_schema)
        # Bytes (`*/*`, `application/octet-stream`, ...) reach the handler as they came.
        self.raw_body = self.json_body is None and bool(operation.body_content)
        # What screening checks: the inputs the operation reads.
        self.query_names = frozenset(p.param.name for p in self.query_params)
        self.header_names = frozenset(
            [p.name.lower() for p in operation.parameters if p.location == "header"]
            + (["content-type"] if operation.body_content else [])
        )

    def validate(
        self, path: dict[str, str], args: Any, content_type: str | None, data: bytes
    ) -> Inputs:
        """Screen and check a request given by its parts (no headers, no raw URL)."""
        incoming = Incoming(path, args, (), content_type, data)
        return self.check(incoming, self.screen(incoming))

    def check_length(self, length: int | None) -> None:
        """413 from the declared length alone, before a JSON body is read."""
        if self.json_body is not None and length is not None and length > self.max_body:
            raise PayloadTooLarge(
                f"request body is {length} bytes; the limit is {self.max_body} bytes"
            )

    def screen(self, incoming: Incoming) -> Any:
        """What no validator may see, refused (size, text, nesting); returns the parsed body.

        Both validation modes run it first, so neither validator meets such input.
        """
        screen_text(incoming, self.query_names, self.header_names)
        if self.raw_body:
            return incoming.data
        if self.json_body is None or not incoming.data:
            return None
        self.check_length(len(incoming.data))
        media = (incoming.content_type or "").split(";", 1)[0].strip().lower()
        if media not in JSON_TYPES:
            # Definite, and openapi-core fails on some malformed types: no second opinion.
            shown = excerpt(media) or "no content type"
            raise Refused(f"request body must be application/json, not '{shown}'")
        return parse_json(incoming.data)

    def check(self, incoming: Incoming, body: Any) -> Inputs:
        """Typed inputs, or an ApiError whose message may be replaced by openapi-core's."""
        inputs = Inputs({}, {}, None)
        for p in self.path_params:
            inputs.path[p.param.name] = p.check(incoming.path.get(p.param.name))
        for p in self.query_params:
            value = p.check(incoming.args.get(p.param.name))
            if value is not None:
                inputs.query[p.param.name] = value
        inputs.body = self._body(incoming, body)
        return inputs

    def _body(self, incoming: Incoming, body: Any) -> Any:
        if self.raw_body:
            return body
        if self.json_body is None:
            return None
        if not incoming.data:
            if self.operation.body_required:
                raise ValidationError("request body is required (application/json)")
            return None
        error = next(iter(self.json_body.iter_errors(body)), None)
        if error is not None:
            raise _refusal(describe(error, "body"), self.json_schema, error)
        return body


def is_hard_error(error: ApiError) -> bool:
    """Errors openapi-core does not judge (size, JSON syntax, screening): no second opinion."""
    return isinstance(error, PayloadTooLarge | MalformedBody | Refused)


def dump_json(body: Any) -> bytes:
    """JSON bytes of any stored value; a lone surrogate becomes its JSON escape, never a 500.

    Screening keeps such text out; this is the second line for data loaded from a dataset.
    """
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:  # lone surrogates (or a non-string key): the slow, safe way
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8", "backslashreplace")
