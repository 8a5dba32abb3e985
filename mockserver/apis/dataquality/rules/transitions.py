"""The documented status transitions (the spec's info.description holds the same table)."""

from __future__ import annotations

from mockserver.apis.dataquality.errors import InvalidTransition

STATUSES = ("open", "in_progress", "resolved")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("in_progress",),
    "in_progress": ("resolved", "open"),
    "resolved": ("open",),
}


def check_transition(current: str, wanted: str) -> None:
    """Refuse a change of status the table does not allow; the same status is no change."""
    if wanted != current and wanted not in TRANSITIONS[current]:
        allowed = ", ".join(TRANSITIONS[current])
        raise InvalidTransition(
            f"Cannot change status from '{current}' to '{wanted}'; allowed: {allowed}"
        )
