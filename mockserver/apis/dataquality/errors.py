"""The API's own refusals, and every error answered as `{"error": {"code", "message"}}`."""

from __future__ import annotations

from mockserver.engine.call import Reply
from mockserver.engine.errors import ApiError, Conflict
from mockserver.engine.spec import Operation

# Engine codes the spec's ErrorCode does not list, answered with its nearest code.
SPEC_CODE = {"CONFLICT": "invalid_transition", "UNAVAILABLE": "internal_error"}


class InvalidTransition(Conflict):
    """A status change outside the documented transitions."""

    code = "INVALID_TRANSITION"


def render_error(error: ApiError, operation: Operation | None) -> Reply:
    code = SPEC_CODE.get(error.code, error.code.lower())
    body = {"error": {"code": code, "message": error.message}}
    return Reply(error.status, body=body, headers=error.headers)
