"""Where the package's data files are (package data, found with importlib.resources)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = resources.files("mockserver.apis.dataquality")
SPEC_PATH = Path(str(PACKAGE / "openapi.yaml"))
DATA_DIR = Path(str(PACKAGE / "data"))
DEFAULT_DATASET = DATA_DIR / "docs-world.json"
DOCS_RECORDS = DATA_DIR / "docs-records.yaml"
