"""The contract suites' target: a session of its own, reset through the admin API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from flask.testing import FlaskClient

from mockserver.contract.options import RunOptions
from mockserver.contract.target import InProcessApp, Target
from mockserver.testing.serve import Served, serve_app
from tests.conftest import ALICE, make_app
from tests.control.conftest import admin
from tests.control.test_sessions import issue_titles


def test_in_process_runs_leave_the_default_world_alone() -> None:
    app = make_app()
    client: FlaskClient = app.test_client()
    before = issue_titles(client, ALICE)
    target = Target(RunOptions(), lambda: InProcessApp(app))
    assert target.mock_session is not None and target.mock_session.startswith("contract-")
    made = target.first.post("/orders/8001/issues", {"title": "from the suite"})
    assert made.status == 201
    assert issue_titles(client, ALICE) == before
    assert "from the suite" in issue_titles(
        client, {**ALICE, "X-Mock-Session": target.mock_session}
    )
    listed = admin(client, "GET", "/requests", session=target.mock_session).get_json()["requests"]
    assert [e["operationId"] for e in listed] == ["createIssue", "listIssues"]
    target.reset()
    assert "from the suite" not in issue_titles(
        client, {**ALICE, "X-Mock-Session": target.mock_session}
    )


def test_an_app_without_the_admin_api_is_reset_by_its_callable() -> None:
    resets: list[int] = []

    def bare(environ: dict[str, object], start_response: object) -> list[bytes]:
        start_response("404 Not Found", [("Content-Type", "text/plain")])  # type: ignore[operator]
        return [b"no admin API here"]

    target = Target(RunOptions(), lambda: InProcessApp(bare, lambda: resets.append(1)))
    assert target.mock_session is None
    target.reset()
    assert resets == [1]


@pytest.fixture
def served() -> Iterator[Served]:
    running = serve_app(make_app())
    yield running
    running.stop()


def test_a_served_mock_is_tested_in_a_session_deleted_at_the_end(served: Served) -> None:
    target = Target(RunOptions(base_url=f"{served.url}/v1"))
    assert target.mock_session is not None
    assert target.first.post("/orders/8001/issues", {"title": "remote"}).status == 201
    sessions = requests.get(f"{served.url}/_mock/sessions", timeout=10).json()["sessions"]
    assert [s["id"] for s in sessions] == ["default", target.mock_session]
    target.reset()
    target.close()
    sessions = requests.get(f"{served.url}/_mock/sessions", timeout=10).json()["sessions"]
    assert [s["id"] for s in sessions] == ["default"]
