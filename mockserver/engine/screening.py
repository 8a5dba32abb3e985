"""Input no validator should meet: invalid text, deep nesting, and how errors quote input.

A lone surrogate (`"\\ud800"` in JSON) is a valid Python string that cannot be encoded as
UTF-8: stored, it would break every later answer that includes it. Deep nesting would reach a
recursion limit in the JSON parser or a validator. Both are refused with a 400 naming the
field before any schema is consulted, in both validation modes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import unquote_to_bytes

from mockserver.engine.errors import MalformedBody, ValidationError

# Arrays and objects nested deeper than this are refused (README: "Limits").
MAX_DEPTH = 32
# Characters of client input an error message may quote, and of a whole message.
QUOTE_LIMIT = 100
MESSAGE_LIMIT = 400
# A JSON escape of a UTF-16 surrogate; only such escapes can put one in a parsed string.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# In valid JSON: a string literal.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
# Digits as `0` and `E` as `e`, so that overflow needs only substring searches.
_NUMBER_SHAPE = bytes.maketrans(b"123456789E", b"000000000e")
_OVERFLOW_MARKERS = (b"0" * 300, b"e000", b"e+000", b"e-000")
# Brackets of both kinds as one (`{` as `[`); everything else deleted.
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class Refused(ValidationError):
    """Input refused before validation (invalid text, nesting): no second opinion."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """A request as validation reads it. `raw_path` and `raw_query` are the WSGI strings
    (bytes as latin-1), which still hold what the framework's decoding replaced."""

    path: Mapping[str, str]
    args: Any  # a MultiDict of the query
    headers: Iterable[tuple[str, str]]
    content_type: str | None
    data: bytes
    raw_path: str = ""
    raw_query: str = ""


