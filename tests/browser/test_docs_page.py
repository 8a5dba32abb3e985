"""`/docs` in a real browser: Swagger UI from the mock alone, and "Try it out" against it."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import Shoot
from tests.browser.served import Served


def test_docs_load_offline_and_try_it_out_answers_200(
    served: Served, page: Page, shoot: Shoot
) -> None:
    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url)

    page.on("request", note)
    page.goto(served.url + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CircuitHub Platform API")

    page.locator("button.authorize").first.click()
    dialog = page.locator(".modal-ux")
    dialog.get_by_label("auth-bearer-value").fill("ch_test_alice")
    dialog.get_by_role("button", name="Apply credentials").click()
    expect(dialog.get_by_role("button", name="Remove authorization")).to_be_visible()
    dialog.get_by_role("button", name="Close").click()

    operation = page.locator("#operations-projects-getProject")
    operation.locator(".opblock-summary").first.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("input[placeholder='projectId']").fill("12345")
    operation.get_by_role("button", name="Execute").click()

    live = operation.locator(".live-responses-table")
    expect(live.locator("tr.response td.response-col_status")).to_have_text("200")
    expect(live).to_contain_text('"name": "power-supply-board"')
    expect(operation.locator(".request-url")).to_contain_text(f"{served.url}/v1/projects/12345")
    operation.scroll_into_view_if_needed()
    shoot(page, "docs-try-it-out")
    # Every asset, the spec and the call itself came from the mock: nothing from a CDN.
    assert requested and all(url.startswith(served.url + "/") for url in requested), requested


def test_each_api_has_its_own_page_and_spec_pointing_at_the_mock(
    served: Served, page: Page, shoot: Shoot
) -> None:
    spec = page.request.get(served.url + "/docs/circuithub/openapi.yaml")
    assert spec.ok and spec.headers["content-type"].startswith("application/yaml")
    assert f"url: {served.url}/v1" in spec.text()
    admin = page.request.get(served.url + "/docs/_mock/openapi.yaml")
    assert admin.ok and f"url: {served.url}/_mock" in admin.text()
    page.goto(served.url + "/docs/circuithub")
    expect(page.locator(".swagger-ui .servers")).to_contain_text(f"{served.url}/v1")
    expect(page.locator("#operations-projects-getProject")).to_be_visible()
    shoot(page, "docs")
