"""Sessions: isolated sets of worlds, one world per mounted API, sharing one clock."""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence

from mockserver.engine.api import Runtime
from mockserver.engine.clock import Clock
from mockserver.engine.config import Config
from mockserver.engine.mounts import Mount
from mockserver.engine.world import World

DEFAULT_SESSION = "default"


class Session:
    """One isolated state: a world per API, its own clock and seeded random source."""

    def __init__(self, ident: str, mounts: Sequence[Mount], config: Config, secret: str) -> None:
        self.id = ident
        self.runtime = Runtime(Clock(config.clock), random.Random(config.seed), config)
        self.worlds = {
            m.name: World(m.api, m.registry, m.dataset, self.runtime, secret) for m in mounts
        }

    def reset(self) -> None:
        for world in self.worlds.values():
            world.reset()


class Sessions:
    """The sessions of one app; the default one always exists."""

    def __init__(self, mounts: Sequence[Mount], config: Config, secret: str) -> None:
        self._mounts = tuple(mounts)
        self._config = config
        self._secret = secret
        self._lock = threading.Lock()
        self._sessions = {DEFAULT_SESSION: Session(DEFAULT_SESSION, mounts, config, secret)}

    @property
    def default(self) -> Session:
        return self._sessions[DEFAULT_SESSION]

    def get(self, ident: str | None) -> Session:
        return self._sessions[ident or DEFAULT_SESSION]
