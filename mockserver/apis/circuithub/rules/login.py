"""The CLI login flow: which redirect URIs may receive a token."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from mockserver.apis.circuithub.errors import InvalidRedirectUri

LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


def check_redirect_uri(uri: str) -> str:
    """Only absolute http://localhost:PORT/... or http://127.0.0.1:PORT/... are allowed."""
    problem = _redirect_problem(uri)
    if problem:
        raise InvalidRedirectUri(f"redirect_uri {uri!r} is not allowed: {problem}")
    return uri


def _redirect_problem(uri: str) -> str | None:
    if any(ord(c) < 33 or ord(c) == 127 or c == "\\" for c in uri):
        return "it contains whitespace, control characters or backslashes"
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return "it is not a valid URL"
    if parts.scheme != "http":
        return "the scheme must be http"
    if (
        not uri.lower().startswith("http://")
        or parts.username
        or parts.password
        or "@" in parts.netloc
    ):
        return "it must be an absolute URL with no user information"
    if parts.hostname not in LOOPBACK_HOSTS:
        return "the host must be localhost or 127.0.0.1"
    if port is None:
        return "it must name a port"
    if parts.fragment:
        return "it must not have a fragment"
    return None


def redirect_with_token(uri: str, token: str) -> str:
    separator = "&" if urlsplit(uri).query else "?"
    return f"{uri}{separator}{urlencode({'token': token})}"
