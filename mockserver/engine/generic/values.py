"""Scalar values for generated records: Faker providers chosen by `format` and property name."""

from __future__ import annotations

import contextlib
import math
import random
import re
import uuid
from typing import Any

from mockserver.engine.generic.listing import squash
from mockserver.engine.generic.providers import FORMATS, MONEY, NAMED

POOL = 48  # matching strings drawn per pattern


class Values:
    """One seeded source of scalar values: `rng` (or a session's) and `fake`, seeded alike."""

    rng: random.Random

    def __init__(self, seed: int, rng: random.Random | None = None) -> None:
        self.rng = rng or random.Random(seed)
        self.seed = seed
        self._fake: Any = None
        self._pools: dict[tuple[str, int, int], list[str]] = {}

    @property
    def fake(self) -> Any:
        """Faker (whose proxy has no type information), made on first use: it is slow to load,
        and a world that only serves its dataset never needs it."""
        if self._fake is None:
            from faker import Faker

            self._fake = Faker()
            self._fake.seed_instance(self.seed)
        return self._fake

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def string(self, schema: dict[str, Any], name: str, context: str) -> str:
        fmt = schema.get("format")
        maker = FORMATS.get(str(fmt)) if fmt else None
        pattern = schema.get("pattern")
        if maker is not None:
            # A format's own provider, when its value also fits the pattern.
            value = maker(self)
            if not isinstance(pattern, str) or _fits(pattern, value):
                return value
        if isinstance(pattern, str):
            return self.matching(pattern, schema)
        return self._fit(self._named_text(name, context, schema), schema)

    def matching(self, pattern: str, schema: dict[str, Any]) -> str:
        """A string matching an ECMA-262 pattern, within the schema's length bounds."""
        lo, hi = int(schema.get("minLength", 0)), int(schema.get("maxLength", 10**6))
        key = (pattern, lo, hi)
        if key not in self._pools:
            self._pools[key] = self._pool(pattern, lo, hi)
        return self.rng.choice(self._pools[key])

    def _pool(self, pattern: str, lo: int, hi: int) -> list[str]:
        """Distinct matching strings from one seeded Hypothesis run (a run costs ~0.1 s)."""
        found: list[str] = []

        def collect(text: str) -> bool:
            if lo <= len(text) <= hi and text not in found:
                found.append(text)
            return len(found) >= POOL

        from hypothesis import Phase, find, settings
        from hypothesis import strategies as st
        from hypothesis.errors import HypothesisException, NoSuchExample

        # Printable ASCII only: ECMA `\d` and `\w`, unlike Python's, match only ASCII.
        ascii_text = st.characters(min_codepoint=32, max_codepoint=126)
        strategy = st.from_regex(pattern, fullmatch=True, alphabet=ascii_text)
        budget = settings(
            database=None, max_examples=POOL * 8, deadline=None, phases=[Phase.generate]
        )
        try:
            # NoSuchExample: fewer than POOL distinct strings exist (or were found); use those.
            with contextlib.suppress(NoSuchExample):
                find(strategy, collect, settings=budget, random=self.rng)
        except HypothesisException as exc:  # a pattern Hypothesis cannot generate for
            raise ValueError(f"cannot generate strings matching {pattern!r}: {exc}") from None
        if not found:
            raise ValueError(f"no string matching {pattern!r} within the length bounds")
        return found

    def integer(self, schema: dict[str, Any], name: str) -> int:
        lo, hi = _bounds(schema, _default_range(name, integer=True), integer=True)
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            first, last = math.ceil(lo / step), math.floor(hi / step)
            return step * self.rng.randint(first, max(first, last))
        return self.rng.randint(int(lo), int(max(lo, hi)))

    def number(self, schema: dict[str, Any], name: str) -> float:
        lo, hi = _bounds(schema, _default_range(name, integer=False), integer=False)
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            first, last = math.ceil(lo / step), math.floor(hi / step)
            return float(step * self.rng.randint(first, max(first, last)))
        value = round(self.rng.uniform(lo, hi), 2)
        return min(max(value, lo), hi)

    def _named_text(self, name: str, context: str, schema: dict[str, Any]) -> str:
        key = squash(name)
        for words, maker in NAMED:
            if any(word in key for word in words):
                return maker(self, key, squash(context), schema)
        return str(self.fake.word())

    def _fit(self, text: str, schema: dict[str, Any]) -> str:
        """Free text cut (at a word boundary when it can) or padded to the length bounds."""
        hi = schema.get("maxLength")
        if isinstance(hi, int) and len(text) > hi:
            cut = text[:hi]
            if text[hi] != " " and " " in cut.strip():
                cut = cut[: cut.rstrip().rfind(" ")]
            text = cut.rstrip() or text[:hi]
        lo = schema.get("minLength")
        if isinstance(lo, int) and len(text) < lo:
            letters = "abcdefghijklmnopqrstuvwxyz"
            text += "".join(self.rng.choice(letters) for _ in range(lo - len(text)))
        return text


def _fits(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False


def _default_range(name: str, integer: bool) -> tuple[float, float]:
    key = squash(name)
    if key == "age":
        return 18, 90
    if "year" in key:
        return 1990, 2030
    if any(word in key for word in ("quantity", "qty", "count", "number")):
        return 1, 20
    if any(word in key for word in MONEY):
        return 1, 500
    if "lat" in key:
        return -90, 90
    if "lon" in key or "lng" in key:
        return -180, 180
    return (1, 1000) if integer else (0, 1000)


def _bounds(
    schema: dict[str, Any], default: tuple[float, float], integer: bool
) -> tuple[float, float]:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    ex_lo, ex_hi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    nudge = 1 if integer else 0.01
    low = lo if isinstance(lo, int | float) else None
    high = hi if isinstance(hi, int | float) else None
    if isinstance(ex_lo, int | float):
        low = max(low, ex_lo + nudge) if low is not None else ex_lo + nudge
    if isinstance(ex_hi, int | float):
        high = min(high, ex_hi - nudge) if high is not None else ex_hi - nudge
    fmt = schema.get("format")
    if integer and fmt == "int32":
        low, high = max(low or -(2**31), -(2**31)), min(high or 2**31 - 1, 2**31 - 1)
    if low is None and high is None:
        return default
    if low is None:
        low = min(default[0], high) if high is not None else default[0]
    if high is None:
        high = max(default[1], low)
    if integer:
        low, high = math.ceil(low), math.floor(high)
    return low, max(low, high)
