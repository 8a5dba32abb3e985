"""The state of a zero-code API in one session: rows of records per inferred resource.

A row is `{"key": str(id), "id": id, "scope": {param: str(value)}, "record": {...}}`: the
record is exactly what the spec's schema describes, and the row's other fields (the path
parameters a nested record lives under) are never served.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mockserver.engine.api import Runtime
from mockserver.engine.generic.generate import Generator, Unsatisfiable
from mockserver.engine.generic.hooks import Rules
from mockserver.engine.generic.infer import Inference
from mockserver.engine.generic.model import Resource
from mockserver.engine.generic.seed import IdMint, Seeded
from mockserver.engine.generic.values import Values
from mockserver.engine.registry import Resource as StoredResource
from mockserver.engine.store.base import Record, Store, StoreSet

Row = dict[str, Any]
RulesFactory = Callable[["GenericDomain"], Rules]


def stored_resources(inference: Inference) -> tuple[StoredResource, ...]:
    """One store per inferred resource, keyed by the id's text (or a sequence without ids)."""
    return tuple(
        StoredResource(name=key, schema=None, key="key", sequenced=resource.id is None)
        for key, resource in inference.resources.items()
    )


def row_of(seeded: Seeded) -> Row:
    scope = {name: str(value) for name, value in seeded.scope.items()}
    key = None if seeded.id is None else str(seeded.id)
    return {"key": key, "id": seeded.id, "scope": scope, "record": seeded.record}


def dataset_of(seeds: Iterable[Seeded], inference: Inference) -> dict[str, Any]:
    data: dict[str, Any] = {key: [] for key in inference.resources}
    for number, seeded in enumerate(seeds, start=1):
        row = row_of(seeded)
        if row["key"] is None:
            row["key"] = number
        data[seeded.resource].append(row)
    return data


class GenericDomain:
    """Rows of one session, the ids handed out, and the session's value generator."""

    # Whether records are the API's own (stored as they are, built by its rules) rather than
    # generated rows; see stored.py.
    owned = False

    def __init__(
        self,
        inference: Inference,
        stores: StoreSet,
        runtime: Runtime,
        rules: RulesFactory = Rules,
    ) -> None:
        self.inference = inference
        self.stores = stores
        self.runtime = runtime
        self.generator = Generator(inference.schemas, Values(runtime.config.seed, runtime.rng))
        self.mints = {key: IdMint(r, self.generator) for key, r in inference.resources.items()}
        self._take_ids()
        self.rules = rules(self)

    def _take_ids(self) -> None:
        for key, mint in self.mints.items():
            for row in self.stores[key].all():
                if row.get("id") is not None:
                    mint.take(row["id"])

    # The engine's Domain protocol: without rules zero-code mode has no users; credentials
    # are then checked by presence (see security.py), not looked up.
    @property
    def settled(self) -> bool:
        return True

    def user_for_key(self, key: str) -> Record | None:
        return self.rules.user_for_key(key)

    def user_by_id(self, ident: str) -> Record | None:
        return self.rules.user_by_id(ident)

    def dump(self, resource: str, record: Record) -> Record:
        return record

    def public(self, resource: Resource, record: Record) -> Record:
        """A record as answers show it (generated rows hold nothing else)."""
        return record

    def fields(self, resource: Resource, body: dict[str, Any]) -> dict[str, Any]:
        """The request body's fields the record schema names (all of them for a free-form one)."""
        props = self.inference.schemas.properties(resource.schema)
        return {k: v for k, v in body.items() if not props or k in props}

    def kept(self, resource: Resource) -> set[str]:
        """Fields no write may change: the id and the parent link."""
        kept = {resource.parent_field} if resource.parent_field else set()
        return kept | ({resource.id.field} if resource.id and resource.id.field else set())

    def patched(self, resource: Resource, record: Record, body: dict[str, Any]) -> Record:
        """`record` with the body's changes that keep it valid."""
        kept = self.kept(resource)
        changes = {k: v for k, v in self.fields(resource, body).items() if k not in kept}
        return self.overlay(resource.schema, record, changes)

    def created(self, resource: Resource, scope: dict[str, str], fields: dict[str, Any]) -> Record:
        """A new stored record: a valid blank with the fields, its parent link and an id."""
        record = self.overlay(resource.schema, self.blank(resource), fields)
        if resource.parent_field and resource.scope:
            parent = self.parent_row(resource, scope)
            if isinstance(parent, dict):
                link = {resource.parent_field: parent["id"]}
                record = self.overlay(resource.schema, record, link)
        ident = None
        if resource.id is not None:
            field = resource.id.field
            ident = self.new_id(resource, fields.get(field) if field else None)
            if field:
                record = self.overlay(resource.schema, record, {field: ident})
                ident = record.get(field, ident)
        self.insert(resource, ident, scope, record)
        return record

    def store(self, resource: Resource) -> Store:
        return self.stores[resource.key]

    def rows(self, resource: Resource, scope: dict[str, str]) -> list[Row]:
        return [row for row in self.stores[resource.key].all() if row.get("scope") == scope]

    def find(self, resource: Resource, ident: Any, scope: dict[str, str]) -> Row | None:
        row = self.stores[resource.key].get(str(ident))
        return row if row is not None and row.get("scope") == scope else None

    def parent_row(self, resource: Resource, scope: dict[str, str]) -> Row | bool | None:
        """The row a nested collection hangs under; True when there is no parent to check."""
        if resource.parent is None or not resource.scope:
            return True
        parent = self.inference.resources[resource.parent]
        last = resource.scope[-1]
        outer = {name: value for name, value in scope.items() if name != last}
        return self.find(parent, scope[last], outer)

    def insert(self, resource: Resource, ident: Any, scope: dict[str, str], record: Record) -> Row:
        key = None if ident is None else str(ident)
        row = {"key": key, "id": ident, "scope": scope, "record": record}
        return self.stores[resource.key].insert(row)

    def save(self, resource: Resource, row: Row, record: Record) -> Row:
        return self.stores[resource.key].update(row["key"], {"record": record})

    def delete(self, resource: Resource, row: Row) -> None:
        """Removes a row and, with it, every row of the collections nested under it."""
        with self.stores.transaction():
            self.store(resource).delete(row["key"])
            for child in self.inference.resources.values():
                if child.parent == resource.key and child.scope:
                    for nested in self.rows_under(child, child.scope[-1], str(row["id"])):
                        self.delete(child, nested)

    def rows_under(self, resource: Resource, param: str, value: str) -> list[Row]:
        return [r for r in self.stores[resource.key].all() if r["scope"].get(param) == value]

    def new_id(self, resource: Resource, wanted: Any = None) -> Any:
        """The client's id when it is free and fits, else a fresh one of the resource's kind."""
        mint = self.mints[resource.key]
        if wanted is not None and not mint.issued(wanted):
            mint.take(wanted)
            return wanted
        return mint.fresh()

    def blank(self, resource: Resource) -> Record:
        """A valid record to build a new one on: generated from the record schema."""
        try:
            value = self.generator.valid(resource.schema, context=resource.name)
        except Unsatisfiable:
            return {}
        return value if isinstance(value, dict) else {}

    def overlay(self, schema: Any, base: Record, changes: dict[str, Any]) -> Record:
        """`base` with each change that keeps it valid under `schema` (one at a time)."""
        result = dict(base)
        merged = {**result, **changes}
        if self.inference.schemas.is_valid(schema, merged):
            return merged
        for name, value in changes.items():
            candidate = {**result, name: value}
            if self.inference.schemas.is_valid(schema, candidate):
                result = candidate
        return result
