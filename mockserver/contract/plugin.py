"""Hooks a programmatic run adds to pytest: an app to test in-process, and the results."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from mockserver.contract.options import RunOptions
from mockserver.contract.target import AppFactory

OPTIONS_KEY = pytest.StashKey[RunOptions]()
APP_FACTORY_KEY = pytest.StashKey[AppFactory]()
CREATED_KEY = pytest.StashKey[list[str]]()


@dataclass(slots=True)
class InjectedRun:
    """Passed to `pytest.main(plugins=...)`: the app to test, and what failed (by node id)."""

    factory: AppFactory | None = None
    failed: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    def pytest_configure(self, config: pytest.Config) -> None:
        if self.factory is not None:
            config.stash[APP_FACTORY_KEY] = self.factory

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed.append(report.nodeid)
        elif report.passed and report.when == "call":
            self.passed.append(report.nodeid)
