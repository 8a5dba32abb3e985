"""The in-memory backend: thread-safe tables with id sequences and secondary indexes."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from mockserver.engine.registry import Resource
from mockserver.engine.store.base import Record


class Version:
    """A counter bumped by every write; reads of it are atomic, and so are bumps."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def bump(self) -> None:
        with self._lock:
            self.value += 1


class MemoryStore:
    """Records of one resource; indexes cover fields that never change."""

    def __init__(
        self, resource: Resource, records: Iterable[Record], next_id: int | None, version: Version
    ) -> None:
        self.name = resource.name
        self.key = resource.key
        self._version = version
        self.lock = threading.RLock()
        self._rows: dict[Any, Record] = {}
        self._indexes: dict[str, dict[Any, dict[Any, Record]]] = {f: {} for f in resource.indexes}
        for record in records:
            self._add(record)
        numeric = [k for k in self._rows if isinstance(k, int)]
        self._next = next_id if next_id is not None else max(numeric, default=0) + 1

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
        with self.lock:
            record = self._rows[ident]
            record.update(changes)
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

    def __init__(self, resources: Iterable[Resource], dataset: dict[str, Any]) -> None:
        self._version = Version()
        self._lock = threading.RLock()
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

    def transaction(self) -> threading.RLock:
        return self._lock
