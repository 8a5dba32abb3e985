"""CircuitHub's own error codes, and how every error is answered in its documented shape."""

from __future__ import annotations

from xml.sax.saxutils import escape

from mockserver.engine.call import Reply
from mockserver.engine.errors import ApiError, ValidationError
from mockserver.engine.spec import Operation

# Engine codes the docs do not list, answered with the docs' nearest code.
DOCS_CODE = {"PAYLOAD_TOO_LARGE": "VALIDATION_ERROR", "METHOD_NOT_ALLOWED": "VALIDATION_ERROR"}
PRESIGN_PARAMETERS = ("expires", "size", "signature")


class InvalidRedirectUri(ValidationError):
    code = "INVALID_REDIRECT_URI"


class InvalidUploadSize(ValidationError):
    code = "INVALID_UPLOAD_SIZE"


class InvalidObjectKey(ValidationError):
    code = "INVALID_OBJECT_KEY"


class FileTooLarge(ApiError):
    status, code = 413, "FILE_TOO_LARGE"


class S3Error(ApiError):
    """An error of the storage endpoint, answered as S3's XML with S3's own code."""

    def __init__(self, status: int, s3_code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.s3_code = status, s3_code

    def xml(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.s3_code}</Code><Message>{escape(self.message)}</Message></Error>"
        ).encode()


def render_error(error: ApiError, operation: Operation | None) -> Reply:
    """`{"error": message, "code": CODE}`; storage operations answer like S3 instead."""
    if operation is not None and operation.tag == "storage":
        return _s3_reply(error)
    body = {"error": error.message, "code": DOCS_CODE.get(error.code, error.code)}
    return Reply(error.status, body=body, headers=error.headers)


def _s3_reply(error: ApiError) -> Reply:
    """S3 refuses a request whose presign parameters are absent or malformed with 403."""
    if not isinstance(error, S3Error):
        denied = error.parameter in PRESIGN_PARAMETERS or error.status in (401, 403)
        status, code = (403, "AccessDenied") if denied else (error.status, "InvalidArgument")
        error = S3Error(status, code, error.message)
    return Reply(error.status, data=error.xml(), content_type="application/xml")
