"""The registration of the CircuitHub Platform API with the engine."""

from __future__ import annotations

import json
from typing import Any

from mockserver.apis.circuithub.errors import render_error
from mockserver.apis.circuithub.fixtures.golden import HINTS
from mockserver.apis.circuithub.fixtures.presets import COUNT_NAMES, PRESETS
from mockserver.apis.circuithub.paths import DEFAULT_DATASET, SPEC_PATH
from mockserver.apis.circuithub.resources import RESOURCES
from mockserver.apis.circuithub.rules.domain import build_domain
from mockserver.engine.api import ApiPackage, FixtureKit, handlers_from_package


def generate(seed: int = 1, preset: str = "small", **counts: int | None) -> dict[str, Any]:
    """The dataset generator, imported on first use: Faker costs a fifth of a second at start."""
    from mockserver.apis.circuithub.fixtures.generator import generate_lazy

    return generate_lazy(seed, preset, **counts)


def default_dataset() -> dict[str, Any]:
    with DEFAULT_DATASET.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


API = ApiPackage(
    name="circuithub",
    title="CircuitHub Platform API",
    mount="/v1",
    spec_path=SPEC_PATH,
    resources=RESOURCES,
    handlers=handlers_from_package("mockserver.apis.circuithub.handlers"),
    build_domain=build_domain,
    default_dataset=default_dataset,
    render_error=render_error,
    uncacheable=frozenset(
        {
            "getProjectStatus",
            "getIssueUploadUrl",
            "startCliLogin",
            "getInvoicePdf",
            "getStatement",
            "getHealth",
        }
    ),
    fixtures=FixtureKit(
        presets=tuple(PRESETS),
        count_names=tuple(COUNT_NAMES),
        generate=generate,
        golden=HINTS,
    ),
)
