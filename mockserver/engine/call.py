"""What a handler gets and gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mockserver.engine.store.base import Record

if TYPE_CHECKING:
    from mockserver.engine.auth import Tokens
    from mockserver.engine.views import Views

D = TypeVar("D")


@dataclass(slots=True)
class Call(Generic[D]):
    """One validated request: typed inputs, the caller, and the API's domain in its session."""

    world: D
    views: Views
    tokens: Tokens
    user: Record | None
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any
    headers: Any = None
    # Absolute URL of the API's root as this client reached it (session prefix included).
    root: str = ""

    @property
    def mount(self) -> str:
        """The API's root path as this client reached it, e.g. `/v1`."""
        return "/" + self.root.split("://", 1)[-1].partition("/")[2]

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
