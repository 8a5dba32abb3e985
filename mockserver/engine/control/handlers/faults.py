"""Fault rules of the call's session."""

from __future__ import annotations

import difflib

from mockserver.engine.call import Call, Reply, ok
from mockserver.engine.control.api import Admin
from mockserver.engine.errors import NotFound, ValidationError


def list_faults(call: Call[Admin]) -> Reply:
    return ok({"faults": [rule.to_json() for rule in call.world.session.faults.rules()]})


def add_fault(call: Call[Admin]) -> Reply:
    _check_names(call.world, call.body)
    rule = call.world.session.faults.add(call.body)
    return ok(rule.to_json(), 201)


def clear_faults(call: Call[Admin]) -> Reply:
    call.world.session.faults.clear()
    return Reply(204)


def delete_fault(call: Call[Admin]) -> Reply:
    session = call.world.session
    ident = call.path["faultId"]
    if not session.faults.remove(ident):
        raise NotFound(f"no fault rule {ident} in session {session.id!r} (it may have retired)")
    return Reply(204)


def _check_names(admin: Admin, body: dict[str, object]) -> None:
    """A rule naming an API or operation that does not exist would never fire: say so now."""
    mounts = admin.host.mounts
    api = body.get("api")
    if api is not None and api not in mounts:
        raise ValidationError(
            f"api {api!r} is not mounted (mounted: {', '.join(mounts)})", parameter="api"
        )
    operation = body.get("operationId")
    if operation is None:
        return
    scope = [mounts[str(api)]] if api is not None else list(mounts.values())
    known = [op for m in scope for op in m.spec.operations]
    if operation not in known:
        close = difflib.get_close_matches(str(operation), known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValidationError(f"no operation {operation!r}{hint}", parameter="operationId")
