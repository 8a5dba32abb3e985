"""Stores over a medium that keeps records as JSON text (SQLite, Redis).

Every read decodes a fresh copy, so no caller can change a stored record behind the store's
back. Every write happens in a transaction: a single insert, update or delete is one of its
own. A transaction takes the world's write lock, buffers its writes (reads inside it see
them) and hands them to the medium at the end, which applies them all at once or not at all.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from mockserver.engine.registry import Resource
from mockserver.engine.store.base import Blobs, Record

WORK_PREFIX = "~"
UNLOCKED = ""  # stores of work in flight live beside the resources, under this prefix


def key_text(ident: Any) -> str:
    """A key as the medium holds it: JSON, tuples as arrays (so 5 and "5" stay apart)."""
    value = list(ident) if isinstance(ident, tuple) else ident
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


value_text = key_text


def body_text(record: Record) -> str:
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def ident_of(resource: Resource, record: Record) -> Any:
    if isinstance(resource.key, tuple):
        return tuple(record.get(k) for k in resource.key)
    return record.get(resource.key)


def index_texts(resource: Resource, record: Record) -> dict[str, str]:
    return {name: value_text(record.get(name)) for name in resource.indexes}


@dataclass(slots=True)
class Write:
    """The final state of one record at commit: its body, or None once deleted."""

    resource: str
    key: str
    body: str | None
    # Index values of the record as the medium holds it (None when it holds none).
    before: dict[str, str] | None
    after: dict[str, str]


class Medium(Protocol):
    """What a backend provides for one world; keys and values are texts."""

    @property
    def blobs(self) -> Blobs: ...

    def one(self, resource: str, key: str) -> str | None: ...

    def many(self, resource: str) -> list[tuple[str, str]]:
        """(key, body) of every record, in insertion order."""

    def where(self, resource: str, field_name: str, value: str) -> list[tuple[str, str]]: ...

    def count(self, resource: str) -> int: ...

    def version(self) -> int: ...

    def peek(self, resource: str) -> int:
        """The id the next keyless insert will get."""

    # allocate() is atomic by itself: a keyless insert needs no lock (else it takes one).
    atomic_ids: bool

    def allocate(self, resource: str) -> int:
        """Hand out the next id, skipping keys taken (under the write lock, or atomic)."""

    def lock(self) -> str:
        """Take the world's write lock; returns the token that proves it."""

    def unlock(self, token: str) -> None:
        """Release the lock without writing; never raises (a lost lock expires by itself)."""

    def commit(self, writes: Sequence[Write], token: str) -> None:
        """Apply all writes at once, bump the version; releases the lock, even on failure.

        With the token UNLOCKED, the writes need no lock (see `atomic_ids`) and hold none.
        """


