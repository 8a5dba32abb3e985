"""Strict mode: every response must be one the spec allows."""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from mockserver.engine.spec import Operation
from mockserver.engine.validation import compile_schema, describe


class ResponseChecker:
    """Compiled response schemas of one operation, by status and content type."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation
        self.bodies: dict[str, dict[str, jsonschema_rs.Validator]] = {}
        self.headers: dict[str, dict[str, tuple[bool, jsonschema_rs.Validator, str]]] = {}
        for status, response in operation.responses.items():
            self.bodies[status] = {c: compile_schema(s) for c, s in response.content.items()}
            self.headers[status] = {
                name: (required, compile_schema(schema), schema.get("type", "string"))
                for name, (required, schema) in response.headers.items()
            }

    def violation(self, status: int, content_type: str, body: Any, headers: Any) -> str | None:
        """Why this response breaks the contract, or None."""
        where = f"{self.operation.method} {self.operation.path} {status}"
        key = str(status) if str(status) in self.bodies else f"{str(status)[0]}XX"
        if key not in self.bodies:
            key = "default"
        if key not in self.bodies:
            return f"{where}: status {status} is not documented"
        problem = self._header_problem(key, headers)
        if problem:
            return f"{where}: {problem}"
        media = content_type.split(";", 1)[0].strip().lower() if content_type else ""
        schemas = self.bodies[key]
        if not schemas:
            return f"{where}: documented without a body but has one" if body else None
        if media not in schemas:
            return f"{where}: content type '{media}' is not documented ({', '.join(schemas)})"
        error = next(iter(schemas[media].iter_errors(body)), None)
        return f"{where}: {describe(error, 'body')}" if error is not None else None

    def _header_problem(self, key: str, headers: Any) -> str | None:
        for name, (required, validator, kind) in self.headers[key].items():
            raw = headers.get(name)
            if raw is None:
                if required:
                    return f"required header {name} is missing"
                continue
            value: Any = int(raw) if kind == "integer" and raw.isdigit() else raw
            if not validator.is_valid(value):
                return f"header {name} {raw!r} does not match its schema"
        return None
