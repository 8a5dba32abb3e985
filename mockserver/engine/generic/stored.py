"""Zero-code mode over an API's own records and rules: the public extension seam.

A hand-written API keeps its dataset format (one array per resource, plain records keyed by
their id field, internal fields beside the public ones) and says which array holds each
inferred resource, and which record field links a nested record to the path parameter it
lives under. Its `Rules` build and check records; the generic handlers do the rest: routing by
inferred behaviour, 404 for unknown ids, filters, pages, list shapes, cascading deletes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockserver.engine.api import Handler, Runtime
from mockserver.engine.generic.domain import GenericDomain, Row, RulesFactory
from mockserver.engine.generic.handlers import handler_factory
from mockserver.engine.generic.infer import Inference, infer
from mockserver.engine.generic.model import IdKind, Resource
from mockserver.engine.generic.schemas import load_document
from mockserver.engine.spec import Spec
from mockserver.engine.store.base import Record, Store, StoreSet


@dataclass(frozen=True, slots=True)
class Stored:
    """The dataset array of an inferred resource, and its links to path parameters
    (`{"id": "issueId"}`: a comment's `issueId` is the `{id}` of `/issues/{id}/comments`).
    A link field must be one of the array's indexes."""

    name: str
    links: Mapping[str, str] = field(default_factory=dict)


class StoredDomain(GenericDomain):
    """The generic domain over plain records: a row is a view of a record, never stored."""

    owned = True

    def __init__(
        self,
        inference: Inference,
        stores: StoreSet,
        runtime: Runtime,
        rules: RulesFactory,
        layout: Mapping[str, Stored],
    ) -> None:
        self.layout = layout
        super().__init__(inference, stores, runtime, rules)

    def _take_ids(self) -> None:
        # Random uuids never meet the records' own; only sequences need to know the highest.
        for key, mint in self.mints.items():
            resource = self.inference.resources[key]
            if resource.id is not None and resource.id.kind is IdKind.INTEGER:
                for record in self.store(resource).all():
                    mint.take(record[self._id_field(resource)])

    def store(self, resource: Resource) -> Store:
        return self.stores[self.layout[resource.key].name]

    def public(self, resource: Resource, record: Record) -> Record:
        """The properties the record schema lists, nothing internal."""
        props = self.inference.schemas.properties(resource.schema)
        return {name: record[name] for name in props if name in record}

    def rows(self, resource: Resource, scope: dict[str, str]) -> list[Row]:
        if not scope:
            return [self._row(resource, record) for record in self.store(resource).all()]
        last = resource.scope[-1]
        found = self.rows_under(resource, last, scope[last])
        return [row for row in found if row["scope"] == scope]

    def rows_under(self, resource: Resource, param: str, value: str) -> list[Row]:
        link = self.layout[resource.key].links[param]
        return [self._row(resource, record) for record in self.store(resource).where(link, value)]

    def find(self, resource: Resource, ident: Any, scope: dict[str, str]) -> Row | None:
        record = self.store(resource).get(ident)
        row = None if record is None else self._row(resource, record)
        return row if row is not None and row["scope"] == scope else None

    def created(self, resource: Resource, scope: dict[str, str], fields: dict[str, Any]) -> Record:
        """The rules' fields as they are, after a fresh id and the links to the parent."""
        links = self.layout[resource.key].links
        record: Record = {self._id_field(resource): self.new_id(resource)}
        record.update({links[param]: value for param, value in scope.items()})
        record.update(fields)
        return self.store(resource).insert(record)

    def new_id(self, resource: Resource, wanted: Any = None) -> Any:
        """Always a fresh id: the API's rules, not the client, name records."""
        return self.mints[resource.key].fresh()

    def save(self, resource: Resource, row: Row, record: Record) -> Row:
        return self._row(resource, self.store(resource).update(row["key"], record))

    def _row(self, resource: Resource, record: Record) -> Row:
        links = self.layout[resource.key].links
        scope = {param: str(record.get(links.get(param, param))) for param in resource.scope}
        ident = record[self._id_field(resource)]
        return {"key": ident, "id": ident, "scope": scope, "record": record}

    @staticmethod
    def _id_field(resource: Resource) -> str:
        return resource.id.field if resource.id and resource.id.field else "id"


@dataclass(frozen=True, slots=True)
class Extension:
    """What an API package registers: the generic handlers (with any truly special ones) and
    a domain over its stores bound to its rules."""

    inference: Inference
    rules: RulesFactory
    layout: Mapping[str, Stored]
    special: Mapping[str, Handler] = field(default_factory=dict)

    def handlers(self, spec: Spec) -> dict[str, Handler]:
        # The engine authenticates the spec's callers through the rules' users.
        generic = handler_factory(self.inference, authenticate=False)(spec)
        return {**generic, **self.special}

    def build_domain(self, stores: StoreSet, runtime: Runtime) -> StoredDomain:
        return StoredDomain(self.inference, stores, runtime, self.rules, self.layout)


class LayoutMismatch(ValueError):
    """A layout naming a resource inference did not find, or missing one it did."""


def extend(
    spec_path: Path,
    rules: RulesFactory,
    layout: Mapping[str, Stored],
    special: Mapping[str, Handler] | None = None,
) -> Extension:
    """The generic behaviour of `spec_path` over the API's own records and rules."""
    inference = infer(load_document(spec_path))
    if set(layout) != set(inference.resources):
        found = ", ".join(sorted(inference.resources))
        raise LayoutMismatch(f"the layout must name exactly the inferred resources: {found}")
    return Extension(inference, rules, layout, dict(special or {}))
