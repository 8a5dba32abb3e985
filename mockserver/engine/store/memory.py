"""The in-memory backend: thread-safe tables with id sequences and secondary indexes."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mockserver.engine.registry import Resource
from mockserver.engine.store.base import Blobs, Record
from mockserver.engine.store.blobs import SpooledBlobs


class Version:
    """A counter bumped by every write; reads of it are atomic, and so are bumps."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def bump(self) -> None:
        with self._lock:
            self.value += 1


class MemoryStore:
    """Records of one resource, treated as immutable: writes replace them (copy on write)."""

    def __init__(
        self, resource: Resource, records: Iterable[Record], next_id: int | None, version: Version
    ) -> None:
        self.name = resource.name
        self.key = resource.key
        self._version = version
        self.lock = threading.RLock()
        # Built in bulk (comprehensions, not `_add` per record): a million records load in a
        # fraction of the time; a later duplicate key replaces an earlier record, as `_add` does.
        key = self.key
        if isinstance(key, tuple):
            self._rows: dict[Any, Record] = {tuple(r[k] for k in key): r for r in records}
        else:
            self._rows = {r[key]: r for r in records}
        self._indexes: dict[str, dict[Any, dict[Any, Record]]] = {}
        for field_name in resource.indexes:
            self._indexes[field_name] = self._index_of(field_name)
        if next_id is None:
            next_id = max((k for k in self._rows if isinstance(k, int)), default=0) + 1
        self._next = next_id

    def _index_of(self, field_name: str) -> dict[Any, dict[Any, Record]]:
        """Records by one field's value, in key order."""
        index: dict[Any, dict[Any, Record]] = {}
        for ident, record in self._rows.items():
            index.setdefault(record.get(field_name), {})[ident] = record
        return index

    def _ident(self, record: Record) -> Any:
        if isinstance(self.key, tuple):
            return tuple(record[k] for k in self.key)
        return record[self.key]

    def _add(self, record: Record) -> None:
        ident = self._ident(record)
        self._rows[ident] = record
        for field_name, index in self._indexes.items():
            index.setdefault(record.get(field_name), {})[ident] = record

    def get(self, ident: Any) -> Record | None:
        return self._rows.get(ident)

    def __len__(self) -> int:
        return len(self._rows)

    def all(self) -> list[Record]:
        with self.lock:
            return list(self._rows.values())

    def where(self, field_name: str, value: Any) -> list[Record]:
        with self.lock:
            return list(self._indexes[field_name].get(value, {}).values())

    def insert(self, record: Record) -> Record:
        with self.lock:
            if isinstance(self.key, str) and record.get(self.key) is None:
                while self._next in self._rows:
                    self._next += 1
                record[self.key] = self._next
                self._next += 1
            self._add(record)
            self._version.bump()
        return record

    def update(self, ident: Any, changes: Record) -> Record:
        """Copy on write: a stored record is never changed in place, so the records a world
        starts from can be shared with its dataset (no copy at start or reset)."""
        with self.lock:
            old = self._rows[ident]
            record = {**old, **changes}
            self._rows[ident] = record
            for field_name, index in self._indexes.items():
                before, after = old.get(field_name), record.get(field_name)
                if before != after:
                    index.get(before, {}).pop(ident, None)
                index.setdefault(after, {})[ident] = record
            self._version.bump()
        return record

    def delete(self, ident: Any) -> Record | None:
        with self.lock:
            record = self._rows.pop(ident, None)
            if record is not None:
                for field_name, index in self._indexes.items():
                    index.get(record.get(field_name), {}).pop(ident, None)
                self._version.bump()
        return record

    def next_id(self) -> int:
        return self._next


class MemoryStores:
    """The stores of one world, built from a dataset; the default backend."""

    def __init__(
        self, resources: Iterable[Resource], dataset: Mapping[str, Any], blobs: Blobs | None = None
    ) -> None:
        self._version = Version()
        self._lock = threading.RLock()
        self._blobs = blobs if blobs is not None else SpooledBlobs(None)
        self._work: dict[str, MemoryStore] = {}
        sequences = dataset.get("sequences", {})
        self._stores = {
            r.name: MemoryStore(r, dataset.get(r.name, []), sequences.get(r.name), self._version)
            for r in resources
        }

    def __getitem__(self, name: str) -> MemoryStore:
        return self._stores[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stores)

    @property
    def version(self) -> int:
        return self._version.value

    @property
    def blobs(self) -> Blobs:
        return self._blobs

    def work(self, name: str) -> MemoryStore:
        with self._lock:
            if name not in self._work:
                resource = Resource(name, None, sequenced=False)
                self._work[name] = MemoryStore(resource, (), None, self._version)
            return self._work[name]

    def transaction(self) -> threading.RLock:
        return self._lock


class MemoryBackend:
    """State in the process, gone at exit; uploaded bytes optionally under a directory."""

    durable = False
    shared = False

    def __init__(self, blob_dir: Path | None = None) -> None:
        self.blob_dir = blob_dir

    def open(
        self,
        namespace: str,
        resources: Sequence[Resource],
        dataset: Mapping[str, Any],
        *,
        fresh: bool,
    ) -> MemoryStores:
        # Records are copied on write, so the stores can start from the dataset's own records;
        # the dataset itself is never changed and stays what reset() returns to.
        blobs = SpooledBlobs(self.blob_dir)
        return MemoryStores(resources, dataset, blobs)

    def seed_for(self, namespace: str, seed: int) -> int | str:
        return seed

    def discard(self, namespace: str) -> None:
        """Nothing is kept apart from the worlds themselves."""

    def close(self) -> None:
        """Nothing to release."""
