"""Request and response validation compiled from the spec.

openapi-core is the validator of record: it words every rejection and has the last say.
Running it on every request costs ~1.7 ms, so each operation is also compiled into
jsonschema_rs validators that accept valid traffic in microseconds. Whatever the fast path
rejects is handed to openapi-core; a differential test keeps the two in agreement.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from mockserver.engine.errors import ApiError, MalformedBody, PayloadTooLarge, ValidationError
from mockserver.engine.spec import Operation, Parameter

_INT = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")
JSON_TYPES = ("application/json",)


def compile_schema(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def describe(error: jsonschema_rs.ValidationError, where: str) -> str:
    """`body field 'files[0].size': "x" is not of type "integer"`."""
    path = where
    for part in error.instance_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return f"{path}: {error.message}"


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
            raise ValidationError(f"{where} parameter '{name}': {error.message}", parameter=name)
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
        self.json_body = next(
            (compile_schema(s) for c, s in operation.body_content.items() if c in JSON_TYPES), None
        )
        self.raw_body = "*/*" in operation.body_content

    def validate(
        self, path: dict[str, str], args: Any, content_type: str | None, data: bytes
    ) -> Inputs:
        """Typed inputs, or an ApiError whose message may be replaced by openapi-core's."""
        inputs = Inputs({}, {}, None)
        for p in self.path_params:
            inputs.path[p.param.name] = p.check(path.get(p.param.name))
        for p in self.query_params:
            value = p.check(args.get(p.param.name))
            if value is not None:
                inputs.query[p.param.name] = value
        inputs.body = self._body(content_type, data)
        return inputs

    def _body(self, content_type: str | None, data: bytes) -> Any:
        if self.raw_body:
            return data
        if self.json_body is None:
            return None
        if len(data) > self.max_body:
            raise PayloadTooLarge(
                f"request body is {len(data)} bytes; the limit is {self.max_body} bytes"
            )
        if not data:
            if self.operation.body_required:
                raise ValidationError("request body is required (application/json)")
            return None
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if media not in JSON_TYPES:
            raise ValidationError(
                f"request body must be application/json, not '{media or 'no content type'}'"
            )
        try:
            body = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedBody(f"request body is not valid JSON: {exc}") from None
        error = next(iter(self.json_body.iter_errors(body)), None)
        if error is not None:
            raise ValidationError(describe(error, "body"))
        return body


def is_hard_error(error: ApiError) -> bool:
    """Errors openapi-core does not judge (size limits, JSON syntax): no second opinion."""
    return isinstance(error, PayloadTooLarge | MalformedBody)
