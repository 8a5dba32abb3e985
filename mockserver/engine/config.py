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
