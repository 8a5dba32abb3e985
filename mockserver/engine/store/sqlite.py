"""Durable state for one process: records in memory, every write committed to SQLite first.

SQLite runs in WAL mode with synchronous=NORMAL: a commit is in the write-ahead log before
the write is acknowledged, so it survives kill -9 of the server; only a power cut or an OS
crash may lose the last commits, never half of one (synchronous=FULL would also cover that,
at ~40x the cost per write: see README). Reads are served from memory, decoded afresh.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from mockserver.engine.registry import Resource
from mockserver.engine.store.base import Record
from mockserver.engine.store.text import (
    TextStores,
    Write,
    body_text,
    ident_of,
    index_texts,
    key_text,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    ns TEXT, res TEXT, key TEXT, ord INTEGER, body TEXT, PRIMARY KEY (ns, res, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (ns TEXT, name TEXT, value INTEGER, PRIMARY KEY (ns, name));
CREATE TABLE IF NOT EXISTS blobs (ns TEXT, key TEXT, data BLOB, PRIMARY KEY (ns, key));
"""
TABLES = ("records", "meta", "blobs")
UPSERT = (
    "INSERT INTO records VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (ns, res, key) DO UPDATE SET body = excluded.body"
)
SET_META = "INSERT OR REPLACE INTO meta VALUES (?, ?, ?)"


class DataDirBusy(RuntimeError):
    """Another process serves the same world from this directory."""


class Database:
    """One SQLite connection, used by one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.lock = threading.RLock()
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=10000")
            self.conn.executescript(SCHEMA)

    def run(self, statements: Iterable[tuple[str, Sequence[Any]]]) -> None:
        """Statements as one transaction: all committed, or none."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, args in statements:
                    self.conn.execute(sql, args)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def query(self, sql: str, args: Sequence[Any]) -> list[Any]:
        with self.lock:
            return self.conn.execute(sql, args).fetchall()


class SqliteBlobs:
    def __init__(self, db: Database, namespace: str) -> None:
        self._db = db
        self._ns = namespace

    def put(self, key: str, data: bytes) -> None:
        self._db.run([("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)", (self._ns, key, data))])

    def get(self, key: str) -> bytes | None:
        rows = self._db.query("SELECT data FROM blobs WHERE ns = ? AND key = ?", (self._ns, key))
        return bytes(rows[0][0]) if rows else None


