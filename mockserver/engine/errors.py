"""Errors the engine and the API packages raise; each API renders them in its own shape."""

from __future__ import annotations


class ApiError(Exception):
    """A refusal with a status, a code and a message naming the problem.

    `code` is the engine's vocabulary; an API's error renderer maps it to its own shape.
    """

    status = 400
    code = "VALIDATION_ERROR"

    def __init__(
        self, message: str, *, headers: dict[str, str] | None = None, parameter: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        # The request parameter at fault, when there is one.
        self.parameter = parameter


class ValidationError(ApiError):
    status, code = 400, "VALIDATION_ERROR"


class MalformedBody(ValidationError):
    """A body that is not JSON at all: rejected before any schema is consulted."""


class PayloadTooLarge(ApiError):
    status, code = 413, "PAYLOAD_TOO_LARGE"


class Unauthorized(ApiError):
    status, code = 401, "UNAUTHORIZED"


class Forbidden(ApiError):
    status, code = 403, "FORBIDDEN"


class NotFound(ApiError):
    status, code = 404, "NOT_FOUND"


class MethodNotAllowed(ApiError):
    status, code = 405, "METHOD_NOT_ALLOWED"


class Conflict(ApiError):
    status, code = 409, "CONFLICT"


class RateLimited(ApiError):
    status, code = 429, "RATE_LIMITED"


class InternalError(ApiError):
    status, code = 500, "INTERNAL_ERROR"


class Unavailable(ApiError):
    """The state backend cannot be reached; the client may retry."""

    status, code = 503, "UNAVAILABLE"
