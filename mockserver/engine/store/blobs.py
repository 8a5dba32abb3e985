"""Uploaded bytes for the memory backend: small objects in memory, larger ones in files."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

# Objects up to this size stay in memory; larger ones are spooled to disk.
SPOOL_BYTES = 64 * 1024


class SpooledBlobs:
    """Small objects in memory, larger ones in files, so memory stays bounded.

    With a configured directory every object is a file there (it outlives the process);
    otherwise objects over SPOOL_BYTES go to a private temporary directory, removed with
    this object. Replacing an object releases its old bytes.
    """

    def __init__(self, directory: Path | None) -> None:
        self._keep_all = directory is not None
        self._directory = directory
        self._memory: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._serial = 0
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def _dir(self) -> Path:
        if self._directory is None:
            self._directory = Path(tempfile.mkdtemp(prefix="circuithub-mock-uploads-"))
            weakref.finalize(self, shutil.rmtree, self._directory, ignore_errors=True)
        return self._directory

    def _file(self, key: str) -> Path:
        return self._dir() / hashlib.sha256(key.encode()).hexdigest()

    def put(self, key: str, data: bytes) -> None:
        if len(data) <= SPOOL_BYTES and not self._keep_all:
            self._memory[key] = data
            if self._directory is not None:
                self._file(key).unlink(missing_ok=True)
            return
        with self._lock:
            self._serial += 1
            partial = self._dir() / f".{self._serial}.part"
        partial.write_bytes(data)
        partial.replace(self._file(key))  # a reader sees the old bytes or the new, never half
        self._memory.pop(key, None)

    def get(self, key: str) -> bytes | None:
        found = self._memory.get(key)
        if found is not None or self._directory is None:
            return found
        path = self._file(key)
        return path.read_bytes() if path.exists() else None
