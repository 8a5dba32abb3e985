"""The one narrow interface every state backend implements, and the set a world holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from mockserver.engine.registry import Resource

Record = dict[str, Any]
# Opens a transaction: `with tx(): ...` makes multi-record writes one.
Transaction = Callable[[], AbstractContextManager[Any]]


class Store(Protocol):
    """Records of one resource, keyed by one field (or a tuple of fields).

    Records are plain dicts. Change them with `update`, never in place: a backend other than
    memory hands out copies, so an in-place change would be lost.
    """

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


class Blobs(Protocol):
    """Uploaded bytes by object key, kept wherever the world's records are."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes | None: ...


class StoreSet(Protocol):
    """All stores of one world, a version for caches, and a transaction for multi-record writes."""

    def __getitem__(self, name: str) -> Store: ...

    def __iter__(self) -> Iterator[str]: ...

    @property
    def version(self) -> int:
        """Bumped atomically by every write to any store of the set, and never goes back."""

    @property
    def blobs(self) -> Blobs:
        """Uploaded bytes of this world."""

    def work(self, name: str) -> Store:
        """Records of work in flight (an import, say), keyed by "id" and never sequenced.

        Kept like the other records, so another replica or a restart sees them, but part of
        no dataset and no snapshot.
        """

    def transaction(self) -> AbstractContextManager[Any]:
        """Writes made inside happen as one: no reader or writer sees them half done."""


class Backend(Protocol):
    """Where worlds keep their state: memory, a data directory, or a shared server."""

    # State outlives the process; other processes see it too.
    durable: bool
    shared: bool

    def open(
        self,
        namespace: str,
        resources: Sequence[Resource],
        dataset: Mapping[str, Any],
        *,
        fresh: bool,
    ) -> StoreSet:
        """The stores of one world; `dataset` is loaded when `fresh` or nothing is kept yet."""

    def seed_for(self, namespace: str, seed: int) -> int | str:
        """The seed of a world's random source: `seed`, salted for every later start.

        Replicas and restarts then draw different random ids (upload prefixes, UUIDs) from
        the same configured seed, so none collides with one already handed out.
        """

    def discard(self, namespace: str) -> None:
        """Forget everything kept of one world (its session was deleted)."""

    def close(self) -> None: ...
