"""Bearer tokens: dataset API keys and JWTs the mock signed itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt

from mockserver.clock import Clock
from mockserver.errors import InvalidRedirectUri, Unauthorized
from mockserver.state.store import Record

JWT_LIFETIME = timedelta(hours=24)
ALGORITHM = "HS256"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


class Tokens:
    """Turns an Authorization header into a user, or a 401."""

    def __init__(self, secret: str, clock: Clock, api_keys: dict[str, Record], users: Any) -> None:
        self.secret = secret
        self.clock = clock
        self.api_keys = api_keys
        self.users = users

    def issue(self, user: Record) -> str:
        now = self.clock.now()
        claims = {
            "sub": str(user["id"]),
            "email": user["email"],
            "iat": int(now.timestamp()),
            "exp": int((now + JWT_LIFETIME).timestamp()),
            "iss": "circuithub-mock",
        }
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def user_for(self, header: str | None) -> Record:
        if not header:
            raise Unauthorized("Missing bearer token: send 'Authorization: Bearer <token>'")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("Malformed Authorization header: expected 'Bearer <token>'")
        user = self.api_keys.get(token)
        if user is not None:
            return user
        if token.count(".") != 2:
            raise Unauthorized("Unknown API key")
        return self._jwt_user(token)

    def _jwt_user(self, token: str) -> Record:
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                issuer="circuithub-mock",
                options={"require": ["exp", "iat", "sub"], "verify_exp": False},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"Invalid token: {exc}") from None
        # Expiry is judged by the mock clock, which may be frozen in the past or future.
        if claims["exp"] <= self.clock.now().timestamp():
            raise Unauthorized("Token has expired")
        user = self.users.get(int(claims["sub"])) if str(claims["sub"]).isdigit() else None
        if user is None:
            raise Unauthorized("Token names an unknown user")
        return dict(user)


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
