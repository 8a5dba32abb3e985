"""Every data-quality schema has a Hypothesis strategy whose examples validate against it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mockserver.apis.dataquality.paths import SPEC_PATH
from mockserver.engine.spec import load_spec
from mockserver.fixtures import strategies

DQ = strategies.for_api("dataquality")
COMPONENTS = load_spec(SPEC_PATH).document["components"]


def validator(name: str) -> Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": COMPONENTS}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_component_schema_is_covered() -> None:
    assert DQ.schema_names() == tuple(COMPONENTS["schemas"])


@pytest.mark.parametrize("name", DQ.schema_names())
def test_examples_validate(name: str) -> None:
    check_with = validator(name)

    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(DQ.for_schema(name))
    def check(value: Any) -> None:
        assert [e.message for e in check_with.iter_errors(value)] == []

    check()


@given(st.data())
@settings(max_examples=30, deadline=None, database=None)
def test_aliases_and_nullable_references(data: st.DataObject) -> None:
    """`SpaceId` is a UUID or the docs' placeholder; `assignee_id` may be null, never both."""
    space = data.draw(DQ.for_schema("SpaceId"))
    assert space == "space-uuid" or re.fullmatch(r"[0-9a-f-]{36}", space)
    change = data.draw(DQ.for_schema("UpdateIssueRequest"))
    assert change and set(change) <= {"status", "assignee_id", "priority"}


@given(DQ.for_schema("Title"))
@settings(max_examples=300, deadline=None, database=None)
def test_blank_titles_are_never_generated(title: str) -> None:
    """The spec's `\\S`: not blank to Python's `re` either (no "\\xa0" alone)."""
    assert title.strip() and re.search(r"\S", title)
