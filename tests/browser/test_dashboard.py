"""`/_mock/ui` in a real browser against a served mock, with requests made by real curl."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shoot
from tests.browser.served import Served

ALICE = "Authorization: Bearer ch_test_alice"


def curl(served: Served, path: str, *extra: str) -> tuple[int, str]:
    """Status and body of one real curl call."""
    done = subprocess.run(
        ["curl", "-sS", "-H", ALICE, "-w", "\n%{http_code}", *extra, served.url + path],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


def open_dashboard(page: Page, served: Served) -> None:
    page.goto(served.url + "/_mock/ui")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#status")).to_have_text("")


def test_a_curl_request_shows_within_two_seconds_with_its_validation_message(
    served: Served, page: Page, shoot: Shoot
) -> None:
    open_dashboard(page, served)
    expect(page.locator("#apis")).to_contain_text("CircuitHub Platform API")
    status, _ = curl(served, "/v1/issues?workspace=acme-electronics&status=bogus")
    sent = time.monotonic()
    row = page.locator("#journal tbody tr", has_text="status=bogus")
    expect(row).to_be_visible(timeout=2000)
    assert status == 400 and time.monotonic() - sent < 2.0
    expect(row.locator("td.status")).to_have_text("400")
    expect(row).to_contain_text("listIssues")

    row.click()
    entry = page.locator("#entry")
    expect(entry.locator(".message")).to_contain_text("'bogus' is not one of")
    expect(entry).to_contain_text("Validation message")
    expect(entry).to_contain_text('"authorization": "Bearer ****lice"')
    # The answer as it went out: its headers and the API's error body, after the request's.
    answer = entry.locator("h4", has_text="Response").locator("~ pre")
    expect(answer.first).to_contain_text('"content-type": "application/json"')
    expect(answer.last).to_contain_text('"code": "VALIDATION_ERROR"')
    expect(answer.last).to_contain_text("'bogus' is not one of")
    shoot(page, "dashboard")


def test_an_opened_entry_shows_the_json_body_it_was_answered_with(
    served: Served, page: Page
) -> None:
    open_dashboard(page, served)
    status, body = curl(served, "/v1/orders/8001")
    assert status == 200, body
    row = page.locator("#journal tbody tr", has_text="/v1/orders/8001")
    row.click()
    answer = page.locator("#entry h4", has_text="Response").locator("~ pre").last
    expect(answer).to_contain_text('"name": "ORD-8001"')
    expect(page.locator("#entry h5", has_text=f"Body ({len(body.encode())} bytes)")).to_be_visible()


def test_a_fault_added_in_the_form_fails_the_next_call(
    served: Served, page: Page, shoot: Shoot
) -> None:
    open_dashboard(page, served)
    form = page.locator("#fault-form")
    form.locator("[name=operationId]").fill("getProject")
    form.get_by_role("button", name="Add fault").click()
    # A rule that does nothing is refused by the admin API, and the page says why.
    expect(page.locator("#status.error")).to_contain_text("POST /_mock/faults answered 400")
    form.locator("[name=status]").fill("503")
    form.get_by_role("button", name="Add fault").click()
    rules = page.locator("#faults tbody tr")
    expect(rules).to_have_count(1)
    expect(page.locator("#status")).to_have_text("")
    expect(form.locator("[name=operationId]")).to_have_value("")
    expect(rules).to_contain_text("getProject")
    expect(rules).to_contain_text("answer 503")

    status, body = curl(served, "/v1/projects/12345")
    assert status == 503, body
    assert "injected by fault rule" in json.loads(body)["error"]
    assert curl(served, "/v1/orders/8001")[0] == 200  # only the named operation fails
    row = page.locator("#journal tbody tr", has_text="/v1/projects/12345")
    expect(row.locator("td.status")).to_have_text("503")
    expect(row.locator("td.fault")).to_contain_text("503")
    expect(rules.locator("td.num")).to_have_text("1")
    shoot(page, "dashboard-fault")

    rules.get_by_role("button", name="Remove").click()
    expect(page.locator("#faults tbody")).to_contain_text("No fault rules.")
    assert curl(served, "/v1/projects/12345")[0] == 200


def test_reset_empties_the_journal_and_restores_the_data(
    served: Served, page: Page, shoot: Shoot
) -> None:
    title = "Dashboard reset check"
    status, body = curl(
        served,
        "/v1/orders/8001/issues",
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "--data",
        json.dumps({"title": title}),
    )
    assert status == 201, body
    open_dashboard(page, served)
    expect(page.locator("#journal tbody tr", has_text="/v1/orders/8001/issues")).to_be_visible()
    page.locator("#records-resource").select_option("issues")
    page.locator("#records-search").fill(title)
    expect(page.locator("#records tbody tr")).to_have_count(1)
    expect(page.locator("#records-page")).to_contain_text("1 record")

    page.get_by_role("button", name="Reset data and journal").click()
    expect(page.locator("#journal tbody tr")).to_have_count(0)
    expect(page.locator("#records-page")).to_contain_text("0 records")
    shoot(page, "dashboard-reset")
    listed = curl(served, "/v1/issues?workspace=acme-electronics&order=8001")[1]
    assert title not in listed


def test_records_page_and_search_clock_snapshot_and_sessions(
    served: Served, page: Page, tmp_path: Path
) -> None:
    open_dashboard(page, served)
    page.locator("#records-resource").select_option("parts")
    expect(page.locator("#records tbody tr")).to_have_count(20)
    expect(page.locator("#records-page")).to_contain_text("page 1 of")
    page.locator("#records-next").click()
    expect(page.locator("#records-page")).to_contain_text("page 2 of")
    page.locator("#records-search").fill("LM358")
    expect(page.locator("#records tbody tr").first).to_contain_text("LM358")

    page.get_by_role("button", name="Freeze").click()
    expect(page.locator("#clock-mode")).to_have_text("frozen")
    before = page.locator("#clock-now").inner_text()
    page.locator("#clock-seconds").fill("3600")
    page.get_by_role("button", name="Advance").click()
    expect(page.locator("#clock-now")).not_to_have_text(before)
    hours = [int(text[11:13]) for text in (before, page.locator("#clock-now").inner_text())]
    assert (hours[1] - hours[0]) % 24 == 1

    with page.expect_download() as download:
        page.get_by_role("button", name="Download snapshot").click()
    saved = tmp_path / "snapshot.json"
    download.value.save_as(saved)
    assert {"circuithub"} <= set(json.loads(saved.read_text()))

    page.locator("#session-new").fill("qa-1")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#session-select")).to_have_value("qa-1")
    curl(served, "/v1/orders/8001", "-H", "X-Mock-Session: qa-1")
    expect(page.locator("#journal tbody tr", has_text="/v1/orders/8001")).to_have_count(1)
    page.locator("#session-select").select_option("default")
    expect(page.locator("#journal tbody tr", has_text="/v1/orders/8001")).to_have_count(0)
