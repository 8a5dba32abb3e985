"""Hypothesis strategies for every schema in openapi.yaml's `components.schemas`.

API (one entry point, by the spec's own schema names):

    from mockserver import strategies

    @given(strategies.for_schema("Order"))
    def test_something(order): ...

    strategies.schema_names()  # every name for_schema accepts

Strategies are compiled from the spec itself: `$ref`s are inlined, then each JSON Schema
(2020-12) keyword maps onto a Hypothesis strategy. Only the keywords the spec uses are
supported, and an unknown one raises `UnsupportedSchema` rather than being ignored, so a
spec change can never silently widen or narrow what is generated. Neither
hypothesis-jsonschema nor a private schemathesis API is needed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mockserver.fixtures.spec import component_schemas, inline_refs


class UnsupportedSchema(ValueError):
    """A schema uses a keyword these strategies do not generate for."""


_ANNOTATIONS = frozenset({"description", "title", "examples", "example", "deprecated", "$comment"})
_KEYWORDS = _ANNOTATIONS | {
    "type", "enum", "const", "oneOf", "anyOf", "format", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "items", "minItems", "maxItems", "properties", "required",
    "additionalProperties", "minProperties", "maxProperties",
}  # fmt: skip
_EXTRA_ITEMS = 4  # items beyond minItems when a schema sets no maxItems: keeps examples small
_TIMESTAMPS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
_FORMATS: Mapping[str, st.SearchStrategy[str]] = {
    "date-time": _TIMESTAMPS.map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")),
    "email": st.emails(),
    "uri": st.from_regex(r"\Ahttps://[a-z][a-z0-9-]{0,20}\.example(/[A-Za-z0-9._~-]{1,12}){0,4}\Z"),
    "uuid": st.uuids().map(str),
}


def schema_names() -> tuple[str, ...]:
    """Every schema name `for_schema` accepts, in spec order."""
    return tuple(component_schemas())


@cache
def for_schema(name: str) -> st.SearchStrategy[Any]:
    """Values valid against `components.schemas[name]` of openapi.yaml."""
    schemas = component_schemas()
    if name not in schemas:
        raise KeyError(f"no schema {name!r} in openapi.yaml")
    return from_schema(inline_refs(schemas[name]))


def from_schema(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against a `$ref`-free JSON Schema written with the spec's keywords."""
    unknown = set(schema) - _KEYWORDS
    if unknown:
        raise UnsupportedSchema(f"unsupported schema keyword(s): {', '.join(sorted(unknown))}")
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema:
        return _one_of(schema["oneOf"])
    if "anyOf" in schema:
        return st.one_of([from_schema(branch) for branch in schema["anyOf"]])
    types = schema.get("type")
    if types is None:
        raise UnsupportedSchema(f"schema without type, enum or oneOf: {dict(schema)}")
    names = [types] if isinstance(types, str) else list(types)
    return st.one_of([_typed(kind, schema) for kind in names])


def _typed(kind: str, schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        low, high = schema.get("minimum"), schema.get("maximum")
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind == "string":
        return _string(schema)
    if kind == "array":
        return _array(schema)
    if kind == "object":
        return _object(schema)
    raise UnsupportedSchema(f"unsupported type {kind!r}")


def _string(schema: Mapping[str, Any]) -> st.SearchStrategy[str]:
    low: int = schema.get("minLength", 0)
    high: int | None = schema.get("maxLength")
    pattern: str | None = schema.get("pattern")
    known = _FORMATS.get(str(schema.get("format")))  # other formats are annotations only
    if known is None and pattern is None:
        return st.text(min_size=low, max_size=high)
    if known is None:
        # ASCII: `\d` and `\s` mean what they mean to the ECMA-262 validators clients use.
        regex = re.compile(str(pattern), re.ASCII)
        strategy = st.from_regex(regex, fullmatch=regex.pattern.endswith("$"))
    elif pattern is None:
        strategy = known
    else:
        strategy = known.filter(re.compile(pattern).search)
    return strategy.filter(lambda text: _within(len(text), low, high))


def _within(size: int, low: int, high: int | None) -> bool:
    return size >= low and (high is None or size <= high)


def _array(schema: Mapping[str, Any]) -> st.SearchStrategy[list[Any]]:
    low = schema.get("minItems", 0)
    high = schema.get("maxItems", low + _EXTRA_ITEMS)
    items = from_schema(schema["items"]) if "items" in schema else st.none()
    return st.lists(items, min_size=low, max_size=high)


def _object(schema: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Required properties always, optional ones sometimes, never any the schema does not name."""
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    strategy = st.fixed_dictionaries(
        {name: from_schema(sub) for name, sub in properties.items() if name in required},
        optional={
            name: from_schema(sub) for name, sub in properties.items() if name not in required
        },
    )
    low: int = schema.get("minProperties", 0)
    high: int | None = schema.get("maxProperties")
    if low or high is not None:
        strategy = strategy.filter(lambda value: _within(len(value), low, high))
    return strategy


def _one_of(branches: list[Mapping[str, Any]]) -> st.SearchStrategy[Any]:
    """A value of some branch that no other branch also accepts, as `oneOf` demands."""
    validators = [Draft202012Validator(branch) for branch in branches]

    def exactly_one(value: Any) -> bool:
        matches: int = sum(1 for v in validators if v.is_valid(value))
        return matches == 1

    return st.one_of([from_schema(branch) for branch in branches]).filter(exactly_one)
