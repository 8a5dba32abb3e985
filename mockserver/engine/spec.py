"""openapi.yaml, loaded once and turned into an operation table everything else reads."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it: ten times faster on a large spec.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_CACHE: dict[tuple[str, float], Spec] = {}
_CACHE_LOCK = threading.Lock()


def snake_case(name: str) -> str:
    """`listOrders` -> `list_orders`: how an operationId names its handler."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    example: Any = None


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    status: str
    content: dict[str, dict[str, Any]]
    headers: dict[str, tuple[bool, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the spec, with every `$ref` resolved."""

    operation_id: str
    method: str
    path: str
    tag: str
    secured: bool
    parameters: tuple[Parameter, ...]
    body_required: bool
    body_content: dict[str, dict[str, Any]]
    responses: dict[str, ResponseSpec]
    extensions: dict[str, Any] = field(default_factory=dict)
    # The first JSON request body example, for tools that need a valid request.
    body_example: Any = None

    @property
    def handler_name(self) -> str:
        return snake_case(self.operation_id)

    @property
    def rule(self) -> str:
        """The Werkzeug rule; every segment is a plain string so bad ids reach validation."""
        return re.sub(r"\{(\w+)\}", r"<\1>", self.path)


class Spec:
    """The parsed document plus its operations, keyed by operationId."""

    def __init__(self, document: dict[str, Any], path: Path) -> None:
        self.document = document
        self.path = path
        self.base_path = document["servers"][0]["url"].rstrip("/")
        self.schemas: dict[str, Any] = document["components"]["schemas"]
        self.operations = {op.operation_id: op for op in self._operations()}

    def resolve(self, node: Any) -> Any:
        """Inline every `$ref` (the spec has no recursive references)."""
        if isinstance(node, dict):
            if "$ref" in node:
                return self.resolve(self._lookup(node["$ref"]))
            return {key: self.resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self.resolve(item) for item in node]
        return node

    def _lookup(self, ref: str) -> Any:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def schema(self, name: str) -> dict[str, Any]:
        resolved: dict[str, Any] = self.resolve(self.schemas[name])
        return resolved

    def _operations(self) -> list[Operation]:
        default_security = bool(self.document.get("security"))
        result = []
        for path, item in self.document["paths"].items():
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if method in item:
                    result.append(
                        self._operation(path, method, item[method], shared, default_security)
                    )
        return result

    def _operation(
        self, path: str, method: str, raw: dict[str, Any], shared: list[Any], secured: bool
    ) -> Operation:
        params = {}
        for param in [*shared, *raw.get("parameters", [])]:
            p = self.resolve(param)
            params[(p["name"], p["in"])] = Parameter(
                p["name"], p["in"], bool(p.get("required")), p.get("schema", {}), p.get("example")
            )
        body = self.resolve(raw.get("requestBody", {}))
        responses = {}
        for status, response in raw["responses"].items():
            r = self.resolve(response)
            content = {
                ctype: media.get("schema", {}) for ctype, media in r.get("content", {}).items()
            }
            headers = {
                name.lower(): (bool(h.get("required")), h.get("schema", {}))
                for name, h in r.get("headers", {}).items()
            }
            responses[str(status)] = ResponseSpec(str(status), content, headers)
        return Operation(
            operation_id=raw["operationId"],
            method=method.upper(),
            path=path,
            tag=raw["tags"][0],
            secured=bool(raw["security"]) if "security" in raw else secured,
            parameters=tuple(params.values()),
            body_required=bool(body.get("required")),
            body_content={c: m.get("schema", {}) for c, m in body.get("content", {}).items()},
            responses=responses,
            extensions={k: v for k, v in raw.items() if k.startswith("x-")},
            body_example=_first_example(body.get("content", {}).get("application/json", {})),
        )


def _first_example(media: dict[str, Any]) -> Any:
    examples = list(media.get("examples", {}).values())
    return examples[0]["value"] if examples else None


def load_spec(path: Path) -> Spec:
    """Parse a spec once per file version; every app built from it shares the result."""
    key = (str(path.resolve()), path.stat().st_mtime)
    with _CACHE_LOCK:
        if key not in _CACHE:
            with path.open(encoding="utf-8") as handle:
                _CACHE[key] = Spec(yaml.load(handle, Loader=SafeLoader), path)
        return _CACHE[key]
