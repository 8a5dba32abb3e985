"""Every generated data-quality record is valid against its spec schema once internal fields go."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mockserver.apis.dataquality.fixtures import RESOURCES, generate
from mockserver.apis.dataquality.paths import SPEC_PATH
from mockserver.apis.dataquality.resources import RESOURCES as DECLARED
from mockserver.engine.spec import load_spec
from mockserver.engine.views import Views

SPEC = load_spec(SPEC_PATH)
VIEWS = Views(SPEC.schemas, SPEC.resolve)
SCHEMAS = {r.name: r.schema for r in DECLARED}
INTERNAL = {r.name: set(r.internal) for r in DECLARED}
SAMPLE = 500  # records per resource checked in the big presets


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A validator of one spec schema; its `$ref`s resolve in the spec's components."""
    schema = {
        "$ref": f"#/components/schemas/{schema_name}",
        "components": SPEC.document["components"],
    }
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def dataset(preset: str) -> dict[str, Any]:
    return generate(seed=3, preset=preset)


def invalid(resource: str, records: list[dict[str, Any]]) -> list[tuple[Any, list[str]]]:
    """Records with fields neither public nor internal, or whose public view is invalid."""
    found = []
    schema = SCHEMAS[resource]
    public = set(SPEC.schema(schema)["properties"]) if schema else set()
    for record in records:
        errors = [f"unknown field {k}" for k in record if k not in public | INTERNAL[resource]]
        errors += [e.message for e in validator("Uuid").iter_errors(record["id"])]
        if schema:
            errors += [
                e.message for e in validator(schema).iter_errors(VIEWS.render(schema, record))
            ]
        if errors:
            found.append((record["id"], errors))
    return found


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("preset", ["small", "docs"])
def test_every_record_of_the_small_presets_is_valid(preset: str, resource: str) -> None:
    assert invalid(resource, dataset(preset)[resource]) == []


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_sample_of_medium_is_valid(resource: str) -> None:
    records = dataset("medium")[resource]
    sample = random.Random(resource).sample(records, min(SAMPLE, len(records)))
    assert invalid(resource, sample) == []


def test_large_shaped_data_is_valid() -> None:
    """The large preset's code paths, scaled down: many spaces, few records in each."""
    data = generate(
        seed=4, preset="large", users=300, products=400, alerts=600, issues=800, comments=900
    )
    for resource in RESOURCES:
        assert data[resource], f"no {resource} generated"
        assert invalid(resource, data[resource]) == [], resource


def test_public_views_keep_exactly_the_schema_properties() -> None:
    issue = dataset("small")["issues"][0]
    view = VIEWS.render("Issue", issue)
    assert list(view) == list(SPEC.schema("Issue")["properties"])
    assert "spaceId" not in view
    user = VIEWS.render("User", dataset("small")["users"][0])
    assert set(user) == {"id", "name", "avatar_url"}
