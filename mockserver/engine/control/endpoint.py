"""The view of one admin operation: access, then the engine's validation and strict check."""

from __future__ import annotations

import hmac

from flask import Response, request

from mockserver.engine.api import Handler
from mockserver.engine.call import Call
from mockserver.engine.config import Config
from mockserver.engine.control.api import Admin
from mockserver.engine.errors import ApiError, Forbidden, Unauthorized
from mockserver.engine.mounts import Mount
from mockserver.engine.pipeline import Endpoint, Host
from mockserver.engine.spec import Operation
from mockserver.engine.validation import RequestValidator


def check_access(config: Config, header: str | None) -> None:
    """Open on loopback; beyond it, only with the admin token (closed without one)."""
    if config.admin_token:
        scheme, _, token = (header or "").partition(" ")
        given = token.strip().encode("utf-8", "replace")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given, config.admin_token.encode()
        ):
            raise Unauthorized("the admin API needs Authorization: Bearer <admin token>")
    elif not config.admin_open:
        raise Forbidden(
            "the admin API is closed: this mock is served beyond loopback without --admin-token"
        )


class ControlEndpoint(Endpoint):
    """An Endpoint whose handlers get an `Admin` instead of an API's domain; never cached."""

    def __init__(self, host: Host, mount: Mount, operation: Operation, handler: Handler) -> None:
        super().__init__(host, mount, operation, handler)
        # Snapshots are whole datasets: bodies up to the upload limit, not the JSON one.
        self.validator = RequestValidator(operation, host.config.max_upload_bytes)
        self.cacheable = False

    def __call__(self, **path: str) -> Response:
        try:
            check_access(self.host.config, request.headers.get("Authorization"))
            session = self.host.session_for(request)
            inputs = self._inputs(path)
            call = Call(
                Admin(self.host, session),
                self.mount.views,
                # Call carries a token issuer; the admin API issues none, any world's will do.
                next(iter(session.worlds.values())).tokens,
                None,
                inputs.path,
                inputs.query,
                inputs.body,
                request.headers,
                request.url_root.rstrip("/") + self.mount.path,
            )
            reply = self.handler(call)
        except ApiError as error:
            reply = self.mount.api.render_error(error, self.operation)
        return self._respond(reply)
