"""A foreign spec's schemas: `$ref` lookup, 3.0 -> JSON Schema normalisation, validators."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

Schema = dict[str, Any]
# How many times one `$ref` may reappear inside its own expansion before it is cut.
MAX_REF_DEPTH = 2


class _Loader(yaml.SafeLoader):
    """YAML as JSON sees it: `2023-10-29` stays a string, as the spec's `format: date` means."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_document(path: Path) -> dict[str, Any]:
    """A YAML or JSON OpenAPI document; dates and times stay strings."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return document


def normalize(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document whose schemas read as JSON Schema 2020-12 (3.0 `nullable` etc.)."""
    result = copy.deepcopy(document)
    if str(result.get("openapi", "3.1")).startswith("3.0"):
        _normalize_30(result)
    return result


def mappings(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in a document, each after its contents: a caller may rewrite the one it
    is given (its children are done, its parent is not yet reached)."""
    if isinstance(node, list):
        for item in node:
            yield from mappings(item)
    elif isinstance(node, dict):
        for value in list(node.values()):
            yield from mappings(value)
        yield node


def _normalize_30(document: dict[str, Any]) -> None:
    for node in mappings(document):
        _normalize_30_node(node)


def _normalize_30_node(node: dict[str, Any]) -> None:
    for bound in ("Minimum", "Maximum"):
        flag = node.get(f"exclusive{bound}")
        if isinstance(flag, bool):
            del node[f"exclusive{bound}"]
            if flag and bound.lower() in node:
                node[f"exclusive{bound}"] = node.pop(bound.lower())
    if node.get("nullable") is True:
        del node["nullable"]
        _allow_null(node)
    elif node.get("nullable") is False:
        del node["nullable"]


def _allow_null(node: dict[str, Any]) -> None:
    if isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"].append(None)
        return
    rest = {key: node.pop(key) for key in list(node)}
    node["anyOf"] = [rest, {"type": "null"}]


class Schemas:
    """The normalised document, with ref lookup, bounded inlining and validators."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = normalize(document)
        self._components = self.document.get("components", {})
        self._validators: dict[str, jsonschema_rs.Validator] = {}

    def lookup(self, ref: str) -> Any:
        """The node a local `$ref` points at; `{}` (any value) for one that cannot be followed."""
        if not ref.startswith("#/"):
            return {}
        node: Any = self.document
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return {}
        return node

    def deref(self, node: Any) -> Any:
        """Follow `$ref`s until a node that is not a bare reference."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                return {}
            seen.add(ref)
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            target = self.lookup(ref)
            node = {**target, **siblings} if siblings and isinstance(target, dict) else target
        return node

    def inline(self, node: Any, _stack: tuple[str, ...] = ()) -> Any:
        """Every `$ref` replaced by its target; a recursive one is cut to `{}` past a depth."""
        if isinstance(node, list):
            return [self.inline(item, _stack) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and isinstance(node["$ref"], str):
            ref = node["$ref"]
            if _stack.count(ref) >= MAX_REF_DEPTH:
                return {}
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            target = self.lookup(ref)
            merged = {**target, **siblings} if isinstance(target, dict) else target
            return self.inline(merged, (*_stack, ref))
        return {key: self.inline(value, _stack) for key, value in node.items()}

    def validator(self, schema: Schema) -> jsonschema_rs.Validator:
        """A format-checking validator; `$ref`s resolve against the document's components."""
        key = json.dumps(schema, sort_keys=True, default=str)
        found = self._validators.get(key)
        if found is None:
            root = {**schema, "components": self._components} if "$ref" in key else schema
            found = jsonschema_rs.validator_for(root, validate_formats=True, offline=True)
            self._validators[key] = found
        return found

    def is_valid(self, schema: Schema, value: Any) -> bool:
        try:
            return bool(self.validator(schema).is_valid(value))
        except (ValueError, jsonschema_rs.ReferencingError):
            return False

    def flatten(self, node: Any) -> Schema:
        """One object view of a schema: `allOf` members merged, refs followed (one level)."""
        node = self.deref(node)
        if not isinstance(node, dict):
            return {}
        if "allOf" not in node:
            return node
        merged: Schema = {key: value for key, value in node.items() if key != "allOf"}
        for part in node["allOf"]:
            _merge_into(merged, self.flatten(part))
        return merged

    def properties(self, node: Any) -> dict[str, Any]:
        """The properties an object schema names, through `allOf` and refs."""
        props = self.flatten(node).get("properties", {})
        return props if isinstance(props, dict) else {}

    def types(self, node: Any) -> set[str]:
        """The JSON types a schema allows (empty: any); `properties` implies object."""
        flat = self.flatten(node)
        declared = flat.get("type")
        if isinstance(declared, str):
            return {declared}
        if isinstance(declared, list):
            return {str(kind) for kind in declared}
        if "properties" in flat:
            return {"object"}
        if "items" in flat:
            return {"array"}
        return set()

    def array_items(self, node: Any) -> Any | None:
        """The items schema when the node is an array schema, else None."""
        flat = self.flatten(node)
        if "array" in self.types(flat) and isinstance(flat.get("items"), dict):
            return flat["items"]
        return None

    def is_object(self, node: Any) -> bool:
        flat = self.flatten(node)
        return "object" in self.types(flat) or bool(flat.get("properties"))


def _merge_into(target: Schema, extra: Schema) -> None:
    for key, value in extra.items():
        if key == "properties" and isinstance(value, dict):
            target["properties"] = {**target.get("properties", {}), **value}
        elif key == "required" and isinstance(value, list):
            target["required"] = list(dict.fromkeys([*target.get("required", []), *value]))
        else:
            target.setdefault(key, value)


def walk_examples(media: dict[str, Any], schemas: Schemas) -> Iterator[Any]:
    """A media type object's examples: `example`, then each `examples` entry's value."""
    if "example" in media:
        yield media["example"]
    for entry in (media.get("examples") or {}).values():
        entry = schemas.deref(entry)
        if isinstance(entry, dict) and "value" in entry:
            yield entry["value"]
