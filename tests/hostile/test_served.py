"""Tried as a new user would: `serve` runs in subprocesses on loopback ports.

- Without a secret, each run signs with a random one: a JWT or presigned URL from one run is
  refused by another. (Issue 15: the secret was a constant anyone could read in the source.)
- With `--secret` or `CIRCUITHUB_MOCK_SECRET`, replicas accept each other's tokens and URLs.
- Resident memory stays bounded through bursts of large uploads. (Issue 15: five 20 MB PUTs
  took 113 MB to 295 MB, and more took it to 862 MB.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from mockserver.cli import SECRET_ENV
from tests.hostile.served import Served, served

ALICE = {"Authorization": "Bearer ch_test_alice"}
SECRET = "replicas-share-this-secret-of-32-bytes"
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, Served]]:
    """Two runs without a secret, one with the variable and one with the option (same value)."""
    with ExitStack() as stack:
        yield {
            "first": stack.enter_context(served()),
            "second": stack.enter_context(served()),
            "env": stack.enter_context(served(env={SECRET_ENV: SECRET})),
            "option": stack.enter_context(served("--secret", SECRET)),
        }


def login(server: Served) -> str:
    query = urlencode({"redirect_uri": "http://localhost:8765/callback"})
    status, headers, _ = server.request("GET", f"/v1/auth/cli?{query}")
    assert status == 302
    return parse_qs(urlsplit(headers["location"]).query)["token"][0]


def workspaces(server: Served, token: str) -> int:
    return server.request("GET", "/v1/workspaces", headers={"Authorization": f"Bearer {token}"})[0]


def attachment_url(server: Served) -> str:
    """A presigned URL whose key any run can know (client-chosen uuid), path and query."""
    query = urlencode({"filename": "a.zip", "uuid": "1f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c8"})
    status, _, body = server.request("GET", f"/v1/issues/7001/upload-url?{query}", headers=ALICE)
    assert status == 200, body
    parts = urlsplit(json.loads(body)["uploadUrl"])
    return f"{parts.path}?{parts.query}"


def put_status(server: Served, url: str) -> int:
    return server.request("PUT", url, b"zip bytes")[0]


def test_each_run_has_its_own_secret(runs: dict[str, Served]) -> None:
    first, second = runs["first"], runs["second"]
    token = login(first)
    assert workspaces(first, token) == 200
    assert workspaces(second, token) == 401
    url = attachment_url(first)
    attachment_url(second)  # the second run knows the key too: only the signature differs
    assert put_status(second, url) == 403
    assert put_status(first, url) == 200


def test_replicas_given_one_secret_accept_each_others(runs: dict[str, Served]) -> None:
    by_env, by_option = runs["env"], runs["option"]
    assert workspaces(by_option, login(by_env)) == 200
    assert workspaces(by_env, login(by_option)) == 200
    url = attachment_url(by_env)
    attachment_url(by_option)
    assert put_status(by_option, url) == 200


def burst(server: Served, files: int, size: int) -> None:
    names = [{"filename": f"part-{i}.bin", "size": size} for i in range(files)]
    body = json.dumps({"workspace": "acme-electronics", "files": names}).encode()
    headers = {**ALICE, "Content-Type": "application/json"}
    status, _, answer = server.request("POST", "/v1/projects/upload-urls", body, headers)
    assert status == 200, answer
    payload = b"\x5a" * size

    def upload(target: dict[str, object]) -> int:
        parts = urlsplit(str(target["uploadUrl"]))
        signed = dict(target["headers"])  # type: ignore[call-overload]
        return server.request("PUT", f"{parts.path}?{parts.query}", payload, signed)[0]

    with ThreadPoolExecutor(max_workers=files) as pool:
        assert set(pool.map(upload, json.loads(answer)["uploads"])) == {200}


def test_resident_memory_stays_bounded_through_upload_bursts(runs: dict[str, Served]) -> None:
    """Six parallel 8 MiB PUTs, five times (240 MiB): past the first burst (buffers, arenas),
    four more add under half of what they upload (typically a fifth: allocator noise varies);
    kept in memory they would add all of it (233 MiB measured with spooling off)."""
    server = runs["first"]
    burst(server, files=6, size=8 * MIB)
    warm = server.rss_kib()
    for _ in range(4):
        burst(server, files=6, size=8 * MIB)
    grown_mib = (server.rss_kib() - warm) / 1024
    assert grown_mib < 96, f"resident memory grew {grown_mib:.0f} MiB after 192 MiB of uploads"
