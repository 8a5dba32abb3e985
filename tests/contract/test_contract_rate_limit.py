"""429 + Retry-After is honoured, and `--rate-limit` keeps a run under the server's limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver import Config, create_app, host_of
from mockserver.contract import SUITES_DIR
from mockserver.contract.report import RunReport
from mockserver.contract.runner import run_suite
from mockserver.contract.target import InProcessApp

SERVER_RATE = 20.0
SECTION = [SUITES_DIR / "suite_reads.py"]


def limited_mock() -> InProcessApp:
    app = create_app(Config(strict=True, rate_limit=SERVER_RATE))
    return InProcessApp(app, host_of(app).sessions.default.reset)


def run_reads(tmp_path: Path, *extra: str) -> RunReport:
    args = ["--max-examples", "3", "--seed", "5", "-q", "--contract-report-dir", str(tmp_path)]
    code, run = run_suite([*args, *extra], SECTION, factory=limited_mock)
    assert code == pytest.ExitCode.OK, run.failed
    return RunReport.load(tmp_path)


def test_429_is_retried_after_its_delay(tmp_path: Path) -> None:
    assert run_reads(tmp_path).retried > 0


def test_client_side_rate_limit_avoids_429(tmp_path: Path) -> None:
    assert run_reads(tmp_path, "--rate-limit", f"{SERVER_RATE * 0.75:g}/s").retried == 0
