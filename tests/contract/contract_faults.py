"""Test-only WSGI middleware that plants one fault in front of the mock (never in the product)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Request, Response

from mockserver import Config, create_app, host_of
from mockserver.contract.target import InProcessApp

Environ = dict[str, Any]
ALICE = "Bearer ch_test_alice"
MALLORY = "Bearer ch_test_mallory"


@dataclass(slots=True)
class Exchange:
    """One request and the mock's answer, which a fault may rewrite."""

    method: str
    path: str
    args: dict[str, str]
    authorization: str | None
    status: int
    headers: Headers
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)

    def set_json(self, body: Any) -> None:
        self.content = json.dumps(body).encode()

    def is_(self, method: str, pattern: str, status: int = 200) -> bool:
        return (
            self.method == method
            and self.status == status
            and re.fullmatch(pattern, self.path) is not None
        )


Resend = Callable[[str], Exchange]


@dataclass(slots=True)
class Fault:
    """`request` may rewrite the environ before the mock sees it; `response` the answer."""

    name: str
    suites: tuple[str, ...]
    operations: tuple[str, ...] = ()
    request: Callable[[Environ], None] | None = None
    response: Callable[[Exchange, Resend], None] | None = None


class FaultyApp:
    """Calls the mock, then lets the fault change what the client receives."""

    def __init__(self, inner: Any, fault: Fault | None) -> None:
        self.inner = inner
        self.fault = fault

    def exchange(self, environ: Environ, data: bytes) -> Exchange:
        environ = {**environ, "wsgi.input": BytesIO(data)}
        answer = Response.from_app(self.inner, environ, buffered=True)
        request = Request(environ)
        return Exchange(
            request.method,
            request.path,
            dict(request.args),
            environ.get("HTTP_AUTHORIZATION"),
            answer.status_code,
            Headers(answer.headers),
            answer.get_data(),
        )

    def __call__(self, environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
        data = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        fault = self.fault
        if fault is not None and fault.request is not None:
            fault.request(environ)
        found = self.exchange(environ, data)
        if fault is not None and fault.response is not None:
            fault.response(
                found, lambda auth: self.exchange({**environ, "HTTP_AUTHORIZATION": auth}, data)
            )
        out = Response(found.content, status=found.status, headers=found.headers)
        out.headers["Content-Length"] = str(len(found.content))
        return out(environ, start_response)


def build(fault: Fault | None) -> InProcessApp:
    """A non-strict mock (strict mode would turn the planted fault into a 500) behind a fault."""
    inner = create_app(Config(strict=False))
    return InProcessApp(FaultyApp(inner, fault), host_of(inner).sessions.default.reset)
