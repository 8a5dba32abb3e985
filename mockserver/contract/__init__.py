"""Contract suites for the mock's APIs, driven by each API's openapi.yaml.

Run them with pytest (`pytest mockserver.contract [-n auto]`) or `circuithub-mock contract`.
`--api NAME` picks the API (circuithub by default; dataquality); apis.py says where it is
mounted, its default callers and which suites test it (the others are deselected).
The target is the in-process mock (strict mode, fresh world per test) unless `--base-url URL
--token T [--second-token T]` (or CIRCUITHUB_BASE_URL, CIRCUITHUB_API_KEY,
CIRCUITHUB_SECOND_API_KEY) name a deployment. Suites:

- suite_schema: Schemathesis, every operation but storage; examples, coverage and fuzzing phases.
- suite_stateful: Schemathesis' state machine over the spec's `links`.
- CircuitHub: suite_issues, suite_bom, suite_projects, suite_reads, suite_isolation, suite_limits:
  Hypothesis state machines and sweeps for the domain rules the schema cannot state.
- Data quality: suite_dq_spaces: space isolation, list/get agreement, transitions, history.

Profiles: `full` (writes; default in-process and on loopback) and `readonly` (GETs only;
default elsewhere). Writing to a non-loopback URL needs `--profile full --allow-writes`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SUITES_DIR = PACKAGE_DIR / "suites"


def suite_files() -> list[Path]:
    """Every suite module; passed to pytest by path, since they are not named test_*.py."""
    return sorted(SUITES_DIR.glob("suite_*.py"))


def _spec_path(api: str = "circuithub") -> Path:
    from mockserver.catalog import load_api

    return load_api(api).spec_path


SPEC_PATH = _spec_path()
# What Schemathesis expects beyond the schemas: the shipped copy of the root schemathesis.toml,
# which the plain `st run` reads too.
CONFIG_PATH = SPEC_PATH.with_name("schemathesis.toml")
