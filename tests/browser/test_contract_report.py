"""`contract --html`: the page of a run with one planted failure, opened offline in Chromium."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from mockserver.contract import SUITES_DIR, runner
from tests.browser.conftest import Shoot
from tests.contract.contract_fault_catalog import catalog
from tests.contract.contract_faults import build
from tests.contract.contract_server import serving


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="circuithub-mock")
    runner.add_subparser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["contract", *argv])


def test_report_shows_the_failure_its_curl_and_the_coverage(
    tmp_path: Path, page: Page, shoot: Shoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = next(f for f in catalog() if f.name == "lost write")
    # Only the suite that catches the fault: the command is the real one, the run is short.
    monkeypatch.setattr(runner, "suite_files", lambda: [SUITES_DIR / s for s in fault.suites])
    report = tmp_path / "report.html"
    with serving(build(fault).app) as url:
        tokens = ["--token", "ch_test_alice", "--second-token", "ch_test_mallory"]
        budget = ["--max-examples", "5", "--seed", "7"]
        args = parse("--base-url", url, *tokens, *budget, "--html", str(report))
        assert runner.contract_command(args) == 1

    outside: list[str] = []

    def refuse(route: Route) -> None:
        outside.append(route.request.url)
        route.abort()

    page.route("http*://**", refuse)
    page.goto(report.as_uri())
    expect(page.locator("h1 .verdict")).to_have_text("failed")
    failure = page.locator(".failure")
    expect(failure).to_have_count(1)
    expect(failure).to_contain_text("suite_issues.py::test_issues_are_listed_under_their_filters")
    expect(failure.locator("pre.curl")).to_contain_text(f"{url}/v1/orders/8001/issues")
    expect(failure.locator("pre.curl")).to_contain_text("$CIRCUITHUB_API_KEY")
    expect(failure.locator("pre.example")).to_contain_text("state = IssuesMachine()")
    expect(failure.locator("pre.message")).to_contain_text("is not listed")
    expect(page.locator("tr.has-failure th.op")).to_have_text(["listIssues"])
    covered = page.locator("tr", has=page.locator("th.op", has_text="createIssue"))
    expect(covered.locator("td.cell.covered")).not_to_have_count(0)
    shoot(page, "contract-report")
    failure.scroll_into_view_if_needed()
    shoot(page, "contract-report-failure")
    assert outside == [], f"the report is not self-contained: {outside}"
