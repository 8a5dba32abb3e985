"""The app factory: every mounted API's routes, validation and handlers come from its spec."""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import MethodNotAllowed as WerkzeugMethodNotAllowed

from mockserver.engine.api import ApiPackage
from mockserver.engine.config import Config
from mockserver.engine.control.install import install as install_control
from mockserver.engine.control.ui.dashboard import install_dashboard
from mockserver.engine.docs import install_docs, mount_entries
from mockserver.engine.errors import (
    ApiError,
    InternalError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    ValidationError,
)
from mockserver.engine.journal import ERROR_KEY
from mockserver.engine.mounts import Mount, mount
from mockserver.engine.pipeline import Endpoint, Host, json_response
from mockserver.engine.ratelimit import RateLimiter
from mockserver.engine.sessions import Sessions

log = logging.getLogger("circuithub_mock")
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


def create_app(apis: Sequence[ApiPackage], config: Config | None = None) -> Flask:
    """Build one mock serving `apis`: its own sessions, clocks, random sources and secret."""
    config = config or Config()
    if not apis:
        raise ValueError("create_app needs at least one API to mount")
    # One secret for everything this app signs (tokens, presigned URLs), random unless given.
    secret = config.secret or secrets.token_hex(32)
    config = dataclasses.replace(config, secret=secret)
    mounts = {api.name: mount(api, config) for api in apis}
    host = Host(
        mounts,
        Sessions(list(mounts.values()), config, secret),
        RateLimiter(config.rate_limit),
        config,
    )
    app = Flask("circuithub_mock")
    app.config["MAX_CONTENT_LENGTH"] = config.max_upload_bytes + 1024
    app.extensions["circuithub_mock"] = host
    for found in mounts.values():
        _route(app, host, found)
    host.control = install_control(app, host)
    install_docs(app, mount_entries([*mounts.values(), host.control]))
    install_dashboard(app)
    _install_error_handlers(app, host)
    return app


def _route(app: Flask, host: Host, found: Mount) -> None:
    for op in found.spec.operations.values():
        app.add_url_rule(
            found.path + op.rule,
            endpoint=f"{found.name}.{op.operation_id}",
            view_func=Endpoint(host, found, op, found.handlers[op.operation_id]),
            methods=[op.method],
            provide_automatic_options=False,
        )
    _refuse_other_methods(app, found)


def _refuse_other_methods(app: Flask, found: Mount) -> None:
    """405 for undocumented methods on fixed paths.

    `/projects/upload-urls` would otherwise be taken for `/projects/{projectId}` with
    projectId "upload-urls" (a 400); a fixed rule outranks a parameterised one.
    """
    documented: dict[str, set[str]] = {}
    for op in found.spec.operations.values():
        documented.setdefault(op.path, set()).add(op.method)
    for path, methods in documented.items():
        if "{" in path:
            continue
        allowed = sorted(methods)
        others = sorted(set(ALL_METHODS) - methods - ({"HEAD"} if "GET" in methods else set()))

        def refuse(allowed: list[str] = allowed) -> Response:
            raise WerkzeugMethodNotAllowed(valid_methods=allowed)

        app.add_url_rule(
            found.path + path,
            endpoint=f"{found.name}.405 {path}",
            view_func=refuse,
            methods=others,
            provide_automatic_options=False,
        )


def _http_error(error: HTTPException) -> ApiError:
    if isinstance(error, WerkzeugMethodNotAllowed):
        allowed = sorted(set(error.valid_methods or []) - {"HEAD"})
        return MethodNotAllowed(
            f"Method not allowed; use {', '.join(allowed)}", headers={"Allow": ", ".join(allowed)}
        )
    if error.code == 404:
        return NotFound("No such endpoint")
    if error.code == 413:
        return PayloadTooLarge("Request body is too large")
    if (error.code or 500) >= 500:
        return InternalError(error.description or error.name)
    return ValidationError(error.description or error.name)


def _install_error_handlers(app: Flask, host: Host) -> None:
    def answer(error: ApiError) -> Response:
        request.environ[ERROR_KEY] = error.message  # for the request journal
        reply = host.mount_for(request.path).api.render_error(error, None)
        if reply.data is not None:
            return Response(
                reply.data, reply.status, reply.headers, content_type=reply.content_type
            )
        return json_response(reply.status, reply.body, reply.headers)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return answer(_http_error(error))

    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        return answer(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unhandled error")
        return answer(InternalError(f"Internal server error ({type(error).__name__})"))


def endpoints(app: Flask) -> dict[str, Endpoint]:
    """The app's operations by operationId (tools swap handlers on them, e.g. golden 500s)."""
    return {
        view.operation.operation_id: view
        for view in app.view_functions.values()
        if isinstance(view, Endpoint)
    }


def host_of(app: Any) -> Host:
    """The Host behind an app (tests and the CLI reach sessions and worlds through it)."""
    host: Host = app.extensions["circuithub_mock"]
    return host
