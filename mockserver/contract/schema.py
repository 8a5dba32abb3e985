"""An API's spec as a Schemathesis schema, configured for one run's options."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from mockserver.contract import CONFIG_PATH
from mockserver.contract.apis import contract_api
from mockserver.contract.options import RunOptions

STATEFUL_STEPS = 10
UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def documented(path: Path = CONFIG_PATH) -> dict[str, Any]:
    """schemathesis.toml: what the API is expected to do beyond its schemas, as the CLI reads it."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def config_for(options: RunOptions) -> SchemathesisConfig:
    """schemathesis.toml, plus this run's seed, budget and modes; every default check."""
    path = contract_api(options.api).config_path
    config = documented(path)
    config["seed"] = options.seed
    config.setdefault("generation", {}).update(
        {
            "max-examples": options.max_examples,
            "mode": "all",
            "database": "none",
            "no-shrink": options.no_shrink,
            # The run sends its own credentials; the `ignored_auth` check probes without.
            "with-security-parameters": False,
        }
    )
    phases = config.setdefault("phases", {})
    phases.setdefault("stateful", {})["max-steps"] = STATEFUL_STEPS
    return SchemathesisConfig.from_dict(config, base_dir=str(path.parent))


def load(options: RunOptions) -> BaseSchema:
    """The schema a run tests: storage is left to the domain suites (it needs signatures)."""
    spec_path = contract_api(options.api).spec_path
    schema: BaseSchema = schemathesis.openapi.from_path(spec_path, config=config_for(options))
    # Only excludes: the config's [[operations]] entries turn any `include` into a no-op.
    schema = schema.exclude(tag="storage")
    if not options.writes:
        schema = schema.exclude(method=UNSAFE_METHODS)
    if options.operations:
        wanted = options.operations
        schema = schema.exclude(
            lambda ctx: ctx.operation.definition.raw["operationId"] not in wanted
        )
    return schema
