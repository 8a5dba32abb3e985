"""The life of one request: session, rate limit, auth, validation, handler, strict check."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from flask import Request, Response, request

from mockserver.engine.api import Handler
from mockserver.engine.call import Call, Reply
from mockserver.engine.checking import ResponseChecker
from mockserver.engine.config import Config
from mockserver.engine.errors import ApiError, InternalError
from mockserver.engine.journal import ERROR_KEY, OPERATION_KEY
from mockserver.engine.mounts import Mount
from mockserver.engine.ratelimit import RateLimiter
from mockserver.engine.screening import public_host
from mockserver.engine.sessions import ENVIRON_KEY, Session, Sessions, unprefixed
from mockserver.engine.spec import Operation
from mockserver.engine.store.base import Record
from mockserver.engine.validation import (
    Incoming,
    Inputs,
    RequestValidator,
    dump_json,
    is_hard_error,
)
from mockserver.engine.world import World

log = logging.getLogger("circuithub_mock")
CACHE_LIMIT = 2048
# Cache key: (session, caller id, path and query); value: (world version, bytes, content type).
CacheKey = tuple[str, Any, str]


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    data = dump_json(body)
    return Response(data, status=status, headers=headers, content_type="application/json")


def _root(environ: dict[str, Any]) -> str:
    """The URL the client reached the app at (session prefix included), without IRI work."""
    host = public_host(environ)
    return f"{environ['wsgi.url_scheme']}://{host}{environ.get('SCRIPT_NAME', '').rstrip('/')}"


@dataclass(slots=True)
class Host:
    """Everything one app needs per request; lives on the app, never in a module."""

    mounts: dict[str, Mount]
    sessions: Sessions
    limiter: RateLimiter
    config: Config
    # The admin API (`/_mock`), beside the APIs and not one of them.
    control: Mount | None = None

    def session_for(self, req: Request) -> Session:
        """The session the control middleware resolved for this request (header or prefix)."""
        found: Session | None = req.environ.get(ENVIRON_KEY)
        return found if found is not None else self.sessions.default

    @property
    def world(self) -> World:
        """The default session's world of the first mounted API (tests and tools)."""
        return self.sessions.default.worlds[next(iter(self.mounts))]

    def mount_for(self, path: str) -> Mount:
        """The API whose mount path holds `path` (the first API when none does)."""
        extra: list[Mount] = [self.control] if self.control is not None else []
        for found in [*extra, *self.mounts.values()]:
            if path == found.path or path.startswith(found.path + "/"):
                return found
        return next(iter(self.mounts.values()))


class Endpoint:
    """The view function of one operation."""

    def __init__(self, host: Host, mount: Mount, operation: Operation, handler: Handler) -> None:
        self.host = host
        self.mount = mount
        self.operation = operation
        self.handler = handler
        config = host.config
        self.validator = RequestValidator(operation, config.max_body_bytes)
        self.checker = ResponseChecker(operation)
        self.cacheable = (
            config.read_cache
            and operation.method == "GET"
            and operation.operation_id not in mount.api.uncacheable
        )
        self.cache: dict[CacheKey, tuple[Any, bytes, str]] = {}

    def __call__(self, **path: str) -> Response:
        key: CacheKey | None = None
        version: Any = None
        request.environ[OPERATION_KEY] = (self.mount.name, self.operation.operation_id)
        try:
            session = self.host.session_for(request)
            world = session.worlds[self.mount.name]
            user = self._caller(world)
            key = self._cache_key(session, world, user)
            version = world.version  # read before the work: a later write makes it stale
            hit = self.cache.get(key) if key else None
            if hit is not None and hit[0] == version:
                return Response(hit[1], status=200, content_type=hit[2])
            reply = self.handler(self._call(world, user, path))
        except ApiError as error:
            request.environ[ERROR_KEY] = error.message
            reply = self.mount.api.render_error(error, self.operation)
        response = self._respond(reply)
        if key is not None and reply.status == 200 and response.status_code == 200:
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.clear()
            self.cache[key] = (version, response.get_data(), response.content_type or "")
        return response

    def _caller(self, world: World) -> Record | None:
        header = request.headers.get("Authorization")
        self.host.limiter.check(header or request.remote_addr or "anonymous")
        return world.tokens.user_for(header) if self.operation.secured else None

    def _cache_key(self, session: Session, world: World, user: Record | None) -> CacheKey | None:
        if not self.cacheable or not world.settled:
            return None
        return (session.cache_key, user["id"] if user else None, request.full_path)

    def _call(self, world: World, user: Record | None, path: dict[str, str]) -> Call[Any]:
        inputs = self._inputs(path)
        return Call(
            world.domain,
            self.mount.views,
            world.tokens,
            user,
            inputs.path,
            inputs.query,
            inputs.body,
            request.headers,
            _root(request.environ) + self.mount.path,
        )

    def _inputs(self, path: dict[str, str]) -> Inputs:
        self.validator.check_length(request.content_length)
        data = request.get_data(cache=True)
        environ = request.environ
        incoming = Incoming(
            path,
            request.args,
            request.headers.items(),
            request.content_type,
            data,
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        body = self.validator.screen(incoming)  # both modes: no validator meets such input
        if self.host.config.validator == "openapi-core":
            return self._ask_judge(None)
        try:
            return self.validator.check(incoming, body)
        except ApiError as error:
            if is_hard_error(error):
                raise
            return self._ask_judge(error)

    def _ask_judge(self, fast_error: ApiError | None) -> Inputs:
        refused, inputs = self.mount.judge.verdict(request, raw_body=self.validator.raw_body)
        if refused is not None:
            refused.parameter = fast_error.parameter if fast_error else None
            raise refused
        if fast_error is not None:
            log.warning("openapi-core accepted what the fast path rejected: %s", fast_error)
        assert inputs is not None
        return inputs

    def _respond(self, reply: Reply) -> Response:
        response = self._build(reply)
        return self._enforce(reply, response) if self.host.config.strict else response

    def _build(self, reply: Reply) -> Response:
        if reply.data is not None:
            response = Response(
                reply.data,
                status=reply.status,
                headers=reply.headers,
                content_type=reply.content_type,
            )
        elif reply.body is None and reply.status in (200, 204, 302) and not self._has_body(reply):
            response = Response(b"", status=reply.status, headers=reply.headers)
            response.headers.pop("Content-Type", None)
        else:
            response = json_response(reply.status, reply.body, reply.headers)
        return response

    def _has_body(self, reply: Reply) -> bool:
        response = self.operation.responses.get(str(reply.status))
        return bool(response and response.content)

    def _enforce(self, reply: Reply, response: Response) -> Response:
        body: Any = reply.body
        if request.script_root:  # the contract knows no session prefix: judge it without
            body = unprefixed(body, request.script_root)
        if reply.data is not None:
            media = reply.content_type.split(";", 1)[0].strip().lower()
            if media.endswith("+json"):
                body = json.loads(reply.data)
            else:
                body = reply.data.decode("latin-1") if media.endswith("xml") else "binary"
        ctype = response.headers.get("Content-Type", "")
        problem = self.checker.violation(reply.status, ctype, body, response.headers)
        if problem is None:
            return response
        log.error("strict mode: response violates the contract: %s", problem)
        error = InternalError(f"Response violates the contract: {problem}")
        request.environ[ERROR_KEY] = error.message
        return self._build(self.mount.api.render_error(error, self.operation))
