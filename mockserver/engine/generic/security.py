"""Security schemes of a foreign spec, enforced as presence checks (or against configured keys)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.engine.generic.operations import RawOperation
from mockserver.engine.generic.schemas import Schemas


@dataclass(frozen=True, slots=True)
class Scheme:
    """Where one security scheme's credential travels and how it is spelt."""

    name: str
    kind: str  # apiKey, basic, bearer, http (other schemes), oauth2, openIdConnect, mutualTLS
    location: str = "header"  # header, query or cookie
    field: str = "Authorization"  # the header, query parameter or cookie carrying it


@dataclass(frozen=True, slots=True)
class Request:
    """The parts of a request a credential can travel in (header names in any case)."""

    headers: Mapping[str, str]
    query: Mapping[str, str]
    cookies: Mapping[str, str]

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


def schemes(schemas: Schemas) -> dict[str, Scheme]:
    declared = (schemas.document.get("components") or {}).get("securitySchemes") or {}
    result = {}
    for name, raw in declared.items():
        raw = schemas.deref(raw)
        if isinstance(raw, dict):
            result[name] = _scheme(name, raw)
    return result


def _scheme(name: str, raw: dict[str, Any]) -> Scheme:
    kind = str(raw.get("type", ""))
    if kind == "apiKey":
        return Scheme(name, kind, str(raw.get("in", "header")), str(raw.get("name", "")))
    if kind == "http":
        scheme = str(raw.get("scheme", "")).lower()
        return Scheme(name, scheme if scheme in ("basic", "bearer") else "http")
    return Scheme(name, kind)


def requirements(schemas: Schemas, op: RawOperation) -> list[list[str]]:
    """The operation's alternatives, each a list of scheme names; [] when it is open."""
    declared = op.operation.get("security", schemas.document.get("security")) or []
    return [list(entry) for entry in declared if isinstance(entry, dict)]


def credential(scheme: Scheme, request: Request) -> str | None:
    """The well-formed credential a request carries for a scheme, or None."""
    if scheme.kind == "apiKey":
        source = {"query": request.query, "cookie": request.cookies}.get(scheme.location)
        value = request.header(scheme.field) if source is None else source.get(scheme.field)
        return value or None
    if scheme.kind == "mutualTLS":
        return "client certificate"  # checked by the TLS layer, never by the mock
    value = request.header("Authorization") or ""
    prefix, _, token = value.partition(" ")
    token = token.strip()
    if scheme.kind == "basic":
        return _basic(token) if prefix.lower() == "basic" else None
    if scheme.kind == "http":
        return token or None
    return token if prefix.lower() == "bearer" and token else None


def _basic(token: str) -> str | None:
    try:
        decoded = base64.b64decode(token, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded if ":" in decoded else None


def authorised(
    alternatives: list[list[str]],
    known: Mapping[str, Scheme],
    request: Request,
    keys: Collection[str] = (),
) -> bool:
    """Whether one alternative has every credential; with `keys`, each must be one of them."""
    if not alternatives or any(not entry for entry in alternatives):
        return True
    return any(_satisfied(entry, known, request, keys) for entry in alternatives)


def _satisfied(
    names: list[str], known: Mapping[str, Scheme], request: Request, keys: Collection[str]
) -> bool:
    for name in names:
        scheme = known.get(name)
        if scheme is None:
            continue  # an undeclared scheme cannot be checked: the spec is wrong, not the client
        value = credential(scheme, request)
        if value is None or (keys and scheme.kind != "mutualTLS" and value not in keys):
            return False
    return True
