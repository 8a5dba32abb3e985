"""Public views of records: the properties each spec schema lists, nothing else.

The one projection of the project: the pipeline, the fixtures and golden responses use it.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

Fields = tuple[str, ...]


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

    def __init__(self, schemas: dict[str, Any], resolve: Any) -> None:
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
