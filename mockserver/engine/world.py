"""A world: one API's state in one session, built from a dataset and rebuilt by reset()."""

from __future__ import annotations

import copy
import threading
from typing import Any

from mockserver.engine.api import ApiPackage, Domain, Runtime
from mockserver.engine.auth import Tokens
from mockserver.engine.registry import Registry
from mockserver.engine.store.backends import open_backend
from mockserver.engine.store.base import Backend, StoreSet


def world_namespace(session: str, api: str) -> str:
    """Where a backend keeps the world of one API in one session."""
    return f"{session}/{api}"


class World:
    """The stores of one API in one session, and the API's rules over them."""

    def __init__(
        self,
        api: ApiPackage,
        registry: Registry,
        dataset: dict[str, Any],
        runtime: Runtime,
        secret: str,
        *,
        backend: Backend | None = None,
        session: str = "default",
        fresh: bool = False,
    ) -> None:
        self.api = api
        self.registry = registry
        self.runtime = runtime
        self.backend = backend if backend is not None else open_backend(runtime.config)
        self.namespace = world_namespace(session, api.name)
        self._dataset = dataset
        self._secret = secret
        self._lock = threading.RLock()
        self._generation = 0
        # Fresh: from the dataset; else what the backend keeps of this world, if anything.
        self._build(dataset, fresh=fresh)

    def _build(self, dataset: dict[str, Any], *, fresh: bool) -> None:
        """The stores as the backend keeps them (the dataset when it keeps none, or `fresh`)."""
        resources = self.registry.resources
        self.stores: StoreSet = self.backend.open(self.namespace, resources, dataset, fresh=fresh)
        seed = self.runtime.config.seed
        salted = self.backend.seed_for(self.namespace, seed)
        if salted != seed:
            self.runtime.rng.seed(salted)
        self.domain: Domain = self.api.build_domain(self.stores, self.runtime)
        self.tokens = Tokens(self._secret, self.runtime.clock, self.domain)

    @property
    def version(self) -> tuple[int, int]:
        """Changes with every write and every reset: what read caches are keyed on."""
        return (self._generation, self.stores.version)

    @property
    def settled(self) -> bool:
        return self.domain.settled

    def reset(self, dataset: dict[str, Any] | None = None) -> None:
        """Bring the world back to its dataset (or to another one, which it keeps)."""
        with self._lock:
            if dataset is not None:
                self._dataset = dataset
            self.runtime.rng.seed(self.runtime.config.seed)
            self._generation += 1
            self._build(self._dataset, fresh=True)

    def snapshot(self) -> dict[str, Any]:
        """The state in dataset format (what `fixtures generate` writes); serve it to resume.

        Work still in flight (imports) is not part of it: a snapshot is of settled state.
        """
        with self.stores.transaction():
            out: dict[str, Any] = {
                "sequences": {n: self.stores[n].next_id() for n in self.registry.sequenced}
            }
            for name in self.registry.names:
                out[name] = [
                    copy.deepcopy(self.domain.dump(name, r)) for r in self.stores[name].all()
                ]
            return out
