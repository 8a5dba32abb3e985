"""`contract --api dataquality`: the suites test the data-quality API and catch its faults."""

from __future__ import annotations

import argparse

import pytest

from mockserver.contract import SUITES_DIR
from mockserver.contract.apis import contract_api
from mockserver.contract.options import build as build_options
from mockserver.contract.runner import add_subparser, contract_command, run_suite
from tests.contract.contract_faults import Environ, Exchange, Fault, Resend, build
from tests.contract.contract_server import serving

JANE = "Bearer dq_test_jane"
EVE = "Bearer dq_test_eve"
ISSUE = r"/dq/issues/[0-9a-f-]{36}"
BUDGET = ["--api", "dataquality", "--max-examples", "5", "--seed", "7", "--no-shrink", "-q"]
DQ_SUITES = [SUITES_DIR / name for name in ("suite_schema.py", "suite_dq_spaces.py")]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="circuithub-mock")
    add_subparser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["contract", *argv])


def leak_across_spaces(ex: Exchange, resend: Resend) -> None:
    """What another space may not have, it gets anyway (as the owner would)."""
    if ex.authorization == EVE and ex.status == 403 and ex.path.startswith("/dq/"):
        leaked = resend(JANE)
        ex.status, ex.headers, ex.content = leaked.status, leaked.headers, leaked.content


def drop_reporter(ex: Exchange, _: Resend) -> None:
    if ex.is_("GET", ISSUE):
        ex.set_json({k: v for k, v in ex.json().items() if k != "reporter"})


def unlisted_history(ex: Exchange, _: Resend) -> None:
    """Status changes stop reaching the audit trail."""
    if ex.is_("GET", ISSUE + "/history"):
        items = [i for i in ex.json()["items"] if i["action"] != "status_changed"]
        ex.set_json({"items": items})


def anyone_in(environ: Environ) -> None:
    if environ["PATH_INFO"].startswith("/dq/") and not environ.get("HTTP_AUTHORIZATION"):
        environ["HTTP_AUTHORIZATION"] = JANE


FAULTS = [
    (Fault("cross-space leak", ("suite_dq_spaces.py",), response=leak_across_spaces), []),
    (Fault("lost history", ("suite_dq_spaces.py",), response=unlisted_history), []),
    (Fault("auth bypass", ("suite_dq_spaces.py",), request=anyone_in), []),
    (Fault("required field dropped", ("suite_schema.py",), response=drop_reporter), ["getIssue"]),
]


def test_options_take_the_api_s_mount_and_callers() -> None:
    found = build_options({"api": "dataquality"}, {})
    assert (found.api, found.token, found.second_token) == (
        "dataquality",
        "dq_test_jane",
        "dq_test_eve",
    )
    remote = build_options({"api": "dataquality", "base_url": "http://h:1", "token": "k"}, {})
    assert remote.base_url == "http://h:1/dq"
    assert contract_api("dataquality").config_path.is_file()


def test_in_process_run_passes_and_prints_the_api_s_coverage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        contract_command(parse("--api", "dataquality", "--max-examples", "3", "--seed", "3")) == 0
    )
    out = capsys.readouterr().out
    assert "listIssueHistory" in out and "listOrders" not in out
    assert "suite_dq_spaces.py" in out and "suite_bom.py" not in out


def test_clean_mock_passes_the_faults_sections() -> None:
    """The middleware with no fault planted: no false positives."""
    code, run = run_suite(BUDGET, DQ_SUITES, factory=lambda: build(None))
    assert code == pytest.ExitCode.OK, f"false positives: {run.failed}"
    assert len(run.passed) >= len(DQ_SUITES)


@pytest.mark.parametrize(("fault", "operations"), FAULTS, ids=lambda f: getattr(f, "name", ""))
def test_suite_catches_the_fault(fault: Fault, operations: list[str]) -> None:
    args = BUDGET + ["-x"] + [f"--operation={op}" for op in operations]
    paths = [SUITES_DIR / suite for suite in fault.suites]
    code, run = run_suite(args, paths, factory=lambda: build(fault))
    assert code == pytest.ExitCode.TESTS_FAILED, f"the suite missed: {fault.name}"
    assert run.failed and all(any(p.name in node for p in paths) for node in run.failed)


def test_a_served_mock_is_tested_under_dq(capsys: pytest.CaptureFixture[str]) -> None:
    """Against a served mock: `--base-url` gains `/dq`, and the domain suite runs over HTTP."""
    with serving(build(None).app) as url:
        argv = ["--api", "dataquality", "--base-url", url, "--token", "dq_test_jane"]
        code = contract_command(
            parse(*argv, "--second-token", "dq_test_eve", "--max-examples", "2")
        )
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert "suite_dq_spaces.py" in out and "listIssues" in out


def test_the_circuithub_suites_are_deselected() -> None:
    code, run = run_suite([*BUDGET, "--collect-only"], [SUITES_DIR / "suite_bom.py"])
    assert code == pytest.ExitCode.NO_TESTS_COLLECTED and not run.failed
