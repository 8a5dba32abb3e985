"""The plugin as another project's pytest run sees it: fixtures on demand, xdist in sessions."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mockserver.testing.serve import Served, serve_mock

WRITERS = 8
WRITES = 25
# A client project's write-heavy test: every writer must see its own issues and no other's.
WRITE_HEAVY = """
import os, pathlib, pytest, requests

ALICE = {"Authorization": "Bearer ch_test_alice"}
QUERY = {"workspace": "acme-electronics", "order": 8001}

@pytest.mark.parametrize("n", range(WRITERS))
def test_write_heavy(mock, n):
    root = mock.api_url("/v1")
    http = requests.Session()
    mine = {f"writer {n} issue {i}" for i in range(WRITES)}
    for title in sorted(mine):
        answer = http.post(f"{root}/orders/8001/issues", json={"title": title}, headers=ALICE)
        assert answer.status_code == 201, answer.text
    listed = http.get(f"{root}/issues", params=QUERY, headers=ALICE).json()["issues"]
    seen = {issue["title"] for issue in listed}
    assert mine <= seen
    assert not [t for t in seen - mine if t.startswith("writer ")], "another writer's issue"
    mock.requests.assert_called(operation="createIssue", times=WRITES)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    pathlib.Path(f"ran-{n}").write_text(f"{worker} {mock.session}")
"""


def write_heavy(writers: int) -> str:
    return WRITE_HEAVY.replace("WRITERS", str(writers)).replace("WRITES", str(WRITES))


UNTOUCHED = """
import sys, threading

def test_nothing_is_served_unless_asked():
    assert "circuithub-mock" not in [t.name for t in threading.enumerate()]
    assert "mockserver.engine" not in sys.modules
"""


def run_pytest(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    # Plugins the inner runs do not use stay out: each xdist worker would import them.
    quiet = ["-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:faker"]
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *quiet, *args]
    done = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=300, env=env, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def served() -> Iterator[Served]:
    running = serve_mock()
    yield running
    running.stop()


def issue_titles(url: str) -> list[str]:
    answer = requests.get(
        f"{url}/v1/issues",
        params={"workspace": "acme-electronics", "order": "8001"},
        headers={"Authorization": "Bearer ch_test_alice"},
        timeout=10,
    )
    return [issue["title"] for issue in answer.json()["issues"]]


def test_eight_workers_write_in_their_own_sessions(tmp_path: Path, served: Served) -> None:
    before = issue_titles(served.url)
    (tmp_path / "test_writes.py").write_text(write_heavy(WRITERS))
    out = run_pytest(tmp_path, "-n", str(WRITERS), "--mock-url", served.url)
    assert f"{WRITERS} passed" in out
    ran = [path.read_text().split() for path in tmp_path.glob("ran-*")]
    assert len({worker for worker, _ in ran}) == WRITERS  # every test on a worker of its own
    assert len({session for _, session in ran}) == WRITERS
    assert issue_titles(served.url) == before  # the default world is unchanged
    sessions = requests.get(f"{served.url}/_mock/sessions", timeout=10).json()["sessions"]
    assert [s["id"] for s in sessions] == ["default"]  # each test's session was deleted


def test_workers_share_one_served_mock_that_ends_with_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_writes.py").write_text(write_heavy(2))
    # A temporary folder of its own: other runs (other xdist workers) keep their mocks' state
    # in the shared one.
    own = tmp_path / "tmp"
    own.mkdir()
    out = run_pytest(tmp_path, "-n", "2", "-v", env={**os.environ, "TMPDIR": str(own)})
    assert "2 passed" in out
    deadline = time.monotonic() + 10
    while live_shared_mocks(own) and time.monotonic() < deadline:
        time.sleep(0.1)  # it notices its owner is gone within half a second
    assert not live_shared_mocks(own), "a shared mock outlived its run"


def live_shared_mocks(folder: Path | None = None) -> list[str]:
    found = []
    for state in (folder or Path(tempfile.gettempdir())).glob("circuithub-mock-*.json"):
        with contextlib.suppress(FileNotFoundError, ValueError, KeyError, TypeError):
            if Path(f"/proc/{json.loads(state.read_text())['pid']}").exists():
                found.append(state.name)
    return found


def test_a_run_that_asks_for_nothing_is_untouched(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(UNTOUCHED)
    assert "1 passed" in run_pytest(tmp_path)
