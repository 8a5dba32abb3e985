"""Plain Schemathesis (its CLI, every default check) against `circuithub-mock serve --spec`."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.engine.generic.served import DATAQUALITY, DQ_KEY, MUSEUM, MUSEUM_KEY, PETSTORE

BIN = Path(sys.executable).parent
CONFIG = Path(__file__).parent / "schemathesis.toml"
EXAMPLES = 15  # test cases per operation and phase: the run stays under a minute
DEADLINE = 300  # seconds for a whole run, a bound rather than a budget


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(port: int, server: subprocess.Popen[str]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError(f"the mock exited: {server.communicate()[0]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the mock did not listen on port {port}")


@dataclass(frozen=True)
class Target:
    """A spec to serve, the `serve` options, where it mounts, and Schemathesis' credentials."""

    spec: Path
    serve: tuple[str, ...]
    mount: str
    auth: tuple[str, ...] = ()


# The museum spec documents 401 for one operation only, so it is served without --strict:
# strict mode would turn the honest 401 of `ignored_auth`'s probes into a 500.
TARGETS = [
    pytest.param(Target(PETSTORE, ("--strict",), "/api"), id="petstore-expanded"),
    pytest.param(
        Target(MUSEUM, ("--key", MUSEUM_KEY), "/v1.1", ("--auth", MUSEUM_KEY)), id="museum"
    ),
    pytest.param(
        Target(
            DATAQUALITY,
            ("--strict", "--key", DQ_KEY),
            "/dq",
            ("--header", f"Authorization: Bearer {DQ_KEY}"),
        ),
        id="dataquality-spec",
    ),
]


@pytest.fixture(params=TARGETS)
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Target, str]]:
    """`serve --spec` started as a user starts it; yields the target and its base URL."""
    target: Target = request.param
    port = free_port()
    command = [BIN / "circuithub-mock", "serve", "--spec", target.spec, "--port", str(port)]
    server = subprocess.Popen(
        [*map(str, command), *target.serve],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(port, server)
        yield target, f"http://127.0.0.1:{port}{target.mount}"
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_schemathesis_finds_nothing(served: tuple[Target, str], tmp_path: Path) -> None:
    target, url = served
    command = [
        BIN / "schemathesis",
        "--config-file",
        CONFIG,
        "run",
        target.spec,
        "--url",
        url,
        *target.auth,
        "--max-examples",
        EXAMPLES,
        "--seed",
        1,
        "--generation-database",
        "none",
        "--workers",
        1,
    ]
    run = subprocess.run(
        [str(part) for part in command],
        cwd=tmp_path,  # away from the repository's own schemathesis.toml
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout or " passed" in run.stdout
