"""Sessions: isolated states, each with a world per mounted API, a clock, faults and a journal.

A client picks one with the `X-Mock-Session` header or the `/_mock/sessions/<id>/` prefix;
the first request naming an unknown id creates it from the default datasets. Without either,
requests use the default session, which always exists and never expires.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from mockserver.engine.api import Runtime
from mockserver.engine.clock import Clock
from mockserver.engine.config import Config
from mockserver.engine.errors import Conflict, NotFound, Unavailable, ValidationError
from mockserver.engine.mounts import Mount
from mockserver.engine.store.backends import open_backend
from mockserver.engine.store.base import Backend
from mockserver.engine.store.kept import Registry, session_namespace, session_parts
from mockserver.engine.store.memory import MemoryBackend
from mockserver.engine.world import World, world_namespace

DEFAULT_SESSION = "default"
HEADER = "X-Mock-Session"
# Where the request's session is kept in the WSGI environ once it is resolved.
ENVIRON_KEY = "mockserver.session"
SESSION_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Read caches key on a session's incarnation, so a re-created session never meets old answers.
_INCARNATIONS = itertools.count(1)


def unprefixed(value: Any, prefix: str) -> Any:
    """`value` with `prefix` (a session prefix) taken off the paths and URLs it holds.

    An API's contract knows no sessions: strict mode judges a prefixed session's answer as
    the API would give it at its own root (`/_mock/sessions/s/v1/x` is checked as `/v1/x`).
    """
    if isinstance(value, str):
        head, sep, rest = value.partition("://")
        if sep:
            host, slash, path = rest.partition("/")
            return f"{head}://{host}{unprefixed(slash + path, prefix)}" if slash else value
        return value[len(prefix) :] if value.startswith(prefix + "/") else value
    if isinstance(value, dict):
        return {key: unprefixed(item, prefix) for key, item in value.items()}
    if isinstance(value, list):
        return [unprefixed(item, prefix) for item in value]
    return value


class SessionLimit(Unavailable):
    """Every session slot is taken; idle sessions expire after the TTL."""


def check_id(ident: str) -> str:
    if not SESSION_ID.match(ident):
        shown = ident[:80]
        raise ValidationError(
            f"session id {shown!r} is not valid: use 1-64 letters, digits, '.', '_' or '-'",
            parameter=HEADER,
        )
    return ident


class Session:
    """One isolated state: a world per API, a clock, a seeded random source, faults, a journal."""

    def __init__(
        self,
        ident: str,
        mounts: Sequence[Mount],
        config: Config,
        secret: str,
        *,
        backend: Backend,
        seed: int | None = None,
        datasets: Mapping[str, dict[str, Any]] | None = None,
        fresh: bool = False,
    ) -> None:
        self.id = ident
        self.seed = config.seed if seed is None else seed
        own = config if seed is None else replace(config, seed=seed)
        # Kept by the backend when it keeps state (fresh: started anew, else resumed).
        journal = (config.journal_limit, config.journal_body_bytes)
        clock, self.faults, self.journal = session_parts(
            backend, ident, config.clock, self.seed, journal, fresh=fresh
        )
        self.runtime = Runtime(clock, random.Random(self.seed), own)
        # What `reset` returns to: the datasets the session started from.
        self.datasets = {m.name: (datasets or {}).get(m.name, m.dataset) for m in mounts}
        self.worlds = {
            m.name: World(
                m.api,
                m.registry,
                self.datasets[m.name],
                self.runtime,
                secret,
                backend=backend,
                session=ident,
                fresh=fresh,
            )
            for m in mounts
        }
        self.created_at = datetime.now(UTC)
        self.noted = time.time()  # when other replicas were last told it is in use
        self.cache_key = f"{ident}#{next(_INCARNATIONS)}"
        self._used = time.monotonic()

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def idle_seconds(self) -> float:
        return time.monotonic() - self._used

    def touch(self) -> None:
        self._used = time.monotonic()

    def reset(self) -> None:
        """Back to the starting datasets, clock and random source; faults and journal stay."""
        for name, world in self.worlds.items():
            world.reset(self.datasets[name])
        self.runtime.clock.reset()

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """Every API's state in dataset format, by API name."""
        return {name: world.snapshot() for name, world in self.worlds.items()}

    def restore(self, datasets: Mapping[str, dict[str, Any]]) -> None:
        """Load these datasets (by API name); `reset` still returns to the starting ones."""
        for name, dataset in datasets.items():
            self.worlds[name].reset(dataset)


