"""Resources read off the paths: collections, their items, nested collections, read-only lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.engine.generic import listing
from mockserver.engine.generic.listing import singular
from mockserver.engine.generic.model import IdKind, IdSpec, Resource
from mockserver.engine.generic.operations import (
    RawOperation,
    is_json,
    is_param,
    join,
    param_name,
    request_schema,
    response_media,
    segments,
    success_status,
)
from mockserver.engine.generic.schemas import Schemas

SINGLE_KEYS = ("data", "item", "result", "resource", "record")
# What a malformed corner of a foreign spec raises while being read; it is skipped, not fatal.
UNDERSTOOD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def _understood(check: Callable[[str], bool], path: str) -> bool:
    try:
        return check(path)
    except UNDERSTOOD_ERRORS:
        return False


class ResourceFinder:
    """Finds the resources of one spec; `find()` returns them keyed by collection path."""

    def __init__(self, schemas: Schemas, operations: list[RawOperation]) -> None:
        self.schemas = schemas
        self.by_path: dict[str, dict[str, RawOperation]] = {}
        for op in operations:
            self.by_path.setdefault(op.path, {})[op.method] = op

    def find(self) -> dict[str, Resource]:
        found: dict[str, Resource] = {}
        ordered = sorted(self.by_path, key=lambda path: (len(segments(path)), path))
        for path in ordered:
            if _understood(self._is_collection, path):
                self._add(path, found)
        for path in ordered:
            lists = path not in found and _understood(self._lists, path)
            if lists and self.search_of(path, found) is None:
                self._add(path, found)
        return found

    def _add(self, path: str, found: dict[str, Resource]) -> None:
        """Adds the resource at `path`; a path whose schemas cannot be read is left out."""
        try:
            found[path] = self._resource(path, found)
        except UNDERSTOOD_ERRORS:
            return

    def _lists(self, path: str) -> bool:
        return self.list_schema(path) is not None

    def list_schema(self, path: str) -> Any | None:
        """The record schema of the GET list at `path`, if it answers an array of objects."""
        op = self.by_path.get(path, {}).get("get")
        if op is None:
            return None
        _status, key, _ = success_status(self.schemas, op, "200")
        media_type, schema = response_media(self.schemas, op, key)
        if schema is None or not is_json(media_type):
            return None
        shape = listing.envelope(self.schemas, schema, segments(path)[-1] if path != "/" else "")
        if shape is None:
            return None
        holder = schema if shape.items is None else self.schemas.properties(schema)[shape.items]
        items = self.schemas.array_items(holder)
        return items if items is not None and self.schemas.is_object(items) else None

    def search_of(self, path: str, found: dict[str, Resource]) -> str | None:
        """The resource a GET list under its collection path searches (`/pets/findByTags`)."""
        segs = segments(path)
        parent = join(segs[:-1]) if len(segs) > 1 else None
        items = self.list_schema(path)
        if parent not in found or items is None:
            return None
        same = self.schemas.inline(items) == self.schemas.inline(found[parent].schema)
        return parent if same else None

    def _is_collection(self, path: str) -> bool:
        segs = segments(path)
        if not segs or is_param(segs[-1]):
            return False
        methods = self.by_path[path]
        has_item = self._item_path(segs) is not None
        has_below = any(self._below_param(other, segs) for other in self.by_path)
        lists = self.list_schema(path) is not None
        return has_item or ("post" in methods and (has_below or lists))

    def _item_path(self, segs: list[str]) -> str | None:
        for other in self.by_path:
            parts = segments(other)
            if parts[:-1] == segs and parts and is_param(parts[-1]):
                return other
        return None

    @staticmethod
    def _below_param(other: str, segs: list[str]) -> bool:
        parts = segments(other)
        return (
            len(parts) > len(segs) + 1 and parts[: len(segs)] == segs and is_param(parts[len(segs)])
        )

    def _implied_item(self, segs: list[str]) -> str | None:
        for other in sorted(self.by_path):
            if self._below_param(other, segs):
                return join(segments(other)[: len(segs) + 1])
        return None

    def _resource(self, path: str, found: dict[str, Resource]) -> Resource:
        segs = segments(path)
        item_path = self._item_path(segs) or self._implied_item(segs)
        schema, item_key = self._record_schema(path, item_path)
        scope = tuple(param_name(seg) for seg in segs if is_param(seg))
        parent = None
        if len(segs) > 2 and is_param(segs[-2]) and join(segs[:-2]) in found:
            parent = join(segs[:-2])
        id_spec = self._id_spec(schema, segs[-1], item_path)
        props = dict(self.schemas.properties(schema))
        props.pop(id_spec.field if id_spec and id_spec.field else "", None)
        owner = f"{singular(segs[-3])}id" if parent else None
        parent_field = _match_field(props, [scope[-1], owner]) if scope else None
        return Resource(
            key=path,
            name=segs[-1],
            collection_path=path,
            item_path=item_path,
            id=id_spec,
            schema=schema,
            scope=scope,
            parent=parent,
            parent_field=parent_field,
            item_key=item_key,
        )

    def _record_schema(self, path: str, item_path: str | None) -> tuple[dict[str, Any], str | None]:
        name = segments(path)[-1]
        item_ops = self.by_path.get(item_path or "", {})
        collection_ops = self.by_path.get(path, {})
        candidates = [
            self._answer(item_ops.get("get")),
            self._answer(collection_ops.get("post")),
            self.list_schema(path),
            self._body(collection_ops.get("post")),
            self._body(item_ops.get("put")),
        ]
        for candidate in candidates:
            if candidate is not None and self.schemas.is_object(candidate):
                return self._unwrap(candidate, name)
        return {}, None

    def _answer(self, op: RawOperation | None) -> dict[str, Any] | None:
        if op is None:
            return None
        _, key, _ = success_status(self.schemas, op, "200")
        media_type, schema = response_media(self.schemas, op, key)
        return schema if is_json(media_type) else None

    def _body(self, op: RawOperation | None) -> dict[str, Any] | None:
        return None if op is None else request_schema(self.schemas, op)

    def _unwrap(self, schema: dict[str, Any], name: str) -> tuple[dict[str, Any], str | None]:
        """A single record wrapped as `{data: {...}, links: ...}` -> the inner schema and key."""
        props = self.schemas.properties(schema)
        keys = (*SINGLE_KEYS, singular(name))
        inner = [key for key in props if key in keys and self.schemas.is_object(props[key])]
        nested = {listing.squash(key) for key in listing.NESTED_KEYS}
        rest = [key for key in props if key not in inner]
        if len(inner) == 1 and all(listing.squash(key) in nested for key in rest):
            return props[inner[0]], inner[0]
        return schema, None

    def _id_spec(self, schema: dict[str, Any], name: str, item_path: str | None) -> IdSpec | None:
        props = self.schemas.properties(schema)
        param = param_name(segments(item_path)[-1]) if item_path else None
        field = _match_field(props, id_candidates(param, name))
        if param is None and field is None:
            return None
        param_schema = self._param_schema(item_path, param) if param else None
        field_schema = props.get(field) if field else None
        field_schema = field_schema if isinstance(field_schema, dict) else None
        source: dict[str, Any] = param_schema or field_schema or {}
        # The record field says what an id is; the path parameter only how it is written.
        kind = self._id_kind(field_schema or source)
        return IdSpec(param=param, field=field, kind=kind, schema=source)

    def _param_schema(self, item_path: str | None, param: str) -> dict[str, Any] | None:
        for path, ops in self.by_path.items():
            if item_path is None or not path.startswith(item_path):
                continue
            for op in ops.values():
                found = op.param(param)
                if found is not None and isinstance(found.get("schema"), dict):
                    schema: dict[str, Any] = found["schema"]
                    return schema
        return None

    def _id_kind(self, schema: dict[str, Any]) -> IdKind:
        types = self.schemas.types(schema)
        if types & {"integer", "number"}:
            return IdKind.INTEGER
        if self.schemas.flatten(schema).get("format") == "uuid":
            return IdKind.UUID
        return IdKind.STRING


def _match_field(props: dict[str, Any], candidates: list[str | None]) -> str | None:
    """The first record field named (loosely) by one of the candidates."""
    by_key = {listing.squash(field): field for field in props}
    for candidate in candidates:
        field = by_key.get(listing.squash(candidate)) if candidate else None
        if field is not None:
            return field
    return None


def id_candidates(param: str | None, name: str) -> list[str | None]:
    """Fields that may hold a resource's id: the parameter's own name, then `workspaceSlug`
    read as `slug`, then the usual id names."""
    owner = listing.squash(singular(name))
    bare = listing.squash(param or "").removeprefix(owner) or None
    return [param, bare, "id", f"{owner}id", f"{owner}uuid", "uuid", "key", "slug"]
