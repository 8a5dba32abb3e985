"""A foreign spec's operations, read without assumptions: no operationId or tag is required."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mockserver.engine.generic.schemas import Schemas

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json(;.*)?$|^\*/\*$")


@dataclass(frozen=True, slots=True)
class RawOperation:
    """One operation with its path-level parameters merged in and refs followed."""

    method: str
    path: str
    operation: dict[str, Any]
    parameters: tuple[dict[str, Any], ...]

    @property
    def operation_id(self) -> str:
        return str(self.operation.get("operationId") or f"{self.method.upper()} {self.path}")

    def param(self, name: str) -> dict[str, Any] | None:
        return next((p for p in self.parameters if p.get("name") == name), None)


def read_operations(schemas: Schemas) -> list[RawOperation]:
    result = []
    for path, item in (schemas.document.get("paths") or {}).items():
        item = schemas.deref(item)
        if not isinstance(item, dict):
            continue
        shared = [schemas.deref(p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                result.append(_operation(schemas, path, method, item[method], shared))
    return result


def _operation(
    schemas: Schemas, path: str, method: str, raw: dict[str, Any], shared: list[Any]
) -> RawOperation:
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for param in [*shared, *(schemas.deref(p) for p in raw.get("parameters", []))]:
        if isinstance(param, dict) and "name" in param:
            params[(str(param["name"]), str(param.get("in")))] = param
    return RawOperation(method, path, raw, tuple(params.values()))


def segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def is_param(segment: str) -> bool:
    return bool(re.fullmatch(r"\{[^{}]+\}", segment))


def param_name(segment: str) -> str:
    return segment[1:-1]


def join(parts: list[str]) -> str:
    return "/" + "/".join(parts)


def responses(schemas: Schemas, op: RawOperation) -> dict[str, dict[str, Any]]:
    found = {}
    for status, response in (op.operation.get("responses") or {}).items():
        response = schemas.deref(response)
        if isinstance(response, dict):
            found[str(status).upper()] = response
    return found


def success_status(schemas: Schemas, op: RawOperation, preferred: str) -> tuple[str, str, str]:
    """(status answered, documented key it falls under, note) for a successful call."""
    documented = responses(schemas, op)
    twos = sorted(key for key in documented if key.startswith("2"))
    if preferred in documented:
        return preferred, preferred, ""
    exact = [key for key in twos if key.isdigit()]
    if exact:
        return exact[0], exact[0], ""
    if "2XX" in documented:
        return preferred, "2XX", ""
    if "DEFAULT" in documented:
        return preferred, "DEFAULT", "success status from `default`"
    others = sorted(documented)
    if not others:
        return preferred, "", "no responses documented"
    first = others[0]
    status = first if first.isdigit() else first.replace("XX", "00")
    return status, first, "the spec documents no success status"


def response_media(
    schemas: Schemas, op: RawOperation, key: str
) -> tuple[str | None, dict[str, Any] | None]:
    """The documented media type answered (JSON preferred) and its schema."""
    response = responses(schemas, op).get(key, {})
    content = response.get("content") or {}
    if not content:
        return None, None
    media_type = next((name for name in content if JSON_MEDIA.match(name)), next(iter(content)))
    media = content[media_type] or {}
    schema = media.get("schema") if isinstance(media, dict) else None
    return media_type, schema if isinstance(schema, dict) else None


def request_schema(schemas: Schemas, op: RawOperation) -> dict[str, Any] | None:
    body = schemas.deref(op.operation.get("requestBody") or {})
    content = (body.get("content") or {}) if isinstance(body, dict) else {}
    for name, media in content.items():
        if JSON_MEDIA.match(name) and isinstance(media, dict):
            schema = media.get("schema")
            return schema if isinstance(schema, dict) else None
    return None


def is_json(media_type: str | None) -> bool:
    return media_type is not None and bool(JSON_MEDIA.match(media_type))
