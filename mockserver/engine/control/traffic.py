"""Around the app: the session a request names, its fault rules, and its journal entry.

The session prefix `/_mock/sessions/<id>` moves into SCRIPT_NAME (and the header is set), so
the app routes the rest as usual and every URL it builds from `request.url_root` stays inside
the session. Calls to the admin API itself and to the docs are neither faulted nor recorded.

An entry is recorded once its answer has gone out (its Content-Length reached, its end, or the
server closing it), with the answer's first `journal_body_bytes`; the rest streams through.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from mockserver.engine.clock import iso
from mockserver.engine.control.api import PATH
from mockserver.engine.control.drop import drop
from mockserver.engine.control.faulting import fault_reply, to_response
from mockserver.engine.docs import DOCS_ROOT
from mockserver.engine.errors import ApiError
from mockserver.engine.faults import Outcome, Target
from mockserver.engine.journal import (
    ERROR_KEY,
    OPERATION_KEY,
    Answer,
    Capture,
    body_fields,
    instant,
    masked_headers,
    masked_query,
    textual,
)
from mockserver.engine.pipeline import Endpoint, Host
from mockserver.engine.sessions import ENVIRON_KEY, Session

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

CONTENT_KEYS = ("CONTENT_TYPE", "CONTENT_LENGTH")
PREFIX = re.compile(r"^" + re.escape(PATH) + r"/sessions/([^/]+)(/.*)$")
# Not API traffic: the admin API and the docs pages.
UNRECORDED = (PATH, DOCS_ROOT)
Headers = list[tuple[str, str]]


def take_prefix(environ: WSGIEnvironment) -> str | None:
    """Move a session prefix from PATH_INFO into SCRIPT_NAME; the session id, or None."""
    found = PREFIX.match(environ.get("PATH_INFO") or "")
    if found is None:
        return None
    environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + found.group(0)[: found.start(2)]
    environ["PATH_INFO"] = found.group(2)
    environ["HTTP_X_MOCK_SESSION"] = found.group(1)
    return found.group(1)


class Tee:
    """A request body stream that keeps its first `limit` bytes as the app reads it."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.head = bytearray()
        self.size = 0

    @classmethod
    def holding(cls, data: bytes, limit: int) -> Tee:
        """A body read in full already."""
        tee = cls(io.BytesIO(), limit)
        tee.head, tee.size = bytearray(data[:limit]), len(data)
        return tee

    def read(self, size: int | None = -1) -> bytes:
        data: bytes = self.stream.read() if size is None or size < 0 else self.stream.read(size)
        self.size += len(data)
        if len(self.head) < self.limit:
            self.head += data[: self.limit - len(self.head)]
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data: bytes = self.stream.readline(size if size is not None else -1)
        self.size += len(data)
        if len(self.head) < self.limit:
            self.head += data[: self.limit - len(self.head)]
        return data


class Traffic:
    """WSGI middleware in front of the Flask app (installed by `control.install`)."""

    def __init__(self, app: Flask, host: Host, inner: WSGIApplication) -> None:
        self.app = app
        self.host = host
        self.inner = inner

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        arrived, started = time.time(), time.perf_counter()
        try:
            ident = take_prefix(environ) or (environ.get("HTTP_X_MOCK_SESSION") or "").strip()
            session = self.host.sessions.resolve(ident or None)
        except ApiError as error:
            mount = self.host.mount_for(environ.get("PATH_INFO") or "/")
            return to_response(mount.api.render_error(error, None))(environ, start_response)
        environ[ENVIRON_KEY] = session
        path = environ.get("PATH_INFO") or "/"
        if any(path == root or path.startswith(root + "/") for root in UNRECORDED):
            return self.inner(environ, start_response)
        return _Exchange(self, session, environ, arrived, started).run(start_response)

    def target(self, environ: WSGIEnvironment) -> Target:
        """What fault rules match on: the API and operation the app would route to."""
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            endpoint, _ = self.app.url_map.bind_to_environ(environ).match()
        except (HTTPException, RoutingException):
            return Target(self.api_of(path), None, method, path)
        view = self.app.view_functions.get(str(endpoint))
        if isinstance(view, Endpoint):
            return Target(view.mount.name, view.operation.operation_id, method, path)
        return Target(self.api_of(path), None, method, path)

    def api_of(self, path: str) -> str | None:
        for mount in self.host.mounts.values():
            if path == mount.path or path.startswith(mount.path + "/"):
                return mount.name
        return None


