"""Public views of records: the properties each spec schema lists, nothing else.

The one projection of the project: the pipeline, the fixtures and golden responses use it.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import orjson

from mockserver.engine.validation import dump_json

Fields = tuple[str, ...]
# Encoded records kept (by identity); cleared when full.
ENCODED_LIMIT = 65536


def _branches(schema: dict[str, Any], resolve: Any) -> list[dict[str, Any]]:
    return [resolve(b) for b in schema.get("oneOf", []) or schema.get("anyOf", [])]


def _tags(branch: dict[str, Any]) -> dict[str, Any]:
    """Properties a branch pins to one value (`enum: [card]` or `const`): how to tell it apart."""
    tags = {}
    for name, prop in branch.get("properties", {}).items():
        if "const" in prop:
            tags[name] = prop["const"]
        elif len(prop.get("enum", [])) == 1:
            tags[name] = prop["enum"][0]
    return tags


class Views:
    """Drops internal fields (workspaceId, apiKeys, ...) by reading the spec's schemas."""

    def __init__(self, schemas: dict[str, Any], resolve: Any, *, encode: bool = False) -> None:
        # With `encode`, list answers reuse each record's JSON until the record changes.
        self._encode = encode
        self._encoded: dict[int, tuple[dict[str, Any], str, orjson.Fragment]] = {}
        self._fields: dict[str, Fields] = {}
        # A oneOf/anyOf schema: (pinned values, fields) per branch, the record picks its branch.
        self._variants: dict[str, list[tuple[dict[str, Any], Fields]]] = {}
        for name, raw in schemas.items():
            schema = resolve(raw)
            if isinstance(schema.get("properties"), dict):
                self._fields[name] = tuple(schema["properties"])
            branches = _branches(schema, resolve)
            if branches:
                self._variants[name] = [
                    (_tags(b), tuple(b.get("properties", {}))) for b in branches
                ]
        self._getters = {
            fields: itemgetter(*fields) for fields in self._fields.values() if len(fields) > 1
        }

    def fields(self, schema: str, record: dict[str, Any]) -> Fields:
        variants = self._variants.get(schema)
        if variants is None:
            return self._fields[schema]
        for tags, fields in variants:
            if all(record.get(k) == v for k, v in tags.items()):
                return fields
        return variants[0][1]

    def render(self, schema: str, record: dict[str, Any]) -> dict[str, Any]:
        fields = self.fields(schema, record)
        getter = self._getters.get(fields)
        if getter is not None:
            try:  # itemgetter is C-fast, and records normally carry every field
                return dict(zip(fields, getter(record), strict=True))
            except KeyError:  # a field missing from the dataset: strict mode will name it
                pass
        return {name: record[name] for name in fields if name in record}

    def many(self, schema: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.render(schema, record) for record in records]

    def listing(self, schema: str, records: list[dict[str, Any]]) -> list[Any]:
        """Records for a JSON list answer: views, or their JSON reused while they are unchanged.

        Reuse is sound only where stores never change a record in place (the memory backend is
        copy on write), and is off in strict mode, whose check needs the values themselves.
        """
        if not self._encode:
            return self.many(schema, records)
        return [self._fragment(schema, record) for record in records]

    def _fragment(self, schema: str, record: dict[str, Any]) -> orjson.Fragment:
        hit = self._encoded.get(id(record))
        # The entry holds the record itself, so its id cannot be reused while it is cached.
        if hit is not None and hit[0] is record and hit[1] == schema:
            return hit[2]
        fragment = orjson.Fragment(dump_json(self.render(schema, record)))
        if len(self._encoded) >= ENCODED_LIMIT:
            self._encoded.clear()
        self._encoded[id(record)] = (record, schema, fragment)
        return fragment
