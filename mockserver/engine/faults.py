"""Fault rules of one session: latency, error answers and dropped connections, on demand.

A rule matches on api, operationId, method and a path glob (each optional). Every matching
rule that fires adds its latency; the first one that answers (a status or a reset) decides the
answer. Each rule rolls its own random source, seeded from the session's seed and the rule's
id, so a run of the same requests fires the same faults whatever other rules exist.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from mockserver.engine.errors import ValidationError

MAX_LATENCY_MS = 60_000.0


@dataclass(frozen=True, slots=True)
class Target:
    """What a request is, as rules match it."""

    api: str | None
    operation_id: str | None
    method: str
    path: str


@dataclass(slots=True)
class Rule:
    id: int
    match: dict[str, str]
    latency: tuple[float, float] | None
    status: int | None
    body: Any
    has_body: bool
    headers: dict[str, str]
    retry_after: int | None
    reset: bool
    probability: float
    times: int | None
    rng: random.Random
    hits: int = 0

    def matches(self, target: Target) -> bool:
        m = self.match
        return (
            m.get("api", target.api) == target.api
            and m.get("operationId", target.operation_id) == target.operation_id
            and m.get("method", target.method).upper() == target.method
            and fnmatchcase(target.path, m.get("path", target.path))
        )

    @property
    def answers(self) -> bool:
        return self.reset or self.status is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, **self.match}
        if self.latency is not None:
            low, high = self.latency
            out["latencyMs"] = low if low == high else [low, high]
        if self.status is not None:
            out["status"] = self.status
        if self.has_body:
            out["body"] = self.body
        if self.headers:
            out["headers"] = self.headers
        if self.retry_after is not None:
            out["retryAfter"] = self.retry_after
        if self.reset:
            out["reset"] = True
        out["probability"] = self.probability
        if self.times is not None:
            out["times"] = self.times
        out["hits"] = self.hits
        return out


@dataclass(slots=True)
class Outcome:
    """What the rules that fired on one request do to it."""

    rules: list[int] = field(default_factory=list)
    latency_ms: float = 0.0
    answer: Rule | None = None

    def to_json(self, status: int | None) -> dict[str, Any]:
        """As the journal shows it; `status` is the answer's, kept only if a rule gave it."""
        reset = self.answer is not None and self.answer.reset
        return {
            "rules": self.rules,
            "latencyMs": round(self.latency_ms, 3),
            "status": status if self.answer is not None and not reset else None,
            "reset": reset,
        }


def _latency(raw: Any) -> tuple[float, float] | None:
    if raw is None:
        return None
    low, high = (raw, raw) if isinstance(raw, int | float) else (raw[0], raw[1])
    if not 0 <= low <= high <= MAX_LATENCY_MS:
        raise ValidationError(
            f"latencyMs {raw!r}: want 0 <= min <= max <= {MAX_LATENCY_MS:g}", parameter="latencyMs"
        )
    return float(low), float(high)


class Faults:
    """The rules of one session, in the order they were added."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._lock = threading.Lock()
        self._rules: dict[int, Rule] = {}
        self._next = 1

    def __bool__(self) -> bool:
        return bool(self._rules)

    def add(self, raw: dict[str, Any]) -> Rule:
        """A rule from its JSON form (already checked against the admin API's schema)."""
        status, has_body = raw.get("status"), "body" in raw
        reset = bool(raw.get("reset", False))
        latency = _latency(raw.get("latencyMs"))
        if not reset and status is None and latency is None:
            raise ValidationError("a fault needs an effect: latencyMs, status or reset")
        if reset and (status is not None or has_body):
            raise ValidationError("a reset drops the connection: it cannot have a status or body")
        if has_body and status is None:
            raise ValidationError("a fault with a body needs a status")
        if status is not None and status < 400 and not has_body:
            raise ValidationError(
                f"status {status} has no API error body: give a body, or use 400-599",
                parameter="status",
            )
        with self._lock:
            ident = self._next
            self._next += 1
            rule = Rule(
                id=ident,
                match={k: raw[k] for k in ("api", "operationId", "method", "path") if k in raw},
                latency=latency,
                status=status,
                body=raw.get("body"),
                has_body=has_body,
                headers=dict(raw.get("headers") or {}),
                retry_after=raw.get("retryAfter"),
                reset=reset,
                probability=float(raw.get("probability", 1.0)),
                times=raw.get("times"),
                rng=random.Random(f"{self.seed}:{ident}"),
            )
            self._rules[ident] = rule
        return rule

    def rules(self) -> list[Rule]:
        with self._lock:
            return list(self._rules.values())

    def remove(self, ident: int) -> bool:
        with self._lock:
            return self._rules.pop(ident, None) is not None

    def clear(self) -> int:
        with self._lock:
            count = len(self._rules)
            self._rules.clear()
            return count

    def pick(self, target: Target) -> Outcome | None:
        """Fire the rules that match this request; None when none fired."""
        outcome = Outcome()
        with self._lock:
            for rule in list(self._rules.values()):
                if not rule.matches(target) or not self._fires(rule):
                    continue
                outcome.rules.append(rule.id)
                if rule.latency is not None:
                    outcome.latency_ms += rule.rng.uniform(*rule.latency)
                if rule.answers and outcome.answer is None:
                    outcome.answer = rule
        return outcome if outcome.rules else None

    def _fires(self, rule: Rule) -> bool:
        if rule.probability < 1.0 and rule.rng.random() >= rule.probability:
            return False
        rule.hits += 1
        if rule.times is not None and rule.hits >= rule.times:
            del self._rules[rule.id]  # retired: it has fired as often as it was told
        return True
