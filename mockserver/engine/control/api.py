"""The admin API as the engine mounts it: its spec, handlers and error shape, and what the
handlers act on (the host and the session a call names)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockserver.engine.api import ApiPackage, Domain, Runtime, handlers_from_package
from mockserver.engine.call import Reply
from mockserver.engine.errors import ApiError, Conflict, NotFound, ValidationError
from mockserver.engine.spec import Operation
from mockserver.engine.store.base import StoreSet

if TYPE_CHECKING:
    from mockserver.engine.mounts import Mount
    from mockserver.engine.pipeline import Host
    from mockserver.engine.sessions import Session

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
PATH = "/_mock"


class VerificationFailed(Conflict):
    """The journal does not hold the expected number of matching requests."""

    code = "VERIFICATION_FAILED"

    def __init__(self, message: str, details: dict[str, Any]) -> None:
        super().__init__(message)
        self.details = details


def render_error(error: ApiError, operation: Operation | None) -> Reply:
    """`{"code", "message"}`, plus `details` where there is more to say."""
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if isinstance(error, VerificationFailed):
        body["details"] = error.details
    return Reply(error.status, body=body, headers=error.headers)


def _no_world(stores: StoreSet, runtime: Runtime) -> Domain:
    """The admin API keeps no state of its own: its handlers act on the session's worlds."""
    raise TypeError("the admin API has no world; ControlEndpoint gives handlers an Admin")


def _no_dataset() -> dict[str, Any]:
    return {}


CONTROL = ApiPackage(
    name="_mock",
    title="Mock control API",
    mount=PATH,
    spec_path=SPEC_PATH,
    resources=(),
    handlers=handlers_from_package("mockserver.engine.control.handlers"),
    build_domain=_no_world,
    default_dataset=_no_dataset,
    render_error=render_error,
    uncacheable=frozenset(),
)


@dataclass(frozen=True, slots=True)
class Admin:
    """What an admin handler works on: the host's APIs and sessions, and the call's session."""

    host: Host
    session: Session

    def mount(self, name: str) -> Mount:
        """The mounted API of this name (404: the name is a parameter of the call)."""
        found = self.host.mounts.get(name)
        if found is None:
            raise NotFound(f"no API named {name!r} is mounted (mounted: {self.served})")
        return found

    def check_names(self, names: Iterable[str], where: str) -> None:
        """400 for API names in a body that no mounted API has."""
        unknown = [name for name in names if name not in self.host.mounts]
        if unknown:
            raise ValidationError(
                f"{where} names APIs this mock does not mount: {', '.join(unknown)} "
                f"(mounted: {self.served})"
            )

    @property
    def served(self) -> str:
        return ", ".join(self.host.mounts)
