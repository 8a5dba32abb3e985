"""Shared state for many replicas: every world's records, sequences and bytes in Redis.

Keys of one world, under `cm:<namespace>` (the prefix `cm` by default; the namespace
percent-encoded):
    :m            hash: version (read caches key on it), ord, ready, draws
    :s            hash: resource -> the id its next keyless insert gets
    :r:<res>      hash: key -> record (JSON)
    :o:<res>      sorted set: keys in insertion order
    :i:<res>:<field>:<value>   sorted set: keys whose indexed field has that value
    :b:<object key>            string: uploaded bytes
    :lock         string: the write lock's token, with a time to live
Reads are single Lua scripts, so each sees one consistent state. Writes take the world's lock,
and a transaction's writes are applied by one Lua script: no reader sees them half done, and a
replica killed mid-transaction leaves nothing behind. Redis errors become 503 Unavailable.
"""

from __future__ import annotations

import contextlib
import functools
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar
from urllib.parse import quote

from redis import Redis
from redis import exceptions as rx
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from mockserver.engine.errors import Unavailable
from mockserver.engine.registry import Resource
from mockserver.engine.store import lua
from mockserver.engine.store.text import (
    UNLOCKED,
    TextStores,
    Write,
    body_text,
    ident_of,
    index_texts,
    key_text,
)

LOCK_TTL_MS = 5000
LOCK_WAIT_S = 7.0
LOAD_CHUNK = 2000
P = ParamSpec("P")
T = TypeVar("T")
# Answers that mean "Redis cannot serve right now", not "this command is wrong".
TRANSIENT = ("LOADING", "MISCONF", "MASTERDOWN", "READONLY", "NOREPLICAS", "TRYAGAIN")


def connect(url: str) -> Redis:
    """A client that reconnects by itself: a dropped connection is retried, then reported."""
    return Redis.from_url(
        url,
        socket_timeout=5,
        socket_connect_timeout=2,
        health_check_interval=10,
        retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), 3),
        retry_on_error=[rx.ConnectionError, rx.TimeoutError],
    )


def unavailable(error: rx.RedisError, where: str) -> Unavailable | None:
    if isinstance(error, rx.ConnectionError | rx.TimeoutError):
        reason = "unreachable"
    elif isinstance(error, rx.ResponseError) and str(error).startswith(TRANSIENT):
        reason = f"not serving ({str(error).split()[0]})"
    else:
        return None
    return Unavailable(
        f"The state store (Redis at {where}) is {reason}; retry shortly",
        headers={"Retry-After": "1"},
    )


