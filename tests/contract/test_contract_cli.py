"""`circuithub-mock contract`: options, exit codes, the coverage table and failure commands."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from mockserver.contract.runner import add_subparser, contract_command, pytest_args
from tests.contract.contract_fault_catalog import catalog
from tests.contract.contract_faults import build
from tests.contract.contract_server import serving


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="circuithub-mock")
    add_subparser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["contract", *argv])


def test_options_become_pytest_options(tmp_path: Path) -> None:
    args = parse("--base-url", "http://h:1", "--token", "t", "--profile", "readonly")
    args2 = parse("--max-examples", "3", "--seed", "9", "--junit", "j.xml", "--rate-limit", "5/s")
    assert args.func is contract_command
    assert pytest_args(vars(args), tmp_path)[2:] == [
        "--base-url",
        "http://h:1",
        "--token",
        "t",
        "--profile",
        "readonly",
    ]
    assert pytest_args(vars(args2), tmp_path)[2:] == [
        "--max-examples",
        "3",
        "--seed",
        "9",
        "--rate-limit",
        "5/s",
        "--junitxml",
        "j.xml",
    ]


def test_remote_writes_need_allow_writes(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse("--base-url", "https://api.example.com", "--token", "t", "--profile", "full")
    assert contract_command(args) == 2
    assert "--allow-writes" in capsys.readouterr().err


def test_clean_run_passes_and_prints_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert contract_command(parse("--max-examples", "2", "--seed", "3")) == 0
    out = capsys.readouterr().out
    assert "documented status codes exercised" in out and "listOrders" in out


def test_failure_over_http_exits_1_with_curl(capsys: pytest.CaptureFixture[str]) -> None:
    """A deployment (here a faulty mock on loopback) that loses writes fails the run."""
    fault = next(f for f in catalog() if f.name == "lost write")
    with serving(build(fault).app) as url:
        argv = ["--base-url", url, "--token", "ch_test_alice", "--second-token", "ch_test_mallory"]
        code = contract_command(parse(*argv, "--max-examples", "2", "--seed", "3"))
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILED mockserver/contract/suites/suite_issues.py" in out
    assert f'curl -X GET -H "Authorization: Bearer $CIRCUITHUB_API_KEY" \'{url}/v1/issues' in out


def test_the_console_command_runs_the_suites(tmp_path: Path) -> None:
    """Through `circuithub-mock` itself, which imports the fixtures (and Faker) first."""
    import subprocess
    import sys

    junit = tmp_path / "junit.xml"
    argv = ["contract", "--max-examples", "2", "--seed", "3", "--junit", str(junit)]
    done = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", *argv],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "documented status codes exercised" in done.stdout
    assert junit.exists() and "<testsuite" in junit.read_text()
