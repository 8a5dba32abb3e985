"""Fault rules of a session, from Python: `mock.faults.add(operation=..., status=503)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.testing.errors import MockError

if TYPE_CHECKING:
    from mockserver.testing.client import MockClient


@dataclass(frozen=True, slots=True)
class Fault:
    """A fault rule the mock holds; as a context manager it is removed on exit."""

    faults: Faults
    rule: dict[str, Any]

    @property
    def id(self) -> int:
        return int(self.rule["id"])

    def remove(self) -> None:
        try:
            self.faults.remove(self.id)
        except MockError as error:
            if error.status != 404:  # retired already
                raise

    def __enter__(self) -> Fault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


def rule_keys(fields: dict[str, Any]) -> dict[str, Any]:
    """Python spellings to the admin API's: operation -> operationId, latency_ms -> latencyMs."""
    names = {"operation": "operationId", "latency_ms": "latencyMs", "retry_after": "retryAfter"}
    return {names.get(k, k): v for k, v in fields.items() if v is not None}


class Faults:
    """The session's fault rules."""

    def __init__(self, mock: MockClient) -> None:
        self._mock = mock

    def add(self, **rule: Any) -> Fault:
        """E.g. `add(operation="createIssue", status=503, times=2)`, `add(path="/v1/*",
        latency_ms=(50, 200))`, `add(method="POST", reset=True, probability=0.1)`."""
        fields = rule_keys(rule)
        if isinstance(fields.get("latencyMs"), tuple):
            fields["latencyMs"] = list(fields["latencyMs"])
        return Fault(self, self._mock.call("POST", "/faults", fields))

    def list(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._mock.call("GET", "/faults")["faults"]
        return found

    def remove(self, ident: int) -> None:
        self._mock.call("DELETE", f"/faults/{ident}")

    def clear(self) -> None:
        self._mock.call("DELETE", "/faults")
