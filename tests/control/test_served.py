"""The issue's walk-through, over HTTP against `circuithub-mock serve` (granian), as a new
user would try it with curl: clock and quotes, faults and retries, verify, reset."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

ALICE = {"Authorization": "Bearer ch_test_alice"}
ISSUES: dict[str, str | int] = {"workspace": "acme-electronics", "order": 8001}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/_mock/apis", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def titles(base: str) -> list[str]:
    found = requests.get(f"{base}/v1/issues", params=ISSUES, headers=ALICE, timeout=10).json()
    return [issue["title"] for issue in found["issues"]]


def test_a_frozen_clock_expires_a_quote(base: str) -> None:
    clock = requests.put(f"{base}/_mock/clock", json={"now": "2025-03-15T10:00:00Z"}, timeout=10)
    assert clock.json() == {"now": "2025-03-15T10:00:00Z", "frozen": True}
    first = requests.post(f"{base}/v1/quotes", json={"projectId": 12345}, headers=ALICE).json()
    cached = requests.post(f"{base}/v1/quotes", json={"projectId": 12345}, headers=ALICE).json()
    assert cached["id"] == first["id"]
    requests.post(f"{base}/_mock/clock/advance", json={"seconds": 3601}, timeout=10)
    fresh = requests.post(f"{base}/v1/quotes", json={"projectId": 12345}, headers=ALICE).json()
    assert fresh["id"] != first["id"] and fresh["createdAt"] == "2025-03-15T11:00:01Z"


def test_a_client_with_retries_gets_through_two_503s(base: str) -> None:
    rule: dict[str, str | int] = {"operationId": "createIssue", "status": 503, "times": 2}
    assert requests.post(f"{base}/_mock/faults", json=rule, timeout=10).status_code == 201
    requests.delete(f"{base}/_mock/requests", timeout=10)
    http = requests.Session()
    retry = Retry(total=3, backoff_factor=0, status_forcelist=[503], allowed_methods=None)
    http.mount("http://", HTTPAdapter(max_retries=retry))
    made = http.post(f"{base}/v1/orders/8001/issues", json={"title": "Late"}, headers=ALICE)
    assert made.status_code == 201
    journal = requests.get(f"{base}/_mock/requests?operationId=createIssue", timeout=10).json()
    assert [entry["status"] for entry in journal["requests"]] == [503, 503, 201]


def test_verify_reports_a_call_that_never_happened(base: str) -> None:
    answer = requests.post(
        f"{base}/_mock/requests/verify", json={"operationId": "getInvoicePdf"}, timeout=10
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "VERIFICATION_FAILED" and answer.json()["details"]


def test_reset_restores_the_docs_world(base: str) -> None:
    requests.post(f"{base}/v1/orders/8001/issues", json={"title": "Extra"}, headers=ALICE)
    assert "Extra" in titles(base)
    assert requests.post(f"{base}/_mock/reset", timeout=10).status_code == 204
    assert titles(base) == ["Wrong footprint on C12"]


def test_a_reset_rule_breaks_the_connection(base: str) -> None:
    rule: dict[str, str | int] = {"path": "/v1/health", "reset": True, "times": 1}
    requests.post(f"{base}/_mock/faults", json=rule, timeout=10)
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        requests.get(f"{base}/v1/health", timeout=10)
    assert requests.get(f"{base}/v1/health", timeout=10).status_code == 200