class Pending:
    """The writes of one open transaction, by (resource, key), in the order first made."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.writes: dict[tuple[str, str], Write] = {}

    def record(self, resource: str, key: str) -> tuple[bool, str | None]:
        write = self.writes.get((resource, key))
        return (False, None) if write is None else (True, write.body)


class TextStore:
    """The records of one resource (or of one kind of work in flight)."""

    def __init__(self, resource: Resource, stored_as: str, owner: TextStores) -> None:
        self.name = resource.name
        self.resource = resource
        self._as = stored_as
        self._owner = owner
        self._medium = owner.medium

    def _overlay(self) -> dict[str, str | None]:
        pending = self._owner.pending()
        if pending is None:
            return {}
        return {k: w.body for (r, k), w in pending.writes.items() if r == self._as}

    def _body(self, key: str) -> str | None:
        pending = self._owner.pending()
        if pending is not None:
            found, body = pending.record(self._as, key)
            if found:
                return body
        return self._medium.one(self._as, key)

    def get(self, ident: Any) -> Record | None:
        body = self._body(key_text(ident))
        return None if body is None else _decode(body)

    def _merge(self, rows: list[tuple[str, str]], keep: Any) -> list[Record]:
        overlay = self._overlay()
        if not overlay:
            return [_decode(body) for _, body in rows]
        out = []
        for key, body in rows:
            current = overlay.pop(key, body)
            if current is not None:
                out.append(_decode(current))
        out += [r for r in (_decode(b) for b in overlay.values() if b is not None) if keep(r)]
        return out

    def all(self) -> list[Record]:
        return self._merge(self._medium.many(self._as), lambda record: True)

    def where(self, field_name: str, value: Any) -> list[Record]:
        if field_name not in self.resource.indexes:
            raise KeyError(f"{self.name} has no index on {field_name!r}")
        rows = self._medium.where(self._as, field_name, value_text(value))
        text = value_text(value)
        return self._merge(rows, lambda record: value_text(record.get(field_name)) == text)

    def __len__(self) -> int:
        count = self._medium.count(self._as)
        for key, body in self._overlay().items():
            held = self._medium.one(self._as, key) is not None
            count += (body is not None) - held
        return count

    def insert(self, record: Record) -> Record:
        key = self.resource.key
        key_field = key if isinstance(key, str) and record.get(key) is None else None
        keyless = key_field is not None
        if key_field is not None and self._medium.atomic_ids and self._owner.pending() is None:
            # A new id that no other writer can hold: nothing to isolate, so no lock.
            record[key_field] = ident = self._medium.allocate(self._as)
            write = Write(self._as, key_text(ident), body_text(record), None, {})
            write.after = index_texts(self.resource, record)
            self._medium.commit([write], UNLOCKED)
            return record
        with self._owner.transaction():
            if key_field is not None:
                record[key_field] = self._medium.allocate(self._as)
            self._put(key_text(ident_of(self.resource, record)), record, new=keyless)
        return record

    def update(self, ident: Any, changes: Record) -> Record:
        with self._owner.transaction():
            current = self.get(ident)
            if current is None:
                raise KeyError(ident)
            merged = {**current, **changes}
            self._put(key_text(ident), merged)
        return merged

    def delete(self, ident: Any) -> Record | None:
        with self._owner.transaction():
            current = self.get(ident)
            if current is not None:
                self._put(key_text(ident), None)
        return current

    def next_id(self) -> int:
        return self._medium.peek(self._as)

    def _put(self, key: str, record: Record | None, *, new: bool = False) -> None:
        pending = self._owner.pending()
        assert pending is not None, "writes happen inside a transaction"
        write = pending.writes.get((self._as, key))
        if write is None:
            held = None if new else self._medium.one(self._as, key)
            before = None if held is None else index_texts(self.resource, _decode(held))
            write = Write(self._as, key, None, before, {})
            pending.writes[(self._as, key)] = write
        write.body = None if record is None else body_text(record)
        write.after = {} if record is None else index_texts(self.resource, record)


class TextStores:
    """The stores of one world over a medium; transactions are per thread and reentrant."""

    def __init__(self, medium: Medium, resources: Sequence[Resource]) -> None:
        self.medium = medium
        self._stores = {r.name: TextStore(r, r.name, self) for r in resources}
        self._work: dict[str, TextStore] = {}
        self._local = threading.local()
        # Threads of this process queue here, not at the medium's lock.
        self._queue = threading.Lock()

    def __getitem__(self, name: str) -> TextStore:
        return self._stores[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stores)

    @property
    def version(self) -> int:
        return self.medium.version()

    @property
    def blobs(self) -> Blobs:
        return self.medium.blobs

    def work(self, name: str) -> TextStore:
        if name not in self._work:
            resource = Resource(name, None, sequenced=False)
            self._work[name] = TextStore(resource, WORK_PREFIX + name, self)
        return self._work[name]

    def pending(self) -> Pending | None:
        found: Pending | None = getattr(self._local, "pending", None)
        return found

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.pending() is not None:
            yield  # nested: the outermost transaction commits
            return
        with self._queue:
            token = self.medium.lock()
            self._local.pending = pending = Pending(token)
            try:
                yield
            except BaseException:
                self._local.pending = None
                self.medium.unlock(token)
                raise
            self._local.pending = None
            # A record both made and removed inside the transaction leaves nothing to write.
            writes = [
                w for w in pending.writes.values() if not (w.body is None and w.before is None)
            ]
            self.medium.commit(writes, token)


def _decode(body: str | bytes) -> Record:
    record: Record = json.loads(body)
    return record
