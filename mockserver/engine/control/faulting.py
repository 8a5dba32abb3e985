"""The answer a fault rule gives: the API's own error body for its status, or the rule's body."""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from werkzeug.wrappers import Response

from mockserver.engine.call import Reply
from mockserver.engine.errors import (
    ApiError,
    Conflict,
    Forbidden,
    InternalError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Unauthorized,
    Unavailable,
    ValidationError,
)
from mockserver.engine.faults import Rule, Target
from mockserver.engine.validation import dump_json

if TYPE_CHECKING:
    from mockserver.engine.pipeline import Host

# The engine's code for each status it has an error for; APIs render these in their shape.
CODES = {
    cls.status: cls.code
    for cls in (
        ValidationError,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PayloadTooLarge,
        RateLimited,
        InternalError,
        Unavailable,
    )
}


class InjectedFault(ApiError):
    """An error a fault rule asked for, with the engine code nearest to its status."""

    def __init__(self, status: int, message: str, headers: dict[str, str]) -> None:
        super().__init__(message, headers=headers)
        self.status = status
        if status in CODES:
            self.code = CODES[status]
        elif status in (502, 504):
            self.code = Unavailable.code
        else:
            self.code = InternalError.code if status >= 500 else ValidationError.code


def fault_reply(host: Host, rule: Rule, target: Target) -> Reply:
    assert rule.status is not None
    headers = dict(rule.headers)
    if rule.status == 429:
        headers.setdefault("Retry-After", str(rule.retry_after if rule.retry_after else 1))
    if rule.has_body:
        return _custom(rule.status, rule.body, headers)
    try:
        phrase = HTTPStatus(rule.status).phrase
    except ValueError:  # a status Python has no name for
        phrase = f"Status {rule.status}"
    message = f"{phrase} (injected by fault rule {rule.id})"
    mount = host.mounts.get(target.api or "") or host.mount_for(target.path)
    operation = mount.spec.operations.get(target.operation_id or "")
    return mount.api.render_error(InjectedFault(rule.status, message, headers), operation)


def _custom(status: int, body: object, headers: dict[str, str]) -> Reply:
    """A rule's own body: JSON, or a string sent as is under the rule's non-JSON type."""
    given = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if isinstance(body, str) and given and "json" not in given:
        return Reply(status, data=body.encode(), content_type=given, headers=headers)
    return Reply(status, data=dump_json(body), content_type="application/json", headers=headers)


def to_response(reply: Reply) -> Response:
    """A Reply as a WSGI response, outside any operation (no strict check applies)."""
    headers = {k: v for k, v in reply.headers.items() if k.lower() != "content-type"}
    if reply.data is not None:
        return Response(reply.data, reply.status, headers, content_type=reply.content_type)
    if reply.body is None and reply.status in (204, 304):
        return Response(b"", reply.status, headers)
    return Response(dump_json(reply.body), reply.status, headers, content_type="application/json")
