"""API errors, named after the API's own error codes."""

from __future__ import annotations


class ApiError(Exception):
    """An error answered as `{"error": message, "code": code}`."""

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

    def body(self) -> dict[str, str]:
        return {"error": self.message, "code": self.code}


class ValidationError(ApiError):
    status, code = 400, "VALIDATION_ERROR"


class MalformedBody(ValidationError):
    """A body that is not JSON at all: rejected before any schema is consulted."""


class InvalidRedirectUri(ApiError):
    status, code = 400, "INVALID_REDIRECT_URI"


class InvalidUploadSize(ApiError):
    status, code = 400, "INVALID_UPLOAD_SIZE"


class InvalidObjectKey(ApiError):
    status, code = 400, "INVALID_OBJECT_KEY"


class FileTooLarge(ApiError):
    status, code = 413, "FILE_TOO_LARGE"


class PayloadTooLarge(ApiError):
    status, code = 413, "VALIDATION_ERROR"


class Unauthorized(ApiError):
    status, code = 401, "UNAUTHORIZED"


class Forbidden(ApiError):
    status, code = 403, "FORBIDDEN"


class NotFound(ApiError):
    status, code = 404, "NOT_FOUND"


class RateLimited(ApiError):
    status, code = 429, "RATE_LIMITED"


class InternalError(ApiError):
    status, code = 500, "INTERNAL_ERROR"


class S3Error(Exception):
    """An error of the storage endpoint, answered as S3's XML."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def xml(self) -> str:
        from xml.sax.saxutils import escape

        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{escape(self.message)}</Message></Error>"
        )
