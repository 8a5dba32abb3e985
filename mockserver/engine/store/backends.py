"""The backend a configuration asks for: memory (the default), a data directory, or Redis."""

from __future__ import annotations

from mockserver.engine.config import Config
from mockserver.engine.store.base import Backend
from mockserver.engine.store.memory import MemoryBackend


def open_backend(config: Config) -> Backend:
    if config.redis_url and config.data_dir:
        raise ValueError("choose one of data_dir and redis_url: Redis keeps state durably too")
    if config.redis_url:
        from mockserver.engine.store.redis import RedisBackend

        return RedisBackend(config.redis_url)
    if config.data_dir:
        from mockserver.engine.store.sqlite import SqliteBackend

        return SqliteBackend(config.data_dir)
    return MemoryBackend(config.storage_dir)


def kept_secret(config: Config) -> str | None:
    """The signing secret kept with durable or shared state, drawn on first use; None in memory.

    Tokens and presigned URLs then hold across restarts, and on every replica.
    """
    if config.redis_url:
        from mockserver.engine.store.redis import kept_secret as in_redis

        return in_redis(config.redis_url)
    if config.data_dir:
        from mockserver.engine.store.sqlite import kept_secret as in_directory

        return in_directory(config.data_dir)
    return None
