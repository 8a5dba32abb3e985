"""The request journal of one session: what clients sent and what the mock answered.

Entries are dicts the admin API serves as they are, newest last, bounded in number. The
answer's body is kept as its first bytes (an `Answer`) and parsed only when the journal is
read: most entries are never read. Credentials are masked before anything is stored.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from mockserver.engine.errors import ApiError
from mockserver.engine.screening import parse_json

Entry = dict[str, Any]
# Headers and query parameters whose values are credentials, by lower-cased name.
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token"}
)
SECRET_WORDS = re.compile(r"token|secret|password|signature|credential|api-?key", re.IGNORECASE)
SECRET_QUERY = frozenset({"key", "sig"})
# Media types whose bodies the journal keeps as text or JSON; of any other, only the size.
TEXT_MEDIA = re.compile(
    r"text/.*|application/(json|xml|yaml|x-yaml|javascript|x-www-form-urlencoded)|.*\+(json|xml)"
)


def mask(value: str) -> str:
    """`Bearer ch_test_alice` -> `Bearer ****lice`: enough to tell callers apart, not to reuse."""
    scheme, _, secret = value.partition(" ")
    if not secret:
        scheme, secret = "", value
    shown = "****" + secret[-4:] if len(secret) >= 12 else "****"
    return f"{scheme} {shown}" if scheme else shown


@lru_cache(maxsize=1024)  # header names repeat from request to request
def _secret_name(name: str) -> bool:
    return name.lower() in SECRET_HEADERS or SECRET_WORDS.search(name) is not None


def masked_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): mask(v) if _secret_name(name) else v for name, v in items}


def masked_query(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """name -> value, or a list of values for a repeated name."""
    out: dict[str, Any] = {}
    for name, value in items:
        secret = _secret_name(name) or name.lower() in SECRET_QUERY
        shown = mask(value) if secret else value
        if name in out:
            previous = out[name]
            out[name] = [*previous, shown] if isinstance(previous, list) else [previous, shown]
        else:
            out[name] = shown
    return out


def body_fields(data: bytes, size: int, content_type: str | None) -> Entry:
    """The journal's view of a body: parsed JSON, else text, else only its size."""
    truncated = size > len(data)
    fields: Entry = {"body": None, "bodyText": None, "bodySize": size, "bodyTruncated": truncated}
    if not data:
        return fields
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not truncated and (media == "application/json" or media.endswith("+json")):
        try:
            fields["body"] = parse_json(data)
            return fields
        except ApiError:  # not JSON, or hostile (too deep, invalid text): kept as text
            pass
    try:
        fields["bodyText"] = data.decode("utf-8")
    except UnicodeDecodeError:
        if truncated:  # cut inside a character: keep the whole ones
            fields["bodyText"] = data.decode("utf-8", "ignore")
    return fields


def textual(content_type: str | None) -> bool:
    """Whether a body of this type is worth keeping as text (a PDF's bytes are not)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return TEXT_MEDIA.fullmatch(media) is not None


class Answer:
    """An answer as it went out: masked headers and the first bytes of its body."""

    __slots__ = ("content_type", "head", "headers", "size")

    def __init__(self, headers: dict[str, str], head: bytes, size: int) -> None:
        self.headers, self.head, self.size = headers, head, size
        self.content_type = headers.get("content-type")

    def to_json(self) -> Entry:
        if textual(self.content_type):
            fields = body_fields(self.head, self.size, self.content_type)
        else:  # binary (a PDF, an image): only its size
            fields = {"body": None, "bodyText": None, "bodySize": self.size, "bodyTruncated": False}
        return {"headers": self.headers, **fields}


class Capture:
    """An answer's body passed through untouched, keeping its first `keep` bytes.

    `done(head, size)` runs once: at the Content-Length's last byte, at the end, or on close.
    """

    def __init__(
        self,
        result: Iterable[bytes],
        keep: int,
        length: int | None,
        done: Callable[[list[bytes], int], None],
    ) -> None:
        self.result, self.chunks = result, iter(result)
        self.keep, self.length, self.done = keep, length, done
        self.head: list[bytes] = []
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            chunk = next(self.chunks)
        except BaseException:  # the end, or the app failing mid-body
            self._finish()
            raise
        self.size += len(chunk)
        if self.keep > 0 and chunk:
            part = chunk if len(chunk) <= self.keep else bytes(chunk[: self.keep])
            self.head.append(part)
            self.keep -= len(part)
        if self.length is not None and self.size >= self.length:
            self._finish()
        return chunk

    def close(self) -> None:
        try:
            close = getattr(self.result, "close", None)
            if close is not None:
                close()
        finally:
            self._finish()

    def _finish(self) -> None:
        done, self.done = self.done, _never
        done(self.head, self.size)


def _never(head: list[bytes], size: int) -> None:
    """What a finished capture does when it finishes again."""


def settled(entry: Entry) -> Entry:
    """The entry, JSON-ready: its answer's body parsed (once, in place; two readers racing
    both parse the same bytes and either result stands)."""
    answer = entry.get("response")
    if isinstance(answer, Answer):
        entry["response"] = answer.to_json()
    return entry


def instant(value: datetime) -> str:
    """ISO 8601 in UTC with milliseconds: journal times tell close requests apart."""
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Filters:
    """What `GET /_mock/requests` narrows the journal to; None matches anything."""

    api: str | None = None
    operation_id: str | None = None
    method: str | None = None
    path: str | None = None  # a glob: `*` matches any characters, `/` included
    status: int | None = None
    since: datetime | None = None
    limit: int | None = None

    def keep(self, entry: Entry, at: datetime) -> bool:
        return (
            (self.api is None or entry["api"] == self.api)
            and (self.operation_id is None or entry["operationId"] == self.operation_id)
            and (self.method is None or entry["method"] == self.method.upper())
            and (self.path is None or fnmatchcase(entry["path"], self.path))
            and (self.status is None or entry["status"] == self.status)
            and (self.since is None or at >= self.since)
        )


class Journal:
    """The latest `limit` requests of one session, oldest first."""

    def __init__(self, limit: int, body_limit: int) -> None:
        self.limit = limit
        self.body_limit = body_limit
        self._lock = threading.Lock()
        self._entries: deque[tuple[datetime, Entry]] = deque(maxlen=max(1, limit))
        self._next = 1

    def add(self, at: datetime, entry: Entry) -> Entry:
        """Store an entry made at `at`; it gets the session's next request id."""
        with self._lock:
            entry["id"] = self._next
            self._next += 1
            self._entries.append((at, entry))
        return entry

    def entries(self) -> list[Entry]:
        with self._lock:
            found = [entry for _, entry in self._entries]
        return [settled(entry) for entry in found]  # outside the lock: recording goes on

    def find(self, filters: Filters) -> list[Entry]:
        """Matching entries, oldest first; with a limit, the latest `limit` of them."""
        with self._lock:
            found = [entry for at, entry in self._entries if filters.keep(entry, at)]
        if filters.limit is not None:
            found = found[-filters.limit :] if filters.limit else []
        return [settled(entry) for entry in found]

    def clear(self) -> int:
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count

    def __len__(self) -> int:
        return len(self._entries)


# What the pipeline notes in the WSGI environ for the journal: (api, operationId) of the
# operation a request reached, and the message of an error it was answered with.
OPERATION_KEY = "mockserver.operation"
ERROR_KEY = "mockserver.error"
