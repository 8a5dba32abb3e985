"""circuithub-mock: a stateful, spec-driven mock server, fixture generator and contract suite.

`create_app`, `Config` and `host_of` are loaded on first use, so importing a submodule (a
domain rule, the fixture generator) does not load Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.catalog import create_app as create_app
    from mockserver.engine.app import host_of as host_of
    from mockserver.engine.config import Config as Config

__all__ = ["Config", "create_app", "host_of"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from mockserver.catalog import create_app

        return create_app
    if name == "host_of":
        from mockserver.engine.app import host_of

        return host_of
    if name == "Config":
        from mockserver.engine.config import Config

        return Config
    raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
