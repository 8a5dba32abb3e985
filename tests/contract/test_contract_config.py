"""schemathesis.toml: one file of expectations, read by the plain CLI and by the suites alike."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from schemathesis.config import SchemathesisConfig

from mockserver.contract import CONFIG_PATH, SPEC_PATH
from mockserver.contract.options import RunOptions
from mockserver.contract.schema import config_for, documented
from mockserver.engine.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = load_spec(SPEC_PATH)


def named(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def test_the_shipped_config_is_the_root_config() -> None:
    assert CONFIG_PATH.read_bytes() == (ROOT / "schemathesis.toml").read_bytes(), (
        "mockserver/apis/circuithub/schemathesis.toml differs from schemathesis.toml: "
        "copy the root one"
    )


def test_the_root_config_is_one_schemathesis_accepts() -> None:
    config = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
    entries = tomllib.loads((ROOT / "schemathesis.toml").read_text())["operations"]
    assert len(config.projects.default.operations.operations) == len(entries) > 0


def test_every_operation_and_tag_it_names_is_in_the_spec() -> None:
    ids = {op.operation_id for op in SPEC.operations.values()}
    tags = {op.tag for op in SPEC.operations.values()}
    for entry in documented()["operations"]:
        assert set(named(entry, "include-operation-id")) <= ids, entry
        assert set(named(entry, "include-tag")) <= tags, entry


def test_operations_allowed_a_400_for_valid_input_document_it() -> None:
    """Each operation told to expect 400s for schema-valid requests says when, in its prose."""
    for entry in documented()["operations"]:
        statuses = entry.get("checks", {}).get("positive_data_acceptance", {})
        if "400" not in statuses.get("expected-statuses", []):
            continue
        for operation_id in named(entry, "include-operation-id"):
            operation = SPEC.operations[operation_id]
            raw = SPEC.document["paths"][operation.path][operation.method.lower()]
            assert "400" in operation.responses, operation_id
            assert "400" in raw["description"], operation_id


def test_a_run_adds_its_seed_and_budget_to_the_documented_expectations() -> None:
    options = RunOptions(seed=7, max_examples=3)
    config = config_for(options)
    project = config.projects.default
    assert config.seed == 7
    assert project.generation.max_examples == 3
    assert not project.generation.allow_extra_parameters  # from the file
    assert len(project.operations.operations) == len(documented()["operations"])
