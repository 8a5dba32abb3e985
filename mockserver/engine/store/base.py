"""The one narrow interface every state backend implements, and the set a world holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

Record = dict[str, Any]
# Opens a transaction: `with tx(): ...` makes multi-record writes one.
Transaction = Callable[[], AbstractContextManager[Any]]


class Store(Protocol):
    """Records of one resource, keyed by one field (or a tuple of fields)."""

    name: str

    def get(self, ident: Any) -> Record | None:
        """The record with this key, or None."""

    def all(self) -> list[Record]:
        """Every record, in insertion order."""

    def where(self, field_name: str, value: Any) -> list[Record]:
        """Records whose indexed field equals `value`."""

    def __len__(self) -> int: ...

    def insert(self, record: Record) -> Record:
        """Store a record, giving it the next id of the sequence when its key is None."""

    def update(self, ident: Any, changes: Record) -> Record:
        """Merge `changes` into a stored record and return the result."""

    def delete(self, ident: Any) -> Record | None:
        """Remove a record; returns it, or None when there was none."""

    def next_id(self) -> int:
        """The id the next keyless insert will get."""


class StoreSet(Protocol):
    """All stores of one world, a version for caches, and a transaction for multi-record writes."""

    def __getitem__(self, name: str) -> Store: ...

    def __iter__(self) -> Iterator[str]: ...

    @property
    def version(self) -> int:
        """Bumped atomically by every write to any store of the set."""

    def transaction(self) -> AbstractContextManager[Any]:
        """Writes made inside happen as one: no reader or writer sees them half done."""
