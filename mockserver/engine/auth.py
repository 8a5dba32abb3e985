"""Bearer tokens: API keys from the dataset, and JWTs the mock signed itself."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import jwt

from mockserver.engine.clock import Clock
from mockserver.engine.errors import Unauthorized
from mockserver.engine.store.base import Record

if TYPE_CHECKING:
    from mockserver.engine.api import Domain

JWT_LIFETIME = timedelta(hours=24)
ALGORITHM = "HS256"
ISSUER = "circuithub-mock"


def _claims_problem(claims: dict[str, Any]) -> str | None:
    """Claims are typed strictly: no claim value may reach the code as the wrong type."""
    for name in ("exp", "iat"):
        if type(claims.get(name)) is not int:
            return f"claim '{name}' must be an integer"
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.isascii() or not 0 < len(sub) <= 64:
        return "claim 'sub' must be an ASCII string of 1 to 64 characters"
    return None


class Tokens:
    """Turns an Authorization header into a user, or a 401."""

    def __init__(self, secret: str, clock: Clock, domain: Domain) -> None:
        self.secret = secret
        self.clock = clock
        self.domain = domain

    def issue(self, user: Record) -> str:
        now = self.clock.now()
        claims = {
            "sub": str(user["id"]),
            "email": user.get("email"),
            "iat": int(now.timestamp()),
            "exp": int((now + JWT_LIFETIME).timestamp()),
            "iss": ISSUER,
        }
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def user_for(self, header: str | None) -> Record:
        if not header:
            raise Unauthorized("Missing bearer token: send 'Authorization: Bearer <token>'")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("Malformed Authorization header: expected 'Bearer <token>'")
        user = self.domain.user_for_key(token)
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
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub"], "verify_exp": False},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"Invalid token: {exc}") from None
        problem = _claims_problem(claims)
        if problem:
            raise Unauthorized(f"Invalid token: {problem}")
        # Expiry is judged by the mock clock, which may be frozen in the past or future.
        if claims["exp"] <= self.clock.now().timestamp():
            raise Unauthorized("Token has expired")
        user = self.domain.user_by_id(claims["sub"])
        if user is None:
            raise Unauthorized("Token names an unknown user")
        return dict(user)
