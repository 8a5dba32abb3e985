"""The APIs the contract suites can test: their callers, their own suites, and where they live.

The spec, its Schemathesis expectations and the mount path come from the API package itself,
found through the catalog (the suites never import an API package).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_API = "circuithub"
# Schemathesis' runs over the spec: they apply to every API.
GENERIC_SUITES = ("suite_schema.py", "suite_stateful.py")


@dataclass(frozen=True, slots=True)
class ContractApi:
    """One API as the suites see it; the tokens are the in-process dataset's callers."""

    name: str
    token: str
    # A caller of another workspace or space, for the isolation suites.
    second_token: str
    # Its state machines and sweeps for the rules no schema states, besides the generic suites.
    suites: tuple[str, ...]
    # What stays on a deployment after a writing run, and how to clean it up.
    leftovers: str

    @property
    def spec_path(self) -> Path:
        return _package(self.name)[0]

    @property
    def config_path(self) -> Path:
        """The API's own schemathesis.toml, shipped next to its spec."""
        return self.spec_path.with_name("schemathesis.toml")

    @property
    def mount(self) -> str:
        """Where the app serves the API's paths, e.g. `/v1`."""
        return _package(self.name)[1]

    def applies(self, suite: str) -> bool:
        """Whether a suite module (by file name) tests this API."""
        return suite in GENERIC_SUITES or suite in self.suites


@cache
def _package(name: str) -> tuple[Path, str]:
    from mockserver.catalog import load_api

    found = load_api(name)
    return found.spec_path, found.mount


CONTRACT_APIS = {
    "circuithub": ContractApi(
        "circuithub",
        "ch_test_alice",
        "ch_test_mallory",
        (
            "suite_issues.py",
            "suite_bom.py",
            "suite_projects.py",
            "suite_reads.py",
            "suite_isolation.py",
            "suite_limits.py",
        ),
        "The API has no DELETE endpoints, so they stay (issues cannot even be closed through it).",
    ),
    "dataquality": ContractApi(
        "dataquality",
        "dq_test_jane",
        "dq_test_eve",
        ("suite_dq_spaces.py",),
        "Delete the issues with DELETE /issues/{id}; their comments and history go with them.",
    ),
}


def contract_api(name: str) -> ContractApi:
    """The API named `name`; KeyError names the known ones."""
    if name not in CONTRACT_APIS:
        raise KeyError(f"--api {name!r}: the suites know {', '.join(sorted(CONTRACT_APIS))}")
    return CONTRACT_APIS[name]
