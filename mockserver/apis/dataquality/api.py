"""The registration of the data-quality Issues API with the engine.

Its operations are zero-code mode's generic behaviour over its own dataset, with its rules as
hooks (rules/hooks.py); nothing maps operations to handlers by hand.
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.dataquality.errors import render_error
from mockserver.apis.dataquality.fixtures.golden import HINTS
from mockserver.apis.dataquality.fixtures.presets import COUNT_NAMES, PRESETS
from mockserver.apis.dataquality.paths import DEFAULT_DATASET, SPEC_PATH
from mockserver.apis.dataquality.resources import LAYOUT, RESOURCES
from mockserver.apis.dataquality.rules.hooks import DataQualityRules
from mockserver.engine.api import ApiPackage, FixtureKit
from mockserver.engine.dataset import load_dataset
from mockserver.engine.generic.stored import extend


def generate(seed: int = 1, preset: str = "small", **counts: int | None) -> dict[str, Any]:
    """The dataset generator, imported on first use: Faker costs a fifth of a second at start."""
    from mockserver.apis.dataquality.fixtures.generator import generate as build

    return build(seed, preset, **counts)


def default_dataset() -> dict[str, Any]:
    return load_dataset(DEFAULT_DATASET)


GENERIC = extend(SPEC_PATH, DataQualityRules, LAYOUT)

API = ApiPackage(
    name="dataquality",
    title="Data Quality Issues API",
    mount="/dq",
    spec_path=SPEC_PATH,
    resources=RESOURCES,
    handlers=GENERIC.handlers,
    build_domain=GENERIC.build_domain,
    default_dataset=default_dataset,
    render_error=render_error,
    fixtures=FixtureKit(presets=PRESETS, count_names=COUNT_NAMES, generate=generate, golden=HINTS),
)
