"""The app factory: routes, handlers and validation all come from openapi.yaml."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import random
import threading
from typing import Any

from flask import Flask, Response
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from mockserver import handlers as handlers_package
from mockserver.auth import Tokens
from mockserver.clock import Clock
from mockserver.config import Config
from mockserver.errors import ApiError, InternalError, NotFound, PayloadTooLarge
from mockserver.oracle import Oracle
from mockserver.pipeline import Endpoint, Handler, Mock, error_response, json_response
from mockserver.ratelimit import RateLimiter
from mockserver.spec import Spec, load_spec
from mockserver.state.world import Runtime, World, load_dataset
from mockserver.views import Views

log = logging.getLogger("circuithub_mock")
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


class HandlerMismatch(RuntimeError):
    """An operation without a handler, or a handler without an operation."""


def resolve_handlers(spec: Spec) -> dict[str, Handler]:
    """operationId -> handlers/<tag>.py::<snake_case>; any mismatch fails startup."""
    found: dict[str, Handler] = {}
    problems = []
    for op in spec.operations.values():
        try:
            module = importlib.import_module(f"mockserver.handlers.{op.tag}")
            found[op.operation_id] = getattr(module, op.handler_name)
        except (ImportError, AttributeError):
            problems.append(f"{op.operation_id}: no handlers/{op.tag}.py::{op.handler_name}")
    expected = {(op.tag, op.handler_name) for op in spec.operations.values()}
    for info in pkgutil.iter_modules(handlers_package.__path__):
        module = importlib.import_module(f"mockserver.handlers.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            public = fn.__module__ == module.__name__ and not name.startswith("_")
            if public and (info.name, name) not in expected:
                problems.append(f"handlers/{info.name}.py::{name} matches no operation")
    if problems:
        raise HandlerMismatch("; ".join(sorted(problems)))
    return found


def build_mock(config: Config, spec: Spec) -> Mock:
    runtime = Runtime(Clock(config.clock), random.Random(config.seed), config, threading.RLock())
    world = World(load_dataset(config.dataset_path), runtime)
    users = world.tables["users"]
    tokens = Tokens(config.jwt_secret, runtime.clock, world.api_keys, users)
    return Mock(
        world=world,
        views=Views(spec),
        tokens=tokens,
        oracle=Oracle(config.spec_path),
        limiter=RateLimiter(config.rate_limit),
        strict=config.strict,
        always_oracle=config.validator == "openapi-core",
        read_cache=config.read_cache,
    )


def create_app(config: Config | None = None) -> Flask:
    """Build one mock: its own world, clock, random source and tokens."""
    config = config or Config()
    spec = load_spec(config.spec_path)
    handlers = resolve_handlers(spec)
    mock = build_mock(config, spec)
    app = Flask("circuithub_mock")
    app.config["MAX_CONTENT_LENGTH"] = config.max_upload_bytes + 1024
    app.extensions["circuithub"] = mock
    for op in spec.operations.values():
        endpoint = Endpoint(mock, op, handlers[op.operation_id], config.max_body_bytes)
        app.add_url_rule(
            spec.base_path + op.rule,
            endpoint=op.operation_id,
            view_func=endpoint,
            methods=[op.method],
            provide_automatic_options=False,
        )
    _refuse_other_methods(app, spec)
    _install_error_handlers(app)
    return app


def _refuse_other_methods(app: Flask, spec: Spec) -> None:
    """405 for undocumented methods on fixed paths.

    `/projects/upload-urls` would otherwise be taken for `/projects/{projectId}` with
    projectId "upload-urls" (a 400); a fixed rule outranks a parameterised one.
    """
    documented: dict[str, set[str]] = {}
    for op in spec.operations.values():
        documented.setdefault(op.path, set()).add(op.method)
    for path, methods in documented.items():
        if "{" in path:
            continue
        allowed = sorted(methods)
        others = sorted(set(ALL_METHODS) - methods - ({"HEAD"} if "GET" in methods else set()))

        def refuse(allowed: list[str] = allowed) -> Response:
            raise MethodNotAllowed(valid_methods=allowed)

        app.add_url_rule(
            spec.base_path + path,
            endpoint=f"405 {path}",
            view_func=refuse,
            methods=others,
            provide_automatic_options=False,
        )


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        if isinstance(error, MethodNotAllowed):
            allowed = sorted(set(error.valid_methods or []) - {"HEAD"})
            body = {
                "error": f"Method not allowed; use {', '.join(allowed)}",
                "code": "VALIDATION_ERROR",
            }
            return json_response(405, body, {"Allow": ", ".join(allowed)})
        if error.code == 404:
            return error_response(NotFound("No such endpoint"))
        if error.code == 413:
            return error_response(PayloadTooLarge("Request body is too large"))
        status = error.code or 400
        code = "INTERNAL_ERROR" if status >= 500 else "VALIDATION_ERROR"
        return json_response(status, {"error": error.description or error.name, "code": code})

    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        return error_response(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(InternalError(f"Internal server error ({type(error).__name__})"))


def endpoints(app: Flask) -> dict[str, Endpoint]:
    """The app's operations by operationId (tools swap handlers on them, e.g. golden 500s)."""
    return {name: view for name, view in app.view_functions.items() if isinstance(view, Endpoint)}


def mock_of(app: Any) -> Mock:
    """The Mock behind an app (tests and the CLI reach the world through it)."""
    mock: Mock = app.extensions["circuithub"]
    return mock
