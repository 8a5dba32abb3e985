"""The life of one request: rate limit, auth, validation, handler, and the strict check."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, g, request

from mockserver.auth import Tokens
from mockserver.call import Call, Reply
from mockserver.checker import ResponseChecker
from mockserver.errors import ApiError, S3Error, ValidationError
from mockserver.oracle import Oracle
from mockserver.ratelimit import RateLimiter
from mockserver.spec import Operation
from mockserver.state.store import Record
from mockserver.state.world import World
from mockserver.validation import Inputs, RequestValidator, is_hard_error
from mockserver.views import Views

log = logging.getLogger("circuithub_mock")
Handler = Callable[[Call], Reply]
PRESIGN_PARAMETERS = ("expires", "size", "signature")
# GETs whose answer is not a pure function of the world's state, the caller and the URL.
UNCACHEABLE = {
    "getProjectStatus",
    "getIssueUploadUrl",
    "startCliLogin",
    "getInvoicePdf",
    "getStatement",
    "getHealth",
}
CACHE_LIMIT = 2048


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return Response(text, status=status, headers=headers, content_type="application/json")


def error_response(error: ApiError) -> Response:
    return json_response(error.status, error.body(), error.headers)


@dataclass(slots=True)
class Mock:
    """Everything one app needs per request; lives on the app, never in a module."""

    world: World
    views: Views
    tokens: Tokens
    oracle: Oracle
    limiter: RateLimiter
    strict: bool
    always_oracle: bool
    read_cache: bool


class Cached(Exception):
    """A cached answer, raised past the work it makes unnecessary."""

    def __init__(self, data: bytes, content_type: str) -> None:
        super().__init__()
        self.data, self.content_type = data, content_type


class Endpoint:
    """The view function of one operation."""

    def __init__(self, mock: Mock, operation: Operation, handler: Handler, max_body: int) -> None:
        self.mock = mock
        self.operation = operation
        self.handler = handler
        self.validator = RequestValidator(operation, max_body)
        self.checker = ResponseChecker(operation)
        self.storage = operation.tag == "storage"
        self.cacheable = (
            mock.read_cache
            and operation.method == "GET"
            and operation.operation_id not in UNCACHEABLE
        )
        # (caller id, path and query) -> (world version, response bytes, content type)
        self.cache: dict[tuple[Any, str], tuple[int, bytes, str]] = {}

    def _s3_reply(self, error: ApiError) -> Reply:
        """S3 refuses a request whose presign parameters are absent or malformed with 403."""
        denied = error.parameter in PRESIGN_PARAMETERS or error.status in (401, 403)
        status, code = (403, "AccessDenied") if denied else (error.status, "InvalidArgument")
        xml = S3Error(status, code, error.message).xml().encode()
        return Reply(status, data=xml, content_type="application/xml")

    def __call__(self, **path: str) -> Response:
        try:
            reply = self._reply(path)
        except S3Error as error:
            reply = Reply(error.status, data=error.xml().encode(), content_type="application/xml")
        except ApiError as error:
            reply = (
                self._s3_reply(error)
                if self.storage
                else Reply(error.status, body=error.body(), headers=error.headers)
            )
        except Cached as hit:
            return Response(hit.data, status=200, content_type=hit.content_type)
        response = self._respond(reply)
        self._remember(reply, response)
        return response

    def _reply(self, path: dict[str, str]) -> Reply:
        mock = self.mock
        header = request.headers.get("Authorization")
        mock.limiter.check(header or request.remote_addr or "anonymous")
        user = mock.tokens.user_for(header) if self.operation.secured else None
        self._recall(user)
        inputs = self._inputs(path)
        call = Call(
            mock.world,
            mock.views,
            mock.tokens,
            user,
            inputs.path,
            inputs.query,
            inputs.body,
            request.headers,
        )
        return self.handler(call)

    def _key(self, user: Record | None) -> tuple[Any, str] | None:
        if not self.cacheable or not self.mock.world.settled:
            return None
        return (user["id"] if user else None, request.full_path)

    def _recall(self, user: Record | None) -> None:
        """A GET already answered at this world version is answered the same again."""
        key = self._key(user)
        version = self.mock.world.version  # read before the work: a later write makes it stale
        hit = self.cache.get(key) if key else None
        if hit is not None and hit[0] == version:
            raise Cached(hit[1], hit[2])
        g.cache_slot = (key, version)  # request-local: endpoints are shared by threads

    def _remember(self, reply: Reply, response: Response) -> None:
        key, version = g.pop("cache_slot", (None, 0))
        if key is None or reply.status != 200 or response.status_code != 200:
            return
        if len(self.cache) >= CACHE_LIMIT:
            self.cache.clear()
        self.cache[key] = (version, response.get_data(), response.content_type)

    def _inputs(self, path: dict[str, str]) -> Inputs:
        if self.mock.always_oracle:
            return self._ask_oracle(None)
        data = request.get_data(cache=True)
        try:
            return self.validator.validate(path, request.args, request.content_type, data)
        except ApiError as error:
            if is_hard_error(error):
                raise
            return self._ask_oracle(error)

    def _ask_oracle(self, fast_error: ApiError | None) -> Inputs:
        message, inputs = self.mock.oracle.judge(request)
        if message is not None:
            raise ValidationError(message, parameter=fast_error.parameter if fast_error else None)
        if fast_error is not None:
            log.warning("openapi-core accepted what the fast path rejected: %s", fast_error)
        assert inputs is not None
        return inputs

    def _respond(self, reply: Reply) -> Response:
        if reply.data is not None:
            response = Response(
                reply.data,
                status=reply.status,
                headers=reply.headers,
                content_type=reply.content_type,
            )
        elif reply.body is None and reply.status in (200, 302) and not self._has_body(reply):
            response = Response(b"", status=reply.status, headers=reply.headers)
            response.headers.pop("Content-Type", None)
        else:
            response = json_response(reply.status, reply.body, reply.headers)
        if self.mock.strict:
            return self._enforce(reply, response)
        return response

    def _has_body(self, reply: Reply) -> bool:
        response = self.operation.responses.get(str(reply.status))
        return bool(response and response.content)

    def _enforce(self, reply: Reply, response: Response) -> Response:
        body: Any = reply.body
        if reply.data is not None:
            body = reply.data.decode("latin-1") if reply.content_type.endswith("xml") else "binary"
        ctype = response.headers.get("Content-Type", "")
        problem = self.checker.violation(reply.status, ctype, body, response.headers)
        if problem is None:
            return response
        log.error("strict mode: response violates the contract: %s", problem)
        error = {"error": f"Response violates the contract: {problem}", "code": "INTERNAL_ERROR"}
        return json_response(500, error)