class SqliteMedium:
    """One world's records, held in memory in insertion order and mirrored in SQLite."""

    atomic_ids = False  # ids come from the in-memory sequence, under the write lock

    def __init__(self, db: Database, namespace: str, resources: Sequence[Resource]) -> None:
        self._db = db
        self._ns = namespace
        self._resources = {r.name: r for r in resources}
        self.blobs = SqliteBlobs(db, namespace)
        self._write_lock = threading.Lock()
        self._view = threading.Lock()  # guards the maps below against a commit mid-read
        self._rows: dict[str, dict[str, str]] = {}
        self._index: dict[str, dict[str, dict[str, dict[str, None]]]] = {}
        self._seq: dict[str, int] = {}
        self._moved: set[str] = set()  # sequences changed since the last commit
        self._ord = 0
        self._version = 0

    # Reads
    def one(self, resource: str, key: str) -> str | None:
        return self._rows.get(resource, {}).get(key)

    def many(self, resource: str) -> list[tuple[str, str]]:
        with self._view:
            return list(self._rows.get(resource, {}).items())

    def where(self, resource: str, field_name: str, value: str) -> list[tuple[str, str]]:
        with self._view:
            rows = self._rows.get(resource, {})
            keys = self._index.get(resource, {}).get(field_name, {}).get(value, {})
            return [(k, rows[k]) for k in keys]

    def count(self, resource: str) -> int:
        return len(self._rows.get(resource, {}))

    def version(self) -> int:
        return self._version

    def peek(self, resource: str) -> int:
        if resource not in self._seq:
            numeric = [k for k in self._rows.get(resource, {}) if k.isdigit()]
            self._seq[resource] = max((int(k) for k in numeric), default=0) + 1
        return self._seq[resource]

    # Writes
    def allocate(self, resource: str) -> int:
        ident = self.peek(resource)
        rows = self._rows.get(resource, {})
        while key_text(ident) in rows:
            ident += 1
        self._seq[resource] = ident + 1
        self._moved.add(resource)
        return ident

    def lock(self) -> str:
        self._write_lock.acquire()
        return "held"

    def unlock(self, token: str) -> None:
        self._write_lock.release()

    def commit(self, writes: Sequence[Write], token: str) -> None:
        try:
            if not writes:
                return
            ords = {(w.resource, w.key): self._next_ord() for w in writes if w.before is None}
            statements: list[tuple[str, Sequence[Any]]] = []
            for w in writes:
                if w.body is None:
                    sql, _args = "DELETE FROM records WHERE ns = ? AND res = ? AND key = ?", ()
                    statements.append((sql, (self._ns, w.resource, w.key)))
                else:
                    order = ords.get((w.resource, w.key), 0)
                    statements.append((UPSERT, (self._ns, w.resource, w.key, order, w.body)))
            moved, self._moved = self._moved, set()
            statements += [(SET_META, (self._ns, f"seq:{r}", self._seq[r])) for r in moved]
            self._db.run(statements)
            with self._view:
                for w in writes:
                    self._apply(w)
                self._version += 1
        finally:
            self._write_lock.release()

    def _next_ord(self) -> int:
        self._ord += 1
        return self._ord

    def _apply(self, w: Write) -> None:
        rows = self._rows.setdefault(w.resource, {})
        index = self._index.setdefault(w.resource, {})
        before, after = w.before or {}, w.after
        for name, value in before.items():
            if after.get(name) != value:
                index.get(name, {}).get(value, {}).pop(w.key, None)
        if w.body is None:
            rows.pop(w.key, None)
            return
        rows[w.key] = w.body
        for name, value in after.items():
            if before.get(name) != value:
                index.setdefault(name, {}).setdefault(value, {})[w.key] = None

    # Whole worlds
    def resume(self) -> bool:
        """Load what SQLite holds of this world; False when it holds nothing yet."""
        ready = self._db.query("SELECT 1 FROM meta WHERE ns = ? AND name = 'ready'", (self._ns,))
        if not ready:
            return False
        rows = self._db.query(
            "SELECT res, key, body, ord FROM records WHERE ns = ? ORDER BY ord", (self._ns,)
        )
        meta = self._db.query("SELECT name, value FROM meta WHERE ns = ?", (self._ns,))
        with self._view:
            self._rows, self._index = {}, {}
            for res, key, body, order in rows:
                self._ord = max(self._ord, order)
                after = self._indexes_of(res, body)
                self._apply(Write(res, key, body, None, after))
            self._seq = {n[4:]: v for n, v in meta if n.startswith("seq:")}
            self._version += 1
        return True

    def _indexes_of(self, resource: str, body: str) -> dict[str, str]:
        found = self._resources.get(resource)
        if found is None or not found.indexes:
            return {}
        return index_texts(found, json.loads(body))

    def load(self, dataset: Mapping[str, Any]) -> None:
        """Replace the world's records with a dataset's, in one transaction."""
        with self._write_lock:
            sequences = dataset.get("sequences", {})
            rows: list[tuple[str, str, str, Record]] = []
            for name, resource in self._resources.items():
                for record in dataset.get(name, []):
                    rows.append(
                        (name, key_text(ident_of(resource, record)), body_text(record), record)
                    )
            statements: list[tuple[str, Sequence[Any]]] = [
                ("DELETE FROM records WHERE ns = ?", (self._ns,)),
                ("DELETE FROM blobs WHERE ns = ?", (self._ns,)),
                ("DELETE FROM meta WHERE ns = ? AND name != 'draws'", (self._ns,)),
            ]
            statements += [
                ("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)", (self._ns, r, k, i, b))
                for i, (r, k, b, _) in enumerate(rows, start=1)
            ]
            seq = {r: int(n) for r, n in sequences.items() if r in self._resources}
            statements += [(SET_META, (self._ns, f"seq:{r}", n)) for r, n in seq.items()]
            statements.append((SET_META, (self._ns, "ready", 1)))
            self._db.run(statements)
            with self._view:
                self._rows, self._index, self._seq = {}, {}, dict(seq)
                self._ord = len(rows)
                for name, key, body, record in rows:
                    after = index_texts(self._resources[name], record)
                    self._apply(Write(name, key, body, None, after))
                self._version += 1

    def draw(self) -> int:
        """How many times this world's random source was seeded before (then counts this one)."""
        with self._db.lock:
            found = self._db.query(
                "SELECT value FROM meta WHERE ns = ? AND name = 'draws'", (self._ns,)
            )
            count = int(found[0][0]) if found else 0
            self._db.run([(SET_META, (self._ns, "draws", count + 1))])
        return count


