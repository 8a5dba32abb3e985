"""The production server on a real loopback socket: slow clients, smuggling, shutdown."""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mockserver.engine.server import serve

ROOT = Path(__file__).resolve().parents[2]
HEADER_TIMEOUT = 2.0
# A WSGI app that records what it ran (GET /seen lists it) and sleeps on /slow.
SERVER = """
import json, sys, time
from mockserver.engine.server import serve

seen = []

def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/seen":
        body = json.dumps(seen).encode()
    else:
        seen.append(environ["REQUEST_METHOD"] + " " + path)
        if path == "/slow":
            time.sleep(1.0)
        body = environ["wsgi.input"].read() or path.encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]

serve(lambda: app, port=int(sys.argv[1]), threads=2, header_timeout=float(sys.argv[2]))
"""


@dataclass(slots=True)
class Running:
    process: subprocess.Popen[bytes]
    port: int

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=5)

    def get(self, path: str) -> tuple[int, bytes, float]:
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read(), time.monotonic() - started
        finally:
            conn.close()

    def seen(self) -> list[str]:
        seen: list[str] = json.loads(self.get("/seen")[1])
        return seen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start() -> Running:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(HEADER_TIMEOUT)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    running = Running(process, port)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            running.connect().close()
            return running
        except OSError:
            assert process.poll() is None, "the server exited at start"
            time.sleep(0.05)
    process.kill()
    raise AssertionError("the server did not listen within 15 s")


def _stop(running: Running) -> int:
    running.process.send_signal(signal.SIGTERM)
    try:
        return running.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        running.process.kill()
        raise


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    running = _start()
    yield running
    _stop(running)


def _read_until_closed(sock: socket.socket, limit: float) -> tuple[bytes, bool]:
    """Everything the server sends within `limit` seconds, and whether it closed the socket."""
    sock.settimeout(limit)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        return data, False
    except ConnectionResetError:
        pass
    return data, True


def test_requests_are_answered_and_connections_kept_alive(server: Running) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("POST", "/echo", body=b'{"title": "x"}')
    first = conn.getresponse()
    assert (first.status, first.read()) == (200, b'{"title": "x"}')
    conn.request("GET", "/again")
    second = conn.getresponse()
    assert (second.status, second.read()) == (200, b"/again")
    conn.close()


def test_slow_sockets_do_not_starve_other_clients(server: Running) -> None:
    slow = [server.connect() for _ in range(200)]
    stop = threading.Event()

    def drip() -> None:
        for sock in slow:
            sock.sendall(b"GET /slowloris HTTP/1.1\r\nHost: x\r\n")
        while not stop.wait(1.0):
            for sock in slow:
                # A socket the header timeout closed refuses the byte, as it should.
                with contextlib.suppress(OSError):
                    sock.sendall(b"a")

    dripper = threading.Thread(target=drip)
    dripper.start()
    try:
        answers = []
        for _ in range(6):
            time.sleep(0.5)
            answers.append(server.get("/probe"))
    finally:
        stop.set()
        dripper.join()
        for sock in slow:
            sock.close()
    assert [status for status, _, _ in answers] == [200] * 6
    assert max(seconds for _, _, seconds in answers) < 1.0
    assert "GET /slowloris" not in server.seen()


@pytest.mark.parametrize("first_bytes", [b"", b"GET /x HTTP/1.1\r\nHost: x\r\n"])
def test_header_timeout_closes_silent_and_unfinished_heads(
    server: Running, first_bytes: bytes
) -> None:
    sock = server.connect()
    started = time.monotonic()
    sock.sendall(first_bytes)
    _, closed = _read_until_closed(sock, HEADER_TIMEOUT + 2)
    sock.close()
    assert closed
    assert HEADER_TIMEOUT - 0.5 <= time.monotonic() - started <= HEADER_TIMEOUT + 2


def _post(path: str, framing: bytes, body: bytes) -> bytes:
    return b"POST %s HTTP/1.1\r\nHost: x\r\n%s\r\n%s" % (path.encode(), framing, body)


def test_content_length_with_transfer_encoding_is_refused_and_closed(server: Running) -> None:
    chunked = b"5\r\nouter\r\n0\r\n\r\n"
    framing = b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(chunked)
    smuggled = _post("/smuggled", b"Content-Length: 2\r\n", b"{}")
    sock = server.connect()
    sock.sendall(_post("/outer", framing, chunked) + smuggled)
    data, closed = _read_until_closed(sock, 5)
    sock.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert data.count(b"HTTP/1.1 ") == 1
    assert json.loads(body)["code"] == "VALIDATION_ERROR"
    assert closed
    seen = server.seen()
    assert "POST /outer" not in seen
    assert "POST /smuggled" not in seen


def test_chunked_body_alone_is_refused_with_the_reason(server: Running) -> None:
    sock = server.connect()
    sock.sendall(_post("/chunked", b"Transfer-Encoding: chunked\r\n", b"2\r\n{}\r\n0\r\n\r\n"))
    data, closed = _read_until_closed(sock, 5)
    sock.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert "Content-Length" in json.loads(body)["error"]
    assert closed
    assert "POST /chunked" not in server.seen()


def test_sigterm_lets_the_request_in_flight_finish() -> None:
    running = _start()
    answer: list[tuple[int, bytes, float]] = []
    request = threading.Thread(target=lambda: answer.append(running.get("/slow")))
    request.start()
    time.sleep(0.3)
    code = _stop(running)
    request.join()
    assert answer and answer[0][:2] == (200, b"/slow")
    assert code == 0


def _unused(environ: object, start_response: object) -> list[bytes]:
    raise AssertionError("serve built an app despite limits that cannot work")


@pytest.mark.parametrize(
    "limits",
    [{"connection_limit": 0}, {"threads": 0}, {"header_timeout": 0.0}, {"header_timeout": 61.0}],
)
def test_serve_refuses_limits_that_cannot_work(limits: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        serve(lambda: _unused, **limits)
