"""The seam an API package extends zero-code mode through: hooks around each generic behaviour.

Zero-code mode routes every operation by its inferred behaviour (list, create, get, update,
delete), answers 404 for unknown ids, filters, pages and shapes lists. An API with rules of its
own subclasses `Rules` and overrides only the hooks it needs; each default leaves the generic
behaviour exactly as it is. One `Rules` object is bound to one world (`self.domain`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.engine.errors import ApiError, NotFound
from mockserver.engine.generic.listing import singular
from mockserver.engine.generic.model import Resource
from mockserver.engine.store.base import Record

if TYPE_CHECKING:
    from mockserver.engine.call import Call
    from mockserver.engine.generic.domain import GenericDomain


def noun(key: str) -> str:
    """`/pets/{id}/toys` -> `toy`: what a record of a resource is called in messages."""
    return singular(key.rstrip("/").rsplit("/", 1)[-1]) or "record"


class Rules:
    """No rules: the generic behaviour. Hooks run inside the write's transaction."""

    def __init__(self, domain: GenericDomain) -> None:
        self.domain = domain

    # Callers: the engine authenticates through these (zero-code mode has no users).
    def user_for_key(self, key: str) -> Record | None:
        return None

    def user_by_id(self, ident: str) -> Record | None:
        return None

    # Reads.
    def not_found(self, resource: Resource, name: str, ident: Any) -> ApiError:
        """The refusal of an id that names no record (or its parent, for a nested one)."""
        return NotFound(f"No {noun(resource.key)} with {name} {ident}")

    def visible(self, call: Call[Any], resource: Resource, record: Record) -> None:
        """Raise (e.g. Forbidden) when the caller may not reach this record or what is below it."""

    def select(
        self, call: Call[Any], resource: Resource, records: list[Record], query: dict[str, Any]
    ) -> tuple[list[Record], dict[str, Any]]:
        """The records a list may show, in order, and the query its generic filters then apply."""
        return records, query

    # Writes.
    def before_create(
        self, call: Call[Any], resource: Resource, scope: dict[str, str], body: dict[str, Any]
    ) -> dict[str, Any]:
        """The new record's fields from the request body: by default those the schema names."""
        return self.domain.fields(resource, body)

    def after_create(self, call: Call[Any], resource: Resource, record: Record) -> None:
        """Side effects of a creation (an audit item, a counter)."""

    def before_update(
        self, call: Call[Any], resource: Resource, record: Record, body: dict[str, Any]
    ) -> Record:
        """The record as a PATCH leaves it; return it unchanged for no change at all."""
        return self.domain.patched(resource, record, body)

    def after_update(self, call: Call[Any], resource: Resource, old: Record, new: Record) -> None:
        """Side effects of an effective change (history items)."""
