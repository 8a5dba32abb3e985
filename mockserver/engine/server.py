"""The production HTTP server: granian (Rust, hyper) running the WSGI app, with protective limits.

Why granian: it answered the mock at 1.2-3.5x waitress's rate, and its connections live in Rust, not
in the Python threads, so slow or idle sockets cost no thread. What protects the other clients:
- `header_timeout` closes a connection whose request head is not complete in time, counted from
  accept (one header byte a second does not reset it); it is also the idle keep-alive limit;
- `connection_limit` caps the connections a worker holds (granian's "backpressure"); the rest
  wait in the listen backlog;
- hyper closes the connection after a request carrying both Content-Length and
  Transfer-Encoding (RFC 9112 section 6.3), so nothing smuggled after its body is read;
  `RefuseChunkedBodies` answers such requests with 400.
SIGTERM and Ctrl-C stop gracefully: requests in flight finish, within `shutdown_timeout`.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server import Server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHUNKED_REFUSAL = (
    "Transfer-Encoding request bodies are not accepted; send the body with Content-Length "
    "(a request with both is ambiguous, RFC 9112 section 6.3)"
)


class RefuseChunkedBodies:
    """400 and `Connection: close` for any request that carries Transfer-Encoding.

    hyper drops Content-Length from a request that also has Transfer-Encoding before the app
    sees it, so the app cannot tell the ambiguous pair from Transfer-Encoding alone; refusing
    both is the only way to answer the pair with 400. HTTP clients send JSON with
    Content-Length, and S3-style presigned uploads require it (S3 answers 411 without it).
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if "HTTP_TRANSFER_ENCODING" not in environ:
            return self.app(environ, start_response)
        refusal = {"error": CHUNKED_REFUSAL, "code": "VALIDATION_ERROR"}
        body = json.dumps(refusal, separators=(",", ":")).encode()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ]
        start_response("400 Bad Request", headers)
        return [body]


def serve(
    build: Callable[[], WSGIApplication],
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int | None = None,
    workers: int = 1,
    connection_limit: int = 1000,
    header_timeout: float = 10.0,
    shutdown_timeout: float = 10.0,
) -> None:
    """Serve the app `build()` returns until SIGTERM or SIGINT; blocks.

    `build` runs once in each worker process, after the fork, so the parent holds no copy of
    the app's data. `threads` run the app in each worker; Python code holds the GIL, so the
    default is granian's advice, at most 2 per core + 1 (measured: 5 and 8 serve alike on 2
    cores). `connection_limit` is per worker; the timeouts are in seconds.
    """
    if threads is None:
        threads = min(8, 2 * (os.cpu_count() or 1) + 1)
    if connection_limit < 1 or threads < 1 or workers < 1:
        raise ValueError("connection_limit, threads and workers must be at least 1")
    if not 0 < header_timeout <= 60:
        raise ValueError("header_timeout must be within (0, 60] seconds")
    # The worker inherits `build` through fork; spawn would have to pickle it, and granian
    # falls back to spawn when the default start method is neither (forkserver on 3.14).
    multiprocessing.set_start_method("fork", force=True)
    server = Server(
        "mockserver",  # granian's label for the target; `target_loader` below replaces the import
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        http=HTTPModes.http1,
        websockets=False,
        workers=workers,
        blocking_threads=threads,
        backpressure=connection_limit,
        http1_settings=HTTP1Settings(header_read_timeout=max(1, round(header_timeout * 1000))),
        workers_kill_timeout=max(1, round(shutdown_timeout)),
        log_level=LogLevels.warning,
    )
    server.serve(target_loader=lambda: RefuseChunkedBodies(build()), wrap_loader=False)
