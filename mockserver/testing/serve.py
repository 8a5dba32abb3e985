"""A mock served on a free loopback port: in a thread of this process, or in a child process
that several processes share (pytest-xdist workers) and that ends when its owner does."""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

HOST = "127.0.0.1"
START_TIMEOUT = 60.0


@dataclass(slots=True)
class Served:
    """A running mock: its URL (no trailing slash), and how to stop it."""

    url: str
    stop: Callable[[], None]
    # The Flask app when it runs in this process.
    app: Any = None


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request: the journal records them."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def serve_app(app: Any) -> Served:
    """Serve a WSGI app on a free port, a thread per connection, from a daemon thread.

    Werkzeug's server: it runs in a thread (granian, the production server, runs processes)
    and shows the app its socket, so a fault rule's `reset` really drops the connection."""
    server = make_server(HOST, 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="circuithub-mock", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

    return Served(f"http://{HOST}:{server.server_port}", stop, app)


def serve_mock(strict: bool = True, apis: Sequence[str] | None = None) -> Served:
    """A fresh mock (every installed API, strict by default) served in this process."""
    from mockserver import Config, create_app

    return serve_app(create_app(Config(strict=strict), apis=apis))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def shared_mock(key: str, owner: int, strict: bool = True) -> str:
    """The URL of the mock shared under `key`, started by whichever caller comes first.

    It runs in a child process that exits once the `owner` process is gone (for xdist: the
    controller, parent of every worker), so no caller has to stop it.
    """
    base = Path(tempfile.gettempdir()) / f"circuithub-mock-{key}"
    state = base.with_suffix(".json")
    with open(base.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if state.exists():
            known = json.loads(state.read_text())
            if _alive(known["pid"]):
                return str(known["url"])
        command = [sys.executable, "-m", "mockserver.testing.serve", "--state", str(state)]
        command += ["--owner", str(owner)] + (["--strict"] if strict else [])
        child = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if state.exists() and json.loads(state.read_text())["pid"] == child.pid:
                return str(json.loads(state.read_text())["url"])
            if child.poll() is not None:
                raise RuntimeError(f"the shared mock exited with {child.returncode} at start")
            time.sleep(0.05)
        child.kill()
        raise RuntimeError(f"the shared mock did not start within {START_TIMEOUT:g} s")


@contextlib.contextmanager
def _published(state: Path, url: str) -> Iterator[None]:
    part = state.with_suffix(".part")
    part.write_text(json.dumps({"url": url, "pid": os.getpid()}))
    part.replace(state)
    try:
        yield
    finally:  # the owner is gone, and with it everyone who could still take the lock
        for path in (state, state.with_suffix(".lock")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve a mock until the owner process ends")
    parser.add_argument("--state", type=Path, required=True, help="where to publish the URL")
    parser.add_argument("--owner", type=int, required=True, help="stop when this pid is gone")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    served = serve_mock(strict=args.strict)
    with _published(args.state, served.url):
        while _alive(args.owner):
            time.sleep(0.5)
    served.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