class _Exchange:
    """One API request through the middleware: body capture, faults, the app, the record."""

    def __init__(
        self,
        traffic: Traffic,
        session: Session,
        environ: WSGIEnvironment,
        arrived: float,
        started: float,
    ) -> None:
        self.traffic, self.session, self.environ = traffic, session, environ
        self.arrived, self.started = arrived, started
        self.answered: float | None = None
        self.mock_at = session.clock.now()
        self.status: int | None = None
        self.headers: Headers | None = None
        self.outcome: Outcome | None = None
        self.target: Target | None = None
        self.body = self._capture()

    def _capture(self) -> Tee:
        environ = self.environ
        stream = environ.get("wsgi.input") or io.BytesIO()
        length = environ.get("CONTENT_LENGTH") or ""
        limit = self.session.journal.body_limit
        if length.isdigit() and int(length) <= max(limit, self.traffic.host.config.max_body_bytes):
            # Read small bodies now, so a request refused before its body is read still shows it.
            data = stream.read(int(length))
            environ["wsgi.input"] = io.BytesIO(data)
            return Tee.holding(data, limit)
        tee = Tee(stream, limit)
        environ["wsgi.input"] = tee
        return tee

    def run(self, start_response: StartResponse) -> Iterable[bytes]:
        faults = self.session.faults
        self.target = target = self.traffic.target(self.environ) if faults else None
        self.outcome = faults.pick(target) if target is not None else None
        app: WSGIApplication = self.traffic.inner
        if self.outcome is not None and target is not None:
            if self.outcome.latency_ms:
                time.sleep(self.outcome.latency_ms / 1000)
            rule = self.outcome.answer
            if rule is not None and rule.reset:
                self._record(None)
                reason = f"fault rule {rule.id} dropped the connection"
                return drop(self.environ, start_response, reason)
            if rule is not None:
                app = to_response(fault_reply(self.traffic.host, rule, target))
        try:
            result = app(self.environ, self._starting(start_response))
        except BaseException:
            self._record(None)
            raise
        return self._answer(result)

    def _starting(self, start_response: StartResponse) -> StartResponse:
        def starting(status: str, headers: Headers, exc_info: Any = None) -> Any:
            self.status = int(status.split(" ", 1)[0])
            self.headers = headers
            return start_response(status, headers, exc_info)

        return starting

    def _answer(self, result: Iterable[bytes]) -> Iterable[bytes]:
        """The app's answer, recorded now if its head tells enough, else as it goes out."""
        self.answered = time.perf_counter()
        kind, length = _content(self.headers or [])
        if self.environ.get("REQUEST_METHOD") == "HEAD":
            length = 0  # the server sends no body
        keep = textual(kind) or self.headers is None
        if self.headers is not None and length is not None and (length == 0 or not keep):
            self._record(Answer(masked_headers(self.headers), b"", length))
            return result
        limit = self.session.journal.body_limit if keep else 0
        return Capture(result, limit, length, self._answered)

    def _answered(self, head: list[bytes], size: int) -> None:
        self._record(Answer(masked_headers(self.headers or []), b"".join(head), size))

    def _record(self, answer: Answer | None) -> None:
        environ, target = self.environ, self.target
        noted = environ.get(OPERATION_KEY)
        api, operation = noted if noted else (None, None)
        if target is not None and operation is None:
            api, operation = target.api, target.operation_id
        path = environ.get("PATH_INFO") or "/"
        headers = [(k[5:].replace("_", "-"), v) for k, v in environ.items() if k[:5] == "HTTP_"]
        headers += [(k.replace("_", "-"), environ[k]) for k in CONTENT_KEYS if environ.get(k)]
        query = environ.get("QUERY_STRING", "")
        at = datetime.fromtimestamp(self.arrived, UTC)
        entry = {
            "time": instant(at),
            "mockTime": iso(self.mock_at),
            "session": self.session.id,
            "api": api or self.traffic.api_of(path),
            "operationId": operation,
            "method": environ.get("REQUEST_METHOD", "GET").upper(),
            "path": path,
            "query": masked_query(_pairs(query)) if query else {},
            "headers": masked_headers(headers),
            **body_fields(bytes(self.body.head), self.body.size, environ.get("CONTENT_TYPE")),
            "status": self.status,
            "latencyMs": round(((self.answered or time.perf_counter()) - self.started) * 1000, 3),
            "error": environ.get(ERROR_KEY),
            "fault": self.outcome.to_json(self.status) if self.outcome else None,
            "response": answer,
        }
        self.session.journal.add(at, entry)


def _content(headers: Headers) -> tuple[str | None, int | None]:
    """The Content-Type and Content-Length an answer's head gives."""
    kind = length = None
    for name, value in headers:
        lower = name.lower()
        if lower == "content-type":
            kind = value
        elif lower == "content-length" and value.isdigit():
            length = int(value)
    return kind, length


def _pairs(query: str) -> list[tuple[str, str]]:
    """The query's name/value pairs; WSGI strings hold the raw bytes as latin-1."""
    return parse_qsl(query.encode("latin-1").decode("utf-8", "replace"), keep_blank_values=True)
