"""The starting records: the spec's own examples first, then records generated from schemas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from mockserver.engine.generic.generate import Generator, Unsatisfiable
from mockserver.engine.generic.infer import Inference
from mockserver.engine.generic.model import Behaviour, IdKind, Plan, Resource
from mockserver.engine.generic.values import Values

EXAMPLE_ORDER = (
    Behaviour.LIST,
    Behaviour.GET,
    Behaviour.CREATE,
    Behaviour.REPLACE,
    Behaviour.UPDATE,
)
PER_PARENT = 2  # generated children per parent record of a nested collection


@dataclass(slots=True)
class Seeded:
    """One starting record, with its id and the path parameters that scope it."""

    resource: str
    id: Any
    record: dict[str, Any]
    scope: dict[str, Any] = field(default_factory=dict)


class IdMint:
    """New ids for one resource, of its kind; an id once used is never issued again."""

    def __init__(self, resource: Resource, generator: Generator) -> None:
        self.resource = resource
        self.generator = generator
        self.used: set[str] = set()
        self.high = 0

    def issued(self, value: Any) -> bool:
        return json.dumps(value) in self.used

    def take(self, value: Any) -> None:
        """Mark an existing id (a seed's or a client's) as used."""
        self.used.add(json.dumps(value))
        if isinstance(value, int) and not isinstance(value, bool):
            self.high = max(self.high, value)

    def fresh(self) -> Any:
        spec = self.resource.id
        if spec is None:
            raise ValueError(f"{self.resource.key} has no ids")
        schemas = self.generator.schemas
        # The record field's schema constrains more than the path parameter's, when there is one.
        field_schema = schemas.properties(self.resource.schema).get(spec.field or "")
        schema = field_schema if isinstance(field_schema, dict) else spec.schema
        for _ in range(50):
            value = self._candidate(spec.kind, schema, spec.field or spec.param or "id")
            if json.dumps(value) not in self.used:
                self.take(value)
                return value
        raise Unsatisfiable(f"no fresh id for {self.resource.key}")

    def _candidate(self, kind: IdKind, schema: dict[str, Any], name: str) -> Any:
        if kind is IdKind.INTEGER:
            minimum = self.generator.schemas.flatten(schema).get("minimum", 1)
            return max(self.high + 1, int(minimum) if isinstance(minimum, int | float) else 1)
        if kind is IdKind.UUID:
            return self.generator.values.uuid()
        flat = self.generator.schemas.flatten(schema)
        if flat.get("pattern") or flat.get("format") or flat.get("enum"):
            return self.generator.valid(schema, name)
        return str(self.generator.values.fake.slug())


class Seeder:
    """Seeds every resource of an inference; one `Values(seed)` makes it reproducible."""

    def __init__(self, inference: Inference, seed: int, count: int = 5) -> None:
        self.inference = inference
        self.generator = Generator(inference.schemas, Values(seed))
        self.count = count
        self.mints = {key: IdMint(r, self.generator) for key, r in inference.resources.items()}
        self.id_examples: dict[str, list[Any]] = {}

    def run(self) -> list[Seeded]:
        seeded: list[Seeded] = []
        for resource in self._parents_first():
            parents = [s for s in seeded if s.resource == resource.parent]
            seeded.extend(self._seed(resource, parents))
        return seeded

    def _parents_first(self) -> list[Resource]:
        resources = list(self.inference.resources.values())
        return sorted(resources, key=lambda r: (len(r.scope), r.key))

    def _seed(self, resource: Resource, parents: list[Seeded]) -> list[Seeded]:
        if resource.scope and not parents:
            return []  # no known parent ids to scope records by: they come from creates only
        result = [self._adopt(resource, record, parents) for record in self.examples(resource)]
        wanted = self.count if not parents else len(parents) * PER_PARENT
        for index in range(max(0, wanted - len(result))):
            parent = parents[index % len(parents)] if parents else None
            try:
                result.append(self.generated(resource, parent))
            except Unsatisfiable:
                break
        return result

    def examples(self, resource: Resource) -> list[dict[str, Any]]:
        """The spec's valid example records of a resource, without duplicate ids."""
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        plans = [p for p in self.inference.plans if p.resource == resource.key]
        plans.sort(
            key=lambda p: (
                EXAMPLE_ORDER.index(p.behaviour)
                if p.behaviour in EXAMPLE_ORDER
                else len(EXAMPLE_ORDER)
            )
        )
        candidates = [r for plan in plans for r in _records_in(plan, resource)]
        candidates += self.generator.examples(resource.schema)
        for record in candidates:
            if not isinstance(record, dict):
                continue
            if not self.inference.schemas.is_valid(resource.schema, record):
                continue
            key = json.dumps(_identity(resource, record), sort_keys=True, default=str)
            if key not in seen:
                seen.add(key)
                found.append(record)
        return found

    def generated(self, resource: Resource, parent: Seeded | None) -> Seeded:
        """A new record from the schema, with a fresh id and its parent's link."""
        record = self.generator.valid(resource.schema, context=resource.name)
        scope = self._scope(resource, parent)
        if resource.parent_field and parent is not None:
            record[resource.parent_field] = parent.id
        record_id = self._next_id(resource)
        if resource.id and resource.id.field:
            record[resource.id.field] = record_id
        if not self.inference.schemas.is_valid(resource.schema, record):
            raise Unsatisfiable(f"a generated {resource.name} record does not fit its schema")
        return Seeded(resource.key, record_id, record, scope)

    def _next_id(self, resource: Resource) -> Any:
        """The spec's example ids first (so its examples' URLs work), then fresh ones."""
        if resource.id is None:
            return None
        mint = self.mints[resource.key]
        if resource.key not in self.id_examples:
            self.id_examples[resource.key] = self._id_examples(resource)
        for example in self.id_examples[resource.key]:
            if not mint.issued(example):
                mint.take(example)
                return example
        return mint.fresh()

    def _id_examples(self, resource: Resource) -> list[Any]:
        spec = resource.id
        assert spec is not None
        schemas = self.inference.schemas
        found: list[Any] = []
        for op in self.inference.operations:
            param = op.param(spec.param) if spec.param else None
            below = resource.item_path is not None and op.path.startswith(resource.item_path)
            if param is not None and below:
                found += _param_examples(schemas.deref(param), self.generator)
        field_schema = schemas.properties(resource.schema).get(spec.field or "")
        check = field_schema if isinstance(field_schema, dict) else spec.schema
        if isinstance(field_schema, dict):
            found += self.generator.examples(field_schema)
        return [value for value in found if schemas.is_valid(check, value)]

    def _adopt(self, resource: Resource, record: dict[str, Any], parents: list[Seeded]) -> Seeded:
        record = json.loads(json.dumps(record))
        field_name = resource.id.field if resource.id else None
        record_id = record.get(field_name) if field_name else None
        if resource.id is not None and record_id is None:
            record_id = self.mints[resource.key].fresh()
        elif record_id is not None:
            self.mints[resource.key].take(record_id)
        parent = _parent_of(resource, record, parents)
        if parent is not None and resource.parent_field:
            record[resource.parent_field] = parent.id
        return Seeded(resource.key, record_id, record, self._scope(resource, parent))

    @staticmethod
    def _scope(resource: Resource, parent: Seeded | None) -> dict[str, Any]:
        if parent is None or not resource.scope:
            return {}
        return {**parent.scope, resource.scope[-1]: parent.id}


