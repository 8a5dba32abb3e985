"""`circuithub-mock serve` in a process group of its own, so kill -9 takes its workers too."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.state.redis_server import free_port

STARTUP_SECONDS = 60.0
ALICE = {"Authorization": "Bearer ch_test_alice"}
SECRET = "state-tests-signing-secret-of-32-bytes-or-more"


class Served:
    """One server; `start` again after `kill9` or `stop` serves the same state."""

    def __init__(self, log_dir: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"serve-{self.port}.log"
        self.argv = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(self.port)]
        self.argv += ["--secret", SECRET, "--threads", "8", *extra]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Served:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.kill9()
        raise RuntimeError(f"serve did not answer in {STARTUP_SECONDS}s: {self.log.read_text()}")

    def _signal(self, which: signal.Signals, wait: float) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, which)
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def kill9(self) -> None:
        self._signal(signal.SIGKILL, 10)

    def stop(self) -> None:
        self._signal(signal.SIGTERM, 15)

    def errors(self) -> list[str]:
        """Tracebacks the server logged (a 500's would be here)."""
        text = self.log.read_text() if self.log.exists() else ""
        return [line for line in text.splitlines() if "Traceback" in line]