class SqliteBackend:
    """`serve --data-dir DIR`: every world of this process in DIR/state.sqlite3."""

    durable = True
    shared = False

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._db = Database(directory / "state.sqlite3")
        self._media: dict[str, SqliteMedium] = {}
        self._locks: dict[str, IO[str]] = {}
        self._lock = threading.Lock()

    def _medium(self, namespace: str, resources: Sequence[Resource]) -> SqliteMedium:
        with self._lock:
            if namespace not in self._media:
                self._claim(namespace)
                self._media[namespace] = SqliteMedium(self._db, namespace, resources)
            return self._media[namespace]

    def _claim(self, namespace: str) -> None:
        """One process per world: a second one would hold a second copy in memory."""
        locks = self.directory / "locks"
        locks.mkdir(exist_ok=True)
        handle = (locks / quote(namespace, safe="")).open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise DataDirBusy(
                f"{self.directory} is in use by another circuithub-mock process "
                f"(world {namespace!r}); use --redis-url to share state between processes"
            ) from None
        self._locks[namespace] = handle

    def open(
        self,
        namespace: str,
        resources: Sequence[Resource],
        dataset: Mapping[str, Any],
        *,
        fresh: bool,
    ) -> TextStores:
        medium = self._medium(namespace, resources)
        if fresh or not medium.resume():
            medium.load(dataset)
        return TextStores(medium, resources)

    def discard(self, namespace: str) -> None:
        with self._lock:
            self._media.pop(namespace, None)
            handle = self._locks.pop(namespace, None)
            if handle is not None:
                handle.close()
        self._db.run([(f"DELETE FROM {table} WHERE ns = ?", (namespace,)) for table in TABLES])

    def seed_for(self, namespace: str, seed: int) -> int | str:
        count = self._media[namespace].draw() if namespace in self._media else 0
        return seed if count == 0 else f"{seed}:{count}"

    def close(self) -> None:
        with self._lock:
            for handle in self._locks.values():
                handle.close()
            self._locks.clear()
            self._media.clear()
        with self._db.lock:
            self._db.conn.close()


def kept_secret(directory: Path) -> str:
    """DIR/secret, written once (readable by its owner only) and then read at every start."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
        handle.flush()
        os.fsync(handle.fileno())
    return path.read_text().strip()


def claim(directory: Path) -> IO[str]:
    """Hold DIR for this process (and the workers it forks); a second server is refused."""
    directory.mkdir(parents=True, exist_ok=True)
    handle = (directory / "serve.lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise DataDirBusy(
            f"{directory} is in use by another circuithub-mock process; "
            "use --redis-url to share state between processes"
        ) from None
    return handle