def guarded(method: Callable[P, T]) -> Callable[P, T]:
    """Redis trouble becomes a 503 in the API's error shape, never a 500."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except rx.RedisError as error:
            owner: Any = args[0]
            problem = unavailable(error, owner.address)
            if problem is None:
                raise
            raise problem from error

    return call


def text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def guarded_call(function: Callable[[str], T]) -> Callable[[str], T]:
    """`guarded` for a function of a Redis URL."""

    @functools.wraps(function)
    def call(url: str) -> T:
        try:
            return function(url)
        except rx.RedisError as error:
            problem = unavailable(error, url)
            if problem is None:
                raise
            raise problem from error

    return call


class RedisBlobs:
    def __init__(self, client: Redis, prefix: str, address: str) -> None:
        self._client = client
        self._prefix = prefix
        self.address = address

    @guarded
    def put(self, key: str, data: bytes) -> None:
        self._client.set(f"{self._prefix}:b:{key}", data)

    @guarded
    def get(self, key: str) -> bytes | None:
        data = self._client.get(f"{self._prefix}:b:{key}")
        return data.encode() if isinstance(data, str) else data


class RedisMedium:
    """One world in Redis."""

    atomic_ids = True  # the allocate script runs atomically in Redis

    def __init__(
        self, client: Redis, prefix: str, namespace: str, resources: Sequence[Resource]
    ) -> None:
        self._client = client
        self._resources = {r.name: r for r in resources}
        self._p = p = f"{prefix}:{quote(namespace, safe='')}"
        self._meta, self._seqs, self._lock = f"{p}:m", f"{p}:s", f"{p}:lock"
        kwargs = client.connection_pool.connection_kwargs
        self.address = f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
        self.blobs = RedisBlobs(client, p, self.address)
        self._scripts = {name: client.register_script(text) for name, text in lua.SCRIPTS.items()}

    def _rec(self, resource: str) -> str:
        return f"{self._p}:r:{resource}"

    def _ord(self, resource: str) -> str:
        return f"{self._p}:o:{resource}"

    def _idx(self, resource: str, field_name: str, value: str) -> str:
        return f"{self._p}:i:{resource}:{field_name}:{value}"

    # Reads
    @guarded
    def one(self, resource: str, key: str) -> str | None:
        return text(self._client.hget(self._rec(resource), key))

    def _pairs(self, flat: list[bytes | None]) -> list[tuple[str, str]]:
        pairs = []
        for i in range(0, len(flat), 2):
            key, body = flat[i], flat[i + 1]
            if key is not None and body is not None:
                pairs.append((key.decode(), body.decode()))
        return pairs

    @guarded
    def many(self, resource: str) -> list[tuple[str, str]]:
        keys = [self._ord(resource), self._rec(resource)]
        return self._pairs(self._scripts["ordered"](keys=keys))

    @guarded
    def where(self, resource: str, field_name: str, value: str) -> list[tuple[str, str]]:
        keys = [self._idx(resource, field_name, value), self._rec(resource)]
        return self._pairs(self._scripts["ordered"](keys=keys))

    @guarded
    def count(self, resource: str) -> int:
        return int(self._client.hlen(self._rec(resource)))

    @guarded
    def version(self) -> int:
        return int(self._client.hget(self._meta, "version") or 0)

    @guarded
    def peek(self, resource: str) -> int:
        return int(self._client.hget(self._seqs, resource) or 1)

    # Writes
    @guarded
    def allocate(self, resource: str) -> int:
        keys = [self._seqs, self._rec(resource)]
        return int(self._scripts["allocate"](keys=keys, args=[resource]))

    @guarded
    def lock(self) -> str:
        token = secrets.token_hex(8)
        deadline = time.monotonic() + LOCK_WAIT_S
        pause = 0.0002
        while not self._client.set(self._lock, token, nx=True, px=LOCK_TTL_MS):
            if time.monotonic() > deadline:
                raise Unavailable(
                    "The state store is locked by another replica's write for too long; retry",
                    headers={"Retry-After": "1"},
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.002)
        return token

    def unlock(self, token: str) -> None:
        # Should Redis be gone, the lock expires by itself.
        with contextlib.suppress(rx.RedisError):
            self._scripts["unlock"](keys=[self._lock], args=[token])

    @guarded
    def commit(self, writes: Sequence[Write], token: str) -> None:
        if not writes:
            self.unlock(token)
            return
        args: list[Any] = [token, len(writes)]
        for w in writes:
            before, after = w.before or {}, w.after
            gone = [self._idx(w.resource, f, v) for f, v in before.items() if after.get(f) != v]
            new = [self._idx(w.resource, f, v) for f, v in after.items() if before.get(f) != v]
            args += [self._rec(w.resource), self._ord(w.resource), w.key]
            args += ["" if w.body is None else w.body, len(gone), len(new), *gone, *new]
        try:
            applied = self._scripts["commit"](keys=[self._lock, self._meta], args=args)
        except rx.RedisError:
            if token != UNLOCKED:
                self.unlock(token)
            raise
        if not applied:
            raise Unavailable(
                "A write outlived its lock on the state store and was not applied; retry",
                headers={"Retry-After": "1"},
            )

    # Whole worlds
    @contextmanager
    def _locked(self) -> Iterator[str]:
        token = self.lock()
        try:
            yield token
        finally:
            self.unlock(token)

    @guarded
    def attach(self, dataset: Mapping[str, Any], *, fresh: bool) -> None:
        """Use the world Redis holds, or load the dataset when told or when it holds none."""
        if not fresh and self._client.hget(self._meta, "ready"):
            return
        with self._locked() as token:
            if fresh or not self._client.hget(self._meta, "ready"):
                self._load(dataset, token)

    def _load(self, dataset: Mapping[str, Any], token: str) -> None:
        client = self._client
        keep = {self._meta.encode(), self._lock.encode()}
        stale = [k for k in client.scan_iter(match=f"{self._p}:*", count=1000) if k not in keep]
        for i in range(0, len(stale), LOAD_CHUNK):
            client.delete(*stale[i : i + LOAD_CHUNK])
        client.hdel(self._meta, "ready", "ord")
        sequences = dataset.get("sequences", {})
        order = 0
        for name, resource in self._resources.items():
            records = list(dataset.get(name, []))
            numeric = [r.get(resource.key) for r in records if isinstance(resource.key, str)]
            start = max((n for n in numeric if type(n) is int), default=0) + 1
            client.hset(self._seqs, name, int(sequences.get(name, start)))
            for i in range(0, len(records), LOAD_CHUNK):
                pipe = client.pipeline(transaction=False)
                for record in records[i : i + LOAD_CHUNK]:
                    order += 1
                    key = key_text(ident_of(resource, record))
                    pipe.hset(self._rec(name), key, body_text(record))
                    pipe.zadd(self._ord(name), {key: order})
                    for f, v in index_texts(resource, record).items():
                        pipe.zadd(self._idx(name, f, v), {key: order})
                pipe.pexpire(self._lock, LOCK_TTL_MS)  # a long load keeps its lock
                pipe.execute()
        client.hset(self._meta, mapping={"ord": order, "ready": 1})
        client.hincrby(self._meta, "version", 1)

    @guarded
    def discard(self) -> None:
        with self._locked():
            stale = [k for k in self._client.scan_iter(match=f"{self._p}:*", count=1000)]
            keep = self._lock.encode()
            for i in range(0, len(stale), LOAD_CHUNK):
                self._client.delete(*[k for k in stale[i : i + LOAD_CHUNK] if k != keep])

    @guarded
    def draw(self) -> int:
        return int(self._client.hincrby(self._meta, "draws", 1)) - 1


class RedisBackend:
    """`serve --redis-url redis://HOST:PORT/DB`: state shared by every replica."""

    durable = True
    shared = True

    def __init__(self, url: str, prefix: str = "cm") -> None:
        self.url = url
        # Keys start with it: mocks with different prefixes share a Redis without meeting.
        self.prefix = prefix
        self.client = connect(url)

    def open(
        self,
        namespace: str,
        resources: Sequence[Resource],
        dataset: Mapping[str, Any],
        *,
        fresh: bool,
    ) -> TextStores:
        medium = RedisMedium(self.client, self.prefix, namespace, resources)
        medium.attach(dataset, fresh=fresh)
        return TextStores(medium, resources)

    def discard(self, namespace: str) -> None:
        RedisMedium(self.client, self.prefix, namespace, ()).discard()

    def seed_for(self, namespace: str, seed: int) -> int | str:
        count = RedisMedium(self.client, self.prefix, namespace, ()).draw()
        return seed if count == 0 else f"{seed}:{count}"

    def close(self) -> None:
        self.client.close()


@guarded_call
def kept_secret(url: str) -> str:
    client = connect(url)
    try:
        client.set("cm:secret", secrets.token_hex(32), nx=True)
        found = text(client.get("cm:secret"))
        assert found is not None, "set just above, if it was not there"
        return found
    finally:
        client.close()
