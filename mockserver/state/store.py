"""A thread-safe table of records with id sequences and secondary indexes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

Record = dict[str, Any]


class Store:
    """Records of one resource, keyed by `key`; indexes cover fields that never change."""

    def __init__(
        self,
        name: str,
        records: Iterable[Record],
        next_id: int | None = None,
        *,
        key: str = "id",
        indexes: tuple[str, ...] = (),
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.name = name
        # Called after every write, so read caches keyed on the world's version stay true.
        self.on_change = on_change
        self.key = key
        self.lock = threading.RLock()
        self._rows: dict[Any, Record] = {}
        self._indexes: dict[str, dict[Any, dict[Any, Record]]] = {f: {} for f in indexes}
        for record in records:
            self._add(record)
        numeric = [k for k in self._rows if isinstance(k, int)]
        self._next = next_id if next_id is not None else max(numeric, default=0) + 1

    def _add(self, record: Record) -> None:
        ident = record[self.key]
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
        """Store a record, giving it the next free id when it has none."""
        with self.lock:
            if record.get(self.key) is None:
                while self._next in self._rows:
                    self._next += 1
                record[self.key] = self._next
                self._next += 1
            self._add(record)
        self.on_change()
        return record

    def update(self, ident: Any, changes: Record) -> Record:
        with self.lock:
            record = self._rows[ident]
            record.update(changes)
        self.on_change()
        return record

    def next_id(self) -> int:
        return self._next
