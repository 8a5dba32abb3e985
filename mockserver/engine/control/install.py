"""Mounting the admin API on an app, and the middleware that serves sessions around it."""

from __future__ import annotations

from flask import Flask

from mockserver.engine.control.api import CONTROL
from mockserver.engine.control.endpoint import ControlEndpoint
from mockserver.engine.control.traffic import Traffic
from mockserver.engine.mounts import Mount, mount
from mockserver.engine.pipeline import Host


def install(app: Flask, host: Host) -> Mount:
    """Route `/_mock/...` to the admin API and put the session middleware in front."""
    control = mount(CONTROL, host.config)
    for op in control.spec.operations.values():
        app.add_url_rule(
            control.path + op.rule,
            endpoint=f"{control.name}.{op.operation_id}",
            view_func=ControlEndpoint(host, control, op, control.handlers[op.operation_id]),
            methods=[op.method],
            provide_automatic_options=False,
        )
    app.wsgi_app = Traffic(app, host, app.wsgi_app)  # type: ignore[method-assign]
    return control
