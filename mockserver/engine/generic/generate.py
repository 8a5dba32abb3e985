"""Values for any schema of a foreign spec: valid by construction where possible, checked always."""

from __future__ import annotations

import json
from typing import Any

from mockserver.engine.generic.listing import squash
from mockserver.engine.generic.schemas import MAX_REF_DEPTH, Schemas
from mockserver.engine.generic.values import Values

OPTIONAL_RATE = 0.9  # share of optional properties a generated object fills in
NULL_RATE = 0.1  # share of nullable values generated as null
ATTEMPTS = 8


class Unsatisfiable(Exception):
    """No value valid under the schema could be generated."""


class _Cut(Exception):
    """A recursive reference went too deep, or a `false` schema: this branch has no value."""


class Generator:
    """Generates values for a spec's schemas from one seeded `Values` source."""

    def __init__(self, schemas: Schemas, values: Values) -> None:
        self.schemas = schemas
        self.values = values
        self.rng = values.rng

    def valid(self, schema: Any, name: str = "", context: str = "") -> Any:
        """A value that validates against `schema`; documented examples are the last resort."""
        for _ in range(ATTEMPTS):
            try:
                value = self.value(schema, name, context)
            except (_Cut, ValueError, RecursionError):
                continue
            if self.schemas.is_valid(schema, value):
                return value
        for example in self.examples(schema):
            if self.schemas.is_valid(schema, example):
                return example
        raise Unsatisfiable(f"no valid value found for {name or 'a schema'}")

    def value(
        self, node: Any, name: str = "", context: str = "", stack: tuple[str, ...] = ()
    ) -> Any:
        if node is True or node == {}:
            return self.values.string({}, name, context)
        if node is False or not isinstance(node, dict):
            raise _Cut
        if isinstance(node.get("$ref"), str):
            return self._ref(node, name, context, stack)
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            return self._choice(node["enum"])
        if "allOf" in node:
            return self.value(self.schemas.flatten(node), name, context, stack)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list) and node[keyword]:
                return self._branch(node, keyword, name, context, stack)
        return self._typed(node, self._type(node), name, context, stack)

    def examples(self, schema: Any) -> list[Any]:
        """The schema's own `example`/`examples` (through refs and `allOf`)."""
        flat = self.schemas.flatten(schema)
        found = [flat["example"]] if "example" in flat else []
        listed = flat.get("examples")
        return found + (list(listed) if isinstance(listed, list) else [])

    def _ref(self, node: dict[str, Any], name: str, context: str, stack: tuple[str, ...]) -> Any:
        ref = node["$ref"]
        if stack.count(ref) >= MAX_REF_DEPTH:
            raise _Cut
        target = self.schemas.lookup(ref)
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        merged = {**target, **siblings} if isinstance(target, dict) else target
        return self.value(merged, name, context, (*stack, ref))

    def _choice(self, options: list[Any]) -> Any:
        present = [option for option in options if option is not None]
        if present and (len(present) == len(options) or self.rng.random() > NULL_RATE):
            return self.rng.choice(present)
        return None

    def _branch(
        self, node: dict[str, Any], keyword: str, name: str, context: str, stack: tuple[str, ...]
    ) -> Any:
        outer = {key: value for key, value in node.items() if key not in ("oneOf", "anyOf")}
        branches = list(node[keyword])
        self.rng.shuffle(branches)
        null_first = self.rng.random() < NULL_RATE  # a nullable value is null now and then
        branches.sort(key=lambda b: (self.schemas.types(b) == {"null"}) != null_first)
        for branch in branches:
            candidate = {"allOf": [outer, branch]} if outer else branch
            try:
                value = self.value(candidate, name, context, stack)
            except _Cut:
                continue
            if self.schemas.is_valid(node, value):
                return value
        raise _Cut

    def _type(self, node: dict[str, Any]) -> str:
        declared = node.get("type")
        if isinstance(declared, str):
            return declared
        if isinstance(declared, list) and declared:
            present = [kind for kind in declared if kind != "null"]
            if not present or ("null" in declared and self.rng.random() < NULL_RATE):
                return "null"
            return str(self.rng.choice(present))
        if "properties" in node or "additionalProperties" in node:
            return "object"
        if "items" in node or "prefixItems" in node:
            return "array"
        if "minimum" in node or "maximum" in node:
            return "number"
        return "string"

    def _typed(
        self, node: dict[str, Any], kind: str, name: str, context: str, stack: tuple[str, ...]
    ) -> Any:
        if kind == "object":
            # An object's own properties read its name as context: `assignee.name` is a person.
            return self._object(node, name or context, stack)
        if kind == "array":
            return self._array(node, name, context, stack)
        if kind == "integer":
            return self.values.integer(node, name)
        if kind == "number":
            return self.values.number(node, name)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        return self.values.string(node, name, context)

    def _object(self, node: dict[str, Any], context: str, stack: tuple[str, ...]) -> dict[str, Any]:
        props = node.get("properties") or {}
        required = set(node.get("required") or [])
        result: dict[str, Any] = {}
        for key, sub in props.items():
            if key not in required and self.rng.random() > OPTIONAL_RATE:
                continue
            try:
                result[key] = self.value(sub, key, context, stack)
            except _Cut:
                if key in required:
                    raise
        extra = node.get("additionalProperties")
        wanted = int(node.get("minProperties", 0))
        if isinstance(extra, dict) and (not props or len(result) < wanted):
            for _ in range(max(wanted - len(result), self.rng.randint(1, 3) if not props else 0)):
                result[str(self.values.fake.word())] = self.value(extra, "", context, stack)
        return result

    def _array(self, node: dict[str, Any], name: str, context: str, stack: tuple[str, ...]) -> Any:
        low = int(node.get("minItems", 0))
        high = int(node.get("maxItems", low + 3))
        count = self.rng.randint(max(low, min(1, high)), max(low, min(high, low + 3)))
        prefix = node.get("prefixItems") or []
        items = node.get("items", {})
        singular_name = name[:-1] if squash(name).endswith("s") else name
        result: list[Any] = []
        seen: set[str] = set()
        for index in range(count * 4):
            if len(result) >= count:
                break
            schema = prefix[index] if index < len(prefix) else items
            try:
                value = self.value(schema, singular_name, context, stack)
            except _Cut:
                if len(result) >= low:
                    break
                raise
            key = json.dumps(value, sort_keys=True, default=str)
            if node.get("uniqueItems") and key in seen:
                continue
            seen.add(key)
            result.append(value)
        return result
