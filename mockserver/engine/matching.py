"""Verification against the journal: a matcher, a count, and the near misses when it fails."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from mockserver.engine.journal import Entry

NEAR_MISSES = 3
SHOWN = 60


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def subset_problems(want: Any, got: Any, where: str) -> list[str]:
    """Where `got` differs from `want`: objects need only `want`'s keys, lists match item by
    item, anything else must be equal."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{where}: wanted an object, was {_shown(got)}"]
        problems: list[str] = []
        for key, value in want.items():
            if key not in got:
                problems.append(f"{where}.{key}: missing (wanted {_shown(value)})")
            else:
                problems += subset_problems(value, got[key], f"{where}.{key}")
        return problems
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{where}: wanted {_shown(want)}, was {_shown(got)}"]
        return [p for i, w in enumerate(want) for p in subset_problems(w, got[i], f"{where}[{i}]")]
    if want != got or type(want) is not type(got):
        return [f"{where}: wanted {_shown(want)}, was {_shown(got)}"]
    return []


@dataclass(frozen=True, slots=True)
class Matcher:
    """Which requests count: every given key must match; `path` is a glob."""

    api: str | None = None
    operation_id: str | None = None
    method: str | None = None
    path: str | None = None
    status: int | None = None
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Matcher:
        return cls(
            api=raw.get("api"),
            operation_id=raw.get("operationId"),
            method=raw["method"].upper() if raw.get("method") else None,
            path=raw.get("path"),
            status=raw.get("status"),
            query=dict(raw.get("query") or {}),
            headers={k.lower(): v for k, v in (raw.get("headers") or {}).items()},
            body=raw.get("body"),
            has_body="body" in raw,
        )

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (
                ("api", self.api),
                ("operationId", self.operation_id),
                ("method", self.method),
                ("path", self.path),
                ("status", self.status),
            )
            if value is not None
        ]
        parts += [f"query.{k}={_shown(v)}" for k, v in self.query.items()]
        parts += [f"headers.{k}={_shown(v)}" for k, v in self.headers.items()]
        if self.has_body:
            parts.append(f"body⊇{_shown(self.body)}")
        return ", ".join(parts) or "any request"

    def problems(self, entry: Entry) -> list[str]:
        """Every way `entry` differs from the matcher; empty when it matches."""
        found: list[str] = []
        for key, want in (
            ("api", self.api),
            ("operationId", self.operation_id),
            ("method", self.method),
            ("status", self.status),
        ):
            if want is not None and entry.get(key) != want:
                found.append(f"{key}: wanted {_shown(want)}, was {_shown(entry.get(key))}")
        if self.path is not None and not fnmatchcase(entry["path"], self.path):
            found.append(f"path: wanted {_shown(self.path)}, was {_shown(entry['path'])}")
        for name, want in self.query.items():
            found += subset_problems(want, entry["query"].get(name), f"query.{name}")
        for name, want in self.headers.items():
            got = entry["headers"].get(name)
            if got != want:
                found.append(f"headers.{name}: wanted {_shown(want)}, was {_shown(got)}")
        if self.has_body:
            found += subset_problems(self.body, _body_of(entry), "body")
        return found


def _body_of(entry: Entry) -> Any:
    return entry["body"] if entry["body"] is not None else entry["bodyText"]


@dataclass(frozen=True, slots=True)
class Count:
    """An exact number of requests, or a range (either end open)."""

    minimum: int = 1
    maximum: int | None = None

    @classmethod
    def from_json(cls, raw: Any) -> Count:
        if raw is None:
            return cls()
        if isinstance(raw, int):
            return cls(raw, raw)
        return cls(raw.get("min", 0), raw.get("max"))

    def allows(self, n: int) -> bool:
        return n >= self.minimum and (self.maximum is None or n <= self.maximum)

    def describe(self) -> str:
        if self.minimum == self.maximum:
            return f"exactly {self.minimum}"
        if self.maximum is None:
            return f"at least {self.minimum}"
        return f"between {self.minimum} and {self.maximum}"


def summary(entry: Entry) -> dict[str, Any]:
    """An entry as near-miss lists show it."""
    keys = ("id", "time", "api", "operationId", "method", "path", "status")
    return {key: entry.get(key) for key in keys}


@dataclass(frozen=True, slots=True)
class Verdict:
    matched: int
    ok: bool
    message: str
    near_misses: list[dict[str, Any]]


def verify(entries: list[Entry], matcher: Matcher, count: Count) -> Verdict:
    """Count the matching entries; when the count is wrong, say so and show the closest."""
    scored = [(matcher.problems(e), e) for e in entries]
    matches = [e for problems, e in scored if not problems]
    n = len(matches)
    if count.allows(n):
        return Verdict(n, True, f"{n} requests matched", [])
    wanted = count.describe()
    message = (
        f"expected {wanted} request{'' if wanted.endswith(' 1') else 's'} matching "
        f"{matcher.describe()}; {n} matched (of {len(entries)} in the journal)"
    )
    if n > (count.maximum or n):
        shown = [{"request": summary(e), "differences": []} for e in matches[-NEAR_MISSES:]]
        return Verdict(n, False, message + "; the latest matches are listed", shown)
    misses = sorted(
        ((p, e) for p, e in scored if p), key=lambda item: (len(item[0]), -item[1]["id"])
    )
    near = [{"request": summary(e), "differences": p} for p, e in misses[:NEAR_MISSES]]
    return Verdict(n, False, message, near)
