"""Dropping a client's connection without an answer, which WSGI itself cannot express.

Each server needs its own way to reach the socket:
- Werkzeug's development server: `werkzeug.socket`; it takes a ConnectionError as a dropped
  connection;
- a server that shows no socket (granian keeps it in Rust): the status line goes out, the
  body ends short of its Content-Length and the server closes the connection; the client's
  read fails (curl: "transfer closed", requests: ChunkedEncodingError), though it has seen a
  status (502) first;
- no server at all (in-process clients): `ConnectionDropped` reaches the caller.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse


class ConnectionDropped(ConnectionResetError):
    """A fault rule dropped the connection (what an in-process client sees)."""


def _shutdown(sock: Any) -> bool:
    if not isinstance(sock, socket.socket):
        return False
    with contextlib.suppress(OSError):  # the client may have gone first
        sock.shutdown(socket.SHUT_RDWR)
    return True


def _cut_short() -> Iterator[bytes]:
    """No bytes where the head promised one: the server must close the connection."""
    yield from ()


def drop(environ: dict[str, Any], start_response: StartResponse, reason: str) -> Iterable[bytes]:
    """End the exchange with no answer, as far as this server allows."""
    if _shutdown(environ.get("werkzeug.socket")):
        raise ConnectionDropped(reason)
    if environ.get("SERVER_SOFTWARE"):
        start_response("502 Bad Gateway", [("Content-Length", "1"), ("Connection", "close")])
        return _cut_short()
    raise ConnectionDropped(reason)
