"""The dataset format's shared helpers: reading one, and building millions of records fast."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import marshal
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

C = TypeVar("C")

# From this size on a dataset is "large": parsed once into a cache, and frozen (load_dataset).
LARGE_BYTES = 16 * 2**20
CACHE_FORMAT = 1  # bump when what the cache holds changes
STALE_SECONDS = 3600  # a partly written cache older than this was abandoned


def load_dataset(path: Path) -> dict[str, Any]:
    """The dataset in a JSON file.

    A large one (the `large` preset: 1.06 M records, 427 MB) is parsed the first time with the
    collector paused; a thread then makes its equal values one object each and keeps it in a
    marshal cache under the user's cache directory, keyed by the file's path, size and mtime
    (done some 10 s after serving began, on a busy 2-core machine; the first requests share
    the interpreter with it meanwhile). Later starts read the cache table by table: about 2 s
    where the JSON takes 4-6 s, 950 MiB resident instead of 1.7 GiB (one object per distinct
    value), and no 427 MB text held while parsing. Either way the dataset is then frozen
    (`gc.freeze`): its records are acyclic, and every full collection would otherwise walk
    their millions of containers (collections during the parse made it 15 s instead of 4).
    """
    if path.stat().st_size < LARGE_BYTES:
        with path.open(encoding="utf-8") as handle:
            data: dict[str, Any] = json.load(handle)
        return data
    gc.collect()  # what is garbage now would never be collected once frozen
    with gc_paused():
        cache = cache_path(path)
        cached = _read_cache(cache)
        if cached is None:
            with path.open(encoding="utf-8") as handle:
                cached = json.load(handle)
            # Beside serving: sharing the values takes longer than the parse itself.
            thread = threading.Thread(target=_write_cache, args=(cache, cached), daemon=True)
            thread.start()
        gc.freeze()
    return cached


def prepare_cache(path: Path) -> bool:
    """Parse a large dataset file once now and keep its cache, so that even the first `serve`
    of it starts from the cache; False for a file too small to need one."""
    if path.stat().st_size < LARGE_BYTES:
        return False
    with gc_paused(), path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    _write_cache(cache_path(path), data)
    return True


def cache_path(path: Path) -> Path:
    """Where the parsed form of a dataset file is kept: `<file>-<version>.marshal`, where a
    changed file (or interpreter) makes a new version."""
    stat = path.stat()
    version = f"{stat.st_size}|{stat.st_mtime_ns}|{CACHE_FORMAT}|{sys.version_info[:2]}|"
    version += str(marshal.version)
    name = f"{_digest(str(path.resolve()))}-{_digest(version)}.marshal"
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "circuithub-mock" / "datasets" / name


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_cache(cache: Path) -> dict[str, Any] | None:
    """The cached dataset, or None when there is none (or it is unreadable)."""
    try:
        with cache.open("rb") as handle:
            data: dict[str, Any] = {}
            for _ in range(marshal.load(handle)):
                name, blob = marshal.load(handle)
                data[name] = marshal.loads(blob)  # one table's bytes held at a time
            return data
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write_cache(cache: Path, data: dict[str, Any]) -> None:
    """Keep `data` (its equal values shared first) for the next start; best effort."""
    share_values(data)  # equal values only: answers made from the records meanwhile are alike
    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _prune(cache)
        with tempfile.NamedTemporaryFile(
            "wb", dir=cache.parent, prefix=f"{cache.stem}.", suffix=".part", delete=False
        ) as out:
            marshal.dump(len(data), out)
            for name, table in data.items():
                marshal.dump((name, marshal.dumps(table)), out)
        os.replace(out.name, cache)  # atomic: a concurrent start sees all of it or nothing
    except OSError:
        if "out" in locals():
            Path(out.name).unlink(missing_ok=True)


def _prune(cache: Path) -> None:
    """Forget the caches of the file's earlier versions, and parts left by a server stopped
    while writing one (old enough not to be another server's work in progress)."""
    file_id = cache.stem.split("-")[0]
    for old in cache.parent.glob(f"{file_id}-*.marshal"):
        if old != cache:
            old.unlink(missing_ok=True)
    for part in cache.parent.glob(f"{file_id}-*.part"):
        if time.time() - part.stat().st_mtime > STALE_SECONDS:
            part.unlink(missing_ok=True)


def share_values(data: Any) -> None:
    """Make equal strings, ints and floats one object each, in place (marshal keeps that).

    Only immutable scalars are shared, so no record can change another; bools and numbers of
    different types stay apart (1, 1.0 and True are equal in Python, not in JSON).
    """
    pools: dict[type, dict[Any, Any]] = {str: {}, int: {}, float: {}}
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if node.__class__ is dict else enumerate(node)
        for key, value in items:
            pool = pools.get(value.__class__)
            if pool is not None:
                node[key] = pool.setdefault(value, value)
            elif value.__class__ is dict or value.__class__ is list:
                stack.append(value)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of acyclic records.

    Each full collection walks every live container, so with a large dataset in memory the
    collector would cost more than the generation itself; nothing generated forms a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resolve_counts(
    presets: Mapping[str, C],
    preset: str,
    overrides: Mapping[str, int | None],
    names: Sequence[str],
    offered: Sequence[str],
) -> C:
    """A generator's preset counts (a dataclass) with the given (non-None) overrides, checked;
    `offered` is every preset name the CLI shows, `names` every count the generator takes."""
    if preset not in presets:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(offered)}")
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise TypeError(f"unknown count(s) {', '.join(unknown)}; known: {', '.join(names)}")
    given = {name: value for name, value in overrides.items() if value is not None}
    for name, value in given.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"count {name} must be a non-negative integer, not {value!r}")
    return dataclasses.replace(presets[preset], **given)  # type: ignore[type-var]
