"""What inference concludes about a spec: resources, and one plan per operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Behaviour(StrEnum):
    """How an operation is answered."""

    LIST = "list"
    CREATE = "create"
    GET = "get"
    REPLACE = "replace"
    UPDATE = "update"
    DELETE = "delete"
    ACTION = "action"
    EXAMPLE = "static-example"
    GENERATED = "generated"


class IdKind(StrEnum):
    """How new ids are made: the path parameter's (or id field's) type and format."""

    INTEGER = "integer sequence"
    UUID = "uuid"
    STRING = "string"


@dataclass(frozen=True, slots=True)
class IdSpec:
    """The id of a resource: the path parameter naming it and the record field holding it."""

    param: str | None
    field: str | None
    kind: IdKind
    schema: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Envelope:
    """Where records sit in an answer: a bare value (`items` None) or a wrapper's property.

    `roles` maps a dotted property path of the wrapper (`total`, `links.next`, `meta.page`)
    to what it reports: total, count, page, size, offset, pages, next, prev, first, last,
    self, has_more.
    """

    items: str | None
    roles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Pagination:
    """The paging convention the list operation's query parameters show."""

    style: str  # page, offset, cursor or limit
    page: str | None = None
    size: str | None = None
    offset: str | None = None
    cursor: str | None = None
    first_page: int = 1
    default_size: int = 20
    max_size: int | None = None


@dataclass(frozen=True, slots=True)
class Resource:
    """A collection of records and, when the spec has one, its item path."""

    key: str  # the collection path template, also the store's name
    name: str  # its last literal segment
    collection_path: str
    item_path: str | None
    id: IdSpec | None
    schema: dict[str, Any]  # the record schema (refs kept; see Schemas)
    scope: tuple[str, ...] = ()  # path parameters of the collection path (nested collections)
    parent: str | None = None  # key of the resource whose item path is the collection's prefix
    parent_field: str | None = None  # record field that holds the parent's id, if any
    item_key: str | None = None  # single-record answers wrap the record in this property


@dataclass(frozen=True, slots=True)
class Plan:
    """One operation and the behaviour inferred for it."""

    method: str
    path: str
    operation_id: str
    behaviour: Behaviour
    resource: str | None = None
    status: str = "200"  # the documented status answered on success
    media_type: str | None = None  # the documented response media type answered
    schema: dict[str, Any] | None = None  # that media type's schema (refs kept)
    examples: tuple[Any, ...] = ()  # that media type's documented examples
    envelope: Envelope | None = None  # LIST answers
    filters: tuple[tuple[str, str], ...] = ()  # query parameter -> record field
    pagination: Pagination | None = None
    body_id: bool = False  # REPLACE/UPDATE on the collection path: the id is in the body
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"
