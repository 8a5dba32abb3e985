"""`circuithub-mock contract`: run the suites with pytest, then print what they covered."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from mockserver.contract import suite_files
from mockserver.contract.apis import CONTRACT_APIS
from mockserver.contract.html import Outcomes, write_html
from mockserver.contract.options import PROFILES, OptionsError, build
from mockserver.contract.plugin import InjectedRun
from mockserver.contract.report import RunReport, print_summary
from mockserver.contract.target import AppFactory

# CLI option -> pytest option of mockserver/contract/hooks.py; flags carry no value.
VALUED = {
    "api": "--api",
    "base_url": "--base-url",
    "token": "--token",
    "second_token": "--second-token",
    "profile": "--profile",
    "max_examples": "--max-examples",
    "seed": "--seed",
    "rate_limit": "--rate-limit",
    "junit": "--junitxml",
    "workers": "-n",
}
FLAGS = {"allow_writes": "--allow-writes", "ci": "--ci"}
# The suites' pytest hooks and options (a plugin, since the suites ship without a conftest).
HOOKS = ("-p", "mockserver.contract.hooks")


def add_subparser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `contract`; the lead's cli.py calls this."""
    parser = subparsers.add_parser(
        "contract",
        help="run the contract suites against the in-process mock or a deployment",
        description=__doc__,
    )
    parser.add_argument(
        "--api", choices=sorted(CONTRACT_APIS), help="the API to test (default: circuithub)"
    )
    parser.add_argument("--base-url", metavar="URL", help="a deployment (default: in-process)")
    parser.add_argument("--token", help="API key (or CIRCUITHUB_API_KEY)")
    parser.add_argument("--second-token", help="a caller in another workspace, for isolation")
    parser.add_argument("--profile", choices=PROFILES, help="default: full on loopback")
    parser.add_argument("--max-examples", type=int, metavar="N", help="examples per test")
    parser.add_argument("--seed", type=int, metavar="N", help="reproduce a run")
    parser.add_argument("--junit", metavar="FILE", help="write JUnit XML here")
    parser.add_argument("--allow-writes", action="store_true", help="let full write remotely")
    parser.add_argument("--rate-limit", metavar="N/s", help="client-side request pacing")
    parser.add_argument("--ci", action="store_true", help="fixed seed and budget, JUnit XML")
    parser.add_argument("--workers", metavar="N", help="parallel pytest-xdist workers (auto)")
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    parser.set_defaults(func=contract_command)


def contract_command(args: argparse.Namespace) -> int:
    """0 when every suite passes, 1 on any failure, 2 on contradictory options."""
    values = vars(args)
    try:
        options = build(values)
    except OptionsError as exc:
        print(f"circuithub-mock contract: {exc}", file=sys.stderr)
        return 2
    outcomes = Outcomes()
    with tempfile.TemporaryDirectory(prefix="contract-") as report_dir:
        code, _ = run_suite(pytest_args(values, Path(report_dir)), plugins=[outcomes])
        result = RunReport.load(Path(report_dir))
    print_summary(Console(), result, options)
    if values.get("html"):
        write_html(Path(values["html"]), result, outcomes, options, code)
        print(f"contract: HTML report written to {values['html']}")
    return 0 if code == 0 else 1


def pytest_args(values: dict[str, Any], report_dir: Path) -> list[str]:
    args = ["--contract-report-dir", str(report_dir)]
    for name, flag in VALUED.items():
        if values.get(name) is not None:
            args += [flag, str(values[name])]
    args += [flag for name, flag in FLAGS.items() if values.get(name)]
    return args


def forget_suite_modules() -> None:
    """Suite modules build their schema from the options at import: re-import them per run."""
    for name in [m for m in sys.modules if m.startswith("mockserver.contract.suites.suite_")]:
        del sys.modules[name]


def run_suite(
    args: Sequence[str],
    paths: Sequence[Path] | None = None,
    factory: AppFactory | None = None,
    plugins: Sequence[object] = (),
) -> tuple[int, InjectedRun]:
    """Run pytest on (parts of) the suites in this process; `factory` swaps the mock under test."""
    forget_suite_modules()
    plugin = InjectedRun(factory)
    # Launched from `circuithub-mock`, modules such as faker are imported before pytest starts;
    # their pytest plugins are not needed here, and a late import is no error.
    quiet = ["-p", "no:faker", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    code = pytest.main(
        [*map(str, paths or suite_files()), *HOOKS, "-p", "no:cacheprovider", *quiet, *args],
        plugins=[plugin, *plugins],
    )
    return int(code), plugin
