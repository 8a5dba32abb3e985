"""What a handler gets and gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockserver.state.store import Record

if TYPE_CHECKING:
    from mockserver.auth import Tokens
    from mockserver.state.world import World
    from mockserver.views import Views


@dataclass(slots=True)
class Call:
    """One validated request: typed inputs, the caller, and the app's world."""

    world: World
    views: Views
    tokens: Tokens
    user: Record | None
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any
    headers: Any = None

    @property
    def base_url(self) -> str:
        """The host the client called, so upload URLs work on any port; built only on demand."""
        from flask import request

        return request.host_url

    @property
    def caller(self) -> Record:
        assert self.user is not None, "secured operations always have a user"
        return self.user


@dataclass(slots=True)
class Reply:
    """A handler's answer: JSON `body`, or raw bytes in `data` with their content type."""

    status: int = 200
    body: Any = None
    data: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def ok(body: Any, status: int = 200) -> Reply:
    return Reply(status=status, body=body)
