"""Serve the dashboard's three static files; the page itself talks to `/_mock` like any client."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, send_from_directory

from mockserver.engine.errors import NotFound

HERE = Path(__file__).parent
ROOT = "/_mock/ui"
FILES = frozenset({"dashboard.js", "dashboard.css"})


def install_dashboard(app: Flask) -> None:
    def page() -> Response:
        return send_from_directory(HERE, "index.html", max_age=0)

    def asset(filename: str) -> Response:
        if filename not in FILES:
            raise NotFound(f"the dashboard has no file {filename!r}")
        return send_from_directory(HERE, filename, max_age=0)

    app.add_url_rule(ROOT, "dashboard.page", page)
    app.add_url_rule(f"{ROOT}/<filename>", "dashboard.asset", asset)
