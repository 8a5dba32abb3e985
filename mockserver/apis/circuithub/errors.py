"""CircuitHub's own error codes, and how every error is answered in its documented shape."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from mockserver.engine.call import Reply
from mockserver.engine.errors import ApiError, ValidationError
from mockserver.engine.screening import clip_quotes
from mockserver.engine.spec import Operation

# Engine codes the docs do not list, answered with the docs' nearest code.
DOCS_CODE = {"PAYLOAD_TOO_LARGE": "VALIDATION_ERROR", "METHOD_NOT_ALLOWED": "VALIDATION_ERROR"}
PRESIGN_PARAMETERS = ("expires", "size", "signature")
# Characters XML 1.0 does not allow in text; a message quoting them is escaped instead.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
        text = _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}", clip_quotes(self.message))
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.s3_code}</Code><Message>{escape(text)}</Message></Error>"
        ).encode()


def render_error(error: ApiError, operation: Operation | None) -> Reply:
    """`{"error": message, "code": CODE}`; storage operations answer like S3 instead."""
    if operation is not None and operation.tag == "storage":
        return _s3_reply(error)
    # A client's error quotes its input at most in part; an internal one is kept whole.
    message = clip_quotes(error.message) if error.status < 500 else error.message
    body = {"error": message, "code": DOCS_CODE.get(error.code, error.code)}
    return Reply(error.status, body=body, headers=error.headers)


def _s3_reply(error: ApiError) -> Reply:
    """S3 refuses a request whose presign parameters are absent or malformed with 403."""
    if not isinstance(error, S3Error):
        denied = error.parameter in PRESIGN_PARAMETERS or error.status in (401, 403)
        status, code = (403, "AccessDenied") if denied else (error.status, "InvalidArgument")
        error = S3Error(status, code, error.message)
    return Reply(error.status, data=error.xml(), content_type="application/xml")
