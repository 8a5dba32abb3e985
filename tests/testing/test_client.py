"""The Python client and the `mock` fixture, as a test suite of a client project uses them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests

from mockserver.testing import MockClient, MockError
from mockserver.testing.plugin import MockServer

ALICE = {"Authorization": "Bearer ch_test_alice"}
ISSUES: dict[str, str | int] = {"workspace": "acme-electronics", "order": 8001}


def titles(root: str) -> list[str]:
    answer = requests.get(f"{root}/issues", params=ISSUES, headers=ALICE, timeout=10)
    return [issue["title"] for issue in answer.json()["issues"]]


def test_each_test_gets_a_fresh_session_of_its_own(mock: MockClient) -> None:
    # "t-<n>-<test>" in one process; "<xdist worker>-<n>-<test>" under pytest-xdist.
    assert mock.session is not None and mock.session.endswith(
        "-test_each_test_gets_a_fresh_session_of_its_own"
    )
    root = mock.api_url("/v1")
    assert root.endswith(f"/_mock/sessions/{mock.session}/v1")
    created = requests.post(
        f"{root}/orders/8001/issues", json={"title": "mine"}, headers=ALICE, timeout=10
    )
    assert created.status_code == 201
    assert "mine" in titles(root)
    assert "mine" not in titles(mock.in_session(None).api_url("/v1"))


def test_the_header_form_reaches_the_same_session(mock: MockClient) -> None:
    headers = {**ALICE, **mock.headers}
    requests.post(
        f"{mock.url}/v1/orders/8001/issues",
        json={"title": "by header"},
        headers=headers,
        timeout=10,
    )
    assert "by header" in titles(mock.api_url())


def test_clock_helpers(mock: MockClient) -> None:
    mock.clock.freeze("2025-03-15T10:00:00Z")
    assert mock.clock.frozen
    assert mock.clock.advance(hours=1, seconds=1)["now"] == "2025-03-15T11:00:01Z"
    assert mock.clock.now() == datetime(2025, 3, 15, 11, 0, 1, tzinfo=UTC)
    mock.clock.unfreeze()
    assert not mock.clock.frozen


def test_a_fault_in_a_with_block_is_removed_after_it(mock: MockClient) -> None:
    health = mock.api_url("/v1") + "/health"
    with mock.faults.add(operation="getHealth", status=503) as fault:
        assert requests.get(health, timeout=10).status_code == 503
        assert [f["id"] for f in mock.faults.list()] == [fault.id]
    assert requests.get(health, timeout=10).status_code == 200
    with mock.faults.add(operation="getHealth", latency_ms=(1, 2), times=1):
        requests.get(health, timeout=10)  # retires the rule: leaving the block still works


def test_a_client_with_retries_gets_through(mock: MockClient) -> None:
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    http = requests.Session()
    retry = Retry(total=3, backoff_factor=0, status_forcelist=[503], allowed_methods=None)
    http.mount("http://", HTTPAdapter(max_retries=retry))
    mock.faults.add(operation="createIssue", status=503, times=2)
    root = mock.api_url("/v1")
    answer = http.post(f"{root}/orders/8001/issues", json={"title": "t"}, headers=ALICE)
    assert answer.status_code == 201
    mock.requests.assert_called(operation="createIssue", times=3)
    assert [r["status"] for r in mock.requests.list(operation="createIssue")] == [503, 503, 201]


def test_assert_called_shows_the_near_misses(mock: MockClient) -> None:
    root = mock.api_url("/v1")
    requests.post(f"{root}/orders/8001/issues", json={"title": "Late"}, headers=ALICE, timeout=10)
    assert mock.requests.assert_called(operation="createIssue", body={"title": "Late"}) == 1
    with pytest.raises(AssertionError) as failure:
        mock.requests.assert_called(operation="createIssue", body={"title": "Early"}, times=1)
    message = str(failure.value)
    assert "expected exactly 1 request matching operationId=createIssue" in message
    assert "closest requests:" in message and "body.title: wanted 'Early', was 'Late'" in message
    mock.requests.assert_not_called(operation="listOrders")
    assert mock.requests.count(method="POST") == 1
    assert mock.requests.last()["operationId"] == "createIssue"  # type: ignore[index]
    with pytest.raises(AssertionError, match="between 2 and 3"):
        mock.requests.assert_called(operation="createIssue", times=(2, 3))


@pytest.mark.mock_session(seed=7, preset="small")
def test_a_marker_seeds_the_session(mock: MockClient) -> None:
    assert mock.sessions.list()[0]["id"] == "default"
    session = next(s for s in mock.sessions.list() if s["id"] == mock.session)
    assert session["seed"] == 7
    snapshot = mock.snapshot(api="circuithub")
    assert "alice@acme.co" not in [u["email"] for u in snapshot["users"]]


def test_reset_snapshot_and_restore(mock: MockClient) -> None:
    before = mock.snapshot()
    requests.post(
        mock.api_url() + "/orders/8001/issues", json={"title": "x"}, headers=ALICE, timeout=10
    )
    changed = mock.snapshot()
    mock.reset()
    assert mock.snapshot() == before
    mock.restore(changed)
    assert "x" in titles(mock.api_url())


def test_errors_of_the_admin_api_are_raised(mock: MockClient) -> None:
    with pytest.raises(MockError) as refused:
        mock.faults.add(operation="noSuchOperation", status=500)
    assert refused.value.status == 400 and "noSuchOperation" in str(refused.value)


def test_the_run_has_one_server(mock_server: MockServer) -> None:
    assert mock_server.url.startswith("http://127.0.0.1:")
    assert [a["name"] for a in mock_server.client.apis()] == ["circuithub", "dataquality"]