def _param_examples(param: Any, generator: Generator) -> list[Any]:
    if not isinstance(param, dict):
        return []
    found = [param["example"]] if "example" in param else []
    for entry in (param.get("examples") or {}).values():
        entry = generator.schemas.deref(entry)
        if isinstance(entry, dict) and "value" in entry:
            found.append(entry["value"])
    return found + generator.examples(param.get("schema", {}))


def _records_in(plan: Plan, resource: Resource) -> list[Any]:
    records: list[Any] = []
    for example in plan.examples:
        if plan.behaviour is Behaviour.LIST and plan.envelope is not None:
            items = example if plan.envelope.items is None else _get(example, plan.envelope.items)
            records.extend(items if isinstance(items, list) else [])
        elif plan.behaviour in EXAMPLE_ORDER:
            records.append(_get(example, resource.item_key) if resource.item_key else example)
    return records


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _identity(resource: Resource, record: dict[str, Any]) -> Any:
    field_name = resource.id.field if resource.id else None
    return record.get(field_name) if field_name and field_name in record else record


def _parent_of(resource: Resource, record: dict[str, Any], parents: list[Seeded]) -> Seeded | None:
    if not parents:
        return None
    link = record.get(resource.parent_field) if resource.parent_field else None
    return next((p for p in parents if p.id == link), parents[0])


def seed_records(inference: Inference, seed: int, count: int = 5) -> list[Seeded]:
    """Every resource's starting records, reproducible for a seed."""
    return Seeder(inference, seed, count).run()