class Sessions:
    """The sessions of one app: the default one, and up to `max_sessions` others."""

    def __init__(self, mounts: Sequence[Mount], config: Config, secret: str) -> None:
        self.mounts = tuple(mounts)
        self.config = config
        self._secret = secret
        # One backend for every world of every session; each world is a namespace in it.
        self.backend = open_backend(config)
        # Sessions a durable or shared backend keeps: a restart or a replica resumes them.
        self._registry = Registry(self.backend) if self.backend.durable else None
        self._lock = threading.Lock()
        self._default = Session(DEFAULT_SESSION, mounts, config, secret, backend=self.backend)
        self._sessions: dict[str, Session] = {DEFAULT_SESSION: self._default}
        self._swept = time.monotonic()

    @property
    def default(self) -> Session:
        return self._default

    def __iter__(self) -> Iterator[Session]:
        with self._lock:
            return iter(list(self._sessions.values()))

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, ident: str | None) -> Session:
        """The named session (the default one for None); NotFound when there is none."""
        found = self._sessions.get(ident or DEFAULT_SESSION)
        if found is not None and self._expired(found):
            with self._lock:
                self._sessions.pop(found.id, None)
            self._forget(found.id)
            found = None
        if found is None:
            found = self._revive(ident or DEFAULT_SESSION)
        if found is None:
            raise NotFound(f"no session {ident!r}")
        return found

    def _revive(self, ident: str) -> Session | None:
        """A session the backend keeps (made before a restart, or by another replica)."""
        kept = self._registry.get(ident) if self._registry is not None else None
        if kept is None:
            return None
        return self.create(
            ident, seed=kept["seed"], datasets=kept["datasets"], replace_existing=False
        )

    def resolve(self, ident: str | None) -> Session:
        """The session a request names, created from the default datasets on first use."""
        self._sweep()
        if not ident or ident == DEFAULT_SESSION:
            self._default.touch()
            return self._default
        found = self._sessions.get(ident)
        if found is not None and not self._expired(found):
            found.touch()
            self._note_use(found)
            return found
        return self._revive(check_id(ident)) or self.create(ident, replace_existing=False)

    def create(
        self,
        ident: str,
        *,
        seed: int | None = None,
        datasets: Mapping[str, dict[str, Any]] | None = None,
        replace_existing: bool = True,
    ) -> Session:
        """A fresh session under `ident` (replacing one of that name unless told not to).

        Not replacing, a session the backend keeps under `ident` is resumed as it was.
        """
        if ident == DEFAULT_SESSION:
            raise Conflict("the default session cannot be replaced; POST /_mock/reset resets it")
        self._swept = 0.0
        self._sweep()
        self._check_room(ident)  # before the work of building one
        built = Session(
            ident,
            self.mounts,
            self.config,
            self._secret,
            backend=self.backend,
            seed=seed,
            datasets=datasets,
            fresh=replace_existing,
        )
        with self._lock:
            existing = self._sessions.get(ident)
            if existing is not None and not replace_existing and not self._expired(existing):
                return existing  # another request created it meanwhile
            self._check_room(ident)  # again: others may have been created meanwhile
            self._sessions[ident] = built
        if self._registry is not None:
            self._registry.add(ident, seed, dict(datasets) if datasets else None)
        return built

    def exists(self, ident: str) -> bool:
        found = self._sessions.get(ident)
        if found is not None and not self._expired(found):
            return True
        return self._registry is not None and self._registry.get(ident) is not None

    def check_dataset(self, api: str, dataset: Any) -> None:
        """Refuse a dataset a world cannot be built from, naming what breaks (a trial build)."""
        found = next((m for m in self.mounts if m.name == api), None)
        if found is None:
            raise NotFound(f"no API named {api!r} is mounted")
        runtime = Runtime(Clock(), random.Random(self.config.seed), self.config)
        try:  # in memory: a trial must leave no trace in a backend that keeps state
            World(
                found.api, found.registry, dataset, runtime, self._secret, backend=MemoryBackend()
            )
        except Exception as exc:  # any failure of a client's data is the client's 400
            raise ValidationError(
                f"dataset for {api} is not usable: {type(exc).__name__}: {exc}"[:400]
            ) from None

    def delete(self, ident: str) -> None:
        if ident == DEFAULT_SESSION:
            raise Conflict("the default session cannot be deleted; POST /_mock/reset resets it")
        with self._lock:
            gone = self._sessions.pop(ident, None)
        registry = self._registry
        if gone is None and (registry is None or registry.get(ident) is None):
            raise NotFound(f"no session {ident!r}")
        if registry is not None:  # its kept state goes too
            self._discard(ident)

    def _discard(self, ident: str) -> None:
        """Drop what the backend keeps of a session."""
        if self._registry is not None:
            self._registry.remove(ident)
        for found in self.mounts:
            self.backend.discard(world_namespace(ident, found.name))
        self.backend.discard(session_namespace(ident))

    def _note_use(self, session: Session) -> None:
        """Tell other replicas a session is in use, at most four times per TTL."""
        ttl = self.config.session_ttl
        if self._registry is None or not self.backend.shared or ttl <= 0:
            return
        if time.time() - session.noted > ttl / 4:
            session.noted = time.time()
            self._registry.touch(session.id)

    def _forget(self, ident: str) -> None:
        """An idle session's kept state goes, unless another replica used it meanwhile."""
        registry = self._registry
        if registry is None:
            return
        if self.backend.shared:
            kept = registry.get(ident)
            if kept is None or time.time() - kept.get("usedAt", 0) <= self.config.session_ttl:
                return
        self._discard(ident)

    def _expired(self, session: Session) -> bool:
        ttl = self.config.session_ttl
        return session is not self._default and ttl > 0 and session.idle_seconds > ttl

    def _sweep(self) -> None:
        """Drop idle sessions, at most once a second."""
        now = time.monotonic()
        if now - self._swept < 1.0:
            return
        with self._lock:
            self._swept = now
            idle = [i for i, s in self._sessions.items() if self._expired(s)]
            for ident in idle:
                del self._sessions[ident]
        for ident in idle:
            self._forget(ident)

    def _check_room(self, ident: str) -> None:
        limit = self.config.max_sessions
        others = len(self._sessions) - 1 - (1 if ident in self._sessions else 0)
        if others >= limit:
            ttl = self.config.session_ttl
            raise SessionLimit(
                f"session limit reached: {limit} sessions are open besides the default one "
                f"(idle ones expire after {ttl:g} s); delete one with "
                "DELETE /_mock/sessions/<id>, or start the mock with a higher --max-sessions",
                headers={"Retry-After": str(max(1, min(60, round(ttl))))},
            )
