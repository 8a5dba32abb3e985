"""Inference: from any OpenAPI 3.0/3.1 document, resources and a behaviour for every operation."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from mockserver.engine.generic import listing
from mockserver.engine.generic.model import Behaviour, Plan, Resource
from mockserver.engine.generic.operations import (
    RawOperation,
    is_json,
    read_operations,
    request_schema,
    response_media,
    segments,
    success_status,
)
from mockserver.engine.generic.resources import UNDERSTOOD_ERRORS, ResourceFinder
from mockserver.engine.generic.schemas import Schemas, walk_examples

ITEM_BEHAVIOURS = {
    "get": Behaviour.GET,
    "put": Behaviour.REPLACE,
    "patch": Behaviour.UPDATE,
    "delete": Behaviour.DELETE,
    "post": Behaviour.ACTION,
}
PREFERRED_STATUS = {Behaviour.CREATE: "201", Behaviour.DELETE: "204"}
RECORD_ANSWERS = {Behaviour.GET, Behaviour.CREATE, Behaviour.REPLACE, Behaviour.UPDATE}


@dataclass(frozen=True, slots=True)
class Inference:
    """Everything inferred from one document."""

    schemas: Schemas
    resources: dict[str, Resource]
    plans: tuple[Plan, ...]
    operations: tuple[RawOperation, ...]

    def plan(self, method: str, path: str) -> Plan:
        return next(p for p in self.plans if p.method == method.lower() and p.path == path)

    def operation(self, method: str, path: str) -> RawOperation:
        wanted = (method.lower(), path)
        return next(op for op in self.operations if (op.method, op.path) == wanted)


def infer(document: dict[str, Any]) -> Inference:
    schemas = Schemas(document)
    operations = read_operations(schemas)
    finder = ResourceFinder(schemas, operations)
    resources = finder.find()
    roles = _roles(finder, resources)
    plans = tuple(_safe_plan(schemas, op, roles.get(op.path), resources) for op in operations)
    return Inference(schemas, resources, plans, tuple(operations))


def _roles(finder: ResourceFinder, resources: dict[str, Resource]) -> dict[str, tuple[str, str]]:
    """Each path's part in a resource: collection, item, search or below (an item's sub-path)."""
    roles: dict[str, tuple[str, str]] = {}
    items = {r.item_path: key for key, r in resources.items() if r.item_path}
    for path in finder.by_path:
        if path in resources:
            roles[path] = ("collection", path)
        elif path in items:
            roles[path] = ("item", items[path])
        elif (searched := finder.search_of(path, resources)) is not None:
            roles[path] = ("search", searched)
        elif (owner := _owning_item(path, items)) is not None:
            roles[path] = ("below", owner)
    return roles


def _owning_item(path: str, items: dict[str, str]) -> str | None:
    segs = segments(path)
    for length in range(len(segs) - 1, 0, -1):
        prefix = "/" + "/".join(segs[:length])
        if prefix in items:
            return items[prefix]
    return None


def _behaviour(
    schemas: Schemas, op: RawOperation, role: tuple[str, str] | None, resources: dict[str, Resource]
) -> tuple[Behaviour | None, str | None, bool]:
    """(behaviour or None for a fallback, resource key, id taken from the body)."""
    if role is None:
        return None, None, False
    kind, key = role
    method = op.method
    if kind == "collection":
        if method == "get":
            return Behaviour.LIST, key, False
        if method == "post":
            return Behaviour.CREATE, key, False
        if method in ("put", "patch") and _body_has_id(schemas, op, resources[key]):
            return ITEM_BEHAVIOURS[method], key, True
        return None, None, False
    if kind == "item":
        return ITEM_BEHAVIOURS.get(method), key, False
    if kind == "search":
        return (Behaviour.LIST, key, False) if method == "get" else (None, None, False)
    # Below an item: anything but a read acts on the item; a read is answered generically.
    return (None if method in ("get", "head") else Behaviour.ACTION), key, False


def _body_has_id(schemas: Schemas, op: RawOperation, resource: Resource) -> bool:
    body = request_schema(schemas, op)
    field = resource.id.field if resource.id else None
    return body is not None and field is not None and field in schemas.properties(body)


def _safe_plan(
    schemas: Schemas,
    op: RawOperation,
    role: tuple[str, str] | None,
    resources: dict[str, Resource],
) -> Plan:
    """The operation's plan; one the reader trips over is answered generically, never fatal."""
    try:
        return _plan(schemas, op, role, resources)
    except UNDERSTOOD_ERRORS as error:
        note = f"not understood ({type(error).__name__}: {error})"
        return Plan(op.method, op.path, op.operation_id, Behaviour.GENERATED, notes=(note,))


