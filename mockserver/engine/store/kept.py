"""What a session keeps besides its worlds, kept by a durable or shared backend.

The clock's settings and the fault rules live in the namespace `<session>/~session` (and, with
a shared backend, the journal too), so a restart resumes them and every replica sees the same.
Each is the engine's own class with its state read from the store before use and written back
after a change. A backend that cannot be reached leaves the last state read in force: the
request goes on and meets the 503 where it needs its world's records.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from mockserver.engine.clock import Clock, parse_instant
from mockserver.engine.errors import Unavailable
from mockserver.engine.faults import Faults, Outcome, Rule, Target
from mockserver.engine.journal import Entry, Filters, Journal, settled
from mockserver.engine.store.base import Backend, Record, Store, StoreSet

log = logging.getLogger("circuithub_mock")
CLOCK = "clock"
# A shared journal drops the entries past its limit this many at a time.
TRIM_EVERY = 50
REGISTRY = "~mock"


def session_namespace(ident: str) -> str:
    return f"{ident}/~session"


class StoredClock(Clock):
    """A session clock whose frozen instant or offset is a record."""

    def __init__(self, frozen_at: str | None, stores: StoreSet, *, fresh: bool) -> None:
        self._table = stores.work("clock")
        self._tx = stores.transaction
        self._ready = False
        super().__init__(frozen_at)  # calls reset(), which saves only once ready
        self._ready = True
        if fresh or self._table.get(CLOCK) is None:
            self._save()

    def _load(self) -> None:
        try:
            found = self._table.get(CLOCK)
        except Unavailable:
            return  # the last settings read stay in force
        if found is not None:
            frozen = parse_instant(found["frozen"]) if found["frozen"] else None
            with self._lock:
                self._frozen, self._offset = frozen, timedelta(seconds=found["offset"])

    def _save(self) -> None:
        with self._lock:
            frozen, offset = self._frozen, self._offset
        shown = frozen.isoformat() if frozen else None
        self._table.insert({"id": CLOCK, "frozen": shown, "offset": offset.total_seconds()})

    @property
    def frozen(self) -> bool:
        self._load()
        return self._frozen is not None

    def now(self) -> datetime:
        self._load()
        return super().now()

    def advance(self, seconds: float) -> None:
        with self._tx():
            self._load()
            super().advance(seconds)
            self._save()

    def set(self, instant: str | datetime, *, frozen: bool = True) -> None:
        with self._tx():
            self._load()
            super().set(instant, frozen=frozen)
            self._save()

    def reset(self) -> None:
        super().reset()
        if self._ready:
            self._save()


class StoredFaults(Faults):
    """Fault rules as records: their hits and random sources go on where the last left off."""

    def __init__(self, seed: int, stores: StoreSet, *, fresh: bool) -> None:
        super().__init__(seed)
        self._table = stores.work("faults")
        self._counters = stores.work("counters")
        self._tx = stores.transaction
        if fresh:
            with self._tx():
                for record in self._table.all():
                    self._table.delete(record["id"])
                self._counters.delete("faults")

    def __bool__(self) -> bool:
        try:
            return len(self._table) > 0
        except Unavailable:
            return False

    @contextmanager
    def _synced(self) -> Iterator[None]:
        """The rules as stored, changed under the lock, then stored again."""
        with self._tx():
            self._load()
            yield
            self._save()

    def _load(self) -> None:
        records = sorted(self._table.all(), key=lambda r: int(r["id"]))
        counter = self._counters.get("faults")
        self._rules = {}
        for record in records:
            self._next = record["id"]
            rule = super().add(record["rule"])
            rule.hits = record["hits"]
            version, state, gauss = record["rng"]
            rule.rng.setstate((version, tuple(state), gauss))
        self._next = counter["next"] if counter else 1

    def _save(self) -> None:
        kept = {r.id: r for r in self._rules.values()}
        for record in self._table.all():
            if record["id"] not in kept:
                self._table.delete(record["id"])
        for rule in kept.values():
            self._table.insert(_rule_record(rule))
        self._counters.insert({"id": "faults", "next": self._next})

    def add(self, raw: dict[str, Any]) -> Rule:
        with self._synced():
            return super().add(raw)

    def rules(self) -> list[Rule]:
        with self._synced():
            return super().rules()

    def remove(self, ident: int) -> bool:
        with self._synced():
            return super().remove(ident)

    def clear(self) -> int:
        with self._synced():
            return super().clear()

    def pick(self, target: Target) -> Outcome | None:
        if not self:
            return None
        try:
            with self._synced():
                return super().pick(target)
        except Unavailable:
            return None  # the request meets the outage where it needs its world


def _rule_record(rule: Rule) -> Record:
    shown = {k: v for k, v in rule.to_json().items() if k not in ("id", "hits")}
    version, state, gauss = rule.rng.getstate()
    return {"id": rule.id, "rule": shown, "hits": rule.hits, "rng": [version, state, gauss]}


class StoredJournal(Journal):
    """The journal as records with sequenced ids, trimmed to `limit` as entries come."""

    def __init__(self, limit: int, body_limit: int, stores: StoreSet, *, fresh: bool) -> None:
        super().__init__(limit, body_limit)
        self._table: Store = stores.work("journal")
        self._tx = stores.transaction
        if fresh:
            self.clear()

    def add(self, at: datetime, entry: Entry) -> Entry:
        try:
            row = {"id": None, "at": at.isoformat(), "entry": settled(entry)}
            record = self._table.insert(row)
            entry["id"] = ident = record["id"]
            if ident % TRIM_EVERY == 0:  # entries beyond the limit go in batches
                with self._tx():
                    for old in range(ident - self.limit - TRIM_EVERY, ident - self.limit + 1):
                        self._table.delete(old)
        except Unavailable:
            log.warning("journal entry lost: the state store is unreachable")
        return entry

    def _stored(self) -> list[tuple[datetime, Entry]]:
        records = sorted(self._table.all(), key=lambda r: int(r["id"]))[-self.limit :]
        return [(parse_instant(r["at"]), {**r["entry"], "id": r["id"]}) for r in records]

    def entries(self) -> list[Entry]:
        return [entry for _, entry in self._stored()]

    def find(self, filters: Filters) -> list[Entry]:
        found = [entry for at, entry in self._stored() if filters.keep(entry, at)]
        if filters.limit is not None:
            found = found[-filters.limit :] if filters.limit else []
        return found

    def clear(self) -> int:
        with self._tx():
            records = self._table.all()
            for record in records:
                self._table.delete(record["id"])
        return len(records)

    def __len__(self) -> int:
        return min(len(self._table), self.limit)


def session_parts(
    backend: Backend,
    ident: str,
    clock: str | None,
    seed: int,
    journal: tuple[int, int],
    *,
    fresh: bool,
) -> tuple[Clock, Faults, Journal]:
    """A session's clock, fault rules and journal: kept by the backend when it keeps state."""
    limit, body_limit = journal
    if not backend.durable:
        return Clock(clock), Faults(seed), Journal(limit, body_limit)
    stores = backend.open(session_namespace(ident), (), {}, fresh=fresh)
    kept_journal = (
        StoredJournal(limit, body_limit, stores, fresh=fresh)
        if backend.shared
        else Journal(limit, body_limit)
    )
    return (
        StoredClock(clock, stores, fresh=fresh),
        StoredFaults(seed, stores, fresh=fresh),
        kept_journal,
    )


class Registry:
    """Sessions besides the default one, with what they were made from, by id."""

    def __init__(self, backend: Backend) -> None:
        self._table = backend.open(REGISTRY, (), {}, fresh=False).work("sessions")

    def get(self, ident: str) -> Record | None:
        return self._table.get(ident)

    def add(self, ident: str, seed: int | None, datasets: dict[str, Any] | None) -> None:
        """Keep how a session was made: `reset` on any replica returns to these datasets."""
        plain = {api: _listed(data) for api, data in datasets.items()} if datasets else None
        record = {"id": ident, "seed": seed, "datasets": plain, "usedAt": time.time()}
        self._table.insert(record)

    def touch(self, ident: str) -> None:
        """The session was used now (idle sessions expire on every replica only then)."""
        with contextlib.suppress(KeyError):
            self._table.update(ident, {"usedAt": time.time()})

    def remove(self, ident: str) -> None:
        self._table.delete(ident)


def _listed(dataset: dict[str, Any]) -> dict[str, Any]:
    """A dataset whose lazy arrays (re-iterables the generator makes) are lists."""
    return {k: v if isinstance(v, dict | list) else list(v) for k, v in dataset.items()}
