"""The APIs this installation can serve, found through the `circuithub_mock.apis` entry points.

Third-party packages register more APIs the same way; the engine never imports any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from mockserver.engine.api import ApiPackage
    from mockserver.engine.config import Config

GROUP = "circuithub_mock.apis"
# What `serve` mounts when no API is named.
DEFAULT_APIS = ("circuithub", "dataquality")


class UnknownApi(LookupError):
    """A name no installed API package registers."""


def api_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=GROUP))


def load_api(name: str) -> ApiPackage:
    found = [ep for ep in entry_points(group=GROUP) if ep.name == name]
    if not found:
        known = ", ".join(api_names()) or "none"
        raise UnknownApi(f"no API named {name!r} is installed (known: {known})")
    api: ApiPackage = found[0].load()
    return api


def default_apis() -> list[ApiPackage]:
    return [load_api(name) for name in DEFAULT_APIS if name in api_names()]


def create_app(config: Config | None = None, apis: Sequence[str] | None = None) -> Flask:
    """An app serving the named APIs (by default every API of DEFAULT_APIS installed)."""
    from mockserver.engine.app import create_app as build

    packages = [load_api(n) for n in apis] if apis is not None else default_apis()
    return build(packages, config)