def _plan(
    schemas: Schemas,
    op: RawOperation,
    role: tuple[str, str] | None,
    resources: dict[str, Resource],
) -> Plan:
    behaviour, key, body_id = _behaviour(schemas, op, role, resources)
    preferred = PREFERRED_STATUS.get(behaviour, "200") if behaviour else "200"
    status, documented, note = success_status(schemas, op, preferred)
    media_type, schema = response_media(schemas, op, documented)
    notes = [note] if note else []
    content = _content(schemas, op, documented)
    base = Plan(
        method=op.method,
        path=op.path,
        operation_id=op.operation_id,
        behaviour=behaviour or Behaviour.GENERATED,
        resource=key,
        status=status,
        media_type=media_type,
        schema=schema,
        examples=tuple(walk_examples(content, schemas)),
        body_id=body_id,
    )
    if behaviour is Behaviour.LIST:
        return _list_plan(schemas, op, base, resources[str(key)], notes)
    if behaviour in RECORD_ANSWERS and media_type is not None and not is_json(media_type):
        notes.append(f"answers {media_type}, not JSON: {behaviour} acts, body generated")
    if behaviour is None:
        return _fallback(schemas, base, notes)
    return _with_notes(base, notes)


def _list_plan(
    schemas: Schemas, op: RawOperation, base: Plan, resource: Resource, notes: list[str]
) -> Plan:
    shape = listing.envelope(schemas, base.schema, resource.name) if base.schema else None
    if shape is None or not is_json(base.media_type):
        notes.append("answer holds no array of records")
        return _fallback(schemas, base, notes)
    paging = listing.pagination(list(op.parameters), schemas)
    skip = listing.paging_params(paging)
    filters = listing.filters(list(op.parameters), schemas, resource.schema, skip)
    used = skip | {name for name, _ in filters}
    ignored = [p["name"] for p in op.parameters if p.get("in") == "query" and p["name"] not in used]
    if ignored:
        notes.append("ignored: " + ", ".join(ignored))
    return _with_notes(replace(base, envelope=shape, filters=filters, pagination=paging), notes)


def _fallback(schemas: Schemas, base: Plan, notes: list[str]) -> Plan:
    """Not inferred: the documented example if there is one, else a body from the schema."""
    has_example = bool(base.examples) or (
        base.schema is not None and "example" in schemas.flatten(base.schema)
    )
    behaviour = Behaviour.EXAMPLE if has_example else Behaviour.GENERATED
    resource = base.resource if base.behaviour is not Behaviour.LIST else None
    return _with_notes(replace(base, behaviour=behaviour, resource=resource), notes)


def _content(schemas: Schemas, op: RawOperation, documented: str) -> dict[str, Any]:
    responses = {str(k).upper(): v for k, v in (op.operation.get("responses") or {}).items()}
    response = schemas.deref(responses.get(documented, {}))
    content = (response.get("content") or {}) if isinstance(response, dict) else {}
    media_type, _ = response_media(schemas, op, documented)
    media = content.get(media_type) if media_type else None
    return media if isinstance(media, dict) else {}


def _with_notes(plan: Plan, notes: list[str]) -> Plan:
    return replace(plan, notes=tuple(notes)) if notes else plan