# A plain `host[:port]` (RFC 3986 reg-name or IP literal): what a Host header may put in URLs.
_AUTHORITY = re.compile(r"(?:[A-Za-z0-9._~-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def public_host(environ: Mapping[str, Any]) -> str:
    """The Host the client sent when it is a plain `host[:port]`, else the server's own
    address: no header can put arbitrary text into the URLs the mock hands out."""
    host = str(environ.get("HTTP_HOST") or "")
    if _AUTHORITY.fullmatch(host):
        return host
    return f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"


def excerpt(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters of client input, safe to encode in any answer."""
    clipped = text if len(text) <= limit else text[:limit] + "…"
    return clipped.encode("utf-8", "backslashreplace").decode("utf-8")


_LONG_QUOTE = re.compile(f"'[^']{{{QUOTE_LIMIT + 1},}}'|\"[^\"]{{{QUOTE_LIMIT + 1},}}\"")


def clip_quotes(message: str) -> str:
    """A message with every quoted value over QUOTE_LIMIT cut, and the whole bounded: the
    safety net for messages an API's own rules compose from input."""
    clipped = _LONG_QUOTE.sub(lambda m: _short(m[0]), message)
    return excerpt(clipped, MESSAGE_LIMIT)


def bounded(message: str, instance: Any) -> str:
    """A validator's message with every long rendering of the client's value cut short."""
    for text in sorted(_renderings(instance), key=len, reverse=True):
        if len(text) > QUOTE_LIMIT and text in message:
            message = message.replace(text, _short(text))
    return excerpt(message, MESSAGE_LIMIT)


def _short(text: str) -> str:
    """An excerpt that keeps a quoted rendering quoted: `'aaa…'`."""
    if len(text) > 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[0] + excerpt(text[1:-1]) + text[-1]
    return excerpt(text)


def _renderings(instance: Any) -> set[str]:
    """The ways validators print a value: JSON (jsonschema_rs), repr (jsonschema), str."""
    found = {repr(instance), str(instance)}
    with suppress(TypeError, ValueError):
        found.add(json.dumps(instance, separators=(",", ":"), ensure_ascii=False))
    parts = instance.keys() if isinstance(instance, dict) else instance
    if isinstance(parts, Iterable) and not isinstance(parts, str | bytes):
        for part in islice(parts, 50):
            if isinstance(part, str):
                found |= {part, repr(part), json.dumps(part, ensure_ascii=False)}
    elif isinstance(instance, str):
        found.add(instance)
    return found


def is_text(value: str) -> bool:
    """Encodable as UTF-8: no lone surrogate."""
    return value.isascii() or _SURROGATE.search(value) is None


def _wire_text(value: str) -> bool:
    """A WSGI string (bytes as latin-1) holding valid UTF-8; or an in-process string."""
    if value.isascii():
        return True
    try:
        value.encode("latin-1").decode("utf-8")
    except UnicodeEncodeError:
        return is_text(value)  # not from the wire: built in-process
    except UnicodeDecodeError:
        return False
    return True


def _not_text(where: str, parameter: str | None = None) -> Refused:
    return Refused(
        f"{where} is not valid Unicode text (invalid UTF-8 or a lone surrogate)",
        parameter=parameter,
    )


def screen_text(
    incoming: Incoming, query_names: Collection[str], header_names: Collection[str]
) -> None:
    """Path parameters, the named query parameters and the named headers (lower case) are
    valid Unicode text, or a 400. Others never reach a handler, so they are left alone."""
    for name, value in incoming.path.items():
        if not is_text(value):
            raise _not_text(f"path parameter '{name}'", name)
    if not _wire_text(incoming.raw_path):
        # The framework replaced the bad bytes with U+FFFD: that names the parameter.
        bad = next((n for n, v in incoming.path.items() if "\ufffd" in v), None)
        raise _not_text(f"path parameter '{bad}'" if bad else "the request path", bad)
    for name in query_names:
        if not all(is_text(value) for value in incoming.args.getlist(name)):
            raise _not_text(f"query parameter '{name}'", name)
    if not _query_text(incoming.raw_query):
        for pair in incoming.raw_query.split("&"):
            raw_name, _, value = pair.partition("=")
            name = _unquote(raw_name)
            if name in query_names and not _query_text(value):
                raise _not_text(f"query parameter '{name}'", name)
    for name, value in incoming.headers:
        if name.lower() in header_names and not _wire_text(value):
            raise _not_text(f"header '{name}'")


def _unquote(raw: str) -> str:
    try:
        return unquote_to_bytes(raw.encode("latin-1")).decode("utf-8", "replace")
    except UnicodeEncodeError:
        return raw


def _query_text(raw: str) -> bool:
    if raw.isascii() and "%" not in raw:
        return True
    try:
        unquote_to_bytes(raw.encode("latin-1")).decode("utf-8")
    except UnicodeEncodeError:
        return True  # built in-process; the parsed arguments were checked
    except UnicodeDecodeError:
        return False
    return True


def _no_constant(name: str) -> Any:
    raise MalformedBody(f"request body is not valid JSON: {name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise MalformedBody(f"request body is not valid JSON: {excerpt(text)} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_CHECKED_FLOATS = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)


def parse_json(data: bytes) -> Any:
    """A JSON body (UTF-8, RFC 8259 §8.1), no deeper than MAX_DEPTH, with only valid text.

    Each check runs at C speed unless the bytes hint at trouble, so a 1 MiB body costs
    milliseconds, not a walk over every value.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedBody(f"request body is not valid UTF-8 (at byte {exc.start})") from None
    decoder = _CHECKED_FLOATS if _may_overflow(data) else _DECODER
    try:
        body = decoder.decode(text)
    except RecursionError:
        raise _too_deep() from None
    except ValueError as exc:
        raise MalformedBody(f"request body is not valid JSON: {excerpt(str(exc))}") from None
    if data.count(b"[") + data.count(b"{") > MAX_DEPTH and _deeper_than_limit(data):
        raise _too_deep()
    if _SURROGATE_ESCAPE.search(data) and not _encodable(body):
        check_tree(body)  # finds and names the field
    return body


def _may_overflow(data: bytes) -> bool:
    """Only a long exponent or mantissa can overflow a float to infinity (strings may hold
    false alarms, which cost only a slower parse)."""
    shape = data.translate(_NUMBER_SHAPE)
    return any(marker in shape for marker in _OVERFLOW_MARKERS)


def _deeper_than_limit(data: bytes) -> bool:
    """Whether valid JSON nests deeper than MAX_DEPTH: strings removed, brackets kept, then
    each pass deletes every innermost pair, i.e. one level."""
    brackets = _STRING.sub(b"", data).translate(_ONE_BRACKET, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        brackets = brackets.replace(b"[]", b"")
        if not brackets:
            return False
    return True


def _encodable(body: Any) -> bool:
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_deep() -> Refused:
    return Refused(f"request body nests arrays and objects deeper than {MAX_DEPTH} levels")


def _where(path: tuple[Any, ...]) -> str:
    """`request body field 'files[0].name'` from a linked path `((((), "files"), 0), "name")`."""
    parts: list[str] = []
    while path:
        path, key = path
        parts.append(f"[{key}]" if isinstance(key, int) else f".{excerpt(key, 40)}")
    field = "".join(reversed(parts)).lstrip(".")
    return f"request body field '{excerpt(field, 200)}'" if field else "the request body"


def check_tree(body: Any) -> None:
    """Depth and text of every key and string, without recursion (any depth is safe)."""
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(body, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, str):
            if not is_text(value):
                raise _not_text(_where(path))
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise _too_deep()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and not is_text(key):
                raise _not_text(f"a key in {_where(path)}")
            if isinstance(item, dict | list | str):
                stack.append((item, depth + 1, (path, key)))
