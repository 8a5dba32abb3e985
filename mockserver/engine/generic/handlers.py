"""One handler per operation, from its inferred plan: list, create, get, replace, update,
delete, action, or an example or generated answer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlencode

from flask import request

from mockserver.engine.api import Handler
from mockserver.engine.call import Call, Reply
from mockserver.engine.errors import Unauthorized
from mockserver.engine.generic import pages, security
from mockserver.engine.generic.domain import GenericDomain, Row
from mockserver.engine.generic.infer import Inference
from mockserver.engine.generic.model import Behaviour, Plan, Resource
from mockserver.engine.generic.operations import RawOperation
from mockserver.engine.generic.respond import generated, jsonable, reply, shaped
from mockserver.engine.spec import Spec

GenericCall = Call[GenericDomain]
Action = Callable[[GenericCall, Plan, RawOperation], Reply]


def handler_factory(
    inference: Inference, keys: Collection[str] = (), *, authenticate: bool = True
) -> Callable[[Spec], dict[str, Handler]]:
    """(the engine's parsed spec) -> {operationId: handler}, matched by method and path.

    `authenticate=False` when the engine authenticates the spec's callers itself (an API
    whose rules know its users); otherwise credentials are checked here, by presence.
    """

    def build(spec: Spec) -> dict[str, Handler]:
        return {
            op.operation_id: _handler(inference, op.method, op.path, keys, authenticate)
            for op in spec.operations.values()
        }

    return build


def _handler(
    inference: Inference, method: str, path: str, keys: Collection[str], authenticate: bool
) -> Handler:
    plan = inference.plan(method, path)
    op = inference.operation(method, path)
    alternatives = security.requirements(inference.schemas, op) if authenticate else []
    known = security.schemes(inference.schemas)
    action = ACTIONS.get(plan.behaviour, _generated)

    def handle(call: GenericCall) -> Reply:
        _authorise(alternatives, known, keys)
        return action(call, plan, op)

    return handle


def _authorise(
    alternatives: list[list[str]], known: dict[str, security.Scheme], keys: Collection[str]
) -> None:
    if not alternatives:
        return
    incoming = security.Request(dict(request.headers), request.args, request.cookies)
    if not security.authorised(alternatives, known, incoming, keys):
        wanted = " or ".join(" + ".join(entry) for entry in alternatives)
        named = {name for entry in alternatives for name in entry if name in known}
        carried = any(security.credential(known[name], incoming) for name in named)
        problem = "a credential that is not accepted" if carried else "no credential for it"
        raise Unauthorized(f"Authentication required ({wanted}); the request carries {problem}")


def _resource(call: GenericCall, plan: Plan) -> Resource:
    return call.world.inference.resources[str(plan.resource)]


def _scope(call: GenericCall, resource: Resource) -> dict[str, str]:
    """The path parameters a nested collection lives under; its parent must exist (and be
    visible to the caller)."""
    world = call.world
    scope = {name: str(jsonable(call.path.get(name))) for name in resource.scope}
    parent = world.parent_row(resource, scope)
    if parent is None:
        last = resource.scope[-1]
        outer = world.inference.resources.get(resource.parent or "")
        raise world.rules.not_found(outer or resource, last, scope[last])
    if isinstance(parent, dict) and resource.parent is not None:
        world.rules.visible(call, world.inference.resources[resource.parent], parent["record"])
    return scope


def _row(call: GenericCall, resource: Resource, ident: Any = None) -> Row:
    """The addressed record's row, or 404 naming the id (or the rules' refusal)."""
    scope = _scope(call, resource)
    param = resource.id.param if resource.id else None
    if ident is None:
        ident = jsonable(call.path.get(param or ""))
    row = call.world.find(resource, ident, scope) if ident is not None else None
    if row is None:
        raise call.world.rules.not_found(resource, param or "id", ident)
    call.world.rules.visible(call, resource, row["record"])
    return row


def _body(call: GenericCall) -> dict[str, Any]:
    body = jsonable(call.body)
    return body if isinstance(body, dict) else {}


def _fields(call: GenericCall, resource: Resource) -> dict[str, Any]:
    return call.world.fields(resource, _body(call))


def _answer(call: GenericCall, plan: Plan, op: RawOperation, record: Any) -> Reply:
    resource = call.world.inference.resources.get(plan.resource or "")
    if resource is not None and isinstance(record, dict):
        record = call.world.public(resource, record)
    body = shaped(call.world.generator, plan, resource, record)
    return reply(call.world.generator, op, plan, body)


def _list(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    resource = _resource(call, plan)
    scope = _scope(call, resource)
    query = jsonable(call.query)
    records = [row["record"] for row in call.world.rows(resource, scope)]
    records, query = call.world.rules.select(call, resource, records, query)
    page = pages.paginate(pages.select(records, plan, query), plan.pagination, query)
    public = [call.world.public(resource, record) for record in page.records]
    page = dataclasses.replace(page, records=public)
    base = call.root + _filled(plan.path, jsonable(call.path))

    def link(overrides: dict[str, Any]) -> str:
        merged = {**query, **overrides}
        return base + ("?" + urlencode(merged, doseq=True) if merged else "")

    # The API's own records come with no filler: the wrapper is generated only when needed.
    body = pages.render(call.world.generator, plan, page, link, bare=call.world.owned)
    return reply(call.world.generator, op, plan, body)


def _filled(template: str, path: dict[str, Any]) -> str:
    for name, value in path.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def _create(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    world, resource = call.world, _resource(call, plan)
    with world.stores.transaction():
        scope = _scope(call, resource)
        body = world.rules.before_create(call, resource, scope, _body(call))
        record = world.created(resource, scope, body)
        world.rules.after_create(call, resource, record)
    return _answer(call, plan, op, record)


def _get(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    return _answer(call, plan, op, _row(call, _resource(call, plan))["record"])


def _addressed(call: GenericCall, plan: Plan, resource: Resource) -> Row:
    if plan.body_id and resource.id and resource.id.field:
        return _row(call, resource, _body(call).get(resource.id.field))
    return _row(call, resource)


def _replace(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    world, resource = call.world, _resource(call, plan)
    row = _addressed(call, plan, resource)
    required = set(world.inference.schemas.flatten(resource.schema).get("required") or [])
    old = row["record"]
    # A replacement keeps the id, the parent link and what the schema cannot do without.
    kept = world.kept(resource)
    base = {k: v for k, v in old.items() if k in required or k in kept}
    changes = {k: v for k, v in _fields(call, resource).items() if k not in kept}
    record = world.overlay(resource.schema, base, changes)
    world.save(resource, row, record)
    return _answer(call, plan, op, record)


def _update(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    world, resource = call.world, _resource(call, plan)
    with world.stores.transaction():
        row = _addressed(call, plan, resource)
        old = row["record"]
        record = world.rules.before_update(call, resource, old, _body(call))
        # The API's own records change only when something changed; generated rows always.
        if record != old or not world.owned:
            world.save(resource, row, record)
        if record != old:
            world.rules.after_update(call, resource, old, record)
    return _answer(call, plan, op, record)


def _delete(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    resource = _resource(call, plan)
    row = _row(call, resource)
    call.world.delete(resource, row)
    return _answer(call, plan, op, row["record"])


def _action(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    """An operation on an item: 404 for an unknown one, else an answer built from it."""
    record = _row(call, _resource(call, plan))["record"]
    return _answer(call, plan, op, {**_body(call), **record})


def _generated(call: GenericCall, plan: Plan, op: RawOperation) -> Reply:
    """An operation not inferred: the example or a generated body (below an item: 404 first)."""
    source: Any = _body(call)
    if plan.resource is not None:
        source = {**source, **_row(call, _resource(call, plan))["record"]}
    return reply(call.world.generator, op, plan, generated(call.world.generator, plan, source))


ACTIONS: dict[Behaviour, Action] = {
    Behaviour.LIST: _list,
    Behaviour.CREATE: _create,
    Behaviour.GET: _get,
    Behaviour.REPLACE: _replace,
    Behaviour.UPDATE: _update,
    Behaviour.DELETE: _delete,
    Behaviour.ACTION: _action,
}
