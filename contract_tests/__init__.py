"""Contract suites for the CircuitHub Platform API, driven by openapi.yaml.

Run them with pytest (`pytest contract_tests [-n auto]`) or `circuithub-mock contract`.
The target is the in-process mock (strict mode, fresh world per test) unless `--base-url URL
--token T [--second-token T]` (or CIRCUITHUB_BASE_URL, CIRCUITHUB_API_KEY,
CIRCUITHUB_SECOND_API_KEY) name a deployment. Suites:

- test_schema: Schemathesis, every operation but storage; examples, coverage and fuzzing phases.
- test_stateful: Schemathesis' state machine over the spec's `links`.
- test_issues, test_bom, test_projects, test_reads, test_isolation, test_limits: Hypothesis
  state machines and sweeps for the domain rules the schema cannot state.

Profiles: `full` (writes; default in-process and on loopback) and `readonly` (GETs only;
default elsewhere). Writing to a non-loopback URL needs `--profile full --allow-writes`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SPEC_PATH = PACKAGE_DIR.parent / "openapi.yaml"
