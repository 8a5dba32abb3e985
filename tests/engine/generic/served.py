"""Serving a spec in zero-code mode inside the test process (strict, frozen clock)."""

from __future__ import annotations

import base64
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

import mockserver
from mockserver.engine.app import create_app
from mockserver.engine.config import Config
from mockserver.engine.generic.api import ZeroCode, zero_code

SPECS = Path(__file__).parent / "specs"
PETSTORE = SPECS / "petstore-expanded.yaml"
MUSEUM = SPECS / "museum.yaml"
MUSEUM_KEY = "visitor:secret"
# The data-quality API's own spec, served here with no code of its own.
DATAQUALITY = Path(mockserver.__file__).parent / "apis" / "dataquality" / "openapi.yaml"
DQ_KEY = "dq_test_jane"


def basic(credential: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(credential.encode()).decode()}


def write_spec(folder: Path, document: dict[str, Any]) -> Path:
    path = folder / "openapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def serve(
    path: Path, seed: int = 1, keys: Collection[str] = (), strict: bool = True
) -> tuple[ZeroCode, FlaskClient]:
    served = zero_code(path, seed=seed, keys=keys)
    config = Config(strict=strict, seed=seed, clock="2025-03-15T10:00:00Z")
    app = create_app([served.package], config)
    return served, app.test_client()
