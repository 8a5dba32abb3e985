"""A world: one API's state in one session, built from a dataset and rebuilt by reset()."""

from __future__ import annotations

import copy
import threading
from typing import Any

from mockserver.engine.api import ApiPackage, Domain, Runtime
from mockserver.engine.auth import Tokens
from mockserver.engine.registry import Registry
from mockserver.engine.store.base import StoreSet
from mockserver.engine.store.memory import MemoryStores


class World:
    """The stores of one API in one session, and the API's rules over them."""

    def __init__(
        self,
        api: ApiPackage,
        registry: Registry,
        dataset: dict[str, Any],
        runtime: Runtime,
        secret: str,
    ) -> None:
        self.api = api
        self.registry = registry
        self.runtime = runtime
        self._dataset = dataset
        self._secret = secret
        self._lock = threading.RLock()
        self._generation = 0
        self._build(dataset)

    def _build(self, dataset: dict[str, Any]) -> None:
        data = copy.deepcopy(dataset)
        self.stores: StoreSet = MemoryStores(self.registry.resources, data)
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
            self._build(self._dataset)

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
