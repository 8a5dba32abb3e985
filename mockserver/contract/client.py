"""A small HTTP client the domain suites share: in-process (WSGI) or over the network."""

from __future__ import annotations

import json
import shlex
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode

from mockserver.contract.coverage import Observations
from mockserver.contract.throttle import RetryStats, Throttle, with_retries

WsgiApp = Callable[..., Iterable[bytes]]
HISTORY = 4


@dataclass(frozen=True, slots=True)
class Reply:
    """A response: status, lower-cased headers and the raw body."""

    status: int
    headers: dict[str, str]
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self, limit: int = 400) -> str:
        return self.content[:limit].decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Sent:
    """One request as sent, kept for reproduction commands."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    status: int


class Transport(Protocol):
    def send(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> Reply: ...

    def close(self) -> None: ...


class WsgiTransport:
    """Calls a WSGI app directly; absolute URLs keep their host, as a browser would send it."""

    def __init__(self, app: WsgiApp) -> None:
        from werkzeug.test import Client

        self.client = Client(app)

    def send(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> Reply:
        response = self.client.open(url, method=method, headers=list(headers.items()), data=body)
        reply = Reply(
            response.status_code,
            {k.lower(): v for k, v in response.headers.items()},
            response.get_data(),
        )
        response.close()
        return reply

    def close(self) -> None:
        """Nothing to release in-process."""


class HttpTransport:
    """Talks to a deployment with one pooled `requests` session."""

    def __init__(self, timeout: float = 30.0) -> None:
        import requests

        self.session = requests.Session()
        self.timeout = timeout

    def send(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> Reply:
        response = self.session.request(
            method,
            url,
            headers=dict(headers),
            data=body,
            timeout=self.timeout,
            allow_redirects=False,
        )
        return Reply(
            response.status_code,
            {k.lower(): v for k, v in response.headers.items()},
            response.content,
        )

    def close(self) -> None:
        self.session.close()


@dataclass(slots=True)
class ClientSetup:
    """What every client of one run shares."""

    transport: Transport
    root: str
    throttle: Throttle
    observations: Observations
    stats: RetryStats
    public_root: str
    # Reproduction commands of the latest requests of every client, oldest first.
    history: deque[str] = field(default_factory=lambda: deque(maxlen=HISTORY))
    # What the run created (201 answers): a deployment keeps it.
    created: list[str] = field(default_factory=list)


class ApiClient:
    """One caller (token) of the API; paths are relative to the API root (`/v1`)."""

    def __init__(self, setup: ClientSetup, token: str | None, token_env: str) -> None:
        self.setup = setup
        self.token = token
        self.token_env = token_env

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
    ) -> Reply:
        url = path if path.startswith(("http://", "https://")) else self.setup.root + path
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        sent_headers = dict(headers or {})
        if auth and self.token is not None:
            sent_headers["Authorization"] = f"Bearer {self.token}"
        if json_body is not None:
            content = json.dumps(json_body).encode()
            sent_headers.setdefault("Content-Type", "application/json")
        reply = self._send(method, url, sent_headers, content)
        sent = Sent(method, url, sent_headers, content, reply.status)
        self.setup.history.append(curl(sent, self.token, self.token_env, self.setup))
        self.setup.observations.record_url(method, url, reply.status)
        if reply.status == 201:
            self.setup.created.append(f"{method} {path}")
        return reply

    def _send(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Reply:
        def send() -> Reply:
            self.setup.throttle.wait()
            return self.setup.transport.send(method, url, headers, body)

        return with_retries(
            send, lambda r: r.status, lambda r: r.headers.get("retry-after"), self.setup.stats
        )

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any, **kwargs: Any) -> Reply:
        return self.request("POST", path, json_body=body, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any) -> Reply:
        return self.request("PUT", path, json_body=body, **kwargs)


def curl(sent: Sent, token: str | None, token_env: str, setup: ClientSetup) -> str:
    """A shell command that sends the same request; the token is read from its env var."""
    parts = ["curl", "-X", sent.method]
    for name, value in sent.headers.items():
        if name.lower() == "authorization" and token and token in value:
            parts += ["-H", f'"Authorization: Bearer ${token_env}"']
        else:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if sent.body is not None:
        text = sent.body.decode("utf-8", "replace")
        parts += ["--data-binary", shlex.quote(text if len(text) <= 2000 else text[:2000] + "...")]
    url = sent.url
    if url.startswith(setup.root):
        url = setup.public_root + url[len(setup.root) :]
    parts.append(shlex.quote(url))
    return " ".join(parts) + f"  # answered {sent.status}"
