"""Interactive API docs at `/docs`: Swagger UI, served offline from the mock itself.

Every documented API gets `/docs/<name>` (its own page) and `/docs/<name>/openapi.yaml` (its
spec, with `servers` rewritten to the mock as the browser reached it, so "Try it out" calls the
mock). `/docs` shows them all behind one selector. The Swagger UI assets come from the
`flask-swagger-ui` wheel; nothing is fetched from a CDN.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, Response, render_template_string, request, send_from_directory

from mockserver.engine.errors import NotFound
from mockserver.engine.mounts import Mount

EXTENSION_KEY = "circuithub_mock.docs"
# Not API traffic: the journal and fault rules have no business with these paths.
DOCS_ROOT = "/docs"
ASSETS_URL = f"{DOCS_ROOT}/_assets"
PAGE = Path(__file__).with_name("docs_page.html")
# Swagger UI's dist folder as the wheel ships it (a Traversable, used as a real directory).
ASSETS_DIR = str(files("flask_swagger_ui") / "dist")


@dataclass(frozen=True, slots=True)
class DocEntry:
    """One API as the docs show it: its slug, title, where it is served, its spec document."""

    name: str
    title: str
    root: str
    document: Mapping[str, Any]


class DocShelf:
    """The documented APIs of one app, and their specs rendered per public root."""

    def __init__(self) -> None:
        self.entries: dict[str, DocEntry] = {}
        self._rendered: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def add(self, entry: DocEntry) -> None:
        self.entries[entry.name] = entry

    def get(self, name: str) -> DocEntry:
        entry = self.entries.get(name)
        if entry is None:
            known = ", ".join(sorted(self.entries))
            raise NotFound(f"No API named {name!r} is documented here (documented: {known})")
        return entry

    def spec_text(self, entry: DocEntry, host_url: str) -> str:
        """The spec with one server: the mock at `host_url` (computed once per host)."""
        key = (entry.name, host_url)
        with self._lock:
            text = self._rendered.get(key)
        if text is None:
            document = copy.deepcopy(dict(entry.document))
            document["servers"] = [
                {"url": host_url + entry.root, "description": "This mock server"}
            ]
            text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
            with self._lock:
                self._rendered[key] = text
        return text


def mount_entries(mounts: Iterable[Mount]) -> list[DocEntry]:
    return [DocEntry(m.name, m.api.title, m.path, m.spec.document) for m in mounts]


def add_docs(app: Flask, entry: DocEntry) -> None:
    """Document one more API on an app whose docs are installed (e.g. the admin API)."""
    shelf: DocShelf = app.extensions[EXTENSION_KEY]
    shelf.add(entry)


def install_docs(app: Flask, entries: Iterable[DocEntry]) -> None:
    """Register `/docs`, `/docs/<name>`, `/docs/<name>/openapi.yaml` and the UI assets."""
    shelf = DocShelf()
    for entry in entries:
        shelf.add(entry)
    app.extensions[EXTENSION_KEY] = shelf
    page = PAGE.read_text(encoding="utf-8")

    def show(selected: list[DocEntry], title: str) -> str:
        urls = [{"name": f"{e.title} ({e.root})", "url": _spec_url(e)} for e in selected]
        config: dict[str, Any] = {
            "urls": urls,
            "urls.primaryName": urls[0]["name"] if urls else None,
            "validatorUrl": None,
            "deepLinking": True,
            "persistAuthorization": True,
            "displayRequestDuration": True,
        }
        return render_template_string(page, title=title, assets=ASSETS_URL, config=config)

    def index() -> str:
        return show(list(shelf.entries.values()), "API docs")

    def one(name: str) -> str:
        entry = shelf.get(name)
        return show([entry], entry.title)

    def spec(name: str) -> Response:
        text = shelf.spec_text(shelf.get(name), request.host_url.rstrip("/"))
        return Response(text, content_type="application/yaml; charset=utf-8")

    def asset(filename: str) -> Response:
        return send_from_directory(ASSETS_DIR, filename, max_age=3600)

    app.add_url_rule(DOCS_ROOT, "docs.index", index)
    app.add_url_rule(f"{DOCS_ROOT}/<name>", "docs.one", one)
    app.add_url_rule(f"{DOCS_ROOT}/<name>/openapi.yaml", "docs.spec", spec)
    app.add_url_rule(f"{ASSETS_URL}/<path:filename>", "docs.asset", asset)


def _spec_url(entry: DocEntry) -> str:
    return f"{DOCS_ROOT}/{entry.name}/openapi.yaml"
