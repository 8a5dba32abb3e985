"""Configuration of one mock instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Config:
    """Everything that varies between mock instances; the app factory reads nothing else."""

    # API name -> dataset file to serve instead of the API's default dataset.
    datasets: dict[str, Path] = field(default_factory=dict)
    seed: int = 1
    strict: bool = False
    # ISO instant to freeze the clock at; None means real time.
    clock: str | None = None
    # Signs JWTs and presigned URLs; None draws a random one at each start.
    secret: str | None = None
    login_user_email: str = "alice@acme.co"
    # Directory for uploaded bytes; None keeps them in memory.
    storage_dir: Path | None = None
    # How imports advance: "polls" finishes after N status reads, "clock" after N seconds.
    import_mode: str = "polls"
    import_steps: int = 1
    # Requests per second per token; 0 disables the limiter.
    rate_limit: float = 0.0
    # Reuse a GET's answer while the world is unchanged (see ARCHITECTURE.md).
    read_cache: bool = True
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 100 * 1024 * 1024
    # "fast" validates with compiled schemas and asks openapi-core for the verdict on
    # anything they reject; "openapi-core" asks openapi-core about every request.
    validator: str = "fast"
    # Total bytes of uploaded objects one world keeps; past it a storage PUT is refused.
    max_stored_bytes: int = 1024 * 1024 * 1024
    # The admin API (/_mock): open when served on loopback; beyond it only with this token.
    admin_token: str | None = None
    admin_open: bool = True
    # Sessions besides the default one, and how long an unused one lives (seconds; 0: forever).
    max_sessions: int = 64
    session_ttl: float = 1800.0
    # Requests each session's journal keeps (oldest dropped first), and body bytes per request.
    journal_limit: int = 1000
    journal_body_bytes: int = 16 * 1024
    # Durable state for one process: SQLite under this directory (`serve --data-dir`).
    data_dir: Path | None = None
    # Shared state for many replicas: redis://HOST:PORT/DB (`serve --redis-url`).
    redis_url: str | None = None
