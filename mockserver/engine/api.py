"""How an API package registers with the engine: the one interface between them.

An API package (`mockserver/apis/<name>/api.py`) builds an `ApiPackage`; the engine mounts it
and never imports the package itself.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mockserver.engine.call import Call, Reply
from mockserver.engine.clock import Clock
from mockserver.engine.config import Config
from mockserver.engine.errors import ApiError
from mockserver.engine.registry import Resource
from mockserver.engine.spec import Operation, Spec
from mockserver.engine.store.base import Record, StoreSet

if TYPE_CHECKING:
    from flask.testing import FlaskClient

Handler = Callable[[Call[Any]], Reply]


@dataclass(slots=True)
class Runtime:
    """What the rules of one session share: its one clock, its seeded random source, config."""

    clock: Clock
    rng: random.Random
    config: Config


class Domain(Protocol):
    """The API's rules over one world's stores, as the engine needs to see them."""

    @property
    def settled(self) -> bool:
        """No work in flight: a read now changes nothing and follows no clock."""

    def user_for_key(self, key: str) -> Record | None:
        """The user an API key belongs to."""

    def user_by_id(self, ident: str) -> Record | None:
        """The user a signed token's `sub` names (ASCII digits or an id string)."""

    def dump(self, resource: str, record: Record) -> Record:
        """A record as a dataset holds it (for snapshots), e.g. with its uploaded bytes."""


DomainFactory = Callable[[StoreSet, Runtime], Domain]
ErrorRenderer = Callable[[ApiError, Operation | None], Reply]
HandlerFactory = Callable[[Spec], Mapping[str, Handler]]


@dataclass(slots=True)
class GoldenRequest:
    """One request as plain data, path included from the server root (what a client replays)."""

    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None  # sent as JSON
    data: bytes | None = None  # sent as is, instead of `body`
    headers: dict[str, str] = field(default_factory=dict)


# (test client, the API's mount path such as "/v1", the operation): the world is fresh.
GoldenSetup = Callable[["FlaskClient", str, Operation], None]
GoldenRequests = Callable[["FlaskClient", str, Operation], Mapping[str, GoldenRequest]]


@dataclass(frozen=True, slots=True)
class GoldenHints:
    """What golden responses need beyond the spec: who calls, and what no recipe can derive."""

    token: str  # a caller for whom the spec's examples succeed on the default dataset
    foreign_token: str  # a caller of another tenant: the 403s
    clock: str  # the instant the default dataset is frozen at
    # Creates what an operation reads before it is called, e.g. a quote to break down.
    setup: GoldenSetup | None = None
    # Status -> the request that provokes it, where the generic recipes cannot make one.
    requests: GoldenRequests | None = None


@dataclass(frozen=True, slots=True)
class FixtureKit:
    """What an API offers the fixture tools: its dataset generator and golden responses."""

    presets: tuple[str, ...]
    # Count options the generator takes (keyword arguments; CLI flags with dashes).
    count_names: tuple[str, ...]
    # (seed, preset, **counts) -> a dataset; lists may be lazy re-iterables.
    generate: Callable[..., dict[str, Any]]
    # How `fixtures responses` makes this API's golden responses; None: it has none.
    golden: GoldenHints | None = None
    default_preset: str = "small"


@dataclass(frozen=True, slots=True)
class ApiPackage:
    """An API the engine can mount: its contract, its resources, its rules and its data."""

    name: str
    title: str
    # Where its spec's paths are served, e.g. "/v1".
    mount: str
    spec_path: Path
    resources: tuple[Resource, ...]
    handlers: HandlerFactory
    build_domain: DomainFactory
    default_dataset: Callable[[], dict[str, Any]]
    render_error: ErrorRenderer
    # GETs whose answer is not a pure function of state, caller and URL: never cached.
    uncacheable: frozenset[str] = frozenset()
    fixtures: FixtureKit | None = None


class HandlerMismatch(RuntimeError):
    """An operation without a handler, or a handler without an operation."""


def handlers_from_package(package: str) -> HandlerFactory:
    """operationId -> `<package>.<tag>.<snake_case>`; any mismatch fails at startup."""

    def resolve(spec: Spec) -> dict[str, Handler]:
        found: dict[str, Handler] = {}
        problems = []
        for op in spec.operations.values():
            try:
                module = importlib.import_module(f"{package}.{op.tag}")
                found[op.operation_id] = getattr(module, op.handler_name)
            except (ImportError, AttributeError):
                problems.append(f"{op.operation_id}: no handlers/{op.tag}.py::{op.handler_name}")
        expected = {(op.tag, op.handler_name) for op in spec.operations.values()}
        root = importlib.import_module(package)
        for info in pkgutil.iter_modules(root.__path__):
            module = importlib.import_module(f"{package}.{info.name}")
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                public = fn.__module__ == module.__name__ and not name.startswith("_")
                if public and (info.name, name) not in expected:
                    problems.append(f"handlers/{info.name}.py::{name} matches no operation")
        if problems:
            raise HandlerMismatch("; ".join(sorted(problems)))
        return found

    return resolve
